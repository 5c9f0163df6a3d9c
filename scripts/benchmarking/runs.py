"""Collect what a `spacy project` run saved (pretraining summary, training stats, strict dev scores) into one record."""

import json
import os
import platform
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from spacy.util import load_config

from clinx_spacy.pretraining.mlm import SUMMARY
from clinx_spacy.pretraining.model import MANIFEST as INIT_MANIFEST
from clinx_spacy.util import cpu_model, read_json, write_json

from .systems import CLINX_PIPELINES, PAPER_TEST_F1, PEERS, SYSTEMS, TRANSFER, TRANSFER_BASE


def _read(path: Path) -> Optional[Dict[str, Any]]:
    return read_json(path) if path.exists() else None


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
        "resumed_from": summary.get("resumed_from"),
        "wall_time_s": summary["wall_time_s"],
    }


def backbone_record(project: Path, training_dir: Path) -> Optional[Dict[str, Any]]:
    """The transformer a run was fine-tuned from (its config's `paths.transformer`)
    and how much masked-LM training that folder had when the run is collected:
    0 steps for a random initialisation, None where unknown (a hub name, a CNN run). A
    transferred run's is its source pipeline's, with that pipeline as `source`."""
    config_path = training_dir / "model-best" / "config.cfg"
    if not config_path.exists():
        return None
    paths = load_config(config_path, interpolate=False).get("paths", {})
    path = paths.get("transformer")
    if not path and paths.get("source"):
        source = backbone_record(project, (project / paths["source"]).parent)
        return {**source, "source": paths["source"]} if source else None
    if not path:
        return None
    folder = project / path
    summary = _read(_summary_of(folder))
    if summary is not None:
        return {"path": path, "mlm_steps": summary["global_step"], "mlm_eval_loss": summary["final_eval_loss"]}
    if (folder / INIT_MANIFEST).exists():
        return {"path": path, "mlm_steps": 0, "mlm_eval_loss": None}
    return {"path": path, "mlm_steps": None, "mlm_eval_loss": None}


def ner_record(project: Path, training_dir: Path, metrics_path: Path) -> Optional[Dict[str, Any]]:
    metrics = _read(metrics_path)
    if metrics is None:
        return None
    stats = _read(training_dir / "training_stats.json") or {}
    return {
        "backbone": backbone_record(project, training_dir),
        "dev_p": metrics["p"],
        "dev_r": metrics["r"],
        "dev_f": metrics["f"],
        "per_label_f": {label: scores["f"] for label, scores in metrics["per_label"].items()},
        "train_steps": stats.get("steps"),
        "train_wall_time_s": stats.get("wall_time_s"),
        "train_words_per_s": stats.get("train_words_per_s"),
        "train_peak_rss_mb": stats.get("peak_rss_mb"),
        "dev_curve": stats.get("evaluations"),
        "train_machine": stats.get("machine"),
        "inference_words_per_s": round(metrics["wps"], 1),
        "inference_docs": metrics["n_docs"],
    }


def system_record(project: Path, profile: str, task: str, system: str) -> Optional[Dict[str, Any]]:
    """`ner_record` of one system of `tasks.SYSTEMS` on one task (None if not run)."""
    spec = SYSTEMS[system]
    record = ner_record(project, *spec.paths(project, profile, task))
    members = spec.member_paths(project, profile, task)
    return ensemble_record(project, record, members) if record and members else record


def ensemble_record(project: Path, record: Dict[str, Any], members: Sequence[Tuple[Path, Path]]) -> Dict[str, Any]:
    """An ensemble's `ner_record` completed from its members, which were trained one
    after another: summed steps and wall time, the highest peak RSS, their backbone,
    and each member's own record (its dev scores alone, None where not evaluated)."""
    stats = [_read(training_dir / "training_stats.json") for training_dir, _ in members]
    trained = all(stats)
    peaks = [member["peak_rss_mb"] for member in stats if member and member.get("peak_rss_mb") is not None]
    return {
        **record,
        "backbone": backbone_record(project, members[0][0]),
        "train_steps": sum(member["steps"] for member in stats) if trained else None,
        "train_wall_time_s": sum(member["wall_time_s"] for member in stats) if trained else None,
        "train_words_per_s": None,
        "train_peak_rss_mb": max(peaks, default=None),
        "dev_curve": None,
        "members": [ner_record(project, training_dir, metrics) for training_dir, metrics in members],
    }


def pretraining_summary_path(project: Path, profile: str, pretrain_name: str) -> Path:
    return _summary_of(project / "pretrained" / f"{profile}-{pretrain_name}" / "clinx" / "model")


