"""A benchmark step's outputs in the project's remote storage, hashed with the step's own
variables: `spacy project pull` and `push` hash every command with project.yml's variables
only, so they miss the runs the benchmark makes with `--vars`. Same storage, same keys as
weasel's (the command's script and its deps' contents), so either side can fetch the other's."""

from pathlib import Path
from typing import Dict, List, Optional, Tuple

from weasel.cli.remote_storage import RemoteStorage, get_command_hash, get_content_hash
from weasel.cli.run import update_lockfile
from weasel.util import load_project_config


def step_command(project: Path, name: str, variables: Dict[str, str]) -> Tuple[Dict, Dict, Optional[str]]:
    """(project config, command) of command `name` with `variables`, and the command's hash:
    weasel's key for it (its script and its deps' contents), None while a dep is missing."""
    config = load_project_config(project, overrides={f"vars.{key}": value for key, value in variables.items()})
    (command,) = [command for command in config["commands"] if command["name"] == name]
    deps = [project / dep for dep in command.get("deps", [])]
    if not all(dep.exists() for dep in deps):
        return config, command, None
    return config, command, get_command_hash("", "", deps, command["script"])


def _storage(project: Path, config: Dict, remote: str) -> RemoteStorage:
    url = config.get("remotes", {}).get(remote, remote)
    # A local folder is the project's, wherever the benchmark runs from.
    return RemoteStorage(project, url if "://" in url else str(project / url))


def pull_step(project: Path, name: str, variables: Dict[str, str], remote: str = "default") -> List[str]:
    """Fetch what command `name` with `variables` made, if the remote has it, and mark the
    command done when all its outputs are here (so `spacy project run` skips it); returns
    the outputs fetched. Nothing is fetched while a dep is missing."""
    config, command, command_hash = step_command(project, name, variables)
    if command_hash is None:
        return []
    storage = _storage(project, config, remote)
    pulled = [path for path in command.get("outputs", []) if storage.pull(path, command_hash=command_hash)]
    if pulled and all((project / path).exists() for path in command.get("outputs", [])):
        update_lockfile(project, command)
    return pulled


def push_step(project: Path, name: str, variables: Dict[str, str], remote: str = "default") -> List[str]:
    """Store what command `name` with `variables` made in the remote; returns the outputs stored."""
    config, command, command_hash = step_command(project, name, variables)
    if command_hash is None:
        return []
    storage = _storage(project, config, remote)
    pushed = []
    for path in command.get("outputs", []):
        location = project / path
        if location.exists():
            storage.push(path, command_hash=command_hash, content_hash=get_content_hash(location))
            pushed.append(path)
    return pushed
