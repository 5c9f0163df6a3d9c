"""`clinx vectors`: static floret vectors trained on clinical text."""

import json
from pathlib import Path

import typer

from .options import TEXT_FILE


def vectors_cli(
    text: Path = TEXT_FILE,
    output: Path = typer.Argument(..., help="The .floret file to write (a summary goes beside it, .floret.json)"),
    rows: int = typer.Option(50000, help="Rows of the hashed vector table (floret's bucket)"),
    dim: int = typer.Option(300, help="Dimensions per vector"),
    minn: int = typer.Option(4, help="Shortest character n-gram"),
    maxn: int = typer.Option(5, help="Longest character n-gram"),
    hash_count: int = typer.Option(2, help="Rows each word and n-gram is stored in (1-4)"),
    epochs: int = typer.Option(5, help="Passes over the text"),
    min_count: int = typer.Option(5, help="Words seen fewer times get no entry of their own"),
) -> None:
    """Train floret vectors on TEXT's clinical-tokenizer tokens and write OUTPUT, for
    `spacy init vectors es OUTPUT FOLDER --mode floret`."""
    from ..training.vectors import FloretSettings, train_floret_vectors

    try:
        settings = FloretSettings(
            rows=rows, dim=dim, minn=minn, maxn=maxn, hash_count=hash_count, epochs=epochs, min_count=min_count
        )
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None
    summary = train_floret_vectors(text, output, settings)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