def _summary_of(model_folder: Path) -> Path:
    """The pretraining summary saved beside a pretrained model folder."""
    return model_folder.parent / SUMMARY


def machine() -> str:
    """The CPU model (records from different CPUs compare only as ratios), cores, threads."""
    return f"{cpu_model()} ({platform.machine()}), {os.cpu_count()} cores, torch threads from the environment"


def collect_run(project: Path, profile: str, pretrain_name: str, run: str) -> Dict[str, Any]:
    """One JSON record of a run: the pretrained backbone, NER from it, NER from its random initialisation, the CNN."""
    return {
        "machine": machine(),
        "profile": profile,
        "run": run,
        "pretraining": pretraining_record(pretraining_summary_path(project, profile, pretrain_name)),
        "ner_pretrained": system_record(project, profile, run, "clinx"),
        "ner_random_init": system_record(project, profile, run, "random_init"),
        "ner_cnn": system_record(project, profile, run, "cnn"),
    }


def collect_tasks(
    project: Path, profile: str, pretrain_name: str, tasks: Sequence[str], systems: Sequence[str]
) -> Dict[str, Any]:
    """The five-task record: the shared pretraining, then per task and system the
    NER record (None where that run has not happened yet)."""
    return {
        "machine": machine(),
        "profile": profile,
        "pretraining": pretraining_record(pretraining_summary_path(project, profile, pretrain_name)),
        "systems": {name: SYSTEMS[name].description for name in systems},
        "tasks": {
            task: {name: _on_this_machine(system_record(project, profile, task, name)) for name in systems}
            for task in tasks
        },
        "paper_test_f1": {task: PAPER_TEST_F1.get(task) for task in tasks},
    }


