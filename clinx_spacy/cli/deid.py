"""`clinx deid`: a corpus de-identified, with the inputs and outputs of `clinx annotate`."""

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
    N_PROCESS,
    OUTPUT_FORMAT,
    OVERWRITE,
    RAY,
    RAY_ACTORS,
    RECURSIVE,
    RESUME,
    STOP_AT_FAILURE,
)

NO_MODEL = "none"
ENGINES = ("clinx", "presidio")


def deid_cli(
    model: str = typer.Argument(
        ..., help=f"Pipeline package name or path that finds the PHI, or '{NO_MODEL}' with --annotations"
    ),
    input_path: str = CORPUS_INPUT,
    output: Path = CORPUS_OUTPUT,
    annotations: Optional[Path] = typer.Option(
        None, "--annotations", "-a", help="BRAT folder whose .ann spans are PHI too (e.g. corrected by a person)"
    ),
    spans_keys: List[str] = typer.Option(
        [], "--spans-key", "-k", help="Take the PHI from this span group instead of doc.ents (e.g. meddocan)"
    ),
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy file (JSON): operators per label"),
    key: Optional[str] = typer.Option(
        None,
        "--key",
        envvar="CLINX_DEID_KEY",
        help="Secret for surrogates, hashes and date offsets that agree across documents (better: the "
        "CLINX_DEID_KEY environment variable, which other users cannot read in the process list)",
    ),
    audit: Optional[Path] = typer.Option(
        None, "--audit", help="Also write original → replacement with offsets (JSONL). It holds PHI"
    ),
    engine: str = typer.Option("clinx", "--engine", help="clinx, or presidio (pip install 'clinx-spacy[presidio]')"),
    output_format: Optional[str] = OUTPUT_FORMAT,
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
    """De-identify every document of INPUT: the PHI that MODEL finds (and that --annotations
    marks) replaced as the policy says (tags, masks, hashes, realistic surrogates, dates
    shifted), everything else byte for byte. OUTPUT appears complete or not at all."""
    from ..errors import InputError
    from ..util import setup_gpu

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    setup_gpu(gpu_id)
    options = dict(
        annotations=annotations, spans_keys=spans_keys, policy=policy, key=key, audit=audit,
        output_format_name=output_format, batch_size=batch_size, n_process=n_process, recursive=recursive,
        glob=glob, strict=strict, resume=resume, overwrite=overwrite, ray_address=ray, ray_actors=ray_actors,
    )  # fmt: skip
    pipeline = None if model == NO_MODEL else model
    if engine == "presidio":
        from ..deid.presidio import deidentify_corpus_with_presidio as run
    else:
        from ..deid import deidentify_corpus as run
    summary = run(pipeline, input_path, output, **options)
    typer.echo(summary.format(), err=True)
    typer.echo(f"Wrote {output}" + (f" and the audit file {audit}" if audit else ""), err=True)
    fail_if_skipped(len(summary.failures))
