"""Options shared by several `clinx` commands, defined once."""

from pathlib import Path

import typer

MODEL = typer.Argument(..., help="Installed pipeline package name or pipeline path")
GPU_ID = typer.Option(-1, "--gpu-id", "-g", help="GPU id, or -1 for CPU")
BATCH_SIZE = typer.Option(32, "--batch-size", "-b", help="Documents per nlp.pipe batch")
STRICT = typer.Option(True, "--strict/--lenient", help="Stop at the first BRAT format error, or skip and report it")
SEED = typer.Option(0, help="Seed of the random initialisation or shuffle")
TEXT_FILE = typer.Argument(..., help="Text, one document per line", exists=True, dir_okay=False)
MODEL_FOLDER = typer.Argument(..., help="Model folder to write")


def output_folder(help: str) -> Path:
    return typer.Option(..., "--output", "-o", help=help)


RECURSIVE = typer.Option(False, "--recursive", "-r", help="Read the documents of sub-folders too (ids: their paths)")
OVERWRITE = typer.Option(
    False, "--overwrite", help="Replace an output folder that is not empty (never mixed with the new)"
)
ALLOW_EMPTY = typer.Option(False, "--allow-empty", help="Warn instead of failing when there is nothing to read")
