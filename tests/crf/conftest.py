"""Helpers shared by the CRF tests: an oracle for valid BILUO sequences that does
not use the component's own transition masks."""
from typing import Sequence

import pytest
import spacy
import torch
from spacy.tokens import Doc
from spacy.training import biluo_tags_to_spans, offsets_to_biluo_tags

import clinx_spacy.crf  # noqa: F401  registers clinx_crf_ner until setup.py's entry points do

_VOCAB = spacy.blank("es").vocab


@pytest.fixture(autouse=True, scope="package")
def one_torch_thread():
    """The CRF runs many tiny ops; on a busy machine torch's intra-op threads wait
    for each other far longer than the ops take (8 ms instead of 10 us a step)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


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
