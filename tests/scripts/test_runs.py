import pytest
import srsly

from benchmarking.runs import (
    collect_named_runs,
    collect_run,
    collect_tasks,
    peers_table,
    peers_task_table,
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


def test_a_task_table_puts_each_clinx_row_against_the_best_peer():
    """Below a peer by how much: every CLIN-X-ES row carries its distance to the best peer,
    the wall-time row names the step its score comes from, and a task no peer ran on has none."""
    peer = {"dev_p": 0.9, "dev_r": 0.8, "inference_words_per_s": 5000.0, "dev_curve": []}
    curve = [{"step": 0, "score": 0.0, "seconds": 0}, {"step": 500, "score": 0.7, "seconds": 80, "peak_rss_mb": 4096.0}]
    curve.append({"step": 1000, "score": 0.75, "seconds": 200, "peak_rss_mb": 6144.0})
    record = {
        "tasks": {
            "pharmaconer": {
                "cnn_converged": {
                    **peer,
                    "dev_f": 0.8,
                    "train_steps": 4000,
                    "train_wall_time_s": 100.4,
                    "train_peak_rss_mb": 2048.0,
                },
                "cnn_floret": {
                    **peer,
                    "dev_f": 0.82,
                    "train_steps": 4000,
                    "train_wall_time_s": 110.0,
                    "train_peak_rss_mb": None,
                },
                "crf_hybrid": {
                    "dev_f": 0.78,
                    "dev_p": 0.8,
                    "dev_r": 0.76,
                    "train_steps": 1000,
                    "train_wall_time_s": 200.0,
                    "train_peak_rss_mb": 6144.0,
                    "inference_words_per_s": 3000.0,
                    "dev_curve": curve,
                },
            },
            "cantemist": {"crf_hybrid": {"dev_f": 0.7}},
        }
    }
    # The five-task run's curve scores all tasks together: never read as one task's score at a wall time.
    head = {**record["tasks"]["pharmaconer"]["crf_hybrid"], "dev_f": 0.5, "dev_curve": [{**curve[1], "score": 0.99}]}
    with_head = {"tasks": {"pharmaconer": {**record["tasks"]["pharmaconer"], "multitask_head": head}}}
    candidates = ("crf_hybrid", "multitask_head")
    assert peers_task_table(with_head, "pharmaconer", candidates) == peers_task_table(record, "pharmaconer", candidates)
    rows = peers_task_table(record, "pharmaconer", candidates=("crf_hybrid",)).splitlines()
    assert rows[0].startswith("| pharmaconer dev | F1 | P / R |") and rows[0].endswith("| vs best peer |")
    assert rows[2] == "| `cnn_converged` | 80.00 | 90.00 / 80.00 | 4000 | 100 | 2.0 GB | 5000 | – |"
    assert rows[3] == "| `cnn_floret` | 82.00 | 90.00 / 80.00 | 4000 | 110 | – | 5000 | – |"
    assert rows[4] == (
        "| `crf_hybrid` at cnn_converged's wall time (its dev F1 at step 500) | 70.00 | – | 500 | 80 | 4.0 GB | 3000 | -12.00 |"
    )
    assert rows[5] == "| `crf_hybrid` at its own budget | 78.00 | 80.00 / 76.00 | 1000 | 200 | 6.0 GB | 3000 | -4.00 |"
    assert peers_task_table(record, "cantemist") is None
