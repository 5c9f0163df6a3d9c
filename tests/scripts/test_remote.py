"""A benchmark step's outputs pushed to and pulled from the remote, keyed with its own variables."""

import subprocess
import sys

import srsly

from benchmarking.remote import pull_step, push_step

PROJECT = {
    "vars": {"size": "1"},
    "remotes": {"default": "storage"},
    "commands": [
        {
            "name": "make",
            "script": ["python -c \"open('out/model.txt', 'w').write('${vars.size}')\""],
            "deps": ["data.txt"],
            "outputs": ["out/model.txt"],
        }
    ],
}


def _project(tmp_path, name):
    project = tmp_path / name
    (project / "out").mkdir(parents=True)
    srsly.write_yaml(project / "project.yml", PROJECT)
    (project / "data.txt").write_text("data", encoding="utf8")
    return project


def _run(project, size):
    command = [sys.executable, "-m", "weasel", "run", "make", str(project), "--vars.size", size]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=project).stdout


def test_a_step_pushed_with_its_variables_is_pulled_and_skipped_on_a_fresh_checkout(tmp_path):
    first = _project(tmp_path, "first")
    _run(first, "7")
    assert push_step(first, "make", {"size": "7"}) == ["out/model.txt"]

    fresh = _project(tmp_path, "fresh")
    (fresh / "storage").symlink_to(first / "storage")
    assert pull_step(fresh, "make", {"size": "8"}) == [], "another budget is another run"
    assert not (fresh / "out" / "model.txt").exists()
    assert pull_step(fresh, "make", {"size": "7"}) == ["out/model.txt"]
    assert (fresh / "out" / "model.txt").read_text(encoding="utf8") == "7"
    assert "Skipping 'make'" in _run(fresh, "7")
    assert "Skipping" not in _run(fresh, "8")


def test_nothing_is_pulled_while_a_dep_is_missing_or_from_an_empty_remote(tmp_path):
    project = _project(tmp_path, "p")
    assert pull_step(project, "make", {"size": "1"}) == []
    (project / "data.txt").unlink()
    assert pull_step(project, "make", {"size": "1"}) == []
    assert push_step(project, "make", {"size": "1"}) == []
