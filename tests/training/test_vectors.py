"""floret vectors trained on the clinical tokenizer's tokens (clinx vectors)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import spacy
from typer.testing import CliRunner

from clinx_spacy.cli import app
from clinx_spacy.errors import OutputError
from clinx_spacy.tokenizer import make_clinical_nlp
from clinx_spacy.training.vectors import FloretSettings, summary_path, train_floret_vectors, write_tokenized_text

SAMPLE = Path(__file__).parents[2] / "assets" / "sample" / "pretrain.txt"
SMALL = FloretSettings(rows=2000, dim=16, epochs=2, min_count=1)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    output = tmp_path_factory.mktemp("vectors") / "clinical.floret"
    return output, train_floret_vectors(SAMPLE, output, SMALL, threads=1)


def test_text_is_written_as_the_clinical_tokenizers_tokens(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Paracetamol 1g/8h.\n\nTA 120/80 mmHg.\n", encoding="utf8")
    documents, tokens = write_tokenized_text(text, tmp_path / "tokens.txt")
    lines = (tmp_path / "tokens.txt").read_text(encoding="utf8").splitlines()
    tokenizer = make_clinical_nlp("es").tokenizer
    assert documents == len(lines) == 2
    assert lines[0].split() == [t.text for t in tokenizer("Paracetamol 1g/8h.")]
    assert tokens == sum(len(line.split()) for line in lines)


def test_the_vectors_file_and_its_summary(trained):
    output, summary = trained
    header = output.read_text(encoding="utf8").split("\n", 1)[0].split()
    assert header[:2] == [str(SMALL.rows), str(SMALL.dim)]
    assert header[2:5] == [str(SMALL.minn), str(SMALL.maxn), str(SMALL.hash_count)]
    assert json.loads(summary_path(output).read_text(encoding="utf8")) == summary
    assert summary["documents"] == len(SAMPLE.read_text(encoding="utf8").splitlines())
    assert summary["vocabulary"] > 100 and summary["settings"]["rows"] == SMALL.rows
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".")], "scratch files left behind"


def test_spacy_loads_them_in_floret_mode_and_every_token_has_a_vector(trained, tmp_path):
    output, _ = trained
    command = [sys.executable, "-m", "spacy", "init", "vectors", "es", str(output), str(tmp_path / "pipeline")]
    subprocess.run([*command, "--mode", "floret"], check=True, capture_output=True)
    nlp = spacy.load(tmp_path / "pipeline")
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (SMALL.rows, SMALL.dim)
    doc = nlp("paracetamol paracetamoll xqzvbw")
    # n-gram rows give unseen spellings a vector near the seen one's
    assert all(token.has_vector for token in doc)
    seen, misspelt, unrelated = (token.vector for token in doc)
    cosine = lambda a, b: float(numpy.dot(a, b) / numpy.linalg.norm(a) / numpy.linalg.norm(b))  # noqa: E731
    assert cosine(seen, misspelt) > cosine(seen, unrelated)


@pytest.mark.parametrize(
    "settings", [dict(hash_count=5), dict(minn=6, maxn=5), dict(minn=0), dict(rows=0), dict(epochs=0)]
)
def test_impossible_settings_are_refused(settings):
    with pytest.raises(ValueError):
        FloretSettings(**settings)


def test_a_folder_as_output_is_refused_before_any_work(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        train_floret_vectors(SAMPLE, tmp_path, SMALL)


def test_the_command_rejects_bad_settings_as_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["vectors", str(SAMPLE), str(tmp_path / "v.floret"), "--hash-count", "9"])
    assert result.exit_code == 2 and "hash_count" in result.output
    assert not (tmp_path / "v.floret").exists()
