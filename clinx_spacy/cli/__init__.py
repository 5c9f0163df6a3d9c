"""The `clinx` command line: one typer app, each command a thin wrapper over a plain
function of the package. Heavy libraries are imported inside the commands, so that
`clinx --help` stays fast; exit codes as in `errors.py`."""

from typing import Optional

import typer

from ..about import __version__
from . import ensemble, init_config, pretrain
from .annotate import annotate_cli
from .convert import convert_cli
from .deid import deid_cli
from .errors import reports_user_errors
from .evaluate import evaluate_cli
from .extract_task import extract_task_cli
from .package import package_cli
from .smoke import smoke_cli
from .vectors import vectors_cli
from .visualize import visualize_cli

app = typer.Typer(
    name="clinx",
    help="CLIN-X-ES clinical NER for spaCy: pretraining, BRAT conversion, strict evaluation, packaging, "
    "corpus annotation, de-identification and static floret vectors.",
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


app.command("annotate")(reports_user_errors(annotate_cli))
app.command("convert")(reports_user_errors(convert_cli))
app.command("deid")(reports_user_errors(deid_cli))
app.command("evaluate")(reports_user_errors(evaluate_cli))
app.command("smoke")(reports_user_errors(smoke_cli))
app.command("visualize")(reports_user_errors(visualize_cli))
app.command("package")(reports_user_errors(package_cli))
app.command("extract-task")(reports_user_errors(extract_task_cli))
app.command("vectors")(reports_user_errors(vectors_cli))
app.add_typer(pretrain.app, name="pretrain")
app.add_typer(ensemble.app, name="ensemble")
app.add_typer(init_config.app, name="init")


def main() -> None:
    app()
