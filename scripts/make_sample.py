"""Regenerate the synthetic BRAT sample and pretraining text shipped in assets/sample."""

from pathlib import Path

import typer

from sample.generate import write_brat_sample, write_pretraining_text


def main(
    out_dir: Path = typer.Argument(Path("assets/sample"), help="Folder for train/, dev/ and pretrain.txt"),
    n_train: int = typer.Option(400, "--n-train", help="Annotated training documents"),
    n_dev: int = typer.Option(100, "--n-dev", help="Annotated development documents"),
    n_pretrain: int = typer.Option(700, "--n-pretrain", help="Pretraining documents (about 1.5 kB each)"),
    seed: int = typer.Option(2112, "--seed", help="Seed of every document stream"),
) -> None:
    """Write OUT_DIR/{train,dev}/<id>.{txt,ann} and OUT_DIR/pretrain.txt, deterministically from SEED."""
    counts = write_brat_sample(out_dir, n_train, n_dev, seed)
    size = write_pretraining_text(out_dir / "pretrain.txt", n_pretrain, seed)
    typer.echo(
        f"{out_dir}: train {counts['train']} docs, dev {counts['dev']} docs, "
        f"pretrain.txt {n_pretrain} docs ({size / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    typer.run(main)
