"""Killing a writing command at any moment (SIGINT as Ctrl-C does, or SIGKILL) leaves the
old complete output or the new complete output: never a mix, an empty file or a partial
folder under the output's name."""

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from interruptible import popen
from spacy.tokens import DocBin

from clinx_spacy.brat import brat_folder_to_docbin, docbin_to_brat_folder
from clinx_spacy.outputs import MANIFEST
from clinx_spacy.tokenizer import make_clinical_nlp
from clinx_spacy.util import read_json

SAMPLE = Path(__file__).parents[2] / "assets" / "sample"
MOMENTS = (0.3, 0.6, 0.9)  # shares of an uninterrupted run's wall time


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """All 500 sample documents in one BRAT folder, the same as a .spacy file, and a small
    earlier output of each kind (the 'old' output a killed run must not damage)."""
    root = tmp_path_factory.mktemp("interrupts")
    brat = root / "brat"
    brat.mkdir()
    for split in ("train", "dev"):
        for path in (SAMPLE / split).iterdir():
            shutil.copy(path, brat)
    nlp = make_clinical_nlp()
    brat_folder_to_docbin(brat, root / "all.spacy", nlp)
    small = root / "small"
    small.mkdir()
    for txt in sorted(brat.glob("*.txt"))[:3]:
        shutil.copy(txt, small)
        shutil.copy(txt.with_suffix(".ann"), small)
    brat_folder_to_docbin(small, root / "old.spacy", nlp)
    docbin_to_brat_folder(root / "old.spacy", root / "old_brat", nlp)
    return root


def run_and_kill(command, share, sig, seconds):
    process = popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(share * seconds)
    process.send_signal(sig)
    process.wait(timeout=300)


def timed(command) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def n_docs(path: Path) -> int:
    return len(DocBin().from_disk(path))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_killed_conversion_to_spacy_keeps_the_old_or_the_new_file(corpus, tmp_path, sig):
    dest = tmp_path / "out.spacy"
    command = ["clinx", "convert", str(corpus / "brat"), str(dest)]
    seconds = timed(command)
    outcomes = []
    for share in MOMENTS:
        shutil.copy(corpus / "old.spacy", dest)
        run_and_kill(command, share, sig, seconds)
        if dest.read_bytes() == (corpus / "old.spacy").read_bytes():
            outcomes.append("old")
        else:
            assert n_docs(dest) == 500, "a changed file is the complete new one"
            outcomes.append("new")
        assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["out.spacy"]
    assert "old" in outcomes, outcomes


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_killed_conversion_to_brat_keeps_the_old_or_the_new_folder(corpus, tmp_path, sig):
    dest = tmp_path / "out"
    command = ["clinx", "convert", str(corpus / "all.spacy"), str(dest), "--overwrite"]
    seconds = timed(command)
    old_files = read_json(corpus / "old_brat" / MANIFEST)["files"]
    outcomes = []
    for share in MOMENTS:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(corpus / "old_brat", dest)
        run_and_kill(command, share, sig, seconds)
        files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file() and p.name != MANIFEST)
        assert files == read_json(dest / MANIFEST)["files"], "the folder holds exactly what its manifest lists"
        outcomes.append("old" if files == old_files else "new")
        if files != old_files:
            assert len(files) == 2 * 500
        visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
        assert visible == ["out"], "an interrupted run's partial folder is hidden"
    assert "old" in outcomes, outcomes


def test_an_interrupted_folder_is_refused_until_resumed_or_overwritten(corpus, tmp_path):
    dest = tmp_path / "out"
    command = ["clinx", "convert", str(corpus / "all.spacy"), str(dest)]
    seconds = timed(command)
    shutil.rmtree(dest)
    for share in MOMENTS:
        run_and_kill(command, share, signal.SIGKILL, seconds)
        if (tmp_path / ".out.partial").exists():
            break
    else:
        pytest.skip("no run was stopped while writing")
    assert not dest.exists()
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 1 and "interrupted run left" in again.stderr
    assert subprocess.run([*command, "--overwrite"], capture_output=True).returncode == 0
    assert len(read_json(dest / MANIFEST)["files"]) == 1000
