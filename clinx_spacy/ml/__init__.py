"""Registered model architectures and the layers they are made of."""

from .biluo import allowed_transitions, biluo_tags, gold_tag_ids
from .concatenate_features import concatenate_features
from .context_listener import context_transformer_listener
from .crf_tagger import build_crf_tagger, crf_decode, crf_loss, set_tags
from .tok2vec_transformer import tok2vec_transformer
from .torch_crf import ConditionalRandomField
from .transformer_model import create_transformer_model

__all__ = [
    "ConditionalRandomField",
    "allowed_transitions",
    "biluo_tags",
    "build_crf_tagger",
    "concatenate_features",
    "context_transformer_listener",
    "create_transformer_model",
    "crf_decode",
    "crf_loss",
    "gold_tag_ids",
    "set_tags",
    "tok2vec_transformer",
]
