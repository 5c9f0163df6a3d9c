"""`clinx convert`: BRAT folder <-> `.spacy` file."""

from pathlib import Path
from typing import Optional

import typer

from ..brat.keys import ENTS_POLICIES
from .errors import fail_if_skipped
from .options import ALLOW_EMPTY, OVERWRITE, RECURSIVE, STRICT


def convert_cli(
    src: Path = typer.Argument(..., help="A BRAT folder (.txt/.ann in any case), or a .spacy file"),
    dest: Path = typer.Argument(
        ...,
        help="A .spacy file for a BRAT folder (replaced when the conversion succeeds); for a .spacy file, a BRAT "
        "folder (refused if not empty, unless --overwrite)",
    ),
    strict: bool = STRICT,
    labels: Optional[str] = typer.Option(
        None,
        "--labels",
        "-l",
        help="Comma-separated labels allowed in the BRAT input: any other label is an error "
        "(skipped and reported with --lenient), not filtered out",
    ),
    lang: str = typer.Option("es", "--lang", help="Language of the clinical tokenizer"),
    ents_policy: str = typer.Option(
        "outermost", "--ents-policy", help=f"Which overlapping spans go to doc.ents: {', '.join(ENTS_POLICIES)}"
    ),
    recursive: bool = RECURSIVE,
    overwrite: bool = OVERWRITE,
    allow_empty: bool = ALLOW_EMPTY,
) -> None:
    """Convert a BRAT folder to a .spacy file, or a .spacy file back to a BRAT folder
    (direction by the source), and print the report."""
    from ..brat.conversion import brat_folder_to_docbin, docbin_to_brat_folder
    from ..errors import InputNotFound
    from ..tokenizer import make_clinical_nlp

    if ents_policy not in ENTS_POLICIES:
        raise typer.BadParameter(f"use one of {', '.join(ENTS_POLICIES)}", param_hint="--ents-policy")
    if not src.exists():
        raise InputNotFound(f"{src}: no such file or folder")
    nlp = make_clinical_nlp(lang)
    if src.is_dir():
        if dest.suffix != ".spacy":
            raise typer.BadParameter(f"{dest} must end with .spacy", param_hint="DEST")
        allowed = None if labels is None else [x.strip() for x in labels.split(",") if x.strip()]
        report = brat_folder_to_docbin(
            src,
            dest,
            nlp,
            labels=allowed,
            strict=strict,
            ents_policy=ents_policy,
            recursive=recursive,
            allow_empty=allow_empty,
        )
    elif src.suffix == ".spacy":
        report = docbin_to_brat_folder(src, dest, nlp, overwrite=overwrite, allow_empty=allow_empty)
    else:
        raise typer.BadParameter(f"{src} is neither a folder nor a .spacy file", param_hint="SRC")
    typer.echo(report.format())
    typer.echo(f"Wrote {dest}")
    fail_if_skipped(len(report.errors))
