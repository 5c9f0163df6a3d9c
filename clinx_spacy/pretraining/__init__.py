"""Continued masked-LM pretraining: tokenizer, model initialisation, MLM training."""

from .config import apply_overrides, load_pretrain_config, parse_overrides, training_arguments
from .corpus import read_documents
from .mlm import run_mlm
from .model import init_model, load_mlm_model, load_size_config
from .tokenizer import train_tokenizer

__all__ = [
    "apply_overrides",
    "init_model",
    "load_mlm_model",
    "load_pretrain_config",
    "load_size_config",
    "parse_overrides",
    "read_documents",
    "run_mlm",
    "train_tokenizer",
    "training_arguments",
]
