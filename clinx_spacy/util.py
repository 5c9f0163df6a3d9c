"""Small helpers shared across the package; free of spaCy, so pretraining can use them."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Union


def read_json(path: Union[str, Path]) -> Any:
    """The JSON in `path`; invalid JSON is a ValueError naming `path:line:column`."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}:{err.lineno}:{err.colno}: invalid JSON ({err.msg})") from None


def write_json(path: Union[str, Path], data: Any) -> Path:
    """Write `data` as indented UTF-8 JSON; through a temporary file beside `path` and a
    rename, so a reader sees the old file or the new one, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf8") as file:
            file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def same_json(a: Any, b: Any) -> bool:
    """Whether `a` and `b` are equal as JSON (tuples as lists, Paths compared as saved)."""
    return json.loads(json.dumps(a, default=str)) == json.loads(json.dumps(b, default=str))


def available_cores() -> int:
    """CPU cores this process may use (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def setup_gpu(gpu_id: int) -> None:
    """Run spaCy and its torch models on GPU `gpu_id`; -1 keeps the CPU."""
    if gpu_id >= 0:
        import spacy

        spacy.require_gpu(gpu_id)
