"""`clinx ensemble split|assemble`: CLIN-X's ensembles over random document-level splits."""

from pathlib import Path
from typing import List

import typer

from .errors import reports_user_errors
from .options import SEED

app = typer.Typer(add_completion=False, no_args_is_help=True, help="CLIN-X's ensembles over random splits.")


@app.command("split")
@reports_user_errors
def split_cli(
    folders: List[Path] = typer.Argument(..., exists=True, file_okay=False, help="BRAT folders to pool"),
    output: Path = typer.Option(..., help="Writes <output>/split_<k>/{train,dev}"),
    n_splits: int = typer.Option(5, help="Number of splits (and members)"),
    seed: int = SEED,
) -> None:
    """Pool FOLDERS and cut them into N_SPLITS random document-level splits."""
    from ..training.ensemble import make_splits

    for split_dir in make_splits(folders, output, n_splits=n_splits, seed=seed):
        n_train = len(list((split_dir / "train").glob("*.txt")))
        n_dev = len(list((split_dir / "dev").glob("*.txt")))
        typer.echo(f"{split_dir}: {n_train} train / {n_dev} dev documents")


@app.command("assemble")
@reports_user_errors
def assemble_cli(
    members: List[Path] = typer.Argument(..., exists=True, file_okay=False, help="Trained member pipelines"),
    output: Path = typer.Option(..., help="Folder for the ensemble pipeline"),
) -> None:
    """Combine trained members into one pipeline whose NER models vote per token."""
    from ..training.ensemble import assemble_ensemble

    nlp = assemble_ensemble(members, output)
    typer.echo(f"Ensemble of {len(members)} members in {output}: {nlp.pipe_names}")
