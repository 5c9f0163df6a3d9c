"""Save one project run's results (pretraining, NER from pretrained and random init, CNN baseline) as JSON under results/."""

from pathlib import Path

import typer

from benchmarking.runs import collect_run, write_record


def main(
    output: Path = typer.Argument(..., help="JSON to write, e.g. results/meddocan_tiny.json"),
    run: str = typer.Option(..., help="The run name (project variable `run`)"),
    pretrain_name: str = typer.Option("sample", help="The project variable `pretrain_name`"),
    profile: str = typer.Option("tiny", help="The project variable `profile`"),
    project: Path = typer.Option(Path("."), help="Project folder"),
) -> None:
    write_record(collect_run(project, profile, pretrain_name, run), output)
    typer.echo(f"Wrote {output}")


if __name__ == "__main__":
    typer.run(main)
