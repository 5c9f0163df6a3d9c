import json
import math

import pytest
from transformers import AutoModelForMaskedLM, AutoTokenizer

from clinx_spacy.pretraining import apply_overrides, run_mlm
from clinx_spacy.pretraining.mlm import CHECKPOINTS, MODEL, SUMMARY


def test_short_run_writes_model_and_summary(tmp_path, fast_config, text_file, model_dir):
    config = apply_overrides(fast_config, {"training.max_steps": 3})
    output = tmp_path / "mlm"
    summary = run_mlm(config, text_file, str(model_dir), output)
    saved = json.loads((output / SUMMARY).read_text(encoding="utf8"))
    assert saved == json.loads(json.dumps(summary))
    assert saved["global_step"] == 3 and saved["resumed_from"] is None
    assert saved["tokens_seen"] == 3 * 4 * 32
    losses = [point["loss"] for point in saved["train_loss_curve"]]
    assert [point["step"] for point in saved["train_loss_curve"]] == [1, 2, 3]
    assert all(math.isfinite(loss) for loss in losses)
    assert math.isfinite(saved["final_eval_loss"])
    assert saved["final_perplexity"] == pytest.approx(math.exp(saved["final_eval_loss"]))
    assert saved["eval_curve"][-1]["perplexity"] == saved["final_perplexity"]
    assert saved["parameters"] > 0 and saved["config"] == json.loads(json.dumps(config))
    final = output / MODEL
    model = AutoModelForMaskedLM.from_pretrained(final)
    tokenizer = AutoTokenizer.from_pretrained(final)
    assert model.config.vocab_size == len(tokenizer)
    assert (final / "sentencepiece.bpe.model").is_file()
    assert json.loads((final / "config.json").read_text())["architectures"] == ["XLMRobertaForMaskedLM"]
    # Re-running the finished run is a no-op.
    before = (final / "model.safetensors").stat().st_mtime_ns
    assert run_mlm(config, text_file, str(model_dir), output) == saved
    assert (final / "model.safetensors").stat().st_mtime_ns == before


def test_resume_continues_from_last_checkpoint(tmp_path, fast_config, text_file, model_dir):
    output = tmp_path / "mlm"
    first = run_mlm(apply_overrides(fast_config, {"training.max_steps": 4}), text_file, str(model_dir), output)
    assert sorted(p.name for p in (output / CHECKPOINTS).iterdir()) == ["checkpoint-2", "checkpoint-4"]
    longer = apply_overrides(fast_config, {"training.max_steps": 6})
    with pytest.raises(FileExistsError, match="resume it"):
        run_mlm(longer, text_file, str(model_dir), output)
    second = run_mlm(longer, text_file, str(model_dir), output, resume=True)
    assert second["resumed_from"] == "checkpoint-4"
    assert second["global_step"] == 6 and second["tokens_seen"] == 6 * 4 * 32
    # The curve restored from the checkpoint continues the first run's.
    assert second["train_loss_curve"][:4] == first["train_loss_curve"]
    assert [point["step"] for point in second["train_loss_curve"]] == [1, 2, 3, 4, 5, 6]
    state = json.loads((output / CHECKPOINTS / "checkpoint-6" / "trainer_state.json").read_text())
    assert state["global_step"] == 6


def test_resume_without_checkpoint_starts_fresh(tmp_path, fast_config, text_file, model_dir):
    config = apply_overrides(fast_config, {"training.max_steps": 1, "training.save_strategy": "no"})
    summary = run_mlm(config, text_file, str(model_dir), tmp_path / "mlm", resume=True)
    assert summary["global_step"] == 1 and summary["resumed_from"] is None


def test_refuses_non_empty_output_and_long_sequences(tmp_path, fast_config, text_file, model_dir):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf8")
    with pytest.raises(FileExistsError, match="not empty"):
        run_mlm(fast_config, text_file, str(model_dir), tmp_path)
    too_long = apply_overrides(fast_config, {"data.seq_length": 1024})
    with pytest.raises(ValueError, match="seq_length 1024 exceeds"):
        run_mlm(too_long, text_file, str(model_dir), tmp_path / "new")
