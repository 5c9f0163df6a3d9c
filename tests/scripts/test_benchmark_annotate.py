"""The annotate benchmark keeps each mode's fastest run and says what the others gave."""

from benchmark_annotate import fastest, speedups, table


def test_the_fastest_run_is_kept_with_every_runs_speed():
    runs = [{"words_per_s": 900.0, "docs_per_s": 1.0}, {"words_per_s": 1000.0, "docs_per_s": 1.1}]
    assert fastest(runs) == {"words_per_s": 1000.0, "docs_per_s": 1.1, "words_per_s_of_each_run": [900.0, 1000.0]}
    assert "words_per_s_of_each_run" not in runs[1]


def test_speedups_are_over_one_process_and_over_one_thread():
    modes = {"1 process": 1000.0, "1 process, 1 thread": 800.0, "--n-process 2": 1700.0}
    runs = speedups({mode: {"words_per_s": words} for mode, words in modes.items()})
    assert runs["--n-process 2"] == {
        "words_per_s": 1700.0,
        "speedup": 1.7,
        "speedup_over_1_thread": 2.12,
        "scaling_efficiency": 0.85,
    }
    assert runs["1 process, 1 thread"]["speedup"] == 0.8 and runs["1 process, 1 thread"]["scaling_efficiency"] is None


def test_the_table_has_a_row_per_mode():
    run = {
        "docs_per_s": 2.0,
        "words_per_s": 1000.0,
        "speedup": 1.0,
        "speedup_over_1_thread": 1.25,
        "scaling_efficiency": None,
        "peak_rss_mb_largest_process": 900.0,
    }
    rows = table({"runs": {"cnn / meddocan": {"1 process": run}}}).splitlines()
    assert rows[2] == "| cnn / meddocan | 1 process | 2.0 | 1000 | 1.00 | 1.25 | – | 900 |"
