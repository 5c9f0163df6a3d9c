"""clinx.TransformerModel.v1: CPU bfloat16 autocast gives float32 outputs close to the
float32 model's, trains, and saves and loads like spacy-transformers' TransformerModel."""

import re

import numpy
import pytest
import spacy
from spacy.training import Example

from clinx_spacy.ml.private_api import cpu_computes_bf16

from tiny_models import add_crf_head, add_tiny_transformer, clinical_documents, strided


def pipeline(model_dir, cpu_bf16: bool):
    nlp = spacy.blank("es")
    model = {"@architectures": "clinx.TransformerModel.v1", "cpu_bf16": cpu_bf16}
    add_tiny_transformer(nlp, model_dir, strided(32, 24), **model)
    return nlp


@pytest.fixture(scope="module")
def texts():
    return clinical_documents(n_docs=3, seed=11)


def test_outputs_are_float32_and_close_to_the_float32_model(model_dir, texts):
    hidden = {}
    for cpu_bf16 in (False, True):
        nlp = pipeline(model_dir, cpu_bf16)
        nlp.initialize()
        hidden[cpu_bf16] = [doc._.trf_data.model_output.last_hidden_state for doc in nlp.pipe(texts)]
    for full, bf16 in zip(hidden[False], hidden[True]):
        assert bf16.dtype == numpy.float32
        if cpu_computes_bf16():
            assert not numpy.array_equal(full, bf16), "autocast must be active on this CPU"
            numpy.testing.assert_allclose(bf16, full, atol=0.1)
        else:
            numpy.testing.assert_array_equal(bf16, full)


def test_trains_and_round_trips(model_dir, texts, tmp_path):
    nlp = pipeline(model_dir, cpu_bf16=True)
    add_crf_head(nlp, "spacy-transformers.TransformerListener.v1")
    examples = [
        Example.from_dict(
            nlp.make_doc(text), {"entities": [(m.start(), m.end(), "EDAD") for m in re.finditer(r"\d+ años", text)]}
        )
        for text in texts
    ]
    optimizer = nlp.initialize(lambda: examples)
    before = nlp.get_pipe("transformer").model.layers[0].shims[0]._model.embeddings.word_embeddings.weight.clone()
    losses = [nlp.update(examples, sgd=optimizer)["ner"] for _ in range(3)]
    assert all(numpy.isfinite(losses))
    after = nlp.get_pipe("transformer").model.layers[0].shims[0]._model.embeddings.word_embeddings.weight
    assert not bool((before == after).all()), "gradients reach the transformer through the casts"
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert [e.text for e in loaded(texts[0]).ents] == [e.text for e in nlp(texts[0]).ents]
