"""Package a trained pipeline as an installable es_clinx_* wheel (offline)."""
from pathlib import Path
from typing import List

import srsly
import typer

from clinx_spacy.packaging import load_metrics, package_wheel


def main(
    model: Path = typer.Argument(..., help="Trained pipeline folder", exists=True, file_okay=False),
    output: Path = typer.Argument(..., help="Folder for the package source and its wheel"),
    name: str = typer.Option(..., help="Package name without the language prefix, e.g. clinx_ner"),
    version: str = typer.Option(..., help="Package version"),
    metrics: List[Path] = typer.Option([], help="`clinx evaluate` JSON per task: TASK=PATH or PATH named <task>.json"),
    sources: List[Path] = typer.Option([], help="JSON list of training-data sources (name, url, license, author); repeat for several"),
    description: str = typer.Option("CLIN-X-ES Spanish clinical NER for spaCy", help="Pipeline description"),
) -> None:
    wheel = package_wheel(
        model, output, name, version,
        metrics=load_metrics(metrics),
        sources=[source for path in sources for source in srsly.read_json(path)],
        description=description,
    )
    typer.echo(f"Wheel: {wheel}")


if __name__ == "__main__":
    typer.run(main)
