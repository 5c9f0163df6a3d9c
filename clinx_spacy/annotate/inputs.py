"""The documents `clinx annotate` reads, streamed one at a time: `.txt` files of a folder
(a BRAT folder's texts, its `.ann` files left aside), a JSONL file or stdin, a `.spacy` file.
A document that cannot be read is reported as a `Failure` and the stream goes on."""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

from ..brat.keys import BRAT_KEY
from ..errors import InputError, InputNotFound

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Longer documents are reported and skipped: a clinical note is far shorter, so this is
# a file that is not one (a database dump, a concatenated corpus).
MAX_CHARS = 1_000_000


@dataclass
class Record:
    """One document to annotate: its id (unique in the input), text and metadata, and
    spans known before it is annotated ((start, end, label): a person's annotations)."""

    id: str
    text: str
    meta: Dict[str, Any] = field(default_factory=dict)
    source: str = ""
    spans: Tuple[Tuple[int, int, str], ...] = ()


@dataclass
class Failure:
    """A document that could not be annotated, and why (with file and line where known)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def input_kind(path: Union[str, Path]) -> str:
    """ "folder", "jsonl" or "spacy" for an input path (`-`: JSONL on stdin)."""
    if str(path) == STDIN:
        return "jsonl"
    path = Path(path)
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputNotFound(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".spacy":
        return "spacy"
    raise InputError(f"{path}: give a folder of .txt files, a .jsonl file, a .spacy file or - (JSONL on stdin)")


def read_records(
    path: Union[str, Path],
    failures: List[Failure],
    *,
    recursive: bool = False,
    glob: Optional[str] = None,
    max_chars: int = MAX_CHARS,
    vocab=None,
) -> Iterator[Record]:
    """The documents of `path`, in a stable order (folders: sorted by path); every document
    that cannot be read is appended to `failures` instead. Two documents with one id are an
    InputError, as ids name the outputs."""
    kind = input_kind(path)
    if kind == "folder":
        records = _folder_records(Path(path), failures, recursive, glob)
    elif kind == "jsonl":
        records = _jsonl_records(str(path), failures)
    else:
        records = _docbin_records(Path(path), vocab)
    seen = set()
    for record in records:
        if record.id in seen:
            raise InputError(f"{record.source}: the id {record.id!r} is used by an earlier document")
        seen.add(record.id)
        if not record.text.strip():
            failures.append(Failure(record.source, "empty document"))
        elif len(record.text) > max_chars:
            failures.append(Failure(record.source, f"{len(record.text)} characters, over the limit of {max_chars}"))
        else:
            yield record


def _folder_records(folder: Path, failures: List[Failure], recursive: bool, glob: Optional[str]) -> Iterator[Record]:
    pattern = glob or ("**/*" if recursive else "*")
    paths = sorted(p for p in folder.glob(pattern) if p.is_file() and (glob or p.suffix.lower() == ".txt"))
    if not paths:
        raise InputError(f"{folder}: no documents (*.txt{', recursively' if recursive else ''}) to annotate")
    for path in paths:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            failures.append(Failure(f"{path}:{line}", f"invalid UTF-8 at byte offset {err.start}"))
            continue
        doc_id = path.relative_to(folder).with_suffix("").as_posix()
        yield Record(doc_id, text, {"path": str(path)}, str(path))


def _jsonl_records(name: str, failures: List[Failure]) -> Iterator[Record]:
    handle = sys.stdin if name == STDIN else open(name, encoding="utf8", errors="surrogateescape")
    source = "<stdin>" if name == STDIN else name
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = _jsonl_record(line, f"{source}:{number}", failures.append)
            if record is not None:
                yield record
    finally:
        if handle is not sys.stdin:
            handle.close()


def _jsonl_record(line: str, where: str, fail: Callable[[Failure], None]) -> Optional[Record]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        fail(Failure(where, f"invalid JSON at offset {err.pos} ({err.msg})"))
        return None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        fail(Failure(where, 'expected an object with a "text" string'))
        return None
    try:
        data["text"].encode("utf-8")
    except UnicodeEncodeError as err:
        fail(Failure(where, f"invalid UTF-8 in the text at character {err.start}"))
        return None
    doc_id = data.pop("id", None)
    if doc_id is None:
        fail(Failure(where, 'no "id"'))
        return None
    text = data.pop("text")
    return Record(str(doc_id), text, data, where)


def _docbin_records(path: Path, vocab) -> Iterator[Record]:
    from ..brat.conversion import read_docbin

    for i, doc in enumerate(read_docbin(path, vocab)):
        record = doc.user_data.get(BRAT_KEY)
        doc_id = record["doc_id"] if record else doc.user_data.get("id", f"doc{i:05d}")
        yield Record(str(doc_id), doc.text, {}, f"{path}#{i}")
