"""clinx.StatsLogger.v1: training stats saved at every evaluation, so a stopped run keeps them."""
import json

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
