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


@pytest.mark.parametrize("config", ["ner_tiny.cfg", "ner_tiny_crf.cfg", "ner_large.cfg", "ner_cnn.cfg"])
def test_ner_config_validates(config):
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "config", str(ROOT / "configs" / config),
         "--paths.train", str(SAMPLE / "train"), "--paths.dev", str(SAMPLE / "dev"),
         # The tiny profile names its pretrained folder at run time; it is not loaded to validate.
         *(["--paths.transformer", "pretrained/tiny-sample/clinx/model"] if config.startswith("ner_tiny") else [])],
        capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout


def test_large_ner_config_is_the_gpu_setting():
    from spacy.util import load_config

    config = load_config(ROOT / "configs" / "ner_large.cfg")
    assert config["system"]["gpu_allocator"] == "pytorch"
    assert config["components"]["transformer"]["model"]["mixed_precision"] is True
    assert config["paths"]["transformer"] == "llange/xlm-roberta-large-spanish-clinical"


def test_large_pretraining_arguments_parse_on_cpu(tmp_path):
    config = load_pretrain_config(ROOT / "configs" / "pretrain_large.json", {"training.use_cpu": True, "training.bf16": False})
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
