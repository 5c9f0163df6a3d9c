"""The annotate benchmark keeps each mode's fastest run and says what the others gave."""

from benchmark_annotate import fastest, table


def test_the_fastest_run_is_kept_with_every_runs_speed():
    runs = [{"words_per_s": 900.0, "docs_per_s": 1.0}, {"words_per_s": 1000.0, "docs_per_s": 1.1}]
    assert fastest(runs) == {"words_per_s": 1000.0, "docs_per_s": 1.1, "words_per_s_of_each_run": [900.0, 1000.0]}
    assert "words_per_s_of_each_run" not in runs[1]


def test_the_table_has_a_row_per_mode():
    run = {
        "docs_per_s": 2.0,
        "words_per_s": 1000.0,
        "speedup": 1.0,
        "scaling_efficiency": None,
        "peak_rss_mb_largest_process": 900.0,
    }
    rows = table({"runs": {"cnn / meddocan": {"1 process": run}}}).splitlines()
    assert rows[2] == "| cnn / meddocan | 1 process | 2.0 | 1000 | 1.00 | – | 900 |"
