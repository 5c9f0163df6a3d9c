"""A benchmark step is done once per variables and deps, whatever else ran since (weasel's
project.lock remembers the last run of each command only)."""

import subprocess
import sys

import srsly

from benchmarking.done import mark_done, step_done

PROJECT = {
    "vars": {"size": "1"},
    "commands": [
        {
            "name": "make",
            "script": ["python -c \"open('out/model-${vars.size}.txt', 'w').write('${vars.size}')\""],
            "deps": ["data.txt"],
            "outputs": ["out/model-${vars.size}.txt"],
        }
    ],
}


def _run(project, size):
    command = [sys.executable, "-m", "weasel", "run", "make", str(project), "--vars.size", size]
    subprocess.run(command, capture_output=True, text=True, check=True, cwd=project)
    mark_done(project, "make", {"size": size})


def test_each_run_is_remembered_until_its_deps_or_outputs_change(tmp_path):
    (tmp_path / "out").mkdir()
    srsly.write_yaml(tmp_path / "project.yml", PROJECT)
    (tmp_path / "data.txt").write_text("data", encoding="utf8")
    assert not step_done(tmp_path, "make", {"size": "7"})
    _run(tmp_path, "7")
    _run(tmp_path, "8")
    assert step_done(tmp_path, "make", {"size": "7"}) and step_done(tmp_path, "make", {"size": "8"})
    assert not step_done(tmp_path, "make", {"size": "9"})

    (tmp_path / "out" / "model-7.txt").write_text("edited", encoding="utf8")
    assert not step_done(tmp_path, "make", {"size": "7"}) and step_done(tmp_path, "make", {"size": "8"})
    (tmp_path / "out" / "model-8.txt").unlink()
    assert not step_done(tmp_path, "make", {"size": "8"})

    _run(tmp_path, "7")
    (tmp_path / "data.txt").write_text("new data", encoding="utf8")
    assert not step_done(tmp_path, "make", {"size": "7"})


def test_a_step_without_its_outputs_or_deps_is_not_stamped(tmp_path):
    srsly.write_yaml(tmp_path / "project.yml", PROJECT)
    mark_done(tmp_path, "make", {"size": "7"})
    (tmp_path / "data.txt").write_text("data", encoding="utf8")
    mark_done(tmp_path, "make", {"size": "7"})
    assert not step_done(tmp_path, "make", {"size": "7"})
    assert not (tmp_path / ".benchmark").exists()
