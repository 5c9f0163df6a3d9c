"""`clinx annotate`: a pipeline over a corpus, to BRAT, JSONL or `.spacy`."""

from pathlib import Path
from typing import List, Optional

import typer

from .errors import fail_if_skipped
from .options import BATCH_SIZE, GPU_ID, MODEL, OVERWRITE, RECURSIVE


def annotate_cli(
    model: str = MODEL,
    input_path: str = typer.Argument(
        ...,
        metavar="INPUT",
        help="A folder of .txt files (a BRAT folder's texts), a .jsonl file of "
        '{"id", "text", ...} records (other fields kept as metadata), a .spacy file, or - for JSONL on stdin',
    ),
    output: Path = typer.Argument(..., help="A BRAT folder, a .jsonl file or a .spacy file (by suffix, or --format)"),
    output_format: Optional[str] = typer.Option(None, "--format", "-f", help="brat, jsonl or spacy"),
    spans_keys: List[str] = typer.Option(
        [],
        "--spans-key",
        "-k",
        help="Also write this span group (repeat; 'all': every group, e.g. each task of es_clinx_ner)",
    ),
    batch_size: int = BATCH_SIZE,
    n_process: int = typer.Option(1, "--n-process", "-n", help="Worker processes (CPU; each runs torch on one thread)"),
    gpu_id: int = GPU_ID,
    recursive: bool = RECURSIVE,
    glob: Optional[str] = typer.Option(None, "--glob", help="Which files of the folder to read, e.g. '**/*.txt'"),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first document that cannot be read"),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run into the same OUTPUT"),
    overwrite: bool = OVERWRITE,
    ray: Optional[str] = typer.Option(
        None,
        "--ray",
        help="Annotate on Ray (pip install 'clinx-spacy[ray]'): 'local', or a cluster's ray://<head>:10001",
    ),
    ray_actors: int = typer.Option(2, "--ray-actors", help="Ray actors, each loading the pipeline once"),
) -> None:
    """Annotate every document of INPUT with MODEL and write doc.ents (and span groups) to
    OUTPUT, which appears complete or not at all; unreadable documents are reported and
    skipped."""
    from ..annotate import annotate
    from ..util import setup_gpu

    setup_gpu(gpu_id)
    reading = dict(recursive=recursive, glob=glob, strict=strict)
    writing = dict(output_format_name=output_format, spans_keys=spans_keys, resume=resume, overwrite=overwrite)
    running = dict(n_process=n_process, ray_address=ray, ray_actors=ray_actors)
    summary = annotate(model, input_path, output, batch_size=batch_size, **running, **reading, **writing)
    typer.echo(summary.format(), err=True)
    typer.echo(f"Wrote {output}", err=True)
    fail_if_skipped(len(summary.failures))
