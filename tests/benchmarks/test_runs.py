import pytest
import srsly

from clinx_spacy.benchmarks.runs import collect_run

METRICS = {"p": 0.5, "r": 0.25, "f": 1 / 3, "wps": 1234.56, "n_docs": 3, "per_label": {"FECHAS": {"f": 1 / 3}}}


def test_collect_run_reads_what_the_project_saved(tmp_path):
    (tmp_path / "metrics").mkdir()
    srsly.write_json(tmp_path / "metrics" / "tiny-x_dev.json", METRICS)
    (tmp_path / "training" / "tiny-x").mkdir(parents=True)
    srsly.write_json(tmp_path / "training" / "tiny-x" / "training_stats.json", {"steps": 10, "wall_time_s": 5.0, "train_words_per_s": 99.0, "peak_rss_mb": 1.0, "evaluations": []})
    record = collect_run(tmp_path, "tiny", "sample", "x")
    assert record["pretraining"] is None and record["ner_random_init"] is None and record["ner_cnn"] is None
    assert record["ner_pretrained"]["dev_f"] == pytest.approx(1 / 3)
    assert record["ner_pretrained"]["per_label_f"] == {"FECHAS": pytest.approx(1 / 3)}
    assert record["ner_pretrained"]["train_steps"] == 10
    assert record["ner_pretrained"]["inference_words_per_s"] == 1234.6
