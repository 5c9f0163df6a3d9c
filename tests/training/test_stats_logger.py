"""clinx.StatsLogger.v1: training stats saved at every evaluation, so a stopped run keeps them."""

import json
import os

import spacy
from spacy.util import registry


def _console(nlp, stdout, stderr):
    return (lambda info: None), (lambda: None)


def test_stats_are_written_at_each_evaluation_and_at_the_end(tmp_path):
    path = tmp_path / "stats" / "training_stats.json"
    log_step, finalize = registry.loggers.get("clinx.StatsLogger.v1")(path, console=_console)(spacy.blank("es"))
    log_step(None)
    assert not path.exists(), "nothing to save between evaluations"
    log_step({"step": 100, "words": 5000, "seconds": 10, "score": 0.5})
    stopped_here = json.loads(path.read_text(encoding="utf8"))
    assert (stopped_here["steps"], stopped_here["train_words_per_s"]) == (100, 500.0)
    assert [e["step"] for e in stopped_here["evaluations"]] == [100]
    log_step({"step": 200, "words": 12000, "seconds": 20, "score": 0.7})
    finalize()
    final = json.loads(path.read_text(encoding="utf8"))
    assert final["steps"] == 200 and [e["score"] for e in final["evaluations"]] == [0.5, 0.7]
    assert final["wall_time_s"] >= stopped_here["wall_time_s"] and final["peak_rss_mb"] > 0
    assert final["machine"]["cpu"] and final["machine"]["cores"] == os.cpu_count()


def test_each_evaluation_records_current_and_peak_memory(tmp_path):
    """Current RSS tells memory that is kept from a passing peak."""
    path = tmp_path / "training_stats.json"
    log_step, _ = registry.loggers.get("clinx.StatsLogger.v1")(path, console=_console)(spacy.blank("es"))
    log_step({"step": 10, "words": 100, "seconds": 1, "score": 0.1})
    grown = b"\x01" * (200 * 2**20)  # written, so resident: the next evaluation's RSS includes it
    log_step({"step": 20, "words": 200, "seconds": 2, "score": 0.2})
    first, second = json.loads(path.read_text(encoding="utf8"))["evaluations"]
    assert first["rss_mb"] > 0 and second["peak_rss_mb"] > 0
    assert second["rss_mb"] - first["rss_mb"] > 150
    del grown
