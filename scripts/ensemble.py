"""CLIN-X's random-split ensembles: cut the data into document-level splits, and
assemble the members trained on them into one pipeline that votes.

    python scripts/ensemble.py split ../shared/corpora/meddocan/train --output corpus/meddocan-splits
    python scripts/ensemble.py assemble training/tiny-meddocan-member-{0,1,2,3,4}/model-best \\
        --output training/tiny-meddocan-ensemble/model-best
"""
from pathlib import Path
from typing import List

import typer

from clinx_spacy.ensemble import assemble_ensemble, make_splits

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.command()
def split(
    folders: List[Path] = typer.Argument(..., exists=True, file_okay=False, help="BRAT folders to pool"),
    output: Path = typer.Option(..., help="Writes <output>/split_<k>/{train,dev}"),
    n_splits: int = typer.Option(5, help="Number of splits (and members)"),
    seed: int = typer.Option(0, help="Seed of the shuffle"),
) -> None:
    """Pool FOLDERS and cut them into N_SPLITS random document-level splits."""
    for split_dir in make_splits(folders, output, n_splits=n_splits, seed=seed):
        n_train = len(list((split_dir / "train").glob("*.txt")))
        n_dev = len(list((split_dir / "dev").glob("*.txt")))
        typer.echo(f"{split_dir}: {n_train} train / {n_dev} dev documents")


@app.command()
def assemble(
    members: List[Path] = typer.Argument(..., exists=True, file_okay=False, help="Trained member pipelines"),
    output: Path = typer.Option(..., help="Folder for the ensemble pipeline"),
) -> None:
    """Combine trained members into one pipeline whose NER models vote per token."""
    nlp = assemble_ensemble(members, output)
    typer.echo(f"Ensemble of {len(members)} members in {output}: {nlp.pipe_names}")


if __name__ == "__main__":
    app()
