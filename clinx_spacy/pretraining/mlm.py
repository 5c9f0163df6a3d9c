"""Continued masked-LM pretraining with the transformers Trainer.

Runs unchanged under `python` (CPU or one GPU) and `torchrun --nproc_per_node N`
(the Trainer sets up DDP). Layout of the output folder:

    <output>/model/                    final model + tokenizer (one HF folder)
    <output>/pretraining_summary.json  steps, tokens, loss curves, perplexity
    <output>/checkpoints/checkpoint-N  Trainer checkpoints, for resuming
"""

import logging
import math
import os
import time
from pathlib import Path
from typing import Any, Dict, Optional

import torch
from transformers import AutoTokenizer, DataCollatorForLanguageModeling, PreTrainedTokenizerBase, Trainer
from transformers.trainer_utils import get_last_checkpoint

from ..errors import InputError, OutputExists
from ..util import available_cores, write_json
from .blocks import BlockDataset, split_held_out, tokenize_blocks
from .config import Config, training_arguments
from .corpus import read_documents
from .model import load_mlm_model
from .outputs import claim_output

logger = logging.getLogger(__name__)

SUMMARY = "pretraining_summary.json"
MODEL = "model"
CHECKPOINTS = "checkpoints"


class MLMTrainer(Trainer):
    """Trainer that logs the perplexity next to every evaluation loss."""

    def log(self, logs: Dict[str, float], *args: Any, **kwargs: Any) -> None:
        # In place: Trainer.evaluate returns this same dict to its caller.
        if "eval_loss" in logs:
            logs["eval_perplexity"] = perplexity(logs["eval_loss"])
        super().log(logs, *args, **kwargs)


def perplexity(loss: float) -> float:
    """exp(loss), saturating to inf instead of raising on huge losses."""
    return math.exp(loss) if loss < 700 else float("inf")


def run_mlm(config: Config, train_file: Path, model: str, output_dir: Path, *, resume: bool = False) -> Dict[str, Any]:
    """Continue masked-LM training of `model` (local folder or hub name) on
    train_file (one document per line); the result is output_dir/model.

    A finished run with the same settings is a no-op that returns its summary.
    Checkpoints of an earlier run are continued when resume is set, and are an
    error otherwise, as is any other non-empty output_dir.
    """
    started = time.perf_counter()
    output_dir = Path(output_dir)
    data = config["data"]
    max_steps = config["training"].get("max_steps", -1)
    if not (isinstance(max_steps, int) and max_steps > 0):
        raise InputError(f"training.max_steps must be a positive integer, got {max_steps}")
    run_settings = {"model": str(model), "train_file": str(Path(train_file).resolve()), "config": config}
    # A run with other settings (e.g. fewer steps) may be continued from its checkpoints.
    previous = claim_output(output_dir, SUMMARY, run_settings, resumable=CHECKPOINTS)
    if previous is not None:
        logger.info("%s already holds this run (%d steps), nothing to do", output_dir, previous["global_step"])
        return previous
    checkpoint = _checkpoint_to_resume(output_dir, resume)

    _limit_cpu_threads()
    args = training_arguments(config, output_dir / CHECKPOINTS)
    tokenizer = AutoTokenizer.from_pretrained(model)
    _check_tokenizer(tokenizer, model, data["seq_length"])
    docs = read_documents(train_file, max_docs=data["max_docs"], max_chars=data["max_chars"])
    train_docs, eval_docs = split_held_out(docs, data["eval_fraction"], args.seed)
    special_ids = tokenizer.all_special_ids
    train_set = BlockDataset(
        tokenize_blocks(train_docs, tokenizer, data["seq_length"], desc="Tokenizing train"), special_ids
    )
    eval_set = BlockDataset(
        tokenize_blocks(eval_docs, tokenizer, data["seq_length"], desc="Tokenizing held-out"), special_ids
    )
    logger.info(
        "%d train / %d held-out documents -> %d / %d blocks of %d tokens",
        len(train_docs),
        len(eval_docs),
        len(train_set),
        len(eval_set),
        data["seq_length"],
    )
    trainer = MLMTrainer(
        model=load_mlm_model(model),
        args=args,
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm_probability=data["mlm_probability"]),
        train_dataset=train_set,
        eval_dataset=eval_set,
        # Saved with every checkpoint and the final model, so each is self-contained.
        processing_class=tokenizer,
    )
    if checkpoint:
        logger.info("Resuming from %s", checkpoint)
    train_output = trainer.train(resume_from_checkpoint=checkpoint)
    final_eval = _final_evaluation(trainer)
    trainer.save_model(str(output_dir / MODEL))
    effective_batch = args.per_device_train_batch_size * args.gradient_accumulation_steps * args.world_size
    summary = {
        **run_settings,
        "resumed_from": Path(checkpoint).name if checkpoint else None,
        "global_step": trainer.state.global_step,
        "world_size": args.world_size,
        "effective_batch_size": effective_batch,
        "tokens_seen": trainer.state.global_step * effective_batch * data["seq_length"],
        "train_docs": len(train_docs),
        "eval_docs": len(eval_docs),
        "train_blocks": len(train_set),
        "eval_blocks": len(eval_set),
        "parameters": trainer.model.num_parameters(),
        "train_loss_curve": [
            {"step": log["step"], "loss": log["loss"], "learning_rate": log.get("learning_rate")}
            for log in trainer.state.log_history
            if "loss" in log
        ],
        "eval_curve": [
            {"step": log["step"], "eval_loss": log["eval_loss"], "perplexity": log["eval_perplexity"]}
            for log in trainer.state.log_history
            if "eval_loss" in log
        ],
        "train_loss_mean": train_output.training_loss,
        "final_eval_loss": final_eval["eval_loss"],
        "final_perplexity": final_eval["eval_perplexity"],
        "train_runtime_s": train_output.metrics["train_runtime"],
        "wall_time_s": round(time.perf_counter() - started, 2),
    }
    if trainer.is_world_process_zero():
        write_json(output_dir / SUMMARY, summary)
        logger.info(
            "Saved %s: %d steps, eval loss %.4f, perplexity %.2f",
            output_dir / MODEL,
            summary["global_step"],
            summary["final_eval_loss"],
            summary["final_perplexity"],
        )
    return summary


