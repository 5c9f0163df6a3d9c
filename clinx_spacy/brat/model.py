"""Plain data model of BRAT standoff documents, kept lossless for round trips."""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..errors import InputError

Fragment = Tuple[int, int]


@dataclass
class BratNote:
    """An `#N<TAB>AnnotatorNotes Tk<TAB>text` line attached to a span."""

    id: str
    text: str
    line: Optional[int] = None


@dataclass
class BratSpan:
    """A text-bound (`T`) annotation. `text` is as written in the .ann file:
    for discontinuous spans BRAT joins the fragments with a single space."""

    id: str
    label: str
    fragments: Tuple[Fragment, ...]
    text: str
    notes: List[BratNote] = field(default_factory=list)
    line: Optional[int] = None

    @property
    def start(self) -> int:
        return min(start for start, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(end for _, end in self.fragments)

    @property
    def is_discontinuous(self) -> bool:
        return len(self.fragments) > 1


@dataclass
class BratRelation:
    """An `R` line, `R1<TAB>Scope Arg1:T1 Arg2:T2`: a typed link between two annotations
    (NUBes links a cue to its scope with `Scope`, `DiscScope` and `DiscMarker`)."""

    id: str
    type: str
    args: Tuple[Tuple[str, str], ...]  # (role, annotation id), in line order
    line: Optional[int] = None

    def arg(self, role: str) -> Optional[str]:
        """The id of the annotation in `role` (e.g. "Arg1")."""
        return next((target for name, target in self.args if name == role), None)


@dataclass
class BratAttribute:
    """An `A` line, `A1<TAB>Negated T3` (binary) or `A2<TAB>SpanGroup T3 cantemist` (valued)."""

    id: str
    name: str
    target: str
    value: Optional[str] = None
    line: Optional[int] = None


@dataclass
class BratLine:
    """An .ann line kept verbatim: E/N/M/* lines, `#` lines that are not AnnotatorNotes
    of a span, relations or attributes in forms clinx does not parse, and lines skipped by
    a lenient read."""

    text: str
    line: Optional[int] = None


@dataclass
class BratDocument:
    doc_id: str
    text: str
    spans: List[BratSpan] = field(default_factory=list)
    other_lines: List[BratLine] = field(default_factory=list)
    # Lines a lenient read rejected (see the read report); written back verbatim.
    skipped_lines: List[BratLine] = field(default_factory=list)
    txt_path: Optional[str] = None
    ann_path: Optional[str] = None
    relations: List[BratRelation] = field(default_factory=list)
    attributes: List[BratAttribute] = field(default_factory=list)

    def to_dict(self, include_text: bool = True) -> Dict[str, Any]:
        """Msgpack/JSON-friendly dict (used for `Doc.user_data`, where the
        text is left out because `doc.text` already holds it)."""
        data = {
            "doc_id": self.doc_id,
            "spans": [
                {
                    "id": span.id,
                    "label": span.label,
                    "fragments": [list(fragment) for fragment in span.fragments],
                    "text": span.text,
                    "notes": [[note.id, note.text, note.line] for note in span.notes],
                    "line": span.line,
                }
                for span in self.spans
            ],
            "relations": [[rel.id, rel.type, [list(arg) for arg in rel.args], rel.line] for rel in self.relations],
            "attributes": [[a.id, a.name, a.target, a.value, a.line] for a in self.attributes],
            "other_lines": [[line.text, line.line] for line in self.other_lines],
            "skipped_lines": [[line.text, line.line] for line in self.skipped_lines],
            "txt_path": self.txt_path,
            "ann_path": self.ann_path,
        }
        if include_text:
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: Dict[str, Any], text: Optional[str] = None) -> "BratDocument":
        return cls(
            doc_id=data["doc_id"],
            text=data["text"] if text is None else text,
            spans=[
                BratSpan(
                    id=span["id"],
                    label=span["label"],
                    fragments=tuple((int(start), int(end)) for start, end in span["fragments"]),
                    text=span["text"],
                    notes=[BratNote(id, note, line) for id, note, line in span["notes"]],
                    line=span["line"],
                )
                for span in data["spans"]
            ],
            # Records written before relations and attributes were parsed have neither key.
            relations=[
                BratRelation(id, type, tuple((role, target) for role, target in args), line)
                for id, type, args, line in data.get("relations", ())
            ],
            attributes=[BratAttribute(*attribute) for attribute in data.get("attributes", ())],
            other_lines=[BratLine(text, line) for text, line in data["other_lines"]],
            skipped_lines=[BratLine(text, line) for text, line in data["skipped_lines"]],
            txt_path=data.get("txt_path"),
            ann_path=data.get("ann_path"),
        )


@dataclass(frozen=True)
class BratProblem:
    """One problem found in BRAT input. `offset` is a character offset into
    the document text (for invalid UTF-8: of the first undecodable byte)."""

    path: str
    message: str
    line: Optional[int] = None
    offset: Optional[int] = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        offset = "" if self.offset is None else f" offset {self.offset}:"
        return f"{location}:{offset} {self.message}"

    def to_dict(self) -> Dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "offset": self.offset,
            "message": self.message,
            "severity": self.severity,
        }


class BratFormatError(InputError):
    """Bad BRAT input, formatted as `path:line: offset N: message`."""

    def __init__(self, path: str, message: str, line: Optional[int] = None, offset: Optional[int] = None) -> None:
        self.problem = BratProblem(str(path), message, line, offset)
        self.path = self.problem.path
        self.message = message
        self.line = line
        self.offset = offset
        super().__init__(str(self.problem))

    @classmethod
    def from_problem(cls, problem: BratProblem) -> "BratFormatError":
        return cls(problem.path, problem.message, problem.line, problem.offset)
