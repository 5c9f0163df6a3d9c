"""Write `BratDocument`s back to BRAT standoff files."""

from pathlib import Path
from typing import List, Optional, Tuple, Union

from ..outputs import replace_atomically
from .model import BratAttribute, BratDocument, BratRelation, BratSpan
from .reader import LINE_BREAK


def span_line(span: BratSpan) -> str:
    fragments = ";".join(f"{start} {end}" for start, end in span.fragments)
    return f"{span.id}\t{span.label} {fragments}\t{span.text}"


def relation_line(relation: BratRelation) -> str:
    args = " ".join(f"{role}:{target}" for role, target in relation.args)
    return f"{relation.id}\t{relation.type} {args}"


def attribute_line(attribute: BratAttribute) -> str:
    value = "" if attribute.value is None else f" {attribute.value}"
    return f"{attribute.id}\t{attribute.name} {attribute.target}{value}"


def _checked(line: str, what: str) -> str:
    """`line`, refused if it would not read back as one .ann line (its last field, the
    text, may hold tabs, as the reader splits only at the first two)."""
    if LINE_BREAK.search(line):
        raise ValueError(f"{what} would corrupt the .ann file (a line break inside a line): {line!r}")
    return line


def _check_fields(doc: BratDocument, ann_id: str, fields: List[str]) -> None:
    """Refuse an id, label, name or argument that would not read back as one field."""
    for value in fields:
        if not value or any(char.isspace() for char in value):
            raise ValueError(f"{doc.doc_id} {ann_id!r}: the field {value!r} would corrupt the .ann file")


def ann_lines(doc: BratDocument) -> List[str]:
    """The .ann lines of `doc`: lines read from a file keep their original
    order; new ones (no line number) follow in the order given."""
    numbered: List[Tuple[Optional[int], str]] = []
    for span in doc.spans:
        _check_fields(doc, span.id, [span.id, span.label])
        numbered.append((span.line, _checked(span_line(span), f"{doc.doc_id} {span.id}")))
        for note in span.notes:
            note_line = f"{note.id}\tAnnotatorNotes {span.id}\t{note.text}"
            numbered.append((note.line, _checked(note_line, f"{doc.doc_id} {note.id}")))
    for relation in doc.relations:
        # A role ends at its first colon when read back: one with a colon is refused as empty.
        roles = [role if ":" not in role else "" for role, _ in relation.args]
        _check_fields(doc, relation.id, [relation.id, relation.type, *roles, *(arg for _, arg in relation.args)])
        numbered.append((relation.line, relation_line(relation)))
    for attribute in doc.attributes:
        fields = [attribute.id, attribute.name, attribute.target]
        _check_fields(doc, attribute.id, fields + ([] if attribute.value is None else [attribute.value]))
        numbered.append((attribute.line, attribute_line(attribute)))
    # Other lines are kept verbatim: read from a file (so one line each) or written by clinx.
    numbered.extend((line.line, line.text) for line in doc.other_lines + doc.skipped_lines)
    # A stable sort, so new lines keep their relative order after the read ones.
    numbered.sort(key=lambda item: float("inf") if item[0] is None else item[0])
    return [text for _, text in numbered]


def write_brat_document(doc: BratDocument, folder: Union[str, Path]) -> Tuple[Path, Path]:
    """Write `<doc_id>.txt` (the text's UTF-8 bytes, BOM included) and then
    `<doc_id>.ann` into `folder`, each through a temporary file (a document whose .ann
    exists is complete); returns both paths. A doc id with `/` goes into sub-folders."""
    folder = Path(folder)
    ann = "".join(line + "\n" for line in ann_lines(doc)).encode("utf-8")
    txt_path = replace_atomically(folder / f"{doc.doc_id}.txt", doc.text.encode("utf-8"))
    return txt_path, replace_atomically(folder / f"{doc.doc_id}.ann", ann)
