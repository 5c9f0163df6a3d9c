"""Write `BratDocument`s back to BRAT standoff files."""

from pathlib import Path
from typing import List, Optional, Tuple, Union

from .model import BratDocument, BratSpan


def span_line(span: BratSpan) -> str:
    fragments = ";".join(f"{start} {end}" for start, end in span.fragments)
    return f"{span.id}\t{span.label} {fragments}\t{span.text}"


def ann_lines(doc: BratDocument) -> List[str]:
    """The .ann lines of `doc`: lines read from a file keep their original
    order; new ones (no line number) follow in the order given."""
    numbered: List[Tuple[Optional[int], str]] = []
    for span in doc.spans:
        numbered.append((span.line, span_line(span)))
        numbered.extend((note.line, f"{note.id}\tAnnotatorNotes {span.id}\t{note.text}") for note in span.notes)
    numbered.extend((line.line, line.text) for line in doc.other_lines + doc.skipped_lines)
    # A stable sort, so new lines keep their relative order after the read ones.
    numbered.sort(key=lambda item: float("inf") if item[0] is None else item[0])
    return [text for _, text in numbered]


def write_brat_document(doc: BratDocument, folder: Union[str, Path]) -> Tuple[Path, Path]:
    """Write `<doc_id>.txt` (the text's UTF-8 bytes, BOM included) and
    `<doc_id>.ann` into `folder`; returns both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    txt_path = folder / f"{doc.doc_id}.txt"
    ann_path = folder / f"{doc.doc_id}.ann"
    txt_path.write_bytes(doc.text.encode("utf-8"))
    ann_path.write_bytes("".join(line + "\n" for line in ann_lines(doc)).encode("utf-8"))
    return txt_path, ann_path
