"""The five-task benchmark: command lines per (task, system), and records that survive sessions."""

import sys
from pathlib import Path

import pytest
import srsly

from benchmarking.runs import collect_tasks, keep_earlier_results, tasks_table
from benchmarking.systems import (
    CLINX_PIPELINES,
    PACKAGEABLE,
    PEERS,
    SYSTEMS,
    TASKS,
    best_system,
    package_commands,
    project_commands,
)

METRICS = {"p": 0.5, "r": 0.25, "f": 1 / 3, "wps": 1234.56, "n_docs": 3, "per_label": {"X": {"f": 1 / 3}}}


def test_commands_use_the_task_corpus_and_the_system_config():
    commands = project_commands(Path("."), Path("corpora"), "pharmaconer", "crf", {"ner_max_steps": "10"})
    assert [c[:6] for c in commands] == [
        [sys.executable, "-m", "spacy", "project", "run", name] for name in ("train", "evaluate")
    ]
    options = dict(zip(commands[0][7::2], commands[0][8::2]))
    assert options == {
        "--vars.corpus": str(Path("corpora") / "pharmaconer"),
        "--vars.corpora": "corpora",
        "--vars.run": "pharmaconer-crf",
        "--vars.task": "pharmaconer",
        "--vars.strict_train": "false",
        "--vars.ner_config": "ner_tiny_crf",
        "--vars.ner_max_steps": "10",
    }


def test_the_multitask_system_is_one_run_scored_per_task():
    """Every task's command lines train the same five-task pipeline (weasel runs it once);
    each task's record is its own head's dev scores."""
    lines = {task: project_commands(Path("."), Path("corpora"), task, "multitask", {}) for task in TASKS}
    assert {c[5] for task_lines in lines.values() for c in task_lines} == {"train-multitask", "evaluate-multitask"}
    assert all(dict(zip(c[7::2], c[8::2]))["--vars.corpora"] == "corpora" for c in lines["cantemist"])
    training, metrics = SYSTEMS["multitask"].paths(Path("p"), "tiny", "cantemist")
    assert (training, metrics) == (
        Path("p/training/tiny-multitask"),
        Path("p/metrics/tiny-multitask-cantemist_dev.json"),
    )
    assert "multitask" not in PACKAGEABLE


def test_a_multitask_head_is_extracted_evaluated_and_packaged_as_its_task():
    """multitask_head trains nothing: it cuts the task's head out of the multitask run,
    scores it like any single-task run, and is packaged as es_clinx_<task>."""
    commands = project_commands(Path("."), Path("corpora"), "meddoprof_ner", "multitask_head", {})
    assert [c[5] for c in commands] == ["extract-task", "evaluate"]
    options = dict(zip(commands[0][7::2], commands[0][8::2]))
    assert options["--vars.run"] == "meddoprof_ner-multitask-head" and options["--vars.task"] == "meddoprof_ner"
    assert SYSTEMS["multitask_head"].paths(Path("p"), "tiny", "meddoprof_ner") == (
        Path("p/training/tiny-meddoprof_ner-multitask-head"),
        Path("p/metrics/tiny-meddoprof_ner-multitask-head_dev.json"),
    )
    package = package_commands(Path("."), Path("corpora"), "meddoprof_ner", "multitask_head", {})
    options = dict(zip(package[0][7::2], package[0][8::2]))
    assert options["--vars.name"] == "clinx_meddoprof_ner" and options["--vars.task"] == "meddoprof_ner"


def test_random_init_runs_of_different_heads_do_not_share_files():
    """Pretraining is compared with random init under each head; each pair keeps its own run."""
    paths = {name: SYSTEMS[name].paths(Path("p"), "tiny", "meddocan") for name in ("random_init", "crf_random_init")}
    assert paths["random_init"] == (
        Path("p/training/tiny-meddocan-random-init"),
        Path("p/metrics/tiny-meddocan-random-init_dev.json"),
    )
    assert paths["crf_random_init"] == (
        Path("p/training/tiny-meddocan-crf-random-init"),
        Path("p/metrics/tiny-meddocan-crf-random-init_dev.json"),
    )
    assert SYSTEMS["crf_random_init"].ner_config == SYSTEMS["crf"].ner_config


