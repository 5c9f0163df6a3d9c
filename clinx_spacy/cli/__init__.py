"""The `clinx` command line: one module per command, mounted on one typer app."""
import typer

from .convert import convert_cli
from .evaluate import evaluate_cli
from .smoke import smoke_cli

app = typer.Typer(
    name="clinx",
    help="CLIN-X-ES clinical NER for spaCy: BRAT conversion, strict evaluation, offline smoke checks.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("convert")(convert_cli)
app.command("evaluate")(evaluate_cli)
app.command("smoke")(smoke_cli)


def main() -> None:
    app()
