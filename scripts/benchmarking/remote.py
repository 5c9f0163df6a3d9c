"""A benchmark step's outputs in the project's remote storage, hashed with the step's own
variables: `spacy project pull` and `push` hash every command with project.yml's variables
only, so they miss the runs the benchmark makes with `--vars`. Same storage, same keys as
weasel's (the command's script and its deps' contents), so either side can fetch the other's."""

from pathlib import Path
from typing import Dict, List

from weasel.cli.remote_storage import RemoteStorage, get_command_hash, get_content_hash
from weasel.cli.run import update_lockfile
from weasel.util import load_project_config


def _command(project: Path, name: str, variables: Dict[str, str], remote: str):
    config = load_project_config(project, overrides={f"vars.{key}": value for key, value in variables.items()})
    (command,) = [command for command in config["commands"] if command["name"] == name]
    url = config.get("remotes", {}).get(remote, remote)
    # A local folder is the project's, wherever the benchmark runs from.
    storage = RemoteStorage(project, url if "://" in url else str(project / url))
    deps = [project / dep for dep in command.get("deps", [])]
    if not all(dep.exists() for dep in deps):
        return command, storage, None
    return command, storage, get_command_hash("", "", deps, command["script"])


def pull_step(project: Path, name: str, variables: Dict[str, str], remote: str = "default") -> List[str]:
    """Fetch what command `name` with `variables` made, if the remote has it, and mark the
    command done when all its outputs are here (so `spacy project run` skips it); returns
    the outputs fetched. Nothing is fetched while a dep is missing."""
    command, storage, command_hash = _command(project, name, variables, remote)
    if command_hash is None:
        return []
    pulled = [path for path in command.get("outputs", []) if storage.pull(path, command_hash=command_hash)]
    if pulled and all((project / path).exists() for path in command.get("outputs", [])):
        update_lockfile(project, command)
    return pulled


def push_step(project: Path, name: str, variables: Dict[str, str], remote: str = "default") -> List[str]:
    """Store what command `name` with `variables` made in the remote; returns the outputs stored."""
    command, storage, command_hash = _command(project, name, variables, remote)
    if command_hash is None:
        return []
    pushed = []
    for path in command.get("outputs", []):
        location = project / path
        if location.exists():
            storage.push(path, command_hash=command_hash, content_hash=get_content_hash(location))
            pushed.append(path)
    return pushed
