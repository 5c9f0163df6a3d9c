"""Cross-task transfer (Lange et al.): a task's NER trained from another task's trained
pipeline. The config is the target's own, with every component but the head sourced
(`source = ${paths.source}`: the transformer, and the character-hash tok2vec of a hybrid),
so spaCy copies their trained weights and resumes training them, while the head starts
afresh for the target's labels."""

import copy
import re
from typing import Any, Sequence

from thinc.api import Config

HEAD = "ner"
SOURCE = "${paths.source}"
_REFERENCE = re.compile(r"^\$\{components\.([^.}]+)\.[^}]*\}$")


def transfer_config(base: Config, heads: Sequence[str] = (HEAD,)) -> Config:
    """`base` (a single-task NER config, read with interpolate=False) with each component
    outside `heads` sourced from `${paths.source}`, a new path that names the source
    pipeline; the heads keep their blocks, so they are built and initialised anew."""
    config = Config(copy.deepcopy(dict(base)))
    pipeline = config["nlp"]["pipeline"]
    missing = [head for head in heads if head not in pipeline]
    if missing:
        raise ValueError(f"The base config has no head {', '.join(missing)} in its pipeline {pipeline}")
    shared = [name for name in pipeline if name not in heads]
    if not shared:
        raise ValueError(f"Nothing to transfer: the pipeline {pipeline} has only the heads")
    # A sourced component is trained on from its weights; frozen, it would not learn the new task.
    frozen = set(config["training"].get("frozen_components", [])) & set(shared)
    if frozen:
        raise ValueError(f"The base config freezes {sorted(frozen)}: transfer fine-tunes them")
    # A head's references into a shared block (a listener's width) outlive that block as values.
    resolved = Config(copy.deepcopy(dict(base))).interpolate()
    for head in heads:
        config["components"][head] = _resolve(config["components"][head], resolved, set(shared))
    for name in shared:
        config["components"][name] = {"source": SOURCE}
    config["paths"] = {**config["paths"], "source": None}
    return config


def _resolve(block: Any, resolved: Config, shared: set) -> Any:
    """`block` with each whole-value reference to a block of a `shared` component replaced by its value."""
    if isinstance(block, dict):
        return {key: _resolve(value, resolved, shared) for key, value in block.items()}
    if isinstance(block, str):
        match = _REFERENCE.match(block)
        if match and match.group(1) in shared:
            value: Any = resolved
            for part in block[2:-1].split("."):
                value = value[part]
            return value
    return block
