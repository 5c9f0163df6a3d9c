"""clinx.ContextTransformerListener.v1: each token's vectors come from the window where it
is most central; tokens, offsets and widths are those of the stock listener."""

import numpy
import pytest
import spacy
from spacy_transformers.layers.trfs2arrays import trfs2arrays
from thinc.api import chain, reduce_mean

from clinx_spacy.ml.context_listener import central_alignment, most_central_window

from tiny_models import add_tiny_transformer, clinical_documents, strided


def transformer_nlp(model_dir, window: int, stride: int):
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    add_tiny_transformer(nlp, model_dir, strided(window, stride))
    nlp.initialize()
    return nlp


@pytest.fixture(scope="module")
def text():
    return " ".join(clinical_documents(n_docs=2, seed=3))


def windows_and_centrality(data, indices):
    seq_length = data.model_output.last_hidden_state.shape[1]
    windows, positions = indices // seq_length, indices % seq_length
    lengths = numpy.asarray(data.wordpieces.lengths)[windows]
    return windows, numpy.minimum(positions, lengths - 1 - positions)


def test_each_token_keeps_its_most_central_window(model_dir, text):
    doc = transformer_nlp(model_dir, window=24, stride=8)(text)
    data = doc._.trf_data
    central = central_alignment(data)
    assert len(central.lengths) == len(doc) == len(data.align.lengths)
    n_overlapping = 0
    for i in range(len(doc)):
        before = numpy.asarray(data.align[i].dataXd).ravel()
        after = numpy.asarray(central[i].dataXd).ravel()
        assert (len(after) > 0) == (len(before) > 0)
        if not len(before):
            continue
        windows, centrality = windows_and_centrality(data, before)
        kept_windows, _ = windows_and_centrality(data, after)
        assert len(set(kept_windows.tolist())) == 1, "a token's vectors come from one window"
        best = {w: centrality[windows == w].min() for w in set(windows.tolist())}
        assert best[kept_windows[0]] == max(best.values())
        assert set(after.tolist()) == set(before[windows == kept_windows[0]].tolist())
        n_overlapping += len(best) > 1
    assert n_overlapping > len(doc) // 2, "the test text must make windows overlap"


def test_without_overlap_it_is_the_stock_listener(model_dir, text):
    doc = transformer_nlp(model_dir, window=16, stride=16)(text)
    data = doc._.trf_data
    assert numpy.array_equal(central_alignment(data).lengths, data.align.lengths)
    stock = trfs2arrays(reduce_mean(), 1.0)
    context = chain(most_central_window(), trfs2arrays(reduce_mean(), 1.0))
    numpy.testing.assert_allclose(context.predict([data])[0], stock.predict([data])[0])


def test_with_overlap_token_vectors_come_from_one_window(model_dir, text):
    doc = transformer_nlp(model_dir, window=24, stride=8)(text)
    data = doc._.trf_data
    vectors = chain(most_central_window(), trfs2arrays(reduce_mean(), 1.0)).predict([data])[0]
    assert vectors.shape == (len(doc), data.width)
    hidden = data.model_output.last_hidden_state.reshape(-1, data.width)
    central = central_alignment(data)
    i = next(i for i in range(len(doc)) if central.lengths[i] == 1 and data.align.lengths[i] > 1)
    numpy.testing.assert_allclose(vectors[i], hidden[int(central[i].dataXd.ravel()[0])], rtol=1e-5)
