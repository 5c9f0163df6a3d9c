"""`annotate --ray`: a local Ray instance on loopback with 2 CPUs, 2 actors that load the
pipeline once each; the output equals the single-process one."""

import json

import pytest

from clinx_spacy.annotate import annotate

ray = pytest.importorskip("ray", reason="needs the ray extra: pip install 'clinx-spacy[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    from clinx_spacy.annotate.ray_backend import LOCAL, connect

    connect(LOCAL, num_cpus=2)
    yield LOCAL
    ray.shutdown()


def test_the_ray_path_equals_the_single_process_path(local_ray, ruler, txt_folder, jsonl_file, tmp_path):
    for source, suffix in ((jsonl_file, ".jsonl"), (txt_folder, "")):
        single, distributed = tmp_path / f"single{suffix}", tmp_path / f"ray{suffix}"
        annotate(ruler, source, single, spans_keys=["copy"], recursive=True)
        summary = annotate(
            str(ruler), source, distributed, spans_keys=["copy"], recursive=True, ray_address=local_ray, batch_size=1
        )
        assert summary.documents == 3
        if suffix:
            assert distributed.read_bytes() == single.read_bytes()
            assert [json.loads(line)["id"] for line in distributed.read_text(encoding="utf8").splitlines()] == [
                "a",
                "b",
                "c",
            ]
        else:
            files = sorted(p.name for p in single.rglob("*") if p.is_file() and not p.name.startswith("."))
            assert files == sorted(p.name for p in distributed.rglob("*") if p.is_file() and not p.name.startswith("."))
            for name in files:
                assert next(distributed.rglob(name)).read_bytes() == next(single.rglob(name)).read_bytes()


def test_ray_needs_a_pipeline_it_can_load_on_every_node(ruler, txt_folder, tmp_path):
    import spacy

    from clinx_spacy.errors import InputError

    with pytest.raises(InputError, match="package name or path"):
        annotate(spacy.load(ruler), txt_folder, tmp_path / "out", ray_address="local")
