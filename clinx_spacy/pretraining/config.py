"""Pretraining configs: JSON with a "data" and a "training" section.

"training" holds transformers TrainingArguments by their own names, so every
Trainer option (bf16, gradient accumulation, DDP settings...) is available.
"""

import copy
import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import torch
from transformers import TrainingArguments

from ..errors import InputError
from ..util import read_json

DATA_DEFAULTS: Dict[str, Any] = {
    "seq_length": 128,
    "eval_fraction": 0.02,
    "max_docs": None,
    "max_chars": None,
    "mlm_probability": 0.15,
}
# Paths are arguments of the run, not settings of the recipe.
RUN_ARGUMENTS = ("output_dir", "resume_from_checkpoint")
TRAINING_KEYS = {field.name for field in dataclasses.fields(TrainingArguments) if field.init}
TRAINING_DEFAULTS: Dict[str, Any] = {"report_to": "none"}

Config = Dict[str, Dict[str, Any]]


def load_pretrain_config(path: Path, overrides: Optional[Dict[str, Any]] = None) -> Config:
    """Read a pretraining config and apply "section.key" overrides to it."""
    path = Path(path)
    raw = read_json(path)
    if not isinstance(raw, dict) or set(raw) != {"data", "training"}:
        raise InputError(f'{path}: expected a JSON object with exactly "data" and "training"')
    config: Config = {"data": {**DATA_DEFAULTS, **raw["data"]}, "training": {**TRAINING_DEFAULTS, **raw["training"]}}
    _check_keys(config, str(path))
    return apply_overrides(config, overrides or {})


def apply_overrides(config: Config, overrides: Dict[str, Any]) -> Config:
    """Return a copy of config with {"section.key": value} overrides applied."""
    config = copy.deepcopy(config)
    for dotted, value in overrides.items():
        section, _, key = dotted.partition(".")
        if section not in config or not key:
            raise InputError(f"Invalid override '{dotted}': use data.<key> or training.<key>")
        config[section][key] = value
    _check_keys(config, "overrides")
    return config


def parse_overrides(args: List[str]) -> Dict[str, Any]:
    """Parse CLI overrides: --section.key VALUE, --section.key=VALUE, or a bare
    --section.key flag (true). Values are read as JSON, else kept as strings.

    spaCy's parser does the same, but the pretraining must run on GPU nodes
    that only have transformers installed.
    """
    overrides: Dict[str, Any] = {}
    args = list(args)
    while args:
        arg = args.pop(0)
        if not arg.startswith("--") or "." not in arg:
            raise InputError(f"Invalid override '{arg}': use --data.<key> VALUE or --training.<key> VALUE")
        name, has_value, value = arg[2:].partition("=")
        if not has_value:
            value = args.pop(0) if args and not args[0].startswith("--") else "true"
        try:
            overrides[name.replace("-", "_")] = json.loads(value)
        except json.JSONDecodeError:
            overrides[name.replace("-", "_")] = value
    return overrides


def training_arguments(config: Config, output_dir: Path) -> TrainingArguments:
    """Build TrainingArguments from the "training" section."""
    settings = dict(config["training"])
    # Without CUDA, use_cpu makes torchrun start one CPU DDP run (not independent
    # single-process runs) and lets bf16 run as CPU autocast (AMX/AVX512-BF16 CPUs
    # do the tiny profile's matmuls about twice as fast) instead of failing.
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    if (distributed or settings.get("bf16")) and not torch.cuda.is_available():
        settings.setdefault("use_cpu", True)
    return TrainingArguments(output_dir=str(output_dir), **settings)


def _check_keys(config: Config, source: str) -> None:
    unknown_data = sorted(set(config["data"]) - set(DATA_DEFAULTS))
    if unknown_data:
        raise InputError(
            f"{source}: unknown data settings {', '.join(unknown_data)} (known: {', '.join(DATA_DEFAULTS)})"
        )
    unknown_training = sorted(set(config["training"]) - TRAINING_KEYS)
    if unknown_training:
        raise InputError(
            f"{source}: unknown training settings {', '.join(unknown_training)} "
            "(use transformers.TrainingArguments names)"
        )
    run_arguments = sorted(set(config["training"]) & set(RUN_ARGUMENTS))
    if run_arguments:
        raise InputError(f"{source}: {', '.join(run_arguments)} are run arguments, not settings")
    data = config["data"]
    if not (isinstance(data["seq_length"], int) and data["seq_length"] > 8):
        raise InputError(f"{source}: data.seq_length must be an integer > 8")
    for key in ("eval_fraction", "mlm_probability"):
        if not 0 < data[key] < 1:
            raise InputError(f"{source}: data.{key} must be between 0 and 1, got {data[key]}")
