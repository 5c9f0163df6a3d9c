import json

import pytest
import torch

from clinx_spacy.pretraining import apply_overrides, load_pretrain_config, parse_overrides, training_arguments

from .conftest import CONFIGS


def test_tiny_config_builds_training_arguments(tmp_path):
    config = load_pretrain_config(CONFIGS / "pretrain_tiny.json")
    args = training_arguments(config, tmp_path)
    assert args.max_steps == config["training"]["max_steps"] > 0
    # bf16 runs as CPU autocast here: training_arguments sets use_cpu without CUDA.
    assert args.bf16 and not args.fp16
    assert args.use_cpu or torch.cuda.is_available()
    assert config["data"]["mlm_probability"] == 0.15
    assert args.report_to == []


def test_large_config_parses_without_gpu(tmp_path):
    config = load_pretrain_config(CONFIGS / "pretrain_large.json")
    training = config["training"]
    assert training["bf16"] is True and config["data"]["seq_length"] == 512
    # use_cpu only lets TrainingArguments validate bf16 on a machine without CUDA.
    cpu_config = apply_overrides(config, {"training.use_cpu": True})
    args = training_arguments(cpu_config, tmp_path)
    assert args.bf16
    assert args.per_device_train_batch_size == training["per_device_train_batch_size"] == 16
    assert args.gradient_accumulation_steps == training["gradient_accumulation_steps"] == 16
    assert args.learning_rate == 5e-5
    assert args.save_total_limit == 2 and args.save_steps == training["save_steps"]
    assert args.ddp_find_unused_parameters is False


def test_overrides(tmp_path):
    config = load_pretrain_config(CONFIGS / "pretrain_tiny.json", {"training.max_steps": 7, "data.seq_length": 64})
    assert config["training"]["max_steps"] == 7 and config["data"]["seq_length"] == 64
    with pytest.raises(ValueError, match="unknown training settings max_step"):
        apply_overrides(config, {"training.max_step": 3})
    with pytest.raises(ValueError, match="unknown data settings"):
        apply_overrides(config, {"data.block_size": 3})
    with pytest.raises(ValueError, match="Invalid override"):
        apply_overrides(config, {"max_steps": 3})
    with pytest.raises(ValueError, match="run arguments"):
        apply_overrides(config, {"training.output_dir": "x"})
    with pytest.raises(ValueError, match="mlm_probability"):
        apply_overrides(config, {"data.mlm_probability": 1.5})


def test_bad_config_file(tmp_path):
    path = tmp_path / "pretrain.json"
    path.write_text(json.dumps({"training": {}}), encoding="utf8")
    with pytest.raises(ValueError, match='exactly "data" and "training"'):
        load_pretrain_config(path)


def test_parse_overrides():
    args = [
        "--training.max_steps",
        "10",
        "--data.seq-length=64",
        "--training.bf16",
        "--training.lr_scheduler_type",
        "cosine",
        "--training.report_to",
        '["tensorboard"]',
    ]
    assert parse_overrides(args) == {
        "training.max_steps": 10,
        "data.seq_length": 64,
        "training.bf16": True,
        "training.lr_scheduler_type": "cosine",
        "training.report_to": ["tensorboard"],
    }
    with pytest.raises(ValueError, match="Invalid override '--max_steps'"):
        parse_overrides(["--max_steps", "3"])
