"""`spacy package` plus what clinical users need in the meta, built into a wheel without network access."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

import srsly
from spacy.cli.package import package
from spacy.util import load_config

from .about import __title__, __version__
from .errors import InputError
from .outputs import atomic_file
from .util import read_json

CITATION = (
    "Lange, L., Adel, H., Strötgen, J., Klakow, D. (2022). CLIN-X: pre-trained language models and a study "
    "on cross-task transfer for concept extraction in the clinical domain. Bioinformatics 38(12). arXiv:2112.08754"
)
MODEL_SOURCE = {
    "name": "CLIN-X (Lange et al., 2022)",
    "url": "https://arxiv.org/abs/2112.08754",
    # The CLIN-X models and their model cards are released under CC BY 4.0.
    "license": "CC BY 4.0",
    "author": "Lukas Lange, Heike Adel, Jannik Strötgen, Dietrich Klakow",
}


# The assertion status a packaged pipeline can get (`clinx package --assertion`).
ASSERTION_KINDS = ("none", "rules", "learned")
# ConText categories a learned negation and uncertainty tagger leaves to the rules.
RULE_ONLY_CATEGORIES = ["HISTORICAL", "HYPOTHETICAL", "FAMILY"]
ASSERTION_SPANS_KEY = "assertion"
NEGEX_MES = {
    "name": "NegEx-MES (the Spanish negation triggers of clinx_context's rules)",
    "url": "https://github.com/PlanTL-GOB-ES/NegEx-MES",
    "license": "MIT",
    "author": "Plan TL (BSC)",
}
NUBES = {
    "name": "NUBes (the training data of the learned negation and uncertainty tagger)",
    "url": "https://github.com/Vicomtech/NUBes-negation-uncertainty-biomedical-corpus",
    "license": "CC BY-SA 3.0 ES",
    "author": "Lima, Pérez, Cuadros, Rigau (Vicomtech), LREC 2020",
}
ASSERTION_SOURCES = {"rules": [NEGEX_MES], "learned": [NEGEX_MES, NUBES]}

# The package source only: the wheel is built by `pip wheel --no-build-isolation`, offline.
SPACY_PACKAGE_OPTIONS = dict(create_meta=False, create_sdist=False, create_wheel=False, force=True, silent=False)


def clinx_requirement() -> str:
    major, minor = __version__.split(".")[:2]
    return f"{__title__}>={__version__},<{major}.{int(minor) + 1}.0"


def build_meta(
    model_dir: Path,
    metrics: Dict[str, Dict[str, Any]],
    sources: List[Dict[str, str]],
    description: str,
    training: Dict[str, Any],
) -> Dict[str, Any]:
    """The pipeline's meta with strict dev scores per task, data sources and licences, how it
    was trained (`training_summary`), and the paper."""
    meta = srsly.read_json(model_dir / "meta.json")
    meta["description"] = description
    meta["license"] = (
        "CC BY 4.0 (the model, as CLIN-X); MIT (the clinx-spacy code); see sources for the training data licences"
    )
    meta["sources"] = [MODEL_SOURCE, *sources]
    meta["requirements"] = [clinx_requirement(), *meta.get("requirements", [])]
    meta["citation"] = CITATION
    meta["clinx_architecture"] = architecture_summary(model_dir)
    meta["clinx_training"] = training
    meta["clinx_dev_scores"] = {
        task: {key: result[key] for key in ("p", "r", "f", "per_label") if key in result}
        for task, result in metrics.items()
    }
    return meta


def training_summary(model_dir: Path, system: Optional[str] = None) -> Dict[str, Any]:
    """The system and budget a pipeline was trained with: its backbone (the transformer
    folder, or the pipeline a transfer run was sourced from), its static vectors (None
    for none), spaCy's stopping settings,
    and what the run recorded in `training_stats.json` beside `model_dir` (steps, wall time,
    peak memory; None where the folder has no such file)."""
    config = load_config(model_dir / "config.cfg", interpolate=True)
    paths, training = config.get("paths", {}), config.get("training", {})
    vectors = config.get("initialize", {}).get("vectors")
    stats_path = model_dir.parent / "training_stats.json"
    stats = read_json(stats_path) if stats_path.exists() else {}
    return {
        "system": system,
        "backbone": paths.get("transformer") or paths.get("source"),
        "static_vectors": vectors,
        **{key: training.get(key) for key in ("max_steps", "patience", "eval_frequency", "seed")},
        **{key: stats.get(key) for key in ("steps", "wall_time_s", "peak_rss_mb")},
    }


def architecture_summary(model_dir: Path) -> Dict[str, Any]:
    """What each component is, from the pipeline's config: factory, model architecture,
    span getter and tok2vec of a head, so the meta says which configuration was shipped."""
    config = load_config(model_dir / "config.cfg", interpolate=False)
    summary = {}
    for name in config["nlp"]["pipeline"]:
        component = config["components"][name]
        model = component.get("model", {})
        entry = {"factory": component.get("factory", component.get("source"))}
        if "@architectures" in model:
            entry["architecture"] = model["@architectures"]
        if "get_spans" in model:
            entry["span_getter"] = {key: value for key, value in model["get_spans"].items()}
        tok2vec = model.get("tok2vec", {})
        if tok2vec:
            entry["features"] = tok2vec.get("@architectures") or tok2vec.get("@layers")
        if component.get("spans_key"):
            entry["spans_key"] = component["spans_key"]
        summary[name] = entry
    return summary


def add_assertion(model_dir: Path, output_dir: Path, kind: str, assertion_model: Optional[Path] = None) -> Path:
    """Save MODEL_DIR's pipeline with assertion status on every entity of `doc.ents` and of
    its heads' span groups into OUTPUT_DIR: `rules` adds `clinx_context`; `learned` sources
    the cue/scope tagger `assertion` of ASSERTION_MODEL (a pipeline of
    `configs/assertion_*.cfg`, its transformer copied in if it listens to one), then
    `clinx_scope_assertion`, and `clinx_context` for the categories the tagger does not learn."""
    import spacy

    if kind not in ASSERTION_KINDS[1:]:
        raise InputError(f"unknown assertion status {kind!r}: use one of {', '.join(ASSERTION_KINDS)}")
    nlp = spacy.load(model_dir)
    span_groups = sorted(
        {
            pipe.spans_key
            for _, pipe in nlp.pipeline
            if getattr(pipe, "spans_key", None) and pipe.spans_key != ASSERTION_SPANS_KEY
        }
    )
    if kind == "learned":
        if assertion_model is None:
            raise InputError("--assertion learned needs --assertion-model, a trained NUBes tagger")
        source = spacy.load(assertion_model)
        # Found before any replacement: a replaced listener's config no longer serialises.
        tagger_config = source.config["components"][ASSERTION_SPANS_KEY]
        upstreams = [
            (name, listener_paths(tagger_config, name, type(pipe).__name__))
            for name, pipe in source.pipeline
            if ASSERTION_SPANS_KEY in getattr(pipe, "listening_components", ())
        ]
        for name, paths in upstreams:
            if paths != ["model.tok2vec"]:
                # spaCy hands a replace_listener_cfg hook the head's whole `model.tok2vec`, so a
                # listener nested deeper (hybrid features) cannot be copied in faithfully.
                raise InputError(
                    f"{assertion_model}: the tagger listens to {name!r} at {', '.join(paths) or 'no path'}; "
                    "packaging copies an upstream into the head only for a listener at model.tok2vec "
                    "(configs/assertion_cnn.cfg, configs/assertion_<profile>.cfg)"
                )
            source.replace_listeners(name, ASSERTION_SPANS_KEY, paths)
        nlp.add_pipe(ASSERTION_SPANS_KEY, source=source)
        nlp.add_pipe("clinx_scope_assertion", config={"span_groups": span_groups})
        nlp.add_pipe("clinx_context", config={"span_groups": span_groups, "categories": RULE_ONLY_CATEGORIES})
    else:
        nlp.add_pipe("clinx_context", config={"span_groups": span_groups})
    nlp.meta["clinx_assertion"] = {"status": kind, "tagger": str(assertion_model) if kind == "learned" else None}
    nlp.to_disk(output_dir)
    return Path(output_dir)


def listener_paths(component_config: Dict[str, Any], upstream: str, upstream_class: str) -> List[str]:
    """The config paths (`model.tok2vec`, `model.tok2vec.*.transformer`, …) of a
    component's listeners to the pipe `upstream`: transformer listeners for a Transformer,
    tok2vec listeners for a Tok2Vec, whose `upstream` is that name or "*"."""
    kind = "Transformer" if upstream_class == "Transformer" else "Tok2Vec"
    paths = []

    def walk(node: Dict[str, Any], path: str) -> None:
        architecture = str(node.get("@architectures", ""))
        if "Listener" in architecture and kind in architecture and node.get("upstream") in (upstream, "*"):
            paths.append(path)
            return
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{path}.{key}" if path else key)

    walk(component_config, "")
    return paths


def package_wheel(
    model_dir: Path,
    output_dir: Path,
    name: str,
    version: str,
    metrics: Optional[Dict[str, Dict[str, Any]]] = None,
    sources: Optional[List[Dict[str, str]]] = None,
    description: str = "CLIN-X-ES Spanish clinical NER for spaCy",
    assertion: str = "none",
    assertion_model: Optional[Path] = None,
    system: Optional[str] = None,
) -> Path:
    """Package MODEL_DIR and build its wheel into OUTPUT_DIR; returns the wheel's path.
    `assertion`: the assertion status to add (see `add_assertion`), or "none"; `system`:
    the recipe's name for the meta (`training_summary`).

    The wheel is built with `pip wheel --no-build-isolation`, so packaging works offline,
    in a temporary folder: OUTPUT_DIR only ever holds complete wheels.
    """
    if assertion not in ASSERTION_KINDS:
        raise InputError(f"unknown assertion status {assertion!r}: use one of {', '.join(ASSERTION_KINDS)}")
    wheel_dir = Path(output_dir)
    wheel_dir.mkdir(parents=True, exist_ok=True)
    training = training_summary(Path(model_dir), system)
    with tempfile.TemporaryDirectory(dir=wheel_dir, prefix=".assertion-") as staged:
        if assertion != "none":
            model_dir = add_assertion(model_dir, Path(staged) / "model", assertion, assertion_model)
            sources = [*(sources or []), *ASSERTION_SOURCES[assertion]]
        meta = build_meta(model_dir, metrics or {}, sources or [], description, training)
        return _build_wheel(model_dir, wheel_dir, name, version, meta)


def _build_wheel(model_dir: Path, output_dir: Path, name: str, version: str, meta: Dict[str, Any]) -> Path:
    lang = meta["lang"]
    package_name = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
    wheel = Path(output_dir) / f"{package_name}-{version}-py3-none-any.whl"
    with atomic_file(wheel) as target, tempfile.TemporaryDirectory(dir=wheel.parent, prefix=".package-") as tmp:
        build = Path(tmp)
        meta_path = build / "meta.json"
        srsly.write_json(meta_path, meta)
        package(model_dir, build, meta_path=meta_path, name=name, version=version, **SPACY_PACKAGE_OPTIONS)
        source_dir = build / f"{package_name}-{version}"
        pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        subprocess.run([*pip_wheel, "-w", str(build / "wheel"), str(source_dir)], check=True)
        built = build / "wheel" / wheel.name
        if not built.exists():
            raise FileNotFoundError(f"pip wheel did not produce {built.name}")
        os.replace(built, target)
    return wheel


def load_metrics(paths: List[Path]) -> Dict[str, Dict[str, Any]]:
    """Strict dev scores keyed by task: each file is `clinx evaluate --output` JSON, named <task>.json or given as TASK=PATH."""
    metrics = {}
    for spec in paths:
        task, _, path = str(spec).rpartition("=")
        path = Path(path)
        metrics[task or path.stem] = read_json(path)
    return metrics


def load_sources(paths: List[Path]) -> List[Dict[str, str]]:
    """Training-data sources (name, url, license, author) from JSON lists, in order."""
    return [source for path in paths for source in read_json(path)]
