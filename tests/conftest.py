"""Fixtures shared across test folders."""
from pathlib import Path

import pytest
import spacy


@pytest.fixture
def ruler_pipeline(tmp_path: Path) -> Path:
    """A saved pipeline with the clinical tokenizer and an entity ruler: predictions we control."""
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "HOSPITAL", "pattern": "Hospital Universitario La Paz"},
        {"label": "FECHAS", "pattern": "12/03/2019"},
        {"label": "NORMALIZABLES", "pattern": "trastuzumab"},
    ])
    path = tmp_path / "ruler_pipeline"
    nlp.to_disk(path)
    return path
