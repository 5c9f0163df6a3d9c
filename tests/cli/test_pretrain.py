import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from clinx_spacy.cli.pretrain import app

from tiny_models import CONFIGS, ROOT, TINY_SIZE

runner = CliRunner()


def mlm_args(text_file, model, output) -> list:
    """`mlm` for 2 steps of 2 x 32-token blocks, without checkpoints."""
    return (
        f"mlm {CONFIGS / 'pretrain_tiny.json'} --train-file {text_file} --model {model} --output {output} "
        "--max-steps 2 --data.seq_length 32 --data.eval_fraction 0.1 "
        "--training.per_device_train_batch_size 2 --training.save_strategy no"
    ).split()


def test_cli_end_to_end(tmp_path, text_file):
    size = tmp_path / "size.json"
    size.write_text(json.dumps(TINY_SIZE), encoding="utf8")
    steps = [
        ["train-tokenizer", str(text_file), str(tmp_path / "tok"), "--vocab-size", "300", "--max-docs", "40"],
        ["init-model", str(tmp_path / "tok"), str(size), str(tmp_path / "init")],
        mlm_args(text_file, tmp_path / "init", tmp_path / "mlm"),
    ]
    for args in steps:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "mlm" / "pretraining_summary.json").read_text(encoding="utf8"))
    assert summary["global_step"] == 2
    assert summary["config"]["training"]["per_device_train_batch_size"] == 2
    assert summary["config"]["data"]["seq_length"] == 32


def test_torchrun_runs_one_ddp_job(tmp_path, text_file, model_dir):
    """`torchrun -m clinx_spacy.pretraining` on a machine without CUDA trains one CPU DDP job, not N copies."""
    torchrun = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]
    command = [*torchrun, "-m", "clinx_spacy.pretraining", *mlm_args(text_file, model_dir, tmp_path / "mlm")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "mlm" / "pretraining_summary.json").read_text(encoding="utf8"))
    assert summary["world_size"] == 2 and summary["effective_batch_size"] == 4
    assert summary["tokens_seen"] == 2 * 4 * 32


def test_prepare_model_builds_the_tiny_start(tmp_path, text_file):
    (tmp_path / "size.json").write_text(json.dumps(TINY_SIZE), encoding="utf8")
    init = tmp_path / "init_tiny.json"
    init.write_text(json.dumps({"tokenizer": {"vocab_size": 300}, "model_size": "size.json"}), encoding="utf8")
    result = runner.invoke(app, ["prepare-model", str(init), str(text_file), str(tmp_path / "init")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "init" / "sentencepiece.bpe.model").is_file()
    assert json.loads((tmp_path / "init" / "config.json").read_text())["hidden_size"] == TINY_SIZE["hidden_size"]