def _final_evaluation(trainer: Trainer) -> Dict[str, float]:
    """The evaluation at the last step: logged during training already, or run now."""
    evaluations = [log for log in trainer.state.log_history if "eval_loss" in log]
    if evaluations and evaluations[-1]["step"] == trainer.state.global_step:
        return evaluations[-1]
    return trainer.evaluate()


def _checkpoint_to_resume(output_dir: Path, resume: bool) -> Optional[str]:
    """The checkpoint to continue from, or None for a fresh run; raises rather
    than letting a fresh run overwrite an earlier run's checkpoints."""
    checkpoint_dir = output_dir / CHECKPOINTS
    last = get_last_checkpoint(str(checkpoint_dir)) if checkpoint_dir.is_dir() else None
    if last and resume:
        return last
    if last:
        raise OutputExists(
            f"{output_dir} holds checkpoints of an earlier run (last: {Path(last).name}): "
            "resume it, or choose a new output folder"
        )
    if resume:
        logger.info("No checkpoint in %s, starting a fresh run", checkpoint_dir)
    return None


def _check_tokenizer(tokenizer: PreTrainedTokenizerBase, model: str, seq_length: int) -> None:
    if tokenizer.mask_token is None:
        raise InputError(f"The tokenizer of {model} has no mask token, it cannot do masked-LM")
    # spacy-transformers 1.4 saves pipelines through the slow tokenizer's files.
    if not getattr(tokenizer, "can_save_slow_tokenizer", True):
        raise InputError(
            f"The tokenizer of {model} has no vocabulary file (e.g. sentencepiece.bpe.model); "
            "spacy-transformers could not save pipelines that use the result"
        )
    if seq_length > tokenizer.model_max_length:
        raise InputError(
            f"data.seq_length {seq_length} exceeds what {model} accepts ({tokenizer.model_max_length} tokens)"
        )


def _limit_cpu_threads() -> None:
    # Share the cores between the processes that torchrun starts on this node;
    # an explicit OMP_NUM_THREADS (torchrun sets 1 by default) wins.
    if "OMP_NUM_THREADS" not in os.environ:
        local_processes = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
        torch.set_num_threads(max(1, available_cores() // local_processes))
