"""A CRF output layer for NER: BILUO tag scheme, torch CRF, thinc architecture
`clinx.CRFTagger.v1` and pipeline component `clinx_crf_ner`."""
from .component import CRFEntityRecognizer, make_crf_ner
from .model import build_crf_tagger, crf_decode, crf_loss, set_tags
from .scheme import allowed_transitions, biluo_tags, gold_tag_ids
from .torch_crf import ConditionalRandomField

__all__ = [
    "CRFEntityRecognizer",
    "ConditionalRandomField",
    "allowed_transitions",
    "biluo_tags",
    "build_crf_tagger",
    "crf_decode",
    "crf_loss",
    "gold_tag_ids",
    "make_crf_ner",
    "set_tags",
]
