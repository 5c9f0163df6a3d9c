"""One output layer for every command that writes: a reader only ever sees a complete old
output or a complete new one.

* A file is written to a temporary file beside it, then renamed into place.
* A folder is written under a hidden name beside it (`.<name>.partial`), then gets a
  manifest (`MANIFEST`, listing its files) and is renamed into place; a folder without the
  manifest is not a clinx output. An interrupted run leaves only the hidden folder, which
  `resume=True` continues and `overwrite=True` replaces.
* A target that is not empty is refused unless `overwrite=True`, which replaces it whole.
* While a file or folder is written, a lock (`.<name>.lock` beside it) turns a second
  writer away instead of mixing their outputs.
"""

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Union

from .errors import OutputError, OutputExists

PathLike = Union[str, Path]
MANIFEST = ".clinx-output.json"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are created private (0600); what they become gets the usual permissions.
FILE_MODE = 0o666 & ~_umask()


@contextlib.contextmanager
def output_lock(target: PathLike) -> Iterator[None]:
    """Hold the lock of `target` for as long as the block runs; another holder is an OutputError."""
    target = Path(target)
    writable_parent(target)
    lock_path = target.parent / f".{target.name}.lock"
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(
                    f"{target} is being written by another process; try again when it has finished"
                ) from None
            raise
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()
        os.close(handle)


def writable_parent(target: PathLike) -> Path:
    """Create the folder `target` goes into and check that it can be written; return it."""
    parent = Path(target).absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"cannot write {target}: {_first_file(parent)} is a file, not a folder") from None
    except PermissionError:
        raise OutputError(f"cannot write {target}: no permission to create {parent}") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {target}: {parent} is not writable")
    return parent


def check_file_target(target: PathLike) -> Path:
    """Fail now, before any work, if `target` cannot be written as a file."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    writable_parent(target)
    return target


@contextlib.contextmanager
def atomic_file(target: PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `target` to write to; it becomes `target` when the block
    ends without an error, and is removed otherwise."""
    target = check_file_target(target)
    with output_lock(target), _temporary_beside(target) as tmp:
        yield tmp


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` (usual permissions) renamed to `path` when the block
    ends without an error, and removed otherwise."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        os.chmod(tmp, FILE_MODE)
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_bytes(target: PathLike, data: bytes) -> Path:
    """Write `data` to `target` atomically, holding its lock."""
    with atomic_file(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def replace_atomically(path: PathLike, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path` and rename it to `path` (no lock: for
    files that only this process writes, e.g. inside an output folder or a record)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_beside(path) as tmp:
        tmp.write_bytes(data)
    return path


def json_bytes(data: Any) -> bytes:
    """`data` as indented UTF-8 JSON, as every clinx JSON file is written."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf8")


def is_complete(folder: PathLike) -> bool:
    """Whether `folder` is a complete clinx output folder (it has its manifest)."""
    return (Path(folder) / MANIFEST).is_file()


class PartialOutput:
    """An output (a file or a folder) built at a hidden partial path beside its target, then
    committed whole (see the module doc). Use as a context manager, which holds the lock;
    on an error or an interruption the partial output stays, for `resume`."""

    def __init__(
        self,
        target: PathLike,
        *,
        overwrite: bool = False,
        resume: bool = False,
        folder: bool = False,
        partial_folder: Optional[bool] = None,
    ) -> None:
        """`folder`: the target is a folder; `partial_folder`: the partial output is one
        (by default, when the target is), e.g. shards that become one file."""
        self.target = Path(target)
        self.overwrite = overwrite
        self.resume = resume
        self.folder = folder
        self.partial_folder = folder if partial_folder is None else partial_folder
        self.partial = self.target.parent / f".{self.target.name}.partial"
        self._lock = contextlib.ExitStack()
        self.check()

    def check(self) -> None:
        """Fail now, before any work, if the target cannot be written."""
        if self.target.exists() and self.target.is_dir() != self.folder:
            kind = "a file; give a folder" if self.folder else "a folder; give a file name"
            raise OutputError(f"{self.target} is {kind}")
        resuming = self.resume and self.partial.exists()
        if _not_empty(self.target) and not (self.overwrite or resuming):
            state = "is not empty: choose another folder" if self.folder else "exists: choose another name"
            raise OutputExists(f"{self.target} {state}, or --overwrite to replace it")
        if self.partial.exists() and not (self.resume or self.overwrite):
            raise OutputExists(
                f"an interrupted run left {self.partial}: --resume to continue it, or --overwrite to start again"
            )
        writable_parent(self.target)

    def __enter__(self):
        self._lock.enter_context(output_lock(self.target))
        if self.partial.exists() and not self.resume:
            _remove(self.partial)
        if self.partial_folder:
            self.partial.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._lock.close()

    def commit(self, built: Optional[Path] = None) -> Path:
        """Move `built` (by default the partial output) into place, replacing the target."""
        old = None
        if self.target.exists():
            old = self.target.parent / f".{self.target.name}.old"
            if old.exists():
                _remove(old)
            os.replace(self.target, old)
        os.replace(built or self.partial, self.target)
        if old is not None:
            _remove(old)
        return self.target


class OutputFolder(PartialOutput):
    """A folder output: files go into `self.path` (the partial folder), each written
    atomically, and `finish()` adds the manifest and moves the folder into place."""

    def __init__(self, target: PathLike, *, overwrite: bool = False, resume: bool = False) -> None:
        super().__init__(target, overwrite=overwrite, resume=resume, folder=True)
        self.path = self.partial

    def write_bytes(self, relative: PathLike, data: bytes) -> Path:
        """Write one file of the output atomically (so a resumed run never finds half of it)."""
        return replace_atomically(self.path / relative, data)

    def files(self) -> List[str]:
        """The files written so far, relative to the folder, sorted."""
        return sorted(
            str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file() and not p.name.startswith(".")
        )

    def finish(self, summary: Optional[Dict[str, Any]] = None) -> Path:
        """Write the manifest (the files and `summary`) and move the folder into place."""
        replace_atomically(self.path / MANIFEST, json_bytes({"files": self.files(), **(summary or {})}))
        return self.commit()


def _not_empty(path: Path) -> bool:
    return path.is_file() or (path.is_dir() and any(path.iterdir()))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def _first_file(path: Path) -> Path:
    """The first ancestor of `path` (or itself) that exists and is a file."""
    for candidate in [path, *path.parents]:
        if candidate.exists():
            return candidate
    return path
