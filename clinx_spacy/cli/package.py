"""`clinx package`: a trained pipeline as an installable es_clinx_* wheel, built offline."""

from pathlib import Path
from typing import List, Optional

import typer


def package_cli(
    model: Path = typer.Argument(..., help="Trained pipeline folder", exists=True, file_okay=False),
    output: Path = typer.Argument(..., help="Folder for the package source and its wheel"),
    name: str = typer.Option(..., help="Package name without the language prefix, e.g. clinx_ner"),
    version: str = typer.Option(..., help="Package version"),
    metrics: List[Path] = typer.Option([], help="`clinx evaluate` JSON per task: TASK=PATH or PATH named <task>.json"),
    sources: List[Path] = typer.Option(
        [], help="JSON list of training-data sources (name, url, license, author); repeat for several"
    ),
    description: str = typer.Option("CLIN-X-ES Spanish clinical NER for spaCy", help="Pipeline description"),
    assertion: str = typer.Option(
        "none", help="Assertion status on every entity: rules (clinx_context), learned (a NUBes tagger), none"
    ),
    system: str = typer.Option(
        "", help="The training recipe's name for the meta, e.g. the NER config (ner_tiny_crf_hybrid)"
    ),
    assertion_model: Optional[Path] = typer.Option(
        None, help="With --assertion learned: the trained cue/scope tagger (configs/assertion_*.cfg)"
    ),
) -> None:
    """Package MODEL with its dev scores, data sources and licences, and the paper's
    citation in its meta, and build the wheel into OUTPUT (no network needed)."""
    from ..packaging import load_metrics, load_sources, package_wheel

    wheel = package_wheel(
        model,
        output,
        name,
        version,
        metrics=load_metrics(metrics),
        sources=load_sources(sources),
        description=description,
        assertion=assertion,
        assertion_model=assertion_model,
        system=system or None,
    )
    typer.echo(f"Wheel: {wheel}")
