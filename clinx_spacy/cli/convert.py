"""`clinx convert`: BRAT folder <-> `.spacy` file."""

from pathlib import Path
from typing import Optional

import typer

from ..brat.keys import ENTS_POLICIES
from .options import STRICT


def convert_cli(
    src: Path = typer.Argument(..., exists=True, help="BRAT folder or .spacy file"),
    dest: Path = typer.Argument(..., help=".spacy file for a BRAT folder, folder for a .spacy file"),
    strict: bool = STRICT,
    labels: Optional[str] = typer.Option(None, "--labels", "-l", help="Comma-separated allowed labels (BRAT input)"),
    lang: str = typer.Option("es", "--lang", help="Language of the clinical tokenizer"),
    ents_policy: str = typer.Option(
        "outermost", "--ents-policy", help=f"Which spans go to doc.ents: {', '.join(ENTS_POLICIES)}"
    ),
) -> None:
    """Convert a BRAT folder to a .spacy file, or a .spacy file back to a
    BRAT folder (direction by the source), and print the report."""
    if ents_policy not in ENTS_POLICIES:
        raise typer.BadParameter(f"use one of {', '.join(ENTS_POLICIES)}", param_hint="--ents-policy")
    from ..brat.conversion import brat_folder_to_docbin, docbin_to_brat_folder
    from ..brat.model import BratFormatError
    from ..tokenizer import make_clinical_nlp

    nlp = make_clinical_nlp(lang)
    try:
        if src.is_dir():
            if dest.suffix != ".spacy":
                raise typer.BadParameter(f"{dest} must end with .spacy", param_hint="DEST")
            allowed = None if labels is None else [x.strip() for x in labels.split(",") if x.strip()]
            report = brat_folder_to_docbin(src, dest, nlp, labels=allowed, strict=strict, ents_policy=ents_policy)
        elif src.suffix == ".spacy":
            report = docbin_to_brat_folder(src, dest, nlp)
        else:
            raise typer.BadParameter(f"{src} is neither a folder nor a .spacy file", param_hint="SRC")
    except BratFormatError as err:
        typer.secho(f"Error: {err}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    typer.echo(report.format())
    typer.echo(f"Wrote {dest}")
    if strict and report.errors:
        raise typer.Exit(1) from None
