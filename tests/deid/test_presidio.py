"""Presidio with an es_clinx pipeline, with every socket blocked: the analyzer's entity
types and MEDDOCAN labels, Presidio's NIF recognizer beside the pipeline, and
`clinx deid --engine presidio` giving the output of the clinx engine."""

import socket

import pytest
import spacy

pytest.importorskip("presidio_analyzer", reason="needs the presidio extra: pip install 'clinx-spacy[presidio]'")

from clinx_spacy.deid import deidentify_corpus  # noqa: E402
from clinx_spacy.deid.presidio import (  # noqa: E402
    MEDDOCAN_TO_PRESIDIO,
    analyzer_engine,
    deidentify_corpus_with_presidio,
    meddocan_label,
)
from clinx_spacy.errors import InputNotFound  # noqa: E402

TEXT = (
    "Paciente: Juan Pérez, NIF 12345678Z. Ingresa el 12/03/2019 en el Hospital La Paz. Contacto: juan.perez@correo.es."
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every connection refused, and every attempt counted: none may be made."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:2])
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
    assert attempts == [], f"tried to reach {attempts}"


@pytest.fixture
def pipeline(tmp_path):
    nlp = spacy.blank("es")
    nlp.add_pipe("entity_ruler").add_patterns(
        [
            {"label": "NOMBRE_SUJETO_ASISTENCIA", "pattern": "Juan Pérez"},
            {"label": "FECHAS", "pattern": "12/03/2019"},
            {"label": "HOSPITAL", "pattern": "Hospital La Paz"},
        ]
    )
    nlp.to_disk(tmp_path / "ruler")
    return tmp_path / "ruler"


def test_the_analyzer_finds_the_pipeline_entities_and_presidio_ids(pipeline):
    results = sorted(analyzer_engine(pipeline).analyze(TEXT, language="es"), key=lambda r: r.start)
    found = [(TEXT[r.start : r.end], r.entity_type, meddocan_label(r)) for r in results]
    assert found == [
        ("Juan Pérez", "PERSON", "NOMBRE_SUJETO_ASISTENCIA"),
        ("12345678Z", "ES_NIF", "ID_SUJETO_ASISTENCIA"),
        ("12/03/2019", "DATE_TIME", "FECHAS"),
        ("Hospital La Paz", "ORGANIZATION", "HOSPITAL"),
        ("juan.perez@correo.es", "EMAIL_ADDRESS", "CORREO_ELECTRONICO"),
    ]


def test_an_unknown_pipeline_is_an_error_not_a_download():
    with pytest.raises(InputNotFound):
        analyzer_engine("es_clinx_not_installed")


def test_every_meddocan_label_of_the_policy_has_a_presidio_entity():
    from clinx_spacy.deid import load_policy

    assert set(load_policy().labels) == set(MEDDOCAN_TO_PRESIDIO)


def test_presidio_engine_output_equals_the_clinx_engine_plus_presidio_ids(pipeline, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text(TEXT, encoding="utf8")
    clinx = deidentify_corpus(pipeline, notes, tmp_path / "clinx.jsonl", key="k")
    presidio = deidentify_corpus_with_presidio(pipeline, notes, tmp_path / "presidio.jsonl", key="k")
    assert clinx.entities == {"NOMBRE_SUJETO_ASISTENCIA": 1, "FECHAS": 1, "HOSPITAL": 1}
    assert presidio.entities == {**clinx.entities, "ID_SUJETO_ASISTENCIA": 1, "CORREO_ELECTRONICO": 1}
    text = (tmp_path / "presidio.jsonl").read_text(encoding="utf8")
    assert "12345678Z" not in text and "Juan" not in text and "12/03/2019" not in text and "correo.es" not in text


def test_scores_are_the_crf_confidence_where_there_is_one(pipeline):
    from spacy.tokens import Span

    from clinx_spacy.deid.presidio import DEFAULT_SCORE, ClinxNlpEngine

    engine = ClinxNlpEngine(pipeline)
    engine.load()
    doc = engine.nlp["es"](TEXT)
    assert Span.has_extension("clinx_confidence")
    doc.ents[0]._.clinx_confidence = 0.42
    assert engine.artifacts(doc).scores == [0.42, DEFAULT_SCORE, DEFAULT_SCORE]
