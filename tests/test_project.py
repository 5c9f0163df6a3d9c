"""End to end: `spacy project run all` on a miniature slice of the sample, then again (nothing reruns)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import srsly

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "assets" / "sample"
PACKAGE = "clinx_e2e"


def miniature_corpus(dest: Path, n_train: int, n_dev: int) -> Path:
    for split, n in (("train", n_train), ("dev", n_dev)):
        (dest / split).mkdir(parents=True)
        for txt in sorted((SAMPLE / split).glob("*.txt"))[:n]:
            shutil.copy(txt, dest / split)
            shutil.copy(txt.with_suffix(".ann"), dest / split)
    return dest


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("project")
    for name in ("project.yml", "configs", "scripts"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, path / name)
    miniature_corpus(path / "mini", n_train=24, n_dev=8)
    lines = (SAMPLE / "pretrain.txt").read_text(encoding="utf8").splitlines(keepends=True)[:120]
    (path / "mini" / "pretrain.txt").write_text("".join(lines), encoding="utf8")
    yield path
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "-y", f"es_{PACKAGE}"], capture_output=True)


def run_all(project: Path) -> subprocess.CompletedProcess:
    variables = {
        "corpus": "mini", "pretrain_text": "mini/pretrain.txt", "name": PACKAGE,
        "pretrain_max_steps": 3, "ner_max_steps": 4, "ner_eval_frequency": 2,
        # Four steps teach nothing: this checks the plumbing, the real run checks the entities.
        "smoke_min_ents": 0,
    }
    args = [f"--vars.{key}={value}" for key, value in variables.items()]
    return subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all", str(project), *args],
        capture_output=True, text=True, timeout=1200,
    )


def test_workflow_runs_end_to_end_then_reruns_nothing(project):
    first = run_all(project)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    summary = srsly.read_json(project / "pretrained" / "tiny-sample" / "clinx" / "pretraining_summary.json")
    assert summary["global_step"] == 3
    metrics = srsly.read_json(project / "metrics" / "tiny-sample_dev.json")
    assert metrics["n_docs"] == 8 and 0.0 <= metrics["f"] <= 1.0
    smoke = srsly.read_json(project / "metrics" / f"smoke_es_{PACKAGE}.json")
    assert smoke["pipeline"] == ["transformer", "ner"]
    assert smoke["model"] == f"es_{PACKAGE}-0.1.0"
    predictions = list((project / "training" / "tiny-sample" / "dev_predictions").glob("*.ann"))
    assert len(predictions) == 8

    second = run_all(project)
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    assert "Running command" not in second.stdout
    assert second.stdout.count("Skipping") == 6
