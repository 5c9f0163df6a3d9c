import zipfile

import pytest
import srsly
from packaging.requirements import Requirement

from clinx_spacy.packaging import CITATION, clinx_requirement, load_metrics, package_wheel


def test_clinx_requirement_pins_the_minor_series():
    assert clinx_requirement().startswith("clinx-spacy>=")
    assert clinx_requirement().endswith(".0")


def test_package_wheel_carries_meta(ruler_pipeline, tmp_path):
    metrics_path = tmp_path / "meddocan.json"
    srsly.write_json(metrics_path, {"p": 0.9, "r": 0.8, "f": 0.85, "per_label": {"FECHAS": {"f": 0.85}}, "wps": 1.0})
    sources = [{"name": "sample", "url": "https://example.org", "license": "CC0-1.0", "author": "us"}]
    wheel = package_wheel(
        ruler_pipeline,
        tmp_path / "packages",
        "clinx_test",
        "0.0.1",
        metrics=load_metrics([metrics_path]),
        sources=sources,
    )
    assert wheel.name == "es_clinx_test-0.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith("es_clinx_test-0.0.1/meta.json"))
        meta = srsly.json_loads(archive.read(meta_name))
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
    requires = [
        Requirement(line.split(":", 1)[1]) for line in metadata.splitlines() if line.startswith("Requires-Dist:")
    ]
    assert meta["clinx_dev_scores"] == {
        "meddocan": {"p": 0.9, "r": 0.8, "f": 0.85, "per_label": {"FECHAS": {"f": 0.85}}}
    }
    assert meta["citation"] == CITATION
    assert sources[0] in meta["sources"]
    assert Requirement(clinx_requirement()) in requires


def test_load_metrics_names_tasks(tmp_path):
    path = tmp_path / "x.json"
    srsly.write_json(path, {"f": 1.0})
    assert load_metrics([f"cantemist={path}"]) == {"cantemist": {"f": 1.0}}
    with pytest.raises(FileNotFoundError):
        load_metrics([tmp_path / "missing.json"])
