"""`clinx evaluate`: strict character-offset scores of a pipeline on gold BRAT or `.spacy` data."""

from pathlib import Path
from typing import Optional

import typer

from .errors import fail_if_skipped
from .options import ALLOW_EMPTY, BATCH_SIZE, GPU_ID, MODEL, OVERWRITE, STRICT


def evaluate_cli(
    model: str = MODEL,
    data: Path = typer.Argument(..., help="Gold data: a BRAT folder (not recursive) or a .spacy file"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the scores as JSON here"),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-P", help="Write the predictions as BRAT files into this folder (refused if not empty)"
    ),
    gpu_id: int = GPU_ID,
    batch_size: int = BATCH_SIZE,
    strict: bool = STRICT,
    spans_key: Optional[str] = typer.Option(
        None,
        "--spans-key",
        "-k",
        help="Score this span group instead of doc.ents (a task of es_clinx_ner, e.g. meddocan)",
    ),
    overwrite: bool = OVERWRITE,
    allow_empty: bool = ALLOW_EMPTY,
) -> None:
    """Score MODEL's entities on DATA with strict character-offset matching, as the
    MEDDOCAN, PharmaCoNER and CANTEMIST evaluation scripts do."""
    from ..evaluation import evaluate, format_table
    from ..util import setup_gpu

    setup_gpu(gpu_id)
    options = dict(strict=strict, spans_key=spans_key, overwrite=overwrite, allow_empty=allow_empty)
    results, problems = evaluate(model, data, output, predictions, batch_size=batch_size, **options)
    for problem in problems:
        typer.secho(f"{problem.severity}: {problem}", fg="yellow", err=True)
    typer.echo(format_table(results))
    typer.echo(
        f"{results['model']} {results['version']}: {results['n_docs']} docs, "
        f"{results['n_words']} words in {results['seconds']:.1f}s ({results['wps']:.0f} words/s)"
    )
    if output is not None:
        typer.echo(f"Scores written to {output}")
    if predictions is not None:
        typer.echo(f"Predictions written to {predictions}")
    fail_if_skipped(sum(problem.severity == "error" for problem in problems))
