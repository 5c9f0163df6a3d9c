"""`clinx evaluate`: strict character-offset scores of a pipeline on gold BRAT or `.spacy` data."""

from pathlib import Path
from typing import Optional

import typer

from .options import BATCH_SIZE, GPU_ID, MODEL, STRICT


def evaluate_cli(
    model: str = MODEL,
    data: Path = typer.Argument(..., exists=True, help="Gold data: a BRAT folder or a .spacy file"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the scores as JSON here"),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-P", help="Write the predictions as BRAT files into this folder"
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
) -> None:
    """Score MODEL's entities on DATA with strict character-offset matching, as the
    MEDDOCAN, PharmaCoNER and CANTEMIST evaluation scripts do."""
    from ..brat import BratFormatError
    from ..evaluation import evaluate, format_table
    from ..util import setup_gpu

    setup_gpu(gpu_id)
    try:
        results, problems = evaluate(
            model, data, output, predictions, batch_size=batch_size, strict=strict, spans_key=spans_key
        )
    except BratFormatError as err:
        typer.secho(f"{err}\n(--lenient skips bad lines and unreadable files)", fg="red", err=True)
        raise typer.Exit(1) from None
    except ValueError as err:
        typer.secho(str(err), fg="red", err=True)
        raise typer.Exit(1) from None
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
