"""`clinx annotate`: a pipeline over a corpus, to BRAT, JSONL or `.spacy`."""

from pathlib import Path
from typing import List, Optional

import typer

from .errors import fail_if_skipped
from .options import (
    BATCH_SIZE,
    CORPUS_INPUT,
    CORPUS_OUTPUT,
    GLOB,
    GPU_ID,
    MODEL,
    N_PROCESS,
    OUTPUT_FORMAT,
    OVERWRITE,
    RAY,
    RAY_ACTORS,
    RECURSIVE,
    RESUME,
    STOP_AT_FAILURE,
)


def annotate_cli(
    model: str = MODEL,
    input_path: str = CORPUS_INPUT,
    output: Path = CORPUS_OUTPUT,
    output_format: Optional[str] = OUTPUT_FORMAT,
    spans_keys: List[str] = typer.Option(
        [],
        "--spans-key",
        "-k",
        help="Also write this span group (repeat; 'all': every group, e.g. each task of es_clinx_ner)",
    ),
    batch_size: int = BATCH_SIZE,
    n_process: int = N_PROCESS,
    gpu_id: int = GPU_ID,
    recursive: bool = RECURSIVE,
    glob: Optional[str] = GLOB,
    strict: bool = STOP_AT_FAILURE,
    resume: bool = RESUME,
    overwrite: bool = OVERWRITE,
    ray: Optional[str] = RAY,
    ray_actors: int = RAY_ACTORS,
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
