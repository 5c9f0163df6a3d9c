"""Helpers shared by the CRF layer tests: an oracle for valid BILUO sequences that does
not use the layer's own transition masks, and one torch thread."""

from typing import Sequence

import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import biluo_tags_to_spans, offsets_to_biluo_tags

from tiny_models import one_torch_thread

_VOCAB = spacy.blank("es").vocab


@pytest.fixture(autouse=True, scope="package")
def _one_torch_thread():
    with one_torch_thread():
        yield


def is_valid_biluo(tags: Sequence[str]) -> bool:
    """A sequence is valid BILUO iff spaCy turns it into entities and back unchanged."""
    doc = Doc(_VOCAB, words=[f"w{i}" for i in range(len(tags))])
    try:
        spans = biluo_tags_to_spans(doc, list(tags))
        offsets = [(span.start_char, span.end_char, span.label_) for span in spans]
        return offsets_to_biluo_tags(doc, offsets) == list(tags)
    except ValueError:  # an I or L without an opening B, or overlapping entities
        return False


@pytest.fixture
def valid_biluo():
    return is_valid_biluo
