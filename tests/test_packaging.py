import zipfile

import pytest
import spacy
import srsly
from packaging.requirements import Requirement

from clinx_spacy.packaging import CITATION, clinx_requirement, load_metrics, package_wheel, training_summary

SETTINGS = ("max_steps", "patience", "eval_frequency", "seed")


def test_clinx_requirement_pins_the_minor_series():
    assert clinx_requirement().startswith("clinx-spacy>=")
    assert clinx_requirement().endswith(".0")


def test_package_wheel_carries_meta(ruler_pipeline, tmp_path):
    metrics_path = tmp_path / "meddocan.json"
    srsly.write_json(metrics_path, {"p": 0.9, "r": 0.8, "f": 0.85, "per_label": {"FECHAS": {"f": 0.85}}, "wps": 1.0})
    sources = [{"name": "sample", "url": "https://example.org", "license": "CC0-1.0", "author": "us"}]
    stats = {"steps": 500, "wall_time_s": 61.5, "peak_rss_mb": 900.0, "evaluations": []}
    srsly.write_json(ruler_pipeline.parent / "training_stats.json", stats)
    wheel = package_wheel(
        ruler_pipeline,
        tmp_path / "packages",
        "clinx_test",
        "0.0.1",
        metrics=load_metrics([metrics_path]),
        sources=sources,
        system="ner_tiny_crf_hybrid",
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
    assert meta["clinx_training"] == {
        "system": "ner_tiny_crf_hybrid",
        "backbone": None,
        "static_vectors": None,
        **{
            key: spacy.util.load_config(ruler_pipeline / "config.cfg", interpolate=True)["training"][key]
            for key in SETTINGS
        },
        "steps": 500,
        "wall_time_s": 61.5,
        "peak_rss_mb": 900.0,
    }
    assert meta["citation"] == CITATION
    assert sources[0] in meta["sources"]
    assert Requirement(clinx_requirement()) in requires
    assert "clinx_context" not in meta["pipeline"]


def test_the_training_summary_names_backbone_or_source_and_misses_nothing_silently(ruler_pipeline):
    config = spacy.util.load_config(ruler_pipeline / "config.cfg")
    config["paths"]["source"] = "training/tiny-meddocan-crf-hybrid/model-best"
    config["training"]["max_steps"] = 700
    config["initialize"]["vectors"] = "vectors/clinical2-floret"
    config.to_disk(ruler_pipeline / "config.cfg")
    summary = training_summary(ruler_pipeline)
    assert summary["backbone"] == "training/tiny-meddocan-crf-hybrid/model-best" and summary["max_steps"] == 700
    assert summary["static_vectors"] == "vectors/clinical2-floret"
    assert summary["system"] is None and summary["steps"] is None, "no training_stats.json beside it"
    assert summary["seed"] == config["system"]["seed"], "variables resolved"


def test_a_wheel_with_rules_credits_negex_mes(ruler_pipeline, tmp_path):
    from clinx_spacy.packaging import NEGEX_MES

    wheel = package_wheel(ruler_pipeline, tmp_path / "packages", "clinx_rules", "0.0.1", assertion="rules")
    with zipfile.ZipFile(wheel) as archive:
        meta = srsly.json_loads(archive.read(next(n for n in archive.namelist() if n.endswith("0.0.1/meta.json"))))
        names = archive.namelist()
    assert meta["pipeline"][-1] == "clinx_context" and NEGEX_MES in meta["sources"]
    assert meta["clinx_assertion"] == {"status": "rules", "tagger": None}
    assert any(n.endswith("clinx_context/context_rules.json") for n in names)
    assert [p.name for p in (tmp_path / "packages").iterdir()] == [wheel.name]


def test_load_metrics_names_tasks(tmp_path):
    path = tmp_path / "x.json"
    srsly.write_json(path, {"f": 1.0})
    assert load_metrics([f"cantemist={path}"]) == {"cantemist": {"f": 1.0}}
    with pytest.raises(FileNotFoundError):
        load_metrics([tmp_path / "missing.json"])


def _assertion_tagger(path, nlp):
    """A cue/scope tagger trained a few steps on two NUBes-style sentences, saved at `path`."""
    from spacy.tokens import Span
    from spacy.training import Example

    examples = []
    for text, spans in [("Sin fiebre .", [(0, 1, "NegSynMarker"), (1, 2, "NegScope")]), ("Probable HTA .", [(0, 1, "UncertLexMarker"), (1, 2, "UncertScope")])]:  # fmt: skip
        reference = nlp.make_doc(text)
        reference.spans["assertion"] = [Span(reference, s, e, label=label) for s, e, label in spans]
        examples.append(Example(nlp.make_doc(text), reference))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(3):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(path)
    return path


@pytest.mark.parametrize("backbone", ["cnn", "transformer"])
def test_learned_assertion_is_sourced_into_the_packaged_pipeline(ruler_pipeline, model_dir, tmp_path, backbone):
    import spacy

    from clinx_spacy.packaging import add_assertion

    from tiny_models import add_crf_head, add_tiny_transformer, strided

    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.ClinicalTokenizer.v1"}}})
    if backbone == "cnn":
        nlp.add_pipe("clinx_crf_ner", name="assertion", config={"spans_key": "assertion"})
    else:
        add_tiny_transformer(nlp, model_dir, strided(16, 12))
        add_crf_head(nlp, "spacy-transformers.TransformerListener.v1", name="assertion")
        nlp.get_pipe("assertion").cfg["spans_key"] = "assertion"
    tagger = _assertion_tagger(tmp_path / "tagger", nlp)
    packaged = add_assertion(ruler_pipeline, tmp_path / "packaged", "learned", tagger)
    loaded = spacy.load(packaged)
    assert loaded.pipe_names[-3:] == ["assertion", "clinx_scope_assertion", "clinx_context"]
    assert "transformer" not in loaded.pipe_names  # a listened-to transformer is copied into the head
    assert loaded.get_pipe("clinx_context").categories == ["HISTORICAL", "HYPOTHETICAL", "FAMILY"]
    assert loaded.meta["clinx_assertion"] == {"status": "learned", "tagger": str(tagger)}
    doc = loaded("Antecedentes de trastuzumab. Alta el 12/03/2019.")
    assert [(e.text, e._.is_historical) for e in doc.ents] == [("trastuzumab", True), ("12/03/2019", False)]
    assert "assertion" in doc.spans


def test_rules_assertion_covers_every_head_span_group(tmp_path):
    import spacy

    from clinx_spacy.packaging import add_assertion

    nlp = spacy.blank("es")
    nlp.add_pipe("clinx_crf_ner", name="meddocan", config={"spans_key": "meddocan"})
    nlp.add_pipe("clinx_crf_ner", name="cantemist", config={"spans_key": "cantemist"})
    nlp.to_disk(tmp_path / "heads")
    loaded = spacy.load(add_assertion(tmp_path / "heads", tmp_path / "with_rules", "rules"))
    assert loaded.pipe_names[-1] == "clinx_context"
    assert loaded.get_pipe("clinx_context").span_groups == ["cantemist", "meddocan"]


def test_packaging_refuses_an_unknown_assertion(ruler_pipeline, tmp_path):
    from clinx_spacy.errors import InputError

    with pytest.raises(InputError, match="unknown assertion status 'regex'"):
        package_wheel(ruler_pipeline, tmp_path, "x", "0.0.1", assertion="regex")
    with pytest.raises(InputError, match="needs --assertion-model"):
        package_wheel(ruler_pipeline, tmp_path, "x", "0.0.1", assertion="learned")
    assert list(tmp_path.iterdir()) == [ruler_pipeline]
