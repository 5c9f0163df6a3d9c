"""What a demanding user tried against the commands (issue: commands that never corrupt,
mix or half-write their outputs, never hang, and fail early with a clear message): each
case as a test named after it, run through the `clinx` console script as a user runs it."""

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from spacy.tokens import DocBin

from clinx_spacy.outputs import MANIFEST

ROOT = Path(__file__).parents[2]
SAMPLE_DEV = ROOT / "assets" / "sample" / "dev"


def clinx(*args, cwd=None) -> subprocess.CompletedProcess:
    """Run `clinx ARGS`; whatever it says, it is never a Python traceback."""
    result = subprocess.run(["clinx", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def error_line(result: subprocess.CompletedProcess) -> str:
    """The one line a failed command prints on stderr."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def brat(tmp_path) -> Path:
    folder = tmp_path / "brat"
    folder.mkdir()
    for txt in sorted(SAMPLE_DEV.glob("*.txt"))[:6]:
        shutil.copy(txt, folder)
        shutil.copy(txt.with_suffix(".ann"), folder)
    return folder


@pytest.fixture
def docbin(brat, tmp_path) -> Path:
    from clinx_spacy.brat import brat_folder_to_docbin
    from clinx_spacy.tokenizer import make_clinical_nlp

    path = tmp_path / "dev.spacy"
    brat_folder_to_docbin(brat, path, make_clinical_nlp())
    return path


def test_two_converts_writing_the_same_dest_do_not_mix(brat, tmp_path):
    dest = tmp_path / "out.spacy"
    # Another writer holds the destination: the second is turned away, and the file is not touched.
    with open(tmp_path / f".{dest.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        busy = clinx("convert", brat, dest)
    assert busy.returncode == 1 and "being written by another process" in error_line(busy)
    assert not dest.exists()
    # Two real runs at once: each one either writes the whole file or is turned away.
    runs = [
        subprocess.Popen(["clinx", "convert", str(brat), str(dest)], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    codes = [run.wait(timeout=300) for run in runs]
    assert 0 in codes and set(codes) <= {0, 1}
    assert len(DocBin().from_disk(dest)) == 6


def test_nothing_to_read_is_an_error(tmp_path, brat):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = clinx("convert", empty, tmp_path / "x.spacy")
    assert result.returncode == 1 and "no BRAT documents" in error_line(result)
    assert not (tmp_path / "x.spacy").exists()
    assert clinx("convert", empty, tmp_path / "x.spacy", "--allow-empty").returncode == 0
    root = tmp_path / "corpus"
    (root / "train").mkdir(parents=True)
    (root / "dev").mkdir()
    result = clinx("convert", root, tmp_path / "y.spacy")
    assert result.returncode == 1 and "sub-folders (dev, train)" in error_line(result)


def test_sub_folders_and_upper_case_extensions_are_read(tmp_path, brat):
    root = tmp_path / "nested"
    (root / "a").mkdir(parents=True)
    first, second = sorted(brat.glob("*.txt"))[:2]
    shutil.copy(first, root / "a" / "one.TXT")
    shutil.copy(first.with_suffix(".ann"), root / "a" / "one.ANN")
    shutil.copy(second, root / "two.txt")
    shutil.copy(second.with_suffix(".ann"), root / "two.ann")
    assert "Documents: 1" in clinx("convert", root, tmp_path / "flat.spacy").stdout
    result = clinx("convert", root, tmp_path / "all.spacy", "--recursive")
    assert result.returncode == 0 and "Documents: 2" in result.stdout
    back = clinx("convert", tmp_path / "all.spacy", tmp_path / "back")
    assert back.returncode == 0
    assert (tmp_path / "back" / "a" / "one.txt").read_bytes() == first.read_bytes()


def test_evaluate_of_a_folder_without_annotations_is_an_error(tmp_path, ruler_pipeline):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.txt").write_text("Ingresa en el Hospital Universitario La Paz.", encoding="utf8")
    result = clinx("evaluate", ruler_pipeline, folder)
    assert result.returncode == 1 and "no annotation" in error_line(result)
    assert clinx("evaluate", ruler_pipeline, folder, "--allow-empty").returncode == 0


def test_outputs_are_never_mixed_with_old_ones(docbin, tmp_path, ruler_pipeline, brat):
    dest = tmp_path / "used"
    dest.mkdir()
    (dest / "old.ann").write_text("T1\tX 0 1\ta\n", encoding="utf8")
    refused = clinx("convert", docbin, dest)
    assert refused.returncode == 1 and "not empty" in error_line(refused)
    assert sorted(p.name for p in dest.iterdir()) == ["old.ann"]
    assert clinx("convert", docbin, dest, "--overwrite").returncode == 0
    names = sorted(p.name for p in dest.iterdir())
    assert "old.ann" not in names and MANIFEST in names and len(names) == 1 + 2 * 6
    predictions = tmp_path / "pred"
    predictions.mkdir()
    (predictions / "old.ann").write_text("", encoding="utf8")
    refused = clinx("evaluate", ruler_pipeline, brat, "--predictions", predictions)
    assert refused.returncode == 1 and "not empty" in error_line(refused)


def test_duplicate_document_ids_are_rejected(docbin, tmp_path, ruler_pipeline):
    import spacy

    nlp = spacy.blank("es")
    twice = DocBin(store_user_data=True)
    for _ in range(2):
        for doc in DocBin().from_disk(docbin).get_docs(nlp.vocab):
            twice.add(doc)
    twice.to_disk(tmp_path / "twice.spacy")
    result = clinx("evaluate", ruler_pipeline, tmp_path / "twice.spacy", "--predictions", tmp_path / "pred")
    assert result.returncode == 1 and "more than once" in error_line(result)
    assert not (tmp_path / "pred").exists()
    result = clinx("convert", tmp_path / "twice.spacy", tmp_path / "back")
    assert result.returncode == 1 and "of an earlier document" in error_line(result)
    assert not (tmp_path / "back").exists()


@pytest.mark.parametrize(
    "case",
    ["missing model", "not a pipeline", "unwritable output", "dest is a file", "truncated .spacy", "missing data"],
)
def test_user_errors_are_one_line_messages_not_tracebacks(case, tmp_path, brat, docbin, ruler_pipeline):
    if case == "missing model":
        args, message = ("evaluate", tmp_path / "no_model", brat), "no such pipeline"
    elif case == "not a pipeline":
        args, message = ("evaluate", brat, brat), "not a spaCy pipeline folder"
    elif case == "unwritable output":
        (tmp_path / "file").write_text("x")
        args, message = ("evaluate", ruler_pipeline, brat, "--output", tmp_path / "file" / "scores.json"), "is a file"
    elif case == "dest is a file":
        (tmp_path / "taken").write_text("x")
        args, message = ("convert", docbin, tmp_path / "taken"), "is a file; give a folder"
    elif case == "truncated .spacy":
        data = docbin.read_bytes()
        (tmp_path / "cut.spacy").write_bytes(data[: len(data) // 2])
        args, message = ("convert", tmp_path / "cut.spacy", tmp_path / "out"), "not a readable .spacy file"
    else:
        args, message = ("evaluate", ruler_pipeline, tmp_path / "nowhere"), "no such file"
    result = clinx(*args)
    assert result.returncode == 1 and message in error_line(result)


def test_an_unwritable_output_fails_before_the_evaluation(tmp_path, brat, ruler_pipeline):
    (tmp_path / "file").write_text("x")
    result = clinx("evaluate", ruler_pipeline, brat, "--output", tmp_path / "file" / "scores.json")
    assert result.returncode == 1 and "MICRO" not in result.stdout, "nothing is evaluated"


def test_cr_only_ann_files_are_read_line_by_line(tmp_path):
    folder = tmp_path / "mac"
    folder.mkdir()
    (folder / "a.txt").write_text("Dolor torácico y fiebre.", encoding="utf8")
    (folder / "a.ann").write_bytes(b"T1\tSINTOMA 0 14\tDolor tor\xc3\xa1cico\rT2\tSINTOMA 17 23\tfiebre\r")
    result = clinx("convert", folder, tmp_path / "a.spacy")
    assert result.returncode == 0 and "Spans: 2" in result.stdout
    (folder / "a.ann").write_bytes(b"T1\tSINTOMA 0 14\tDolor tor\xc3\xa1cico\rT2\tSINTOMA 17 23\tfiebra\r")
    result = clinx("convert", folder, tmp_path / "b.spacy")
    assert result.returncode == 1
    assert "a.ann:2:" in error_line(result) and "Dolor" not in error_line(result), "only the bad line is quoted"


def test_lenient_exits_1_when_it_skipped_spans(tmp_path, brat):
    with (brat / sorted(p.name for p in brat.glob("*.ann"))[0]).open("a", encoding="utf8") as ann:
        ann.write("T99\tFECHAS 0 x\tbad\n")
    result = clinx("convert", brat, tmp_path / "x.spacy", "--lenient")
    assert result.returncode == 1 and "1 problem(s) skipped" in result.stderr
    assert (tmp_path / "x.spacy").exists(), "the rest is converted"


def test_version_and_help_say_what_the_options_do():
    assert clinx("--version").stdout.startswith("clinx-spacy ")
    env = {**os.environ, "COLUMNS": "300"}
    text = subprocess.run(["clinx", "convert", "--help"], capture_output=True, text=True, env=env).stdout
    for phrase in (
        "--recursive",
        "--overwrite",
        "any other label is an error",
        "replaced when the conversion succeeds",
    ):
        assert phrase in text, phrase
