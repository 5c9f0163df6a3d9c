"""The clinx-spacy wheel holds the library and nothing of the project around it."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
LIBRARY_ROOMS = {"annotate", "brat", "cli", "context", "deid", "ml", "pipeline", "pretraining", "training"}
# Data files the code reads, the only files that are not Python.
PACKAGE_DATA = ("clinx_spacy/deid/data/default_policy.json", "clinx_spacy/deid/data/institutions.json",
                "clinx_spacy/deid/data/presidio_entities.json", "clinx_spacy/context/data/es_context_rules.json")  # fmt: skip


def test_wheel_holds_only_the_library(tmp_path):
    # Built from a copy of the checkout's files, so no build/ folder of an earlier build can leak in.
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    source = tmp_path / "source"
    for name in files:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    (wheel,) = wheels.glob("clinx_spacy-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    package = [name for name in names if not name.split("/")[0].endswith(".dist-info")]
    assert package and all(name.startswith("clinx_spacy/") for name in package), package
    assert sorted(n for n in package if not n.endswith(".py")) == sorted(PACKAGE_DATA)
    rooms = {name.split("/")[1] for name in package if name.count("/") > 1}
    assert rooms == LIBRARY_ROOMS
    for unwanted in ("benchmark", "synthetic", "sample", "vocabulary", "results", "configs", "alignment"):
        assert not [name for name in package if unwanted in name], unwanted
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "clinx_crf_ner = clinx_spacy.pipeline.crf_ner:make_crf_ner" in entry_points
