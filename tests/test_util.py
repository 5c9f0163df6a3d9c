"""clinx_spacy.util: JSON files read with their position in errors and written whole."""

import os

import pytest

from clinx_spacy.outputs import FILE_MODE, replace_atomically
from clinx_spacy.util import read_json, same_json, write_json


def test_write_then_read_round_trips_and_leaves_no_temporary_file(tmp_path):
    path = write_json(tmp_path / "deeper" / "record.json", {"f": 0.5, "label": "PROFESIÓN", "steps": (1, 2)})
    assert read_json(path) == {"f": 0.5, "label": "PROFESIÓN", "steps": [1, 2]}
    assert "PROFESIÓN" in path.read_text(encoding="utf8")
    assert sorted(os.listdir(path.parent)) == ["record.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = write_json(tmp_path / "record.json", {"old": True})
    with pytest.raises(TypeError):
        write_json(path, {"new": object()})
    assert read_json(path) == {"old": True}
    assert os.listdir(tmp_path) == ["record.json"]


def test_invalid_json_names_file_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "a": 1,\n  "b": \n}\n', encoding="utf8")
    with pytest.raises(ValueError, match=r"broken.json:4:1: invalid JSON"):
        read_json(path)


def test_same_json_compares_as_saved():
    assert same_json({"a": (1, 2)}, {"a": [1, 2]})
    assert not same_json({"a": 1}, {"a": 1.5})


def test_written_files_get_the_usual_permissions(tmp_path):
    """Not the private 0600 of their temporary file: what the process's umask allows."""
    mask = os.umask(0)
    os.umask(mask)
    path = replace_atomically(tmp_path / "a.txt", b"x")
    assert path.stat().st_mode & 0o777 == FILE_MODE == 0o666 & ~mask
