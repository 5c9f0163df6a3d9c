import pytest
import srsly

from benchmarking.runs import (
    collect_named_runs,
    collect_run,
    collect_tasks,
    peers_table,
    runs_table,
    system_record,
    transfer_table,
)

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


def _saved_run(project, run, transformer=None, source=None, metrics=METRICS):
    """A run as the project leaves it: stats, dev metrics and model-best's config
    (fine-tuned from `transformer`, or from the pipeline `source`)."""
    (project / "metrics").mkdir(exist_ok=True)
    srsly.write_json(project / "metrics" / f"{run}_dev.json", metrics)
    model_best = project / "training" / run / "model-best"
    model_best.mkdir(parents=True)
    evaluations = [{"step": 0, "score": 0.0}, {"step": 5, "score": 0.25}, {"step": 10, "score": 1 / 3}]
    srsly.write_json(
        project / "training" / run / "training_stats.json",
        {"steps": 10, "wall_time_s": 5.0, "evaluations": evaluations},
    )
    paths = f'[paths]\ntransformer = "{transformer}"\n' if transformer else "[paths]\ntrain = null\n"
    paths += f'source = "{source}"\n' if source else ""
    (model_best / "config.cfg").write_text(paths + '\n[nlp]\nlang = "es"\n', encoding="utf8")


def _pretrained(project):
    pretrained = project / "pretrained" / "tiny-c"
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


def test_named_runs_record_the_backbone_each_was_fine_tuned_from(tmp_path):
    _pretrained(tmp_path)
    pretrained = tmp_path / "pretrained" / "tiny-c"
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


def test_a_transfer_is_tabled_against_its_base_at_the_same_steps(tmp_path):
    """The transferred run's backbone is its source pipeline's; its change is measured
    against the base trained from the backbone alone, and only at the same steps."""
    _pretrained(tmp_path)
    backbone = "pretrained/tiny-c/clinx/model"
    _saved_run(tmp_path, "tiny-meddocan-crf-hybrid", backbone)
    _saved_run(tmp_path, "tiny-pharmaconer-crf-hybrid", backbone)
    source = "training/tiny-meddocan-crf-hybrid/model-best"
    _saved_run(tmp_path, "tiny-pharmaconer-crf-hybrid-from-meddocan", source=source, metrics={**METRICS, "f": 0.5})
    tasks, systems = ["meddocan", "pharmaconer"], ["crf_hybrid", "from_meddocan", "from_cantemist"]
    record = collect_tasks(tmp_path, "tiny", "c", tasks, systems)
    transferred = record["tasks"]["pharmaconer"]["from_meddocan"]
    assert transferred["backbone"] == {"path": backbone, "mlm_steps": 700, "mlm_eval_loss": 5.5, "source": source}
    assert record["tasks"]["meddocan"]["from_meddocan"] is None
    rows = transfer_table(record).splitlines()
    assert len(rows) == 3, "a row per task that was a transfer target"
    assert rows[2] == (
        "| pharmaconer | 33.33 (5 s, 10 steps, 1235 w/s) | 50.00 (+16.67) | – | 25.0 at step 5 / 25.0 at step 5 / – |"
    )
    record["tasks"]["pharmaconer"]["crf_hybrid"]["train_steps"] = 20
    assert "50.00 (10 steps, no base at that budget)" in transfer_table(record)


def test_peers_are_compared_with_clinx_at_the_converged_cnns_wall_time():
    def result(f, seconds, steps, curve=()):
        evaluations = [{"step": step, "score": score, "seconds": at} for step, score, at in curve]
        return {
            "dev_f": f,
            "train_wall_time_s": seconds,
            "train_steps": steps,
            "inference_words_per_s": 1000.0,
            "dev_curve": evaluations,
        }

    curve = [(0, 0.0, 0), (100, 0.8, 50), (200, 0.93, 150)]
    record = {
        "tasks": {
            "meddocan": {"cnn_converged": result(0.9, 100, 4000), "crf_hybrid": result(0.95, 150, 200, curve)},
            "cantemist": {"crf_hybrid": result(0.7, 10, 20)},
        }
    }
    rows = peers_table(record, candidates=("crf_hybrid",)).splitlines()
    assert rows[2].split(" | ")[1:] == [
        "–",
        "90.00 (100 s, 4000 steps, 1000 w/s)",
        "–",
        "80.00 (crf_hybrid)",
        "95.00 (crf_hybrid, 150 s, 200 steps, 1000 w/s) |",
    ]
    assert rows[3].split(" | ")[-2:] == ["–", "70.00 (crf_hybrid, 10 s, 20 steps, 1000 w/s) |"]
