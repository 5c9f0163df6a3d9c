"""`clinx visualize`: displaCy pages of predictions or of gold BRAT annotations."""

from pathlib import Path
from typing import List, Optional

import typer


def visualize_cli(
    input_path: str = typer.Argument(..., metavar="INPUT", help="Documents (as for clinx annotate), or a BRAT folder"),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML page to write"),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Pipeline to annotate with; without it, INPUT's gold"
    ),
    spans_keys: List[str] = typer.Option([], "--spans-key", "-k", help="Also show this span group (repeat; 'all')"),
    limit: int = typer.Option(20, "--limit", help="Documents on the page"),
    compare: Optional[str] = typer.Option(
        None, "--compare", help="A document id of the BRAT folder INPUT: gold beside predicted"
    ),
) -> None:
    """Write an HTML page with displaCy's views: doc.ents, each span group, gold beside predicted."""
    from ..visualize import visualize

    n = visualize(input_path, str(output), model=model, spans_keys=spans_keys, limit=limit, compare=compare)
    typer.echo(f"Wrote {output} ({n} documents)")
