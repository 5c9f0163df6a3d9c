from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from clinx_spacy.cli import app as clinx_app

TEXT = "\ufeffSexo: H.\r\nTratamiento:\u00a0ácido fólico \U0001f48a y metformina.\n"


def t_line(ann_id: str, label: str, needle: str) -> str:
    start = TEXT.index(needle)
    return f"{ann_id}\t{label} {start} {start + len(needle)}\t{needle}"


ANN = [
    t_line("T1", "SEXO", "H"),
    t_line("T2", "FARMACO", "ácido fólico"),
    "#1\tAnnotatorNotes T2\t63718003",
    t_line("T3", "FARMACO", "ácido"),
    t_line("T4", "FARMACO", "metformina"),
    "A1\tNegation T4",
]
# Wide enough that typer's error boxes do not wrap the messages.
ENV = {"COLUMNS": "300"}


@pytest.fixture
def app() -> typer.Typer:
    return clinx_app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "brat"
    path.mkdir()
    (path / "doc1.txt").write_bytes(TEXT.encode("utf-8"))
    (path / "doc1.ann").write_bytes("".join(f"{line}\n" for line in ANN).encode("utf-8"))
    return path


def test_round_trip(app, folder: Path, tmp_path: Path):
    runner = CliRunner()
    spacy_path = tmp_path / "doc.spacy"
    result = runner.invoke(app, ["convert", str(folder), str(spacy_path)])
    assert result.exit_code == 0, result.output
    assert "Documents: 1" in result.output
    assert "Spans: 4\n  FARMACO: 3\n  SEXO: 1\n" in result.output
    assert "Spans that needed a token split: 0" in result.output
    assert "Spans left out of doc.ents: 1\n  doc1 T3: overlaps T2 (kept, policy outermost)" in result.output
    assert "Errors: 0" in result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(spacy_path), str(out)])
    assert result.exit_code == 0, result.output
    for name in ["doc1.txt", "doc1.ann"]:
        assert (out / name).read_bytes() == (folder / name).read_bytes()


def test_strict_error_exits_non_zero(app, folder: Path, tmp_path: Path):
    runner = CliRunner()
    args = ["convert", str(folder), str(tmp_path / "doc.spacy"), "--labels", "FARMACO"]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 1
    assert "doc1.ann:1: offset 7: label 'SEXO' not in allowed labels ['FARMACO']" in result.output
    result = runner.invoke(app, args + ["--lenient"], env=ENV)
    assert result.exit_code == 1, "a lenient run that skipped something has not done all it was asked"
    assert "1 problem(s) skipped" in result.output
    assert "Spans: 3\n  FARMACO: 3\n" in result.output
    assert "Errors: 1\n  " in result.output and "label 'SEXO'" in result.output


def test_bad_arguments(app, folder: Path, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(app, ["convert", str(folder), str(tmp_path / "x.json")], env=ENV)
    assert result.exit_code == 2 and "must end with .spacy" in result.output
    args = ["convert", str(folder / "doc1.txt"), str(tmp_path / "out")]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 2 and "is neither a folder nor a .spacy file" in result.output
    args = ["convert", str(folder), str(tmp_path / "a.spacy"), "--ents-policy", "all"]
    assert runner.invoke(app, args, env=ENV).exit_code == 2
