"""Cut one task's pipeline out of the multi-task one (shared backbone + that task's head):

    python scripts/extract_task.py training/tiny-multitask cantemist training/tiny-cantemist-multitask-head

Writes <output>/model-best from <training>/model-best, and copies the run's
training_stats.json beside it: the extracted pipeline was trained by that run.
"""
import shutil
from pathlib import Path

import typer

from clinx_spacy.task_pipeline import save_task_pipeline


def main(
    training: Path = typer.Argument(..., exists=True, file_okay=False, help="Multi-task training folder (with model-best)"),
    task: str = typer.Argument(..., help="The head to keep: its spans_key, e.g. cantemist"),
    output: Path = typer.Argument(..., help="Training folder to write"),
) -> None:
    output.mkdir(parents=True, exist_ok=True)
    nlp = save_task_pipeline(training / "model-best", task, output / "model-best")
    stats = training / "training_stats.json"
    if stats.exists():
        shutil.copy(stats, output / stats.name)
    typer.echo(f"{output / 'model-best'}: {nlp.pipe_names}")


if __name__ == "__main__":
    typer.run(main)
