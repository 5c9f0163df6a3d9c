"""Output folders that are never silently overwritten: a step records its settings in a
manifest, and a folder made with other settings is refused."""

from pathlib import Path
from typing import Any, Dict, Optional

from ..errors import OutputExists
from ..util import read_json, same_json, write_json


def claim_output(
    output_dir: Path, manifest: str, settings: Dict[str, Any], *, resumable: Optional[str] = None
) -> Optional[Dict[str, Any]]:
    """Decide what a step may do with its output folder.

    Returns the manifest of a result already made with the same `settings` (every key of
    `settings` equal in it: the step is a no-op), or None when the step should run: the
    folder is missing or empty, or `resumable` names its non-empty subfolder of an
    unfinished (or to be continued) run. Anything else raises, so a re-run with other
    settings never clobbers an earlier result.
    """
    output_dir = Path(output_dir)
    if not output_dir.exists() or not any(output_dir.iterdir()):
        return None
    manifest_path = output_dir / manifest
    previous = read_json(manifest_path) if manifest_path.is_file() else None
    if previous is not None and all(same_json(previous.get(key), value) for key, value in settings.items()):
        return previous
    if resumable is not None and (output_dir / resumable).is_dir() and any((output_dir / resumable).iterdir()):
        return None
    if previous is None:
        raise OutputExists(
            f"{output_dir} is not empty and holds no {manifest}: choose a new output folder or remove this one"
        )
    changed = sorted(key for key, value in settings.items() if not same_json(previous.get(key), value))
    raise OutputExists(
        f"{output_dir} was made with other settings (differing: {', '.join(changed)}): "
        "choose a new output folder or remove this one"
    )


def write_manifest(output_dir: Path, manifest: str, settings: Dict[str, Any]) -> None:
    """Record the settings that produced output_dir (read by claim_output)."""
    write_json(Path(output_dir) / manifest, settings)
