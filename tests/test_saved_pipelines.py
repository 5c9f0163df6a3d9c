"""Pipelines saved by the code before the package moved into pipeline/, ml/ and training/
(tests/fixtures/make_saved_pipelines.py, commit d35ed38) load and predict as they did."""

import json
from pathlib import Path

import numpy
import pytest
import spacy

FIXTURES = Path(__file__).parent / "fixtures" / "saved_pipelines"
EXPECTED = json.loads((FIXTURES / "predictions.json").read_text(encoding="utf8"))


@pytest.mark.parametrize("name", sorted(EXPECTED["pipelines"]))
def test_saved_pipeline_predicts_as_when_it_was_saved(name):
    nlp = spacy.load(FIXTURES / name)
    heads = [pipe for pipe in nlp.pipe_names if nlp.get_pipe_meta(pipe).factory == "clinx_crf_ner"]
    docs = list(nlp.pipe(EXPECTED["texts"]))
    for doc, expected in zip(docs, EXPECTED["pipelines"][name]):
        assert [[e.start_char, e.end_char, e.label_] for e in doc.ents] == expected["ents"]
        spans = {key: [[s.start_char, s.end_char, s.label_] for s in group] for key, group in doc.spans.items()}
        assert spans == expected["spans"]
        for head in heads:
            emissions = numpy.asarray(nlp.get_pipe(head).model.predict([doc])[0]).sum(axis=1)
            numpy.testing.assert_allclose(emissions, expected["emission_sums"][head], atol=2e-3)
    assert any(expected["ents"] for expected in EXPECTED["pipelines"][name]), "the fixture predicts nothing"
