"""A pipeline whose predictions we control (an entity ruler, one pattern crossing a line
break) and a small corpus in every input format."""

import json
from pathlib import Path

import pytest
import spacy

TEXTS = {
    "a": "Ingresa en el Hospital\nLa Paz el 12/03/2019.",
    "b": "Se pautó trastuzumab 6 mg/kg.\r\nAlta en el Hospital La Paz.",
    "c": "\ufeffSin hallazgos de interés.",
}


PATTERNS = [
    {
        "label": "HOSPITAL",
        "pattern": [{"LOWER": "hospital"}, {"IS_SPACE": True, "OP": "?"}, {"LOWER": "la"}, {"LOWER": "paz"}],
    },
    {"label": "FECHAS", "pattern": "12/03/2019"},
    {"label": "NORMALIZABLES", "pattern": "trastuzumab", "id": "C1"},
]


@pytest.fixture
def ruler(tmp_path) -> Path:
    """The same entities twice: in the span group "copy" and in doc.ents."""
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    nlp.add_pipe("clinx_stash_ents", config={"spans_key": "copy"})
    nlp.add_pipe("entity_ruler", name="again").add_patterns(PATTERNS)
    nlp.to_disk(tmp_path / "ruler")
    return tmp_path / "ruler"


@pytest.fixture
def txt_folder(tmp_path) -> Path:
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    for name, text in TEXTS.items():
        (folder / ("sub" if name == "c" else "") / f"{name}.txt").write_bytes(text.encode("utf8"))
    return folder


@pytest.fixture
def jsonl_file(tmp_path) -> Path:
    path = tmp_path / "notes.jsonl"
    lines = [json.dumps({"id": name, "text": text, "ward": "UCI"}, ensure_ascii=False) for name, text in TEXTS.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf8")
    return path
