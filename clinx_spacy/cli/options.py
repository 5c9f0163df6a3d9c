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

# The corpus commands (annotate, deid): what they read and write, and how they run.
CORPUS_INPUT = typer.Argument(
    ...,
    metavar="INPUT",
    help="A folder of .txt files (a BRAT folder's texts), a .jsonl file of "
    '{"id", "text", ...} records (other fields kept as metadata), a .spacy file, or - for JSONL on stdin',
)
CORPUS_OUTPUT = typer.Argument(..., help="A BRAT folder, a .jsonl file or a .spacy file (by suffix, or --format)")
OUTPUT_FORMAT = typer.Option(None, "--format", "-f", help="brat, jsonl or spacy")
N_PROCESS = typer.Option(1, "--n-process", "-n", help="Worker processes (CPU; each runs torch on one thread)")
GLOB = typer.Option(None, "--glob", help="Which files of the folder to read, e.g. '**/*.txt'")
STOP_AT_FAILURE = typer.Option(False, "--strict", help="Stop at the first document that cannot be read")
RESUME = typer.Option(False, "--resume", help="Continue an interrupted run into the same OUTPUT")
RAY = typer.Option(
    None, "--ray", help="Run on Ray (pip install 'clinx-spacy[ray]'): 'local', or a cluster's ray://<head>:10001"
)
RAY_ACTORS = typer.Option(2, "--ray-actors", help="Ray actors, each loading the pipeline once")
