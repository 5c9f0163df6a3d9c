"""Clinical documents run to thousands of subwords, far past the model's 512 positions:
the NER configs' span getter covers every token, so the end of a long document gets the
same kind of features as its beginning (no truncation)."""

import numpy
import pytest
import spacy
from spacy.util import load_config

from clinx_spacy.ml.context_listener import central_alignment

from tiny_models import ROOT, add_tiny_transformer, clinical_documents


def transformer_nlp(model_dir, get_spans):
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    add_tiny_transformer(nlp, model_dir, get_spans)
    nlp.initialize()
    return nlp


@pytest.fixture(scope="module")
def long_text():
    return " ".join(clinical_documents(n_docs=40, seed=5))


@pytest.mark.parametrize("config", ["ner_tiny.cfg", "ner_tiny_crf_context.cfg", "ner_large.cfg"])
def test_every_token_of_a_long_document_is_encoded(model_dir, long_text, config):
    get_spans = load_config(ROOT / "configs" / config)["components"]["transformer"]["model"]["get_spans"]
    nlp = transformer_nlp(model_dir, dict(get_spans))
    doc = nlp(long_text)
    data = doc._.trf_data
    assert sum(len(s) for s in data.wordpieces.strings) > 4 * 512, "the document must exceed the model"
    aligned = numpy.asarray(data.align.lengths)
    assert all(aligned[i] > 0 for i, token in enumerate(doc) if not token.is_space)
    assert (numpy.asarray(central_alignment(data).lengths) > 0).sum() == (aligned > 0).sum()
    # The last sentence's tokens are encoded like the first sentence's.
    hidden = data.model_output.last_hidden_state.reshape(-1, data.width)
    last = [int(numpy.asarray(data.align[i].dataXd).ravel()[0]) for i in range(len(doc) - 10, len(doc))]
    assert numpy.abs(hidden[last]).sum(axis=1).min() > 0


def test_one_span_per_document_would_truncate(model_dir, long_text):
    """What the span getter prevents: a single span is cut at the model's length."""
    nlp = transformer_nlp(model_dir, {"@span_getters": "spacy-transformers.doc_spans.v1"})
    doc = nlp(long_text)
    assert numpy.asarray(doc._.trf_data.align.lengths)[-10:].sum() == 0
