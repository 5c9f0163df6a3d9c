"""The `clinx` command line: one typer app, each command a thin wrapper over a plain
function of the package. Heavy libraries are imported inside the commands, so that
`clinx --help` stays fast."""

from typing import Optional

import typer

from ..about import __version__
from . import ensemble, init_config, pretrain
from .convert import convert_cli
from .evaluate import evaluate_cli
from .extract_task import extract_task_cli
from .package import package_cli
from .smoke import smoke_cli

app = typer.Typer(
    name="clinx",
    help="CLIN-X-ES clinical NER for spaCy: pretraining, BRAT conversion, strict evaluation, packaging.",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clinx-spacy {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit"
    ),
) -> None:
    """CLIN-X-ES clinical NER for spaCy."""


app.command("convert")(convert_cli)
app.command("evaluate")(evaluate_cli)
app.command("smoke")(smoke_cli)
app.command("package")(package_cli)
app.command("extract-task")(extract_task_cli)
app.add_typer(pretrain.app, name="pretrain")
app.add_typer(ensemble.app, name="ensemble")
app.add_typer(init_config.app, name="init")


def main() -> None:
    app()