def test_a_transfer_system_trains_its_source_first_and_not_on_its_own_task():
    variables = {"ner_max_steps": "500"}
    commands = project_commands(Path("."), Path("corpora"), "pharmaconer", "from_meddocan", variables)
    assert [c[5] for c in commands] == ["train", "evaluate", "train-transfer", "evaluate-transfer"]
    source, transfer = (dict(zip(c[7::2], c[8::2])) for c in (commands[0], commands[2]))
    assert source == {**source, "--vars.task": "meddocan", "--vars.run": "meddocan-crf-hybrid"}
    assert transfer["--vars.task"] == "pharmaconer" and transfer["--vars.source_run"] == "meddocan-crf-hybrid"
    assert source["--vars.ner_max_steps"] == transfer["--vars.ner_max_steps"] == "500", "the same budget"
    assert source["--vars.ner_config"] == transfer["--vars.ner_config"] == "ner_tiny_crf_hybrid"
    assert SYSTEMS["from_meddocan"].paths(Path("p"), "tiny", "pharmaconer") == (
        Path("p/training/tiny-pharmaconer-crf-hybrid-from-meddocan"),
        Path("p/metrics/tiny-pharmaconer-crf-hybrid-from-meddocan_dev.json"),
    )
    assert project_commands(Path("."), Path("corpora"), "meddocan", "from_meddocan", variables) == []
    assert "from_meddocan" not in PACKAGEABLE


def test_package_commands_name_the_task_pipeline_and_its_sources():
    commands = package_commands(Path("."), Path("corpora"), "cantemist", "clinx_hybrid", {"pretrain_name": "x"})
    assert [c[5] for c in commands] == ["package", "install"]
    options = dict(zip(commands[0][7::2], commands[0][8::2]))
    names = ("corpus", "name", "pipeline", "pipeline_metrics", "pretrain_name", "run", "system", "task")
    assert sorted(options) == [f"--vars.{name}" for name in names]
    named = [options[f"--vars.{name}"] for name in names]
    corpus = str(Path("corpora") / "cantemist")
    pipeline, metrics = (str(path) for path in SYSTEMS["clinx_hybrid"].paths(Path("."), "tiny", "cantemist"))
    assert named == [corpus, "clinx_cantemist", pipeline, metrics, "x", "cantemist-hybrid", "clinx_hybrid", "cantemist"]
    assert (pipeline, metrics) == ("training/tiny-cantemist-hybrid", "metrics/tiny-cantemist-hybrid_dev.json")
    assert (Path(__file__).parents[2] / "configs" / "sources" / "cantemist.json").exists()
    with pytest.raises(ValueError, match="random_init"):
        package_commands(Path("."), Path("corpora"), "cantemist", "random_init", {})


def test_a_peer_that_measured_best_is_packaged_from_its_own_folder():
    """es_clinx_<task> ships the best measured CPU pipeline: a CNN peer's folder and metrics are its own."""
    commands = package_commands(Path("."), Path("corpora"), "pharmaconer", "cnn_floret", {"profile": "large"})
    options = dict(zip(commands[0][7::2], commands[0][8::2]))
    assert options["--vars.pipeline"] == str(Path("training/cnn-floret-pharmaconer-converged"))
    assert options["--vars.pipeline_metrics"] == str(Path("metrics/cnn-floret-pharmaconer-converged_dev.json"))
    assert options["--vars.system"] == "cnn_floret" and options["--vars.name"] == "clinx_pharmaconer"


def test_the_floret_hybrid_trains_the_vectors_then_the_hybrid_config_with_them():
    commands = project_commands(Path("."), Path("corpora"), "pharmaconer", "crf_hybrid_floret", {})
    assert [c[5] for c in commands] == ["train-vectors", "train-floret", "evaluate"]
    options = dict(zip(commands[1][7::2], commands[1][8::2]))
    assert options["--vars.ner_config"] == "ner_tiny_crf_hybrid"
    assert options["--vars.run"] == "pharmaconer-crf-hybrid-floret", "its own run, beside crf_hybrid's"


