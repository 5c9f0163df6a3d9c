"""`clinx extract-task`: one task's pipeline cut out of the multi-task one."""

import shutil
from pathlib import Path

import typer


def extract_task_cli(
    training: Path = typer.Argument(
        ..., exists=True, file_okay=False, help="Multi-task training folder (with model-best)"
    ),
    task: str = typer.Argument(..., help="The head to keep: its spans_key, e.g. cantemist"),
    output: Path = typer.Argument(..., help="Training folder to write"),
) -> None:
    """Write OUTPUT/model-best from TRAINING/model-best with only TASK's head (the shared
    backbone and that head are untouched), and copy the run's training_stats.json beside
    it: the extracted pipeline was trained by that run."""
    from ..training.multitask import save_task_pipeline

    output.mkdir(parents=True, exist_ok=True)
    nlp = save_task_pipeline(training / "model-best", task, output / "model-best")
    stats = training / "training_stats.json"
    if stats.exists():
        shutil.copy(stats, output / stats.name)
    typer.echo(f"{output / 'model-best'}: {nlp.pipe_names}")
