"""Which benchmark steps are done, each keyed with its own variables. weasel's project.lock
keeps one entry per command name, so of the runs of `train` for five tasks it remembers the
last only, and a transfer run would retrain its source every time; a stamp per step
(command and variables, deps' contents, outputs' contents) remembers each."""

from pathlib import Path
from typing import Dict, Optional

from weasel.cli.remote_storage import get_content_hash

from clinx_spacy.util import read_json, write_json

from .remote import step_command

STAMPS = Path(".benchmark") / "steps"


def _stamp(project: Path, name: str, variables: Dict[str, str]) -> Optional[Path]:
    _, _, command_hash = step_command(project, name, variables)
    return None if command_hash is None else project / STAMPS / f"{name}-{command_hash}.json"


def _outputs(project: Path, name: str, variables: Dict[str, str]) -> Optional[Dict[str, str]]:
    """Content hash of each output of the step, None while one is missing or it has none."""
    _, command, _ = step_command(project, name, variables)
    paths = command.get("outputs", [])
    if not paths or not all((project / path).exists() for path in paths):
        return None
    return {path: get_content_hash(project / path) for path in paths}


def step_done(project: Path, name: str, variables: Dict[str, str]) -> bool:
    """Whether command `name` with `variables` ran on the deps here, and its outputs are
    here as it left them."""
    stamp = _stamp(project, name, variables)
    if stamp is None or not stamp.exists():
        return False
    outputs = _outputs(project, name, variables)
    return outputs is not None and read_json(stamp)["outputs"] == outputs


def mark_done(project: Path, name: str, variables: Dict[str, str]) -> None:
    """Stamp command `name` with `variables` done (after it ran), if its outputs are here."""
    stamp, outputs = _stamp(project, name, variables), _outputs(project, name, variables)
    if stamp is not None and outputs is not None:
        write_json(stamp, {"command": name, "variables": variables, "outputs": outputs})
