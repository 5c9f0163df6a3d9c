"""The five-task benchmark: train and evaluate each system on each task through the
project's own commands, then save the results as JSON and a Markdown table.

    python scripts/benchmark.py run --corpora ../shared/corpora --var pretrain_name=clinical \\
        --var ner_max_steps=1000 --system clinx --system cnn --task meddocan
    python scripts/benchmark.py collect results/tasks_tiny.json --var pretrain_name=clinical
    python scripts/benchmark.py package results/tasks_tiny.json --corpora ../shared/corpora
    python scripts/benchmark.py compare results/pretraining_tiny.json --run tiny-meddocan-crf \\
        --run tiny-meddocan-crf-random-init

`run` is resumable: weasel skips every command whose deps and outputs are unchanged.
"""

import subprocess
from pathlib import Path
from typing import Dict, List

import typer

from clinx_spacy.util import read_json

from benchmarking.done import STAMPS, mark_done, step_done
from benchmarking.remote import pull_step, push_step
from benchmarking.runs import (
    collect_named_runs,
    collect_tasks,
    keep_earlier_results,
    peers_table,
    peers_task_table,
    runs_table,
    tasks_table,
    transfer_table,
    write_record,
)
from benchmarking.systems import (
    PACKAGEABLE,
    PEERS,
    SYSTEMS,
    TASKS,
    TRANSFER,
    best_system,
    package_commands,
    project_steps,
    spacy_project_run,
)

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
TASK_OPTION = typer.Option(list(TASKS), "--task", help="Task (repeat); default: all five")
SYSTEM_OPTION = typer.Option(list(SYSTEMS), "--system", help=f"System (repeat): {', '.join(SYSTEMS)}")
VAR_OPTION = typer.Option([], "--var", help="Project variable NAME=VALUE (repeat), e.g. ner_max_steps=1000")


def _variables(pairs: List[str]) -> Dict[str, str]:
    variables = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"--var takes NAME=VALUE, got {pair!r}")
        variables[name] = value
    return variables


def _save(record: Dict, table: str, output: Path) -> None:
    """Write the record to OUTPUT and its Markdown table next to it (.md), and print the table."""
    write_record(record, output)
    output.with_suffix(".md").write_text(table, encoding="utf8")
    typer.echo(table)
    typer.echo(f"Wrote {output} and {output.with_suffix('.md')}")


def _check(tasks: List[str], systems: List[str]) -> None:
    for name, known, kind in [(t, TASKS, "task") for t in tasks] + [(s, SYSTEMS, "system") for s in systems]:
        if name not in known:
            raise typer.BadParameter(f"unknown {kind} {name!r} (known: {', '.join(known)})")


@app.command()
def run(
    corpora: Path = typer.Option(..., exists=True, file_okay=False, help="Folder with <task>/{train,dev}"),
    tasks: List[str] = TASK_OPTION,
    systems: List[str] = SYSTEM_OPTION,
    var: List[str] = VAR_OPTION,
    project: Path = typer.Option(Path("."), help="Project folder"),
    remote: str = typer.Option("default", help="Remote storage (a name in project.yml's remotes, or a URL)"),
    pull: bool = typer.Option(
        True, help="Fetch each step's outputs from the remote first; a step found there is skipped"
    ),
    push: bool = typer.Option(False, help="Store each step's outputs in the remote after it ran"),
) -> None:
    """Train and evaluate every (task, system) pair, one after the other. A step that
    ran here with the same variables and deps, its outputs unchanged, is not rerun."""
    _check(tasks, systems)
    variables = _variables(var)
    for task in tasks:
        for system in systems:
            typer.secho(f"== {task} / {system}", bold=True)
            steps = project_steps(corpora, task, system, variables)
            if not steps:
                typer.echo(f"skipped: {task} is {system}'s own source task")
            for name, step_variables in steps:
                if step_done(project, name, step_variables):
                    typer.echo(f"done already: {name} (with these variables and deps; {STAMPS}/)")
                else:
                    if pull:
                        for path in pull_step(project, name, step_variables, remote):
                            typer.echo(f"pulled {path}")
                    subprocess.run(spacy_project_run(project, name, step_variables), check=True)
                    mark_done(project, name, step_variables)
                if push:
                    push_step(project, name, step_variables, remote)


@app.command()
def collect(
    output: Path = typer.Argument(..., help="JSON to write; the Markdown table goes next to it (.md)"),
    tasks: List[str] = TASK_OPTION,
    systems: List[str] = SYSTEM_OPTION,
    var: List[str] = VAR_OPTION,
    project: Path = typer.Option(Path("."), help="Project folder"),
) -> None:
    """Save what the runs wrote (metrics/, training/) as one record and a table.
    Results already in OUTPUT for runs whose files are not here are kept."""
    _check(tasks, systems)
    variables = _variables(var)
    record = collect_tasks(
        project, variables.get("profile", "tiny"), variables.get("pretrain_name", "sample"), tasks, systems
    )
    if output.exists():
        record = keep_earlier_results(record, read_json(output))
    table = tasks_table(record)
    if any(record["systems"].get(name) for name in PEERS):
        table += "\nPeers (spaCy's CPU NER as a user trains it) against the best CLIN-X-ES system:\n\n" + peers_table(
            record
        )
        for task in record["tasks"]:
            task_table = peers_task_table(record, task)
            if task_table:
                table += f"\n{task}: the peers and the best CLIN-X-ES system\n\n" + task_table
    if any(record["systems"].get(name) for name in TRANSFER):
        table += "\nCross-task transfer (dev F1 at the same fine-tuning steps):\n\n" + transfer_table(record)
    _save(record, table, output)


@app.command()
def compare(
    output: Path = typer.Argument(..., help="JSON to write; the Markdown table goes next to it (.md)"),
    runs: List[str] = typer.Option(..., "--run", help="Run folder under training/ (repeat), e.g. tiny-meddocan-crf"),
    project: Path = typer.Option(Path("."), help="Project folder"),
) -> None:
    """Save named runs side by side with the backbone each was fine-tuned from
    (its masked-LM steps and held-out loss), e.g. pretraining budgets vs random init."""
    record = collect_named_runs(project, runs)
    missing = [run for run, result in record["runs"].items() if result is None]
    if missing:
        raise typer.BadParameter(f"no dev metrics for {', '.join(missing)} (metrics/<run>_dev.json)")
    _save(record, runs_table(record), output)


@app.command()
def package(
    record: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON written by `collect`"),
    corpora: Path = typer.Option(..., exists=True, file_okay=False, help="Folder with <task>/{train,dev}"),
    tasks: List[str] = TASK_OPTION,
    system: str = typer.Option(
        "", help=f"Package this system on every task; default: each task's best of {', '.join(PACKAGEABLE)}"
    ),
    var: List[str] = VAR_OPTION,
    project: Path = typer.Option(Path("."), help="Project folder"),
) -> None:
    """Package and install es_clinx_<task> for every task: the system given, or the
    pipeline with the best dev F1 in RECORD, CLIN-X-ES or peer (its training must be here)."""
    _check(tasks, [system] if system else [])
    variables = _variables(var)
    results = read_json(record)["tasks"]
    for task in tasks:
        chosen = system or best_system(results.get(task, {}))
        typer.secho(f"== es_clinx_{task}: {chosen}", bold=True)
        for command in package_commands(project, corpora, task, chosen, variables):
            subprocess.run(command, check=True)


if __name__ == "__main__":
    app()
