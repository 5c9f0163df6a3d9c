"""The large profile on a GPU for a few hundred steps: MLM and NER throughput and memory.

The model is XLM-R-large-sized (24 x 1024, vocabulary padded to XLM-R's 250,002 rows) and randomly
initialised, because no weights can be downloaded on the benchmark machine; speed and memory depend on
the shapes, not on the weights.
"""

import gc
import platform
import time
from pathlib import Path
from typing import Any, Dict, Sequence

import torch

from clinx_spacy.pretraining import init_model, load_pretrain_config, load_size_config, run_mlm, train_tokenizer
from clinx_spacy.pretraining.model import MANIFEST
from clinx_spacy.training.stats_logger import peak_gpu_mb, peak_rss_mb
from clinx_spacy.util import read_json, setup_gpu, write_json

XLMR_VOCAB_SIZE = 250002


def benchmark_mlm(
    pretrain_config: Path, text: Path, model_dir: Path, output_dir: Path, steps: int, batch_size: int
) -> Dict[str, Any]:
    overrides = {
        "training.max_steps": steps,
        "training.per_device_train_batch_size": batch_size,
        "training.gradient_accumulation_steps": 1,
        "training.eval_steps": steps,
        # A 560M-parameter checkpoint with optimizer state is ~7 GB of disk writes that are not being measured.
        "training.save_strategy": "no",
        "training.logging_steps": 10,
        "training.warmup_steps": min(50, steps // 4),
    }
    config = load_pretrain_config(pretrain_config, overrides)
    if not torch.cuda.is_available():
        # Lets the same benchmark be checked on a CPU with a tiny size config.
        config["training"].update(bf16=False, fp16=False, dataloader_pin_memory=False, dataloader_num_workers=0)
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    summary = run_mlm(config, text, str(model_dir), output_dir)
    seq_length = config["data"]["seq_length"]
    return {
        "steps": summary["global_step"],
        "batch_size": batch_size,
        "seq_length": seq_length,
        "bf16": bool(config["training"].get("bf16")),
        "parameters": summary["parameters"],
        "tokens_seen": summary["tokens_seen"],
        "train_runtime_s": summary["train_runtime_s"],
        "tokens_per_s": round(summary["tokens_seen"] / summary["train_runtime_s"], 1),
        "s_per_step": round(summary["train_runtime_s"] / summary["global_step"], 4),
        "final_train_loss": summary["train_loss_curve"][-1]["loss"] if summary["train_loss_curve"] else None,
        "peak_gpu_mb": peak_gpu_mb(),
    }


def benchmark_ner(
    ner_config: Path, corpus: Path, transformer_dir: Path, output_dir: Path, steps: int, gpu_id: int
) -> Dict[str, Any]:
    import spacy
    from spacy.cli.train import train

    from clinx_spacy.brat.conversion import load_gold_docs
    from clinx_spacy.evaluation import evaluate_pipeline

    setup_gpu(gpu_id)
    if gpu_id >= 0:
        # The peak is this config's alone: nothing of an earlier stage's model stays allocated.
        gc.collect()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    stats_path = output_dir / "training_stats.json"
    overrides = {
        "paths.train": str(corpus / "train"),
        "paths.dev": str(corpus / "dev"),
        "paths.transformer": str(transformer_dir),
        "paths.stats": str(stats_path),
        "training.max_steps": steps,
        "training.eval_frequency": steps,
    }
    if gpu_id < 0:
        # Mixed precision's gradient scaler needs CUDA; this lets the benchmark be checked on a CPU.
        overrides["components.transformer.model.mixed_precision"] = False
    train(ner_config, output_dir, use_gpu=gpu_id, overrides=overrides)
    training = read_json(stats_path)
    nlp = spacy.load(output_dir / "model-last")
    gold = list(load_gold_docs(corpus / "dev", nlp))
    evaluate_pipeline(nlp, gold[:8])  # warm-up: kernels, allocator, tokenizer caches
    results = evaluate_pipeline(nlp, gold, batch_size=64)
    return {
        "train_steps": training["steps"],
        "train_words_per_s": training["train_words_per_s"],
        "train_wall_time_s": training["wall_time_s"],
        "train_peak_gpu_mb": training["peak_gpu_mb"],
        "inference_words_per_s": round(results["wps"], 1),
        "inference_docs": results["n_docs"],
        "dev_f_after_short_training": round(results["f"], 4),
        "peak_gpu_mb": peak_gpu_mb(),
    }


def run(
    output: Path,
    workdir: Path,
    pretrain_text: Path,
    corpus: Path,
    size_config: Path,
    pretrain_config: Path,
    ner_configs: Sequence[Path],
    mlm_steps: int,
    mlm_batch_size: int,
    ner_steps: int,
    vocab_size: int = XLMR_VOCAB_SIZE,
    tokenizer_vocab_size: int = 32000,
    gpu_id: int = 0,
) -> Dict[str, Any]:
    """Run MLM, then NER with each config on the MLM result, writing `output` after each stage
    so that a later failure keeps the numbers measured before it."""
    started = time.perf_counter()
    results: Dict[str, Any] = {
        "what": "large profile, randomly initialised XLM-R-large-sized model: MLM and NER throughput and memory",
        "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else platform.processor() or "cpu",
        "torch": torch.__version__,
        "size_config": load_size_config(size_config),
        "vocab_size": vocab_size,
        "pretrain_text": str(pretrain_text),
        "corpus": str(corpus),
    }

    def save() -> None:
        results.update(peak_rss_mb=round(peak_rss_mb(), 1), wall_time_s=round(time.perf_counter() - started, 1))
        write_json(output, results)

    tokenizer_dir = workdir / "tokenizer"
    train_tokenizer(pretrain_text, tokenizer_dir, vocab_size=tokenizer_vocab_size)
    init_model(tokenizer_dir, size_config, workdir / "init", vocab_size=vocab_size)
    results["parameters"] = read_json(workdir / "init" / MANIFEST)["parameters"]
    results["mlm"] = benchmark_mlm(
        pretrain_config, pretrain_text, workdir / "init", workdir / "mlm", mlm_steps, mlm_batch_size
    )
    save()
    results["ner"] = {}
    for ner_config in ner_configs:
        name = Path(ner_config).stem
        results["ner"][name] = benchmark_ner(
            ner_config, corpus, workdir / "mlm" / "model", workdir / name, ner_steps, gpu_id
        )
        save()
    return results
