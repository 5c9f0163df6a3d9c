import json

import pytest
import spacy
from typer.testing import CliRunner

from clinx_spacy.cli import app as clinx_app

TEXT = "Ingresa en Madrid por carcinoma ductal."
runner = CliRunner()


def app_invoke(args):
    return runner.invoke(clinx_app, ["evaluate", *args])


@pytest.fixture
def model_dir(tmp_path):
    nlp = spacy.blank("es")
    patterns = [{"label": "LOC", "pattern": "Madrid"}, {"label": "TUMOR", "pattern": "carcinoma"}]
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    nlp.to_disk(tmp_path / "model")
    return tmp_path / "model"


@pytest.fixture
def gold_dir(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "case1.txt").write_text(TEXT, encoding="utf8")
    # Madrid is found; the ruler's "carcinoma" ends before the gold "carcinoma ductal".
    ann = "T1\tLOC 11 17\tMadrid\nT2\tTUMOR 22 38\tcarcinoma ductal\n"
    (folder / "case1.ann").write_text(ann, encoding="utf8")
    return folder


def test_evaluate_prints_table_and_writes_json_and_predictions(model_dir, gold_dir, tmp_path):
    output = tmp_path / "metrics" / "deeper" / "scores.json"
    args = [str(model_dir), str(gold_dir), "--output", str(output), "-b", "1"]
    result = app_invoke(args + ["--predictions", str(tmp_path / "pred")])
    assert result.exit_code == 0, result.output
    assert "MICRO" in result.output
    scores = json.loads(output.read_text(encoding="utf8"))
    assert (scores["n_docs"], scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1, 1)
    assert scores["per_label"]["LOC"]["f"] == 1.0
    predicted = (tmp_path / "pred" / "case1.ann").read_text(encoding="utf8")
    assert predicted == "T1\tLOC 11 17\tMadrid\nT2\tTUMOR 22 31\tcarcinoma\n"


def test_evaluate_stops_on_bad_brat_unless_lenient(model_dir, gold_dir):
    with (gold_dir / "case1.ann").open("a", encoding="utf8") as ann:
        ann.write("T3\tLOC 11 x\tMadrid\n")
    result = app_invoke([str(model_dir), str(gold_dir)])
    assert result.exit_code == 1
    assert "case1.ann:3" in result.output
    result = app_invoke([str(model_dir), str(gold_dir), "--lenient"])
    assert result.exit_code == 1, "the skipped line is a failure to report"
    assert "case1.ann:3" in result.output and "MICRO" in result.output and "1 problem(s) skipped" in result.output


def test_evaluate_rejects_missing_data(model_dir, tmp_path):
    result = app_invoke([str(model_dir), str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere: no such file" in result.output


def test_evaluate_a_span_group(model_dir, gold_dir, tmp_path):
    """--spans-key scores one head of a multi-task pipeline, here the ruler's entities moved to a group."""
    nlp = spacy.load(model_dir)
    nlp.add_pipe("clinx_stash_ents", config={"spans_key": "tumour"})
    nlp.to_disk(tmp_path / "grouped")
    output = tmp_path / "scores.json"
    args = [str(tmp_path / "grouped"), str(gold_dir), "--output", str(output)]
    result = app_invoke(args + ["--spans-key", "tumour", "--predictions", str(tmp_path / "pred")])
    assert result.exit_code == 0, result.output
    scores = json.loads(output.read_text(encoding="utf8"))
    assert (scores["tp"], scores["fp"], scores["fn"], scores["predictions"]) == (1, 1, 1, "tumour")
    assert (tmp_path / "pred" / "case1.ann").read_text(encoding="utf8").count("\n") == 2
    result = app_invoke(args)
    assert json.loads(output.read_text(encoding="utf8"))["tp"] == 0, "doc.ents are empty"
    result = app_invoke(args + ["--spans-key", "meddocan"])
    assert result.exit_code == 1
    assert "writes no span group 'meddocan'" in result.output and "tumour" in result.output
