"""Read BRAT standoff documents (`<id>.txt` + `<id>.ann`) losslessly.

Offsets are character offsets into the text decoded with plain UTF-8, so a
byte order mark is the character at offset 0: all 48 BOM files of the shared
corpora (MEDDOCAN, MEDDOPROF) count it, and their spans only match when it is
kept. `\\r\\n` and NBSP are kept as they are too. Offsets count code points
(Python `str` indices, as BRAT does), so an astral character such as an emoji
is one character (the shared corpora have none). A BOM
at the start of an .ann file is not annotation content and is dropped; .ann
lines may end in `\\n`, `\\r\\n` or a lone `\\r` (old Mac files); blank .ann lines
are ignored. File extensions are matched in any case (`.TXT`, `.Ann`).

With `strict=True` the first problem raises `BratFormatError`; with
`strict=False` the bad line (or, for unreadable files, the document) is
skipped, the problem is recorded in a `BratReadReport` with the same message,
and skipped lines are kept in `BratDocument.skipped_lines` for round trips.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

from ..errors import InputError, InputNotFound
from .model import BratAttribute, BratDocument, BratFormatError, BratLine, BratNote, BratProblem, BratRelation, BratSpan

# Beyond spaCy's default `max_length` a document is suspicious, but still read.
PathLike = Union[str, Path]
# The labels a read accepts (any other is a problem); None accepts every label.
Labels = Optional[Iterable[str]]
HUGE_DOC_CHARS = 1_000_000
NOTE_TYPE = "AnnotatorNotes"
# Annotation types besides T: attributes and relations (parsed), events, normalizations,
# modifications (legacy attributes), equivalences and comments (kept verbatim).
OTHER_TYPES = "AERNM*#"
SPAN_FORMAT = "ID<TAB>LABEL START END[;START END]*<TAB>TEXT"
_SPAN_MIDDLE = re.compile(r"(\S+) ([0-9]+ [0-9]+(?:;[0-9]+ [0-9]+)*)")
_NOTE_MIDDLE = re.compile(NOTE_TYPE + r" (\S+)")
RELATION_FORMAT = "ID<TAB>TYPE ROLE:ID ROLE:ID"
ATTRIBUTE_FORMAT = "ID<TAB>NAME TARGET[ VALUE]"
_RELATION_MIDDLE = re.compile(r"(\S+) (\S+?):(\S+) (\S+?):(\S+)")
_ATTRIBUTE_MIDDLE = re.compile(r"(\S+) (\S+)(?: (\S+))?")
_BOM = "\ufeff"
# What ends an .ann line: here, in the official scorers and in Python's universal newlines.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
BRAT_SUFFIXES = (".txt", ".ann")


@dataclass
class BratReadReport:
    """Problems (errors and warnings) met while reading BRAT input."""

    problems: List[BratProblem] = field(default_factory=list)

    @property
    def errors(self) -> List[BratProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> List[BratProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    def add(self, problem: BratProblem, strict: bool) -> None:
        self.problems.append(problem)
        if strict and problem.severity == "error":
            raise BratFormatError.from_problem(problem)


def brat_paths(path: Union[str, Path]) -> Tuple[Path, Path]:
    """The (.txt, .ann) paths of a document given either file or the stem; an extension in
    another case (`.TXT`) is found when the lower-case file does not exist."""
    path = Path(path)
    stem = path.name[:-4] if path.suffix.lower() in BRAT_SUFFIXES else path.name
    return tuple(_existing_case(path.parent, stem, suffix) for suffix in BRAT_SUFFIXES)  # type: ignore[return-value]


def _existing_case(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    if path.exists() or not folder.is_dir():
        return path
    return next((p for p in folder.glob(f"{stem}.*") if p.name[len(stem) :].lower() == suffix), path)


def read_brat_document(
    path: PathLike, *, labels: Labels = None, strict: bool = True, report: Optional[BratReadReport] = None
) -> Optional[BratDocument]:
    """Read one document from its .txt path, .ann path or stem. A .txt file
    without .ann is a document without annotations. Returns None when a
    lenient read has to skip the whole document."""
    txt_path, ann_path = brat_paths(path)
    return _read_document(txt_path, ann_path, txt_path.name[:-4], labels, strict, report or BratReadReport())


def _read_document(
    txt_path: Path, ann_path: Path, doc_id: str, labels: Labels, strict: bool, report: BratReadReport
) -> Optional[BratDocument]:
    has_ann = ann_path.is_file()
    if not txt_path.is_file():
        if not has_ann:
            raise InputNotFound(f"No BRAT document at {txt_path} or {ann_path}")
        report.add(BratProblem(str(ann_path), f"annotation file without text file {txt_path.name}"), strict)
        return None
    text = _read_utf8(txt_path, report, strict)
    ann = _read_utf8(ann_path, report, strict) if has_ann else ""
    if text is None or ann is None:
        return None
    doc = BratDocument(doc_id=doc_id, text=text, txt_path=str(txt_path), ann_path=str(ann_path) if has_ann else None)
    if not text:
        report.add(BratProblem(str(txt_path), "empty document", severity="warning"), strict)
    elif len(text) > HUGE_DOC_CHARS:
        message = f"huge document: {len(text)} characters"
        report.add(BratProblem(str(txt_path), message, severity="warning"), strict)
    _AnnParser(doc, str(ann_path), labels, strict, report).parse(ann.removeprefix(_BOM))
    return doc


def read_brat_folder(
    path: PathLike,
    *,
    labels: Labels = None,
    strict: bool = True,
    report: Optional[BratReadReport] = None,
    recursive: bool = False,
    allow_empty: bool = False,
) -> Iterator[BratDocument]:
    """Read every document of a folder, sorted by id; with `recursive`, of its sub-folders
    too, each document's id then being its path below `path` (`sub/doc1`). A folder
    without documents is an InputError (with `allow_empty`, a warning in `report`)."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder") if folder.exists() else InputNotFound(f"{folder}: no such folder")
    report = BratReadReport() if report is None else report
    documents: Dict[Path, Dict[str, Path]] = {}
    for file in folder.rglob("*") if recursive else folder.iterdir():
        suffix = file.suffix.lower()
        if suffix in BRAT_SUFFIXES and file.is_file():
            documents.setdefault(file.with_suffix(""), {})[suffix] = file
    if not documents:
        message = _nothing_to_read(folder, recursive)
        if not allow_empty:
            raise InputError(f"{folder}: {message}")
        report.add(BratProblem(str(folder), message, severity="warning"), strict)
    for stem in sorted(documents):
        files = documents[stem]
        txt_path, ann_path = (files.get(suffix, Path(f"{stem}{suffix}")) for suffix in BRAT_SUFFIXES)
        doc = _read_document(txt_path, ann_path, stem.relative_to(folder).as_posix(), labels, strict, report)
        if doc is not None:
            yield doc


