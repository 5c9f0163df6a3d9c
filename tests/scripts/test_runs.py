import pytest
import srsly

from benchmarking.runs import collect_named_runs, collect_run, runs_table, system_record

METRICS = {"p": 0.5, "r": 0.25, "f": 1 / 3, "wps": 1234.56, "n_docs": 3, "per_label": {"FECHAS": {"f": 1 / 3}}}


def test_collect_run_reads_what_the_project_saved(tmp_path):
    (tmp_path / "metrics").mkdir()
    srsly.write_json(tmp_path / "metrics" / "tiny-x_dev.json", METRICS)
    (tmp_path / "training" / "tiny-x").mkdir(parents=True)
    srsly.write_json(
        tmp_path / "training" / "tiny-x" / "training_stats.json",
        {"steps": 10, "wall_time_s": 5.0, "train_words_per_s": 99.0, "peak_rss_mb": 1.0, "evaluations": []},
    )
    record = collect_run(tmp_path, "tiny", "sample", "x")
    assert record["pretraining"] is None and record["ner_random_init"] is None and record["ner_cnn"] is None
    assert record["ner_pretrained"]["dev_f"] == pytest.approx(1 / 3)
    assert record["ner_pretrained"]["per_label_f"] == {"FECHAS": pytest.approx(1 / 3)}
    assert record["ner_pretrained"]["train_steps"] == 10
    assert record["ner_pretrained"]["inference_words_per_s"] == 1234.6


def _saved_run(project, run, transformer=None):
    """A run as the project leaves it: stats, dev metrics and model-best's config."""
    (project / "metrics").mkdir(exist_ok=True)
    srsly.write_json(project / "metrics" / f"{run}_dev.json", METRICS)
    model_best = project / "training" / run / "model-best"
    model_best.mkdir(parents=True)
    evaluations = [{"step": 0, "score": 0.0}, {"step": 5, "score": 0.25}, {"step": 10, "score": 1 / 3}]
    srsly.write_json(
        project / "training" / run / "training_stats.json",
        {"steps": 10, "wall_time_s": 5.0, "evaluations": evaluations},
    )
    paths = f'[paths]\ntransformer = "{transformer}"\n' if transformer else "[paths]\ntrain = null\n"
    (model_best / "config.cfg").write_text(paths + '\n[nlp]\nlang = "es"\n', encoding="utf8")


def test_named_runs_record_the_backbone_each_was_fine_tuned_from(tmp_path):
    pretrained = tmp_path / "pretrained" / "tiny-c"
    (pretrained / "clinx" / "model").mkdir(parents=True)
    summary = {
        "global_step": 700,
        "tokens_seen": 7000,
        "parameters": 5,
        "train_loss_curve": [],
        "final_eval_loss": 5.5,
        "final_perplexity": 244.7,
        "eval_curve": [],
        "resumed_from": "checkpoint-600",
        "wall_time_s": 60.0,
    }
    srsly.write_json(pretrained / "clinx" / "pretraining_summary.json", summary)
    (pretrained / "init").mkdir()
    srsly.write_json(pretrained / "init" / "clinx_model_init.json", {})
    _saved_run(tmp_path, "tiny-x", "pretrained/tiny-c/clinx/model")
    _saved_run(tmp_path, "tiny-x-random-init", "pretrained/tiny-c/init")
    _saved_run(tmp_path, "tiny-hub", "xlm-roberta-large")
    _saved_run(tmp_path, "cnn-x")
    record = collect_named_runs(tmp_path, ["tiny-x", "tiny-x-random-init", "tiny-hub", "cnn-x", "missing"])
    assert list(record["pretraining"]) == ["pretrained/tiny-c/clinx/model"]
    assert record["pretraining"]["pretrained/tiny-c/clinx/model"]["resumed_from"] == "checkpoint-600"
    runs = record["runs"]
    assert runs["tiny-x"]["backbone"] == {
        "path": "pretrained/tiny-c/clinx/model",
        "mlm_steps": 700,
        "mlm_eval_loss": 5.5,
    }
    assert runs["tiny-x-random-init"]["backbone"]["mlm_steps"] == 0
    assert runs["tiny-hub"]["backbone"] == {"path": "xlm-roberta-large", "mlm_steps": None, "mlm_eval_loss": None}
    assert runs["cnn-x"]["backbone"] is None and runs["missing"] is None
    table = runs_table({"runs": runs}).splitlines()
    assert table[2].split(" | ")[1:7] == [
        "pretrained/tiny-c/clinx/model",
        "700",
        "5.500",
        "33.33",
        "10",
        "5: 25.0, 10: 33.3",
    ]
    assert table[3].split(" | ")[2:4] == ["0", "–"]
    assert table[-1] == "| missing | – | – | – | – | – | – | – |"


def test_an_ensemble_is_trained_as_its_members_and_keeps_their_own_scores(tmp_path):
    _saved_run(tmp_path, "tiny-t-crf-context-subword-ensemble", None)
    for k in range(5):
        _saved_run(tmp_path, f"tiny-t-crf-context-subword-member-{k}", "pretrained/tiny-c/clinx/model")
    srsly.write_json(tmp_path / "metrics" / "tiny-t-crf-context-subword-member-4_dev.json", {**METRICS, "f": 0.5})
    record = system_record(tmp_path, "tiny", "t", "ensemble")
    assert record["dev_f"] == pytest.approx(1 / 3)
    assert record["train_steps"] == 50 and record["train_wall_time_s"] == 25.0
    assert record["backbone"]["path"] == "pretrained/tiny-c/clinx/model"
    assert [member["dev_f"] for member in record["members"]] == pytest.approx([1 / 3] * 4 + [0.5])
    # A member not trained yet: the ensemble's training is unknown, not a partial sum.
    (tmp_path / "training" / "tiny-t-crf-context-subword-member-2" / "training_stats.json").unlink()
    assert system_record(tmp_path, "tiny", "t", "ensemble")["train_wall_time_s"] is None
    assert system_record(tmp_path, "tiny", "t", "crf_context_subword") is None
