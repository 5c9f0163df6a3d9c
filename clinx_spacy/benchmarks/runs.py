"""Collect what a `spacy project` run saved (pretraining summary, training stats, strict dev scores) into one record."""
import json
import platform
from pathlib import Path
from typing import Any, Dict, Optional

import srsly


def _read(path: Path) -> Optional[Dict[str, Any]]:
    return srsly.read_json(path) if path.exists() else None


def pretraining_record(summary_path: Path) -> Optional[Dict[str, Any]]:
    summary = _read(summary_path)
    if summary is None:
        return None
    return {
        "steps": summary["global_step"],
        "tokens_seen": summary["tokens_seen"],
        "parameters": summary["parameters"],
        "final_train_loss": summary["train_loss_curve"][-1]["loss"] if summary["train_loss_curve"] else None,
        "final_eval_loss": summary["final_eval_loss"],
        "final_perplexity": summary["final_perplexity"],
        "eval_curve": summary["eval_curve"],
        "wall_time_s": summary["wall_time_s"],
    }


def ner_record(training_dir: Path, metrics_path: Path) -> Optional[Dict[str, Any]]:
    metrics = _read(metrics_path)
    if metrics is None:
        return None
    stats = _read(training_dir / "training_stats.json") or {}
    return {
        "dev_p": metrics["p"],
        "dev_r": metrics["r"],
        "dev_f": metrics["f"],
        "per_label_f": {label: scores["f"] for label, scores in metrics["per_label"].items()},
        "train_steps": stats.get("steps"),
        "train_wall_time_s": stats.get("wall_time_s"),
        "train_words_per_s": stats.get("train_words_per_s"),
        "train_peak_rss_mb": stats.get("peak_rss_mb"),
        "dev_curve": stats.get("evaluations"),
        "inference_words_per_s": round(metrics["wps"], 1),
        "inference_docs": metrics["n_docs"],
    }


def collect_run(project: Path, profile: str, pretrain_name: str, run: str) -> Dict[str, Any]:
    """One JSON record of a run: the pretrained backbone, NER from it, NER from its random initialisation, the CNN."""
    return {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, torch threads from the environment",
        "profile": profile,
        "run": run,
        "pretraining": pretraining_record(project / "pretrained" / f"{profile}-{pretrain_name}" / "clinx" / "pretraining_summary.json"),
        "ner_pretrained": ner_record(project / "training" / f"{profile}-{run}", project / "metrics" / f"{profile}-{run}_dev.json"),
        "ner_random_init": ner_record(
            project / "training" / f"{profile}-{run}-random-init", project / "metrics" / f"{profile}-{run}-random-init_dev.json"
        ),
        "ner_cnn": ner_record(project / "training" / f"cnn-{run}", project / "metrics" / f"cnn-{run}_dev.json"),
    }


def write_record(record: Dict[str, Any], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
