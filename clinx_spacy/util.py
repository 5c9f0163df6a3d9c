"""Small helpers shared across the package; free of spaCy, so pretraining can use them."""

import json
import os
import platform
from pathlib import Path
from typing import Any, Union

from .errors import InputError, InputNotFound
from .outputs import json_bytes, replace_atomically


def read_json(path: Union[str, Path]) -> Any:
    """The JSON in `path`; invalid JSON is a ValueError naming `path:line:column`."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}:{err.colno}: invalid JSON ({err.msg})") from None


def write_json(path: Union[str, Path], data: Any) -> Path:
    """Write `data` as indented UTF-8 JSON; through a temporary file beside `path` and a
    rename, so a reader sees the old file or the new one, never a half-written one."""
    return replace_atomically(path, json_bytes(data))


def same_json(a: Any, b: Any) -> bool:
    """Whether `a` and `b` are equal as JSON (tuples as lists, Paths compared as saved)."""
    return json.loads(json.dumps(a, default=str)) == json.loads(json.dumps(b, default=str))


def cpu_model() -> str:
    """The CPU's model name (records from different CPUs compare only as ratios)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def available_cores() -> int:
    """CPU cores this process may use (its affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def setup_gpu(gpu_id: int) -> None:
    """Run spaCy and its torch models on GPU `gpu_id`; -1 keeps the CPU."""
    if gpu_id >= 0:
        import spacy

        spacy.require_gpu(gpu_id)


def load_pipeline(name: Union[str, Path]):
    """`spacy.load(name)`; a name that is neither an installed package nor a pipeline
    folder is an InputError saying so (instead of spaCy's traceback)."""
    import spacy

    path = Path(name)
    if not spacy.util.is_package(str(name)):
        if not path.exists():
            raise InputNotFound(f"{name}: no such pipeline (neither a folder nor an installed package)")
        if not (path / "config.cfg").is_file():
            raise InputError(f"{name}: not a spaCy pipeline folder (it has no config.cfg)")
    try:
        return spacy.load(name)
    except OSError as err:
        raise InputError(f"{name}: cannot load the pipeline ({err})") from None