def _on_this_machine(result: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """A result collected here, marked with this machine (a record merges results of several)."""
    return None if result is None else {**result, "machine": machine()}


def collect_named_runs(project: Path, runs: Sequence[str]) -> Dict[str, Any]:
    """`ner_record`s of runs named as the project names them (training/<run>,
    metrics/<run>_dev.json), e.g. to compare backbones at one fine-tuning budget,
    and the pretraining record of every pretrained backbone among them."""
    records = {
        run: ner_record(project, project / "training" / run, project / "metrics" / f"{run}_dev.json") for run in runs
    }
    backbones = {record["backbone"]["path"] for record in records.values() if record and record["backbone"]}
    pretrainings = {path: pretraining_record(_summary_of(project / path)) for path in sorted(backbones)}
    return {
        "machine": machine(),
        "pretraining": {path: record for path, record in pretrainings.items() if record is not None},
        "runs": records,
    }


def runs_table(record: Dict[str, Any]) -> str:
    """Markdown table of a `collect_named_runs` record: backbone, its masked-LM
    steps and held-out loss, dev strict F1 (final, and at each evaluation during
    fine-tuning), training wall time, inference words/s."""
    rows = []
    for run, result in record["runs"].items():
        if result is None:
            rows.append([run, *["–"] * 7])
            continue
        backbone = result.get("backbone") or {}
        loss = backbone.get("mlm_eval_loss")
        rows.append(
            [
                run,
                backbone.get("path", "–"),
                _or_dash(backbone.get("mlm_steps")),
                "–" if loss is None else f"{loss:.3f}",
                f"{result['dev_f'] * 100:.2f}",
                _or_dash(result["train_steps"]),
                ", ".join(f"{e['step']}: {e['score'] * 100:.1f}" for e in result["dev_curve"] or [] if e["step"])
                or "–",
                _speed_cell(result),
            ]
        )
    header = [
        "run",
        "backbone",
        "MLM steps",
        "MLM held-out loss",
        "dev strict F1",
        "fine-tuning steps",
        "dev F1 during fine-tuning (step: F1)",
        "train s / words/s",
    ]
    return _markdown(header, rows)


def _or_dash(value: Any) -> str:
    return "–" if value is None else str(value)


def keep_earlier_results(record: Dict[str, Any], earlier: Dict[str, Any]) -> Dict[str, Any]:
    """`record` with the results it lacks (runs whose outputs are not on this machine,
    e.g. from an earlier session) taken from the `earlier` record of the same profile."""
    if earlier.get("profile") != record["profile"]:
        return record
    merged = json.loads(json.dumps(record))
    if merged["pretraining"] is None:
        merged["pretraining"] = earlier.get("pretraining")
    for task, results in merged["tasks"].items():
        for system, result in results.items():
            if result is None:
                results[system] = earlier.get("tasks", {}).get(task, {}).get(system)
    return merged


def tasks_table(record: Dict[str, Any]) -> str:
    """Markdown tables of a `collect_tasks` record: dev strict F1 (%) per task and
    system (with the paper's test F1), then training wall time / inference words/s;
    "–" where not run."""
    systems = list(record["systems"])
    scores, speeds = [], []
    for task, results in record["tasks"].items():
        paper = record["paper_test_f1"].get(task)
        paper_cell = f"{paper['clinx_es']} / {paper['clinx_es_improved_architecture']}" if paper else "see paper"
        scores.append(
            [task, *(f"{results[name]['dev_f'] * 100:.2f}" if results[name] else "–" for name in systems), paper_cell]
        )
        speeds.append([task, *(_speed_cell(results[name]) for name in systems)])
    return (
        _markdown(["task", *systems, "paper test F1 (CLIN-X-ES / + arch.)"], scores)
        + "\nTraining wall time (s) / inference words per second:\n\n"
        + _markdown(["task", *systems], speeds)
    )


# The converged CNN sets the wall-time budget of the peers table.
BUDGET_PEER = "cnn_converged"


def best_within(result: Optional[Dict[str, Any]], seconds: float) -> Optional[Dict[str, Any]]:
    """The evaluation (step, score, seconds) with the best dev score a run had reached within
    `seconds` of training (its model-best at that moment); None if it had none by then."""
    evaluations = [e for e in (result or {}).get("dev_curve") or [] if e["step"] and e["seconds"] <= seconds]
    return max(evaluations, key=lambda e: e["score"], default=None)


def clinx_against_peers(
    results: Dict[str, Optional[Dict[str, Any]]], candidates: Sequence[str] = CLINX_PIPELINES
) -> Tuple[Optional[Tuple[str, Dict[str, Any]]], Optional[str]]:
    """One task's best CLIN-X-ES system (of `candidates`) at the converged CNN's training
    wall time, as (system, its best evaluation by then), and at its own budget (a system
    name); None where nothing ran. Only a system whose dev curve scores this task alone
    (not the five-task run's) is read at the wall time."""
    clinx = {name: results[name] for name in candidates if results.get(name)}
    budget = (results.get(BUDGET_PEER) or {}).get("train_wall_time_s")
    timed = {name: result for name, result in clinx.items() if SYSTEMS[name].task_curve}
    reached = {name: best_within(result, budget) for name, result in timed.items()} if budget else {}
    reached = {name: evaluation for name, evaluation in reached.items() if evaluation is not None}
    same_time = max(reached.items(), key=lambda item: item[1]["score"], default=None)
    own = max(clinx, key=lambda name: clinx[name]["dev_f"], default=None)
    return same_time, own


def peers_table(record: Dict[str, Any], candidates: Sequence[str] = CLINX_PIPELINES) -> str:
    """Markdown table of a `collect_tasks` record: per task, the CNN peers (dev F1, training
    wall time, inference words/s), then the best CLIN-X-ES system (of `candidates`) at the
    converged CNN's training wall time (from its dev curve) and at its own budget."""
    rows = []
    for task, results in record["tasks"].items():
        peers = [_peer_cell(results.get(name)) for name in PEERS]
        same_time, own = clinx_against_peers(results, candidates)
        rows.append(
            [
                task,
                *peers,
                f"{same_time[1]['score'] * 100:.2f} ({same_time[0]})" if same_time else "–",
                f"{results[own]['dev_f'] * 100:.2f} ({own}, {_budget(results[own])})" if own else "–",
            ]
        )
    header = [
        "task",
        *(f"{name} F1 (train s, words/s)" for name in PEERS),
        f"best CLIN-X-ES at {BUDGET_PEER}'s wall time (dev F1 during training)",
        "best CLIN-X-ES at its own budget (train s, words/s)",
    ]
    return _markdown(header, rows)


def peers_task_table(record: Dict[str, Any], task: str, candidates: Sequence[str] = CLINX_PIPELINES) -> Optional[str]:
    """Markdown table of one task's peers and its best CLIN-X-ES systems (at the converged
    CNN's wall time and at their own budget): dev F1, P / R, steps, training wall time,
    peak RSS (the wall-time row's: by that evaluation), inference words/s, and each
    CLIN-X-ES row's distance to the best peer in points. None if no peer ran on the task."""
    results = record["tasks"].get(task, {})
    peers = {name: results[name] for name in PEERS if results.get(name)}
    if not peers:
        return None
    best_peer = max(peer["dev_f"] for peer in peers.values())
    rows = [[f"`{name}`", *_detail_cells(result), "–"] for name, result in peers.items()]
    same_time, own = clinx_against_peers(results, candidates)
    if same_time:
        name, evaluation = same_time
        gap = f"{(evaluation['score'] - best_peer) * 100:+.2f}"
        at = f"`{name}` at {BUDGET_PEER}'s wall time (its dev F1 at step {evaluation['step']})"
        rows.append(
            [
                at,
                f"{evaluation['score'] * 100:.2f}",
                "–",
                str(evaluation["step"]),
                f"{evaluation['seconds']:.0f}",
                _gigabytes(evaluation.get("peak_rss_mb")),
                # The same architecture annotates as fast at any step: the run's own speed.
                f"{results[name]['inference_words_per_s']:.0f}",
                gap,
            ]
        )
    if own:
        rows.append(
            [
                f"`{own}` at its own budget",
                *_detail_cells(results[own]),
                f"{(results[own]['dev_f'] - best_peer) * 100:+.2f}",
            ]
        )
    header = [f"{task} dev", "F1", "P / R", "steps", "train s", "peak RSS", "words/s", "vs best peer"]
    return _markdown(header, rows)


def _gigabytes(megabytes: Optional[float]) -> str:
    return "–" if megabytes is None else f"{megabytes / 1024:.1f} GB"


def _detail_cells(result: Dict[str, Any]) -> List[str]:
    return [
        f"{result['dev_f'] * 100:.2f}",
        f"{result['dev_p'] * 100:.2f} / {result['dev_r'] * 100:.2f}",
        _or_dash(result["train_steps"]),
        _or_dash(None if result["train_wall_time_s"] is None else round(result["train_wall_time_s"])),
        _gigabytes(result.get("train_peak_rss_mb")),
        f"{result['inference_words_per_s']:.0f}",
    ]


def transfer_table(record: Dict[str, Any]) -> str:
    """Markdown table of a `collect_tasks` record: per target task, the transfer base trained
    from the backbone alone and each transfer system (dev F1, and its change in points where
    both ran the same steps), then the dev F1 at the first evaluation after step 0 (the head
    start a source gives)."""
    rows = []
    for task, results in record["tasks"].items():
        base = results.get(TRANSFER_BASE)
        transfers = [results.get(name) for name in TRANSFER]
        if not any(transfers):
            continue
        first = [_first_evaluation(result) for result in (base, *transfers)]
        rows.append(
            [task, _peer_cell(base), *(_transfer_cell(result, base) for result in transfers), " / ".join(first)]
        )
    header = [
        "target task",
        f"{TRANSFER_BASE} from the backbone",
        *(f"{name} F1 (change)" for name in TRANSFER),
        f"first evaluation ({' / '.join((TRANSFER_BASE, *TRANSFER))})",
    ]
    return _markdown(header, rows)


def _transfer_cell(result: Optional[Dict[str, Any]], base: Optional[Dict[str, Any]]) -> str:
    if not result:
        return "–"
    if not base or base["train_steps"] != result["train_steps"]:
        return f"{result['dev_f'] * 100:.2f} ({result['train_steps']} steps, no base at that budget)"
    return f"{result['dev_f'] * 100:.2f} ({(result['dev_f'] - base['dev_f']) * 100:+.2f})"


def _first_evaluation(result: Optional[Dict[str, Any]]) -> str:
    curve = [e for e in (result or {}).get("dev_curve") or [] if e["step"]]
    return f"{curve[0]['score'] * 100:.1f} at step {curve[0]['step']}" if curve else "–"


def _peer_cell(result: Optional[Dict[str, Any]]) -> str:
    return f"{result['dev_f'] * 100:.2f} ({_budget(result)})" if result else "–"


def _budget(result: Dict[str, Any]) -> str:
    """Training wall time and steps, and inference words/s, of one result."""
    train = result["train_wall_time_s"]
    return (
        f"{'–' if train is None else f'{train:.0f}'} s, {result['train_steps']} steps, "
        f"{result['inference_words_per_s']:.0f} w/s"
    )


def _speed_cell(result: Optional[Dict[str, Any]]) -> str:
    if not result:
        return "–"
    train = result["train_wall_time_s"]
    return f"{'–' if train is None else f'{train:.0f}'} / {result['inference_words_per_s']:.0f}"


def _markdown(header: List[str], rows: List[List[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_record(record: Dict[str, Any], output: Path) -> None:
    write_json(output, record)
