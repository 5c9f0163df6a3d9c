"""`annotate(n_process=2)`: forked workers that annotate and encode, results in input order
from a window of chunks in flight; the same files as one process, errors raised here."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from clinx_spacy.annotate import annotate, processes

from .conftest import TEXTS
from .test_run import FIXTURE, SAMPLE_DEV, _content


@pytest.fixture
def small_window(monkeypatch):
    """One chunk in flight per worker, so a three-document corpus needs the window to move."""
    monkeypatch.setattr(processes, "CHUNKS_PER_WORKER", 1)


@pytest.mark.parametrize("suffix", ["", ".jsonl", ".spacy"])
def test_two_workers_write_what_one_process_writes(ruler, txt_folder, jsonl_file, tmp_path, small_window, suffix):
    source = jsonl_file if suffix == ".jsonl" else txt_folder
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    annotate(ruler, source, one, spans_keys=["copy"], recursive=True, batch_size=1)
    summary = annotate(ruler, source, two, spans_keys=["copy"], recursive=True, batch_size=1, n_process=2)
    assert summary.documents == 3 and summary.entities == {"HOSPITAL": 2, "FECHAS": 1, "NORMALIZABLES": 1}
    assert _content(two) == _content(one)


@Language.component("slow_marks_worker")
def slow_marks_worker(doc):
    # Slow enough that an idle worker takes the next chunk before a busy one is free.
    time.sleep(0.3)
    for ent in doc.ents:
        ent._.worker_pid = os.getpid()
    return doc


def test_a_large_batch_size_still_spreads_a_small_corpus_over_both_workers(ruler, tmp_path):
    corpus = tmp_path / "notes"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"{number}.txt").write_text(TEXTS["a"], encoding="utf8")
    Span.set_extension("worker_pid", default=None, force=True)
    nlp = spacy.load(ruler)
    nlp.add_pipe("slow_marks_worker")
    annotate(nlp, corpus, tmp_path / "out.jsonl", batch_size=32, n_process=2)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf8").splitlines()]
    pids = {ent["extensions"]["worker_pid"] for record in records for ent in record["entities"]}
    assert len(records) == 4 and len(pids) == 2 and os.getpid() not in pids


def test_a_transformer_pipeline_in_two_workers_gives_the_single_process_output(tmp_path, small_window):
    corpus = tmp_path / "dev"
    corpus.mkdir()
    for path in sorted(SAMPLE_DEV.glob("*.txt"))[:6]:
        shutil.copy(path, corpus)
    nlp = spacy.load(FIXTURE)
    annotate(nlp, corpus, tmp_path / "one.jsonl", batch_size=2)
    annotate(nlp, corpus, tmp_path / "two.jsonl", batch_size=2, n_process=2)
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


@Language.component("fails_on_second_note")
def fails_on_second_note(doc):
    if doc.text.startswith("Se pautó"):
        raise ValueError("a component failed")
    return doc


def test_an_error_in_a_worker_is_raised_and_nothing_is_left_at_the_output(ruler, txt_folder, tmp_path, small_window):
    nlp = spacy.load(ruler)
    nlp.add_pipe("fails_on_second_note")
    with pytest.raises(ValueError, match="a component failed"):
        annotate(nlp, txt_folder, tmp_path / "out.jsonl", recursive=True, batch_size=1, n_process=2)
    assert not (tmp_path / "out.jsonl").exists()


def test_the_docbin_output_leaves_out_the_transformer_output(tmp_path):
    from spacy.tokens import DocBin

    corpus = tmp_path / "dev"
    corpus.mkdir()
    shutil.copy(sorted(SAMPLE_DEV.glob("*.txt"))[0], corpus)
    annotate(FIXTURE, corpus, tmp_path / "out.spacy")
    (doc,) = DocBin(store_user_data=True).from_disk(tmp_path / "out.spacy").get_docs(spacy.load(FIXTURE).vocab)
    assert doc.ents and doc._.trf_data is None
    assert Path(tmp_path / "out.spacy").stat().st_size < 20 * len(doc.text)
