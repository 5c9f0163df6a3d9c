"""Every shipped config validates; the GPU (large) profile included, without a GPU or a network."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from weasel.util import load_project_config

from clinx_spacy.pretraining import load_pretrain_config, training_arguments
from clinx_spacy.pretraining.prepare import load_init_config

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "assets" / "sample"


TINY_CONFIGS = [
    "ner_tiny.cfg",
    "ner_tiny_hybrid.cfg",
    "ner_tiny_crf.cfg",
    "ner_tiny_crf_context.cfg",
    "ner_tiny_crf_context_subword.cfg",
    "ner_tiny_crf_hybrid.cfg",
]


@pytest.mark.parametrize(
    "config",
    [
        *TINY_CONFIGS,
        "ner_large.cfg",
        "ner_large_crf.cfg",
        "ner_large_crf_context_subword.cfg",
        "ner_cnn.cfg",
        "ner_tiny_multitask.cfg",
        "ner_large_multitask.cfg",
        "assertion_cnn.cfg",
        "assertion_tiny.cfg",
        "assertion_large.cfg",
    ],
)
def test_ner_config_validates(config, tmp_path):
    if config.endswith("multitask.cfg"):
        # Five tasks made of one: the reader only needs <corpora>/<task>/{train,dev}.
        for task in ("meddocan", "cantemist", "pharmaconer", "meddoprof_ner", "meddoprof_class"):
            (tmp_path / task).mkdir()
            for split in ("train", "dev"):
                (tmp_path / task / split).symlink_to(SAMPLE / split)
        data = ["--paths.corpora", str(tmp_path)]
    else:
        data = ["--paths.train", str(SAMPLE / "train"), "--paths.dev", str(SAMPLE / "dev")]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "debug",
            "config",
            str(ROOT / "configs" / config),
            *data,
            # The tiny profile names its pretrained folder at run time; it is not loaded to validate.
            *(["--paths.transformer", "pretrained/tiny-sample/clinx/model"] if "_tiny" in config else []),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout


# Each step of the improved-architecture ablation changes one thing of the step before.
ABLATION_STEPS = [
    ("ner_tiny.cfg", "ner_tiny_crf.cfg", {"components.ner"}),
    (
        "ner_tiny_crf.cfg",
        "ner_tiny_crf_context.cfg",
        {"components.transformer.model.get_spans", "components.ner.model.tok2vec"},
    ),
    ("ner_tiny_crf_context.cfg", "ner_tiny_crf_context_subword.cfg", {"nlp.tokenizer"}),
    ("ner_tiny.cfg", "ner_tiny_hybrid.cfg", {"nlp", "components.tok2vec", "components.ner.model.tok2vec"}),
    ("ner_tiny_hybrid.cfg", "ner_tiny_crf_hybrid.cfg", {"components.ner"}),
    ("ner_large.cfg", "ner_large_crf.cfg", {"components.ner"}),
    (
        "ner_large_crf.cfg",
        "ner_large_crf_context_subword.cfg",
        {"nlp.tokenizer", "components.transformer.model.get_spans", "components.ner.model.tok2vec"},
    ),
]


# The tiny profile's heads also see the character-hash CNN features (they beat the pure
# tiny transformer on every task); XLM-R-large is used as the paper does.
@pytest.mark.parametrize("profile,base", [("tiny", "ner_tiny_crf_hybrid.cfg"), ("large", "ner_large_crf.cfg")])
def test_multitask_configs_are_generated_from_the_crf_configs(profile, base, tmp_path):
    """The committed multi-task configs are what `clinx init multitask-config` writes from the task table."""
    output = tmp_path / "multitask.cfg"
    base = Path("configs") / base
    subprocess.run(
        ["clinx", "init", "multitask-config", str(base), str(output), "--tasks", "configs/tasks.json"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert output.read_text(encoding="utf8") == (ROOT / "configs" / f"ner_{profile}_multitask.cfg").read_text(
        encoding="utf8"
    )


def _flatten(config, prefix=""):
    for key, value in config.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@pytest.mark.parametrize("base,variant,changed", ABLATION_STEPS)
def test_each_config_changes_only_its_part(base, variant, changed):
    from spacy.util import load_config

    before = dict(_flatten(load_config(ROOT / "configs" / base, interpolate=False)))
    after = dict(_flatten(load_config(ROOT / "configs" / variant, interpolate=False)))
    differing = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert differing, f"{variant} is the same as {base}"
    outside = {key for key in differing if not any(key == part or key.startswith(part + ".") for part in changed)}
    assert not outside, f"{variant} also changes {sorted(outside)}"


def test_large_ner_config_is_the_gpu_setting():
    from spacy.util import load_config

    config = load_config(ROOT / "configs" / "ner_large.cfg")
    assert config["system"]["gpu_allocator"] == "pytorch"
    assert config["components"]["transformer"]["model"]["mixed_precision"] is True
    assert config["paths"]["transformer"] == "llange/xlm-roberta-large-spanish-clinical"


def test_large_pretraining_arguments_parse_on_cpu(tmp_path):
    config = load_pretrain_config(
        ROOT / "configs" / "pretrain_large.json", {"training.use_cpu": True, "training.bf16": False}
    )
    args = training_arguments(config, tmp_path)
    assert args.per_device_train_batch_size * args.gradient_accumulation_steps == 256
    assert config["data"]["seq_length"] == 512
    assert json.loads((ROOT / "configs" / "pretrain_large.json").read_text())["training"]["bf16"] is True


@pytest.mark.parametrize("profile", ["tiny", "large"])
def test_init_config_per_profile(profile):
    config = load_init_config(ROOT / "configs" / f"init_{profile}.json")
    if profile == "large":
        assert config == {"from_pretrained": "xlm-roberta-large"}
    else:
        assert (ROOT / "configs" / config["model_size"]).exists()


def test_project_commands_have_declared_outputs():
    """Weasel reruns commands without outputs every time; `spacy project run all` twice must rerun nothing."""
    project = load_project_config(ROOT)
    commands = {command["name"]: command for command in project["commands"]}
    for workflow in project["workflows"].values():
        for name in workflow:
            assert commands[name].get("outputs"), f"{name} declares no outputs"
            assert commands[name].get("deps"), f"{name} declares no deps"