def _nothing_to_read(folder: Path, recursive: bool) -> str:
    subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir()) if not recursive else []
    hint = f"; it has sub-folders ({', '.join(subfolders[:5])}): read them recursively" if subfolders else ""
    return f"no BRAT documents (.txt/.ann files){hint}"


def find_brat_folders(root: Union[str, Path]) -> List[Path]:
    """`root` and its subfolders that hold .ann files, sorted."""
    root = Path(root)
    folders = [root] + sorted(p for p in root.rglob("*") if p.is_dir())
    return [folder for folder in folders if any(folder.glob("*.ann"))]


def _read_utf8(path: Path, report: BratReadReport, strict: bool) -> Optional[str]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        valid = data[: err.start]
        message = f"invalid UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start}"
        line = valid.count(b"\n") + 1
        report.add(BratProblem(str(path), message, line, len(valid.decode("utf-8"))), strict)
        return None


class _AnnParser:
    """Parses .ann lines into `doc`; notes are attached after all lines are
    read because they may come before their span."""

    def __init__(
        self, doc: BratDocument, path: str, labels: Optional[Iterable[str]], strict: bool, report: BratReadReport
    ) -> None:
        self.doc = doc
        self.path = path
        self.labels: Optional[Set[str]] = None if labels is None else set(labels)
        self.strict = strict
        self.report = report
        self.first_line: Dict[str, int] = {}  # id -> line it was first seen on
        self.spans: Dict[str, BratSpan] = {}
        self.skipped_ids: Set[str] = set()
        self.notes: List[Tuple[int, str, str, str]] = []  # (line, raw, target, note id)
        # Relations and attributes, checked once every id is known: (line, raw, parsed, ids referred to).
        self.links: List[Tuple[int, str, object, Tuple[str, ...]]] = []

    def parse(self, ann: str) -> None:
        for number, line in enumerate(LINE_BREAK.split(ann), start=1):
            if line.strip():
                self._parse_line(number, line)
        for number, line, parsed, targets in self.links:
            self._attach_link(number, line, parsed, targets)
        for number, line, target, note_id in self.notes:
            self._attach_note(number, line, target, note_id)
        self.doc.relations.sort(key=lambda relation: relation.line)
        self.doc.attributes.sort(key=lambda attribute: attribute.line)
        self.doc.other_lines.sort(key=lambda line: line.line)
        self.doc.skipped_lines.sort(key=lambda line: line.line)

    def _skip(self, number: int, line: str, message: str, offset: Optional[int] = None) -> None:
        self.report.add(BratProblem(self.path, message, number, offset), self.strict)
        self.doc.skipped_lines.append(BratLine(line, number))
        self.skipped_ids.add(line.split("\t", 1)[0])

    def _parse_line(self, number: int, line: str) -> None:
        fields = line.split("\t", 2)
        ann_id = fields[0]
        kind = ann_id[:1]
        if not ann_id or len(fields) < 2:
            self._skip(number, line, "malformed line: expected ID<TAB>...")
        elif kind != "T" and kind not in OTHER_TYPES:
            self._skip(number, line, f"malformed line: unknown annotation type {ann_id!r}")
        elif ann_id in self.first_line and ann_id != "*":
            self._skip(number, line, f"duplicate id {ann_id} (first on line {self.first_line[ann_id]})")
        elif kind == "T":
            self._parse_span(number, line, fields)
        elif kind == "R":
            self._parse_relation(number, line, fields)
        elif kind == "A":
            self._parse_attribute(number, line, fields)
        elif kind == "#" and fields[1].split(" ", 1)[0] == NOTE_TYPE:
            match = _NOTE_MIDDLE.fullmatch(fields[1])
            if match is None or len(fields) != 3:
                self._skip(number, line, f"malformed line: expected #ID<TAB>{NOTE_TYPE} TARGET<TAB>NOTE")
            else:
                self.first_line[ann_id] = number
                self.notes.append((number, line, match.group(1), ann_id))
        else:
            self.first_line[ann_id] = number
            self.doc.other_lines.append(BratLine(line, number))

    def _parse_span(self, number: int, line: str, fields: List[str]) -> None:
        match = _SPAN_MIDDLE.fullmatch(fields[1]) if len(fields) == 3 else None
        if match is None:
            self._skip(number, line, f"malformed T line: expected {SPAN_FORMAT}")
            return
        label = match.group(1)
        fragments = tuple(
            (int(start), int(end)) for start, end in (fragment.split(" ") for fragment in match.group(2).split(";"))
        )
        text = self.doc.text
        start = fragments[0][0]
        empty = next(((s, e) for s, e in fragments if s >= e), None)
        if empty is not None:
            self._skip(number, line, f"empty or reversed fragment {empty[0]} {empty[1]}", empty[0])
            return
        past_end = next(((s, e) for s, e in fragments if e > len(text)), None)
        if past_end is not None:
            message = f"offsets {past_end[0]} {past_end[1]} past end of text ({len(text)} characters)"
            self._skip(number, line, message, past_end[0])
            return
        if self.labels is not None and label not in self.labels:
            self._skip(number, line, f"label {label!r} not in allowed labels {sorted(self.labels)}", start)
            return
        # BRAT writes the fragments of a discontinuous span joined by one space.
        expected = " ".join(text[s:e] for s, e in fragments)
        if fields[2] != expected:
            message = f"span text {_clip(fields[2])} does not match document text {_clip(expected)} at {match.group(2)}"
            self._skip(number, line, message, start)
            return
        self.first_line[fields[0]] = number
        span = BratSpan(fields[0], label, fragments, fields[2], line=number)
        self.spans[span.id] = span
        self.doc.spans.append(span)

    def _parse_relation(self, number: int, line: str, fields: List[str]) -> None:
        match = _RELATION_MIDDLE.fullmatch(fields[1]) if len(fields) == 2 else None
        if match is None:
            self._skip(number, line, f"malformed R line: expected {RELATION_FORMAT}")
            return
        relation_type, role1, arg1, role2, arg2 = match.groups()
        relation = BratRelation(fields[0], relation_type, ((role1, arg1), (role2, arg2)), number)
        self.first_line[relation.id] = number
        self.links.append((number, line, relation, (arg1, arg2)))

    def _parse_attribute(self, number: int, line: str, fields: List[str]) -> None:
        match = _ATTRIBUTE_MIDDLE.fullmatch(fields[1]) if len(fields) == 2 else None
        if match is None:
            self._skip(number, line, f"malformed A line: expected {ATTRIBUTE_FORMAT}")
            return
        name, target, value = match.groups()
        self.first_line[fields[0]] = number
        self.links.append((number, line, BratAttribute(fields[0], name, target, value, number), (target,)))

    def _attach_link(self, number: int, line: str, parsed: object, targets: Tuple[str, ...]) -> None:
        link_id = line.split("\t", 1)[0]
        unknown = [target for target in targets if target not in self.first_line]
        if any(target in self.skipped_ids for target in targets):
            # An annotation it refers to was skipped and reported already; keep the line with it.
            self.doc.skipped_lines.append(BratLine(line, number))
            self.skipped_ids.add(link_id)
        elif unknown:
            self._skip(number, line, f"{link_id} refers to unknown id {unknown[0]!r}")
        elif isinstance(parsed, BratRelation):
            self.doc.relations.append(parsed)
        else:
            self.doc.attributes.append(parsed)  # type: ignore[arg-type]

    def _attach_note(self, number: int, line: str, target: str, note_id: str) -> None:
        note_text = line.split("\t", 2)[2]
        if target in self.spans:
            self.spans[target].notes.append(BratNote(note_id, note_text, number))
        elif target in self.skipped_ids:
            # What it annotates was skipped and reported already; keep the note with it.
            self.doc.skipped_lines.append(BratLine(line, number))
        elif target in self.first_line:
            # Notes on relations, events etc. stay verbatim.
            self.doc.other_lines.append(BratLine(line, number))
        else:
            self._skip(number, line, f"{NOTE_TYPE} refers to unknown id {target!r}")


def _clip(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")
