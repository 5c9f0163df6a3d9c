"""Output folders that are never silently overwritten."""
import json
from pathlib import Path
from typing import Any, Dict


def claim_output(output_dir: Path, manifest: str, settings: Dict[str, Any]) -> bool:
    """Decide what a step may do with its output folder.

    Returns False when the folder is missing or empty (the step runs and should
    then call write_manifest), True when it already holds a result made with
    the same settings (the step is a no-op). Anything else raises, so a re-run
    with other settings never clobbers an earlier result.
    """
    output_dir = Path(output_dir)
    if not output_dir.exists() or not any(output_dir.iterdir()):
        return False
    manifest_path = output_dir / manifest
    if not manifest_path.is_file():
        raise FileExistsError(
            f"{output_dir} is not empty and holds no {manifest}: "
            "choose a new output folder or remove this one"
        )
    previous = json.loads(manifest_path.read_text(encoding="utf8"))
    requested = json.loads(json.dumps(settings))
    if previous != requested:
        changed = sorted(
            key for key in previous.keys() | requested.keys()
            if previous.get(key) != requested.get(key)
        )
        raise FileExistsError(
            f"{output_dir} was made with other settings (differing: "
            f"{', '.join(changed)}): choose a new output folder or remove this one"
        )
    return True


def write_manifest(output_dir: Path, manifest: str, settings: Dict[str, Any]) -> None:
    """Record the settings that produced output_dir (read by claim_output)."""
    path = Path(output_dir) / manifest
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
