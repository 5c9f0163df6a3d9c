"""How every `clinx` command ends: 0 when all is done, 1 when something failed (a user
error is one line, never a traceback), 2 for a usage error (typer's own), 130 when
interrupted."""

import functools
from typing import Callable

import typer

from ..errors import ClinxError


def reports_user_errors(command: Callable) -> Callable:
    """`command` with its user errors (`ClinxError`) printed as `Error: <message>` and exit 1."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ClinxError as err:
            typer.secho(f"Error: {err}", fg="red", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.secho("Interrupted: every output is as it was before, or complete", fg="red", err=True)
            raise typer.Exit(130) from None

    return run


def fail_if_skipped(n_skipped: int) -> None:
    """A run that skipped problems (--lenient, or documents annotate could not read) has
    not done all it was asked: exit 1, saying so."""
    if n_skipped:
        typer.secho(f"{n_skipped} problem(s) skipped: see the report above", fg="yellow", err=True)
        raise typer.Exit(1)