def test_best_system_is_the_packageable_one_with_the_highest_dev_f1():
    assert set(PACKAGEABLE) == set(CLINX_PIPELINES) | set(PEERS)
    assert set(CLINX_PIPELINES) == {
        "clinx",
        "clinx_hybrid",
        "crf_hybrid",
        "crf_hybrid_floret",
        "crf",
        "crf_context",
        "crf_context_subword",
        "multitask_head",
    }
    results = {
        "random_init": {"dev_f": 0.95},
        "clinx": {"dev_f": 0.7},
        "clinx_hybrid": {"dev_f": 0.9},
        "cnn": {"dev_f": 0.8},
        "crf": None,
    }
    assert best_system(results) == "clinx_hybrid"
    assert best_system({**results, "cnn_floret": {"dev_f": 0.92}}) == "cnn_floret", "a peer that measured best"
    assert best_system(results, ("clinx", "crf")) == "clinx"
    with pytest.raises(ValueError, match="no|none"):
        best_system({"random_init": {"dev_f": 0.9}, "crf": None})


def test_every_system_config_and_command_exists():
    from weasel.util import load_project_config

    root = Path(__file__).parents[2]
    commands = {c["name"] for c in load_project_config(root)["commands"]}
    for name, system in SYSTEMS.items():
        assert set(system.commands) <= commands, name
        if system.ner_config:
            assert (root / "configs" / f"{system.ner_config.format(profile='tiny')}.cfg").exists(), name


def test_collect_keeps_earlier_results_for_runs_not_on_this_machine(tmp_path):
    (tmp_path / "metrics").mkdir()
    srsly.write_json(tmp_path / "metrics" / "cnn-meddocan_dev.json", METRICS)
    record = collect_tasks(tmp_path, "tiny", "clinical", ["meddocan", "cantemist"], ["clinx", "cnn"])
    assert record["tasks"]["meddocan"]["cnn"]["dev_f"] == pytest.approx(1 / 3)
    assert record["tasks"]["meddocan"]["clinx"] is None
    earlier = {
        "profile": "tiny",
        "pretraining": {"steps": 5},
        "tasks": {"meddocan": {"clinx": {"dev_f": 0.9}, "cnn": {"dev_f": 0.1}}},
    }
    merged = keep_earlier_results(record, earlier)
    assert merged["tasks"]["meddocan"]["clinx"] == {"dev_f": 0.9}
    assert merged["tasks"]["meddocan"]["cnn"]["dev_f"] == pytest.approx(1 / 3), "new results win"
    assert merged["pretraining"] == {"steps": 5}
    assert keep_earlier_results(record, {**earlier, "profile": "large"}) == record
    table = tasks_table(record)
    assert "| meddocan | – | 33.33 | see paper |" in table
    assert "| meddocan | – | – / 1235 |" in table.split("words per second")[1], "no training stats: words/s only"
    assert set(TASKS) >= set(record["tasks"])


def test_each_ensemble_member_is_its_own_step_and_reads_its_fold_as_train_is_read():
    """A stopped ensemble run resumes at the next member (weasel skips the trained ones);
    a member's dev fold comes from the train pool, so bad documents are skipped there
    as in train (PharmaCoNER's train split has some)."""
    from weasel.util import load_project_config

    config = load_project_config(Path(__file__).parents[2], interpolate=False)
    assert tuple(config["workflows"]["ensemble"]) == SYSTEMS["ensemble"].commands
    commands = {command["name"]: command for command in config["commands"]}
    for k in range(5):
        (script,) = commands[f"train-member-{k}"]["script"]
        assert f"--paths.dev corpus/${{vars.run}}-splits/split_{k}/dev" in script
        assert "--corpora.train.strict ${vars.strict_train} --corpora.dev.strict ${vars.strict_train}" in script
