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


# The package source only: the wheel is built by `pip wheel --no-build-isolation`, offline.
SPACY_PACKAGE_OPTIONS = dict(create_meta=False, create_sdist=False, create_wheel=False, force=True, silent=False)


def clinx_requirement() -> str:
    major, minor = __version__.split(".")[:2]
    return f"{__title__}>={__version__},<{major}.{int(minor) + 1}.0"


def build_meta(
    model_dir: Path, metrics: Dict[str, Dict[str, Any]], sources: List[Dict[str, str]], description: str
) -> Dict[str, Any]:
    """The pipeline's meta with strict dev scores per task, data sources and licences, and the paper."""
    meta = srsly.read_json(model_dir / "meta.json")
    meta["description"] = description
    meta["license"] = (
        "CC BY 4.0 (the model, as CLIN-X); MIT (the clinx-spacy code); see sources for the training data licences"
    )
    meta["sources"] = [MODEL_SOURCE, *sources]
    meta["requirements"] = [clinx_requirement(), *meta.get("requirements", [])]
    meta["citation"] = CITATION
    meta["clinx_architecture"] = architecture_summary(model_dir)
    meta["clinx_dev_scores"] = {
        task: {key: result[key] for key in ("p", "r", "f", "per_label") if key in result}
        for task, result in metrics.items()
    }
    return meta


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


def package_wheel(
    model_dir: Path,
    output_dir: Path,
    name: str,
    version: str,
    metrics: Optional[Dict[str, Dict[str, Any]]] = None,
    sources: Optional[List[Dict[str, str]]] = None,
    description: str = "CLIN-X-ES Spanish clinical NER for spaCy",
) -> Path:
    """Package MODEL_DIR and build its wheel into OUTPUT_DIR; returns the wheel's path.

    The wheel is built with `pip wheel --no-build-isolation`, so packaging works offline,
    in a temporary folder: OUTPUT_DIR only ever holds complete wheels.
    """
    meta = build_meta(model_dir, metrics or {}, sources or [], description)
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
