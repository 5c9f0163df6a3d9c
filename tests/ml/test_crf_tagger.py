"""clinx.CRFTagger.v1 as a thinc model: sizing, CRF loss through PyTorchWrapper, serialisation."""

import numpy
import pytest
import spacy
from thinc.api import Adam

from clinx_spacy.ml.biluo import biluo_tags
from clinx_spacy.ml.crf_tagger import build_crf_tagger, crf_decode, crf_loss, set_tags

TAGS = biluo_tags(["FARMACO", "SINTOMA"])


def make_model():
    tok2vec = spacy.registry.architectures.get("spacy.HashEmbedCNN.v2")(
        width=16,
        depth=1,
        embed_size=100,
        window_size=1,
        maxout_pieces=2,
        subword_features=False,
        pretrained_vectors=None,
    )
    return build_crf_tagger(tok2vec)


def crf_weights(model):
    return {name: p.detach().numpy().copy() for name, p in model.get_ref("crf").shims[0]._model.state_dict().items()}


@pytest.fixture
def docs():
    nlp = spacy.blank("es")
    return [nlp("Toma paracetamol por fiebre alta."), nlp("Dolor.")]


def test_initialize_needs_the_tags(docs):
    with pytest.raises(ValueError, match="Call set_tags"):
        make_model().initialize(X=docs)


def test_emissions_loss_and_update(docs):
    model = make_model()
    set_tags(model, TAGS)
    model.initialize(X=docs)
    emissions, backprop = model.begin_update(docs)
    assert [e.shape for e in emissions] == [(6, 9), (2, 9)]
    gold = [numpy.asarray([0, 0, 4, 0, 8, 0], dtype="i"), numpy.asarray([-1, 0], dtype="i")]
    losses, backprop_crf = crf_loss(model, emissions, gold)
    assert losses.shape == (2,) and (losses > 0).all()
    d_emissions = backprop_crf(numpy.ones(2, dtype="f"))
    assert [d.shape for d in d_emissions] == [(6, 9), (2, 9)]
    backprop(d_emissions)
    before = crf_weights(model)
    model.finish_update(Adam(0.1))
    after = crf_weights(model)
    assert not numpy.allclose(before["transitions"], after["transitions"])
    assert all(len(path) == len(doc) for path, doc in zip(crf_decode(model, model.predict(docs)), docs))


def test_bytes_round_trip_restores_the_crf(docs):
    model = make_model()
    set_tags(model, TAGS)
    model.initialize(X=docs)
    crf = model.get_ref("crf").shims[0]._model
    crf.transitions.data.normal_()
    loaded = make_model().from_bytes(model.to_bytes())
    assert loaded.get_dim("nO") == len(TAGS)
    for name, value in crf_weights(model).items():
        numpy.testing.assert_array_equal(crf_weights(loaded)[name], value)
    emissions = model.predict(docs)
    assert [p.tolist() for p in crf_decode(loaded, emissions)] == [p.tolist() for p in crf_decode(model, emissions)]
