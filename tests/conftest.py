"""Fixtures shared across test folders."""

from pathlib import Path

import pytest
import spacy

from clinx_spacy.pretraining import init_model, train_tokenizer

from tiny_models import TINY_SIZE, clinical_documents


@pytest.fixture
def ruler_pipeline(tmp_path: Path) -> Path:
    """A saved pipeline with the clinical tokenizer and an entity ruler: predictions we control."""
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "HOSPITAL", "pattern": "Hospital Universitario La Paz"},
            {"label": "FECHAS", "pattern": "12/03/2019"},
            {"label": "NORMALIZABLES", "pattern": "trastuzumab"},
        ]
    )
    path = tmp_path / "ruler_pipeline"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="session")
def text_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("text") / "clinical.txt"
    path.write_text("\n".join(clinical_documents()) + "\n", encoding="utf8")
    return path


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory, text_file) -> Path:
    output = tmp_path_factory.mktemp("tokenizer") / "tokenizer"
    train_tokenizer(text_file, output, vocab_size=400)
    return output


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory, tokenizer_dir) -> Path:
    output = tmp_path_factory.mktemp("model") / "model"
    return init_model(tokenizer_dir, TINY_SIZE, output)
