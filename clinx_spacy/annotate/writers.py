"""Where `clinx annotate` writes: a BRAT folder, a JSONL file or a `.spacy` file, each built
through the output layer (`clinx_spacy.outputs`) so that it appears whole, and each able to
tell, on `--resume`, which documents an interrupted run has already written.

An annotated document is first encoded for its writer (`Encoder`) where it was annotated
(this process, a worker process or a Ray actor): only the encoded form travels, and the
process that writes does no more than write it."""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Set, Tuple, Type, Union

from spacy.tokens import Doc, DocBin, Span
from spacy.tokens.underscore import Underscore

from ..brat.conversion import doc_to_brat, line_fragments
from ..brat.model import BratDocument
from ..brat.writer import write_brat_document
from ..errors import InputError
from ..ml.private_api import span_extension_is_set
from ..outputs import OutputFolder, PartialOutput, replace_atomically
from .inputs import JSONL_SUFFIXES, Record

FORMATS = ("brat", "jsonl", "spacy")
ENTS = "ents"
# Documents per shard of a `.spacy` output under construction (a shard is written whole).
SHARD_SIZE = 200
# spacy-transformers' output for a document, several times the size of the document's
# annotations, and rebuilt by running the pipeline: not written.
TRANSFORMER_OUTPUT = "trf_data"


def output_format(path: Union[str, Path], given: Optional[str] = None) -> str:
    """The output format: `given`, or from the suffix (`.jsonl`, `.spacy`; anything else a BRAT folder)."""
    if given is not None:
        if given not in FORMATS:
            raise InputError(f"unknown output format {given!r}: use one of {', '.join(FORMATS)}")
        return given
    suffix = Path(path).suffix.lower()
    return "jsonl" if suffix in JSONL_SUFFIXES else "spacy" if suffix == ".spacy" else "brat"


class Encoded(NamedTuple):
    """An annotated document as its writer takes it, with what the summary counts."""

    payload: Any
    words: int
    labels: Tuple[str, ...]


@dataclass(frozen=True)
class Encoder:
    """Encodes an annotated document for the writer of `output_format`: `doc.ents` and the
    span groups of `sources`. Picklable, so that worker processes and Ray actors encode."""

    output_format: str
    sources: Tuple[str, ...]

    def __call__(self, record: Record, doc: Doc) -> Encoded:
        payload = ENCODINGS[self.output_format](record, doc, self.sources)
        return Encoded(payload, len(doc), tuple(ent.label_ for ent in doc.ents))


def _brat_document(record: Record, doc: Doc, sources: Sequence[str]) -> BratDocument:
    return doc_to_brat(doc, use_record=False, doc_id=record.id, source=list(sources))


def _jsonl_line(record: Record, doc: Doc, sources: Sequence[str]) -> bytes:
    return (json.dumps(doc_record(record, doc, sources), ensure_ascii=False) + "\n").encode("utf8")


def _docbin_bytes(record: Record, doc: Doc, sources: Sequence[str]) -> bytes:
    doc.user_data["id"] = record.id
    if record.meta:
        doc.user_data["meta"] = record.meta
    if Doc.has_extension(TRANSFORMER_OUTPUT):
        setattr(doc._, TRANSFORMER_OUTPUT, None)
    return DocBin(store_user_data=True, docs=[doc]).to_bytes()


ENCODINGS: Dict[str, Callable[[Record, Doc, Sequence[str]], Any]] = {
    "brat": _brat_document,
    "jsonl": _jsonl_line,
    "spacy": _docbin_bytes,
}


class Writer:
    """One output: `write` each encoded document (see `Encoder`), then `finish`. `done`
    holds the ids an interrupted run already wrote (empty unless resuming)."""

    output: PartialOutput

    def __init__(self, target: Path, *, overwrite: bool, resume: bool) -> None:
        self.target = Path(target)
        self.resume = resume
        self.done: Set[str] = set()

    def __enter__(self) -> "Writer":
        self.output.__enter__()
        if self.resume:
            self.done = self._written()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.output.__exit__(*exc_info)

    def _written(self) -> Set[str]:
        raise NotImplementedError

    def write(self, record: Record, payload: Any) -> None:
        raise NotImplementedError

    def finish(self, summary: Dict[str, Any]) -> Path:
        raise NotImplementedError


class BratWriter(Writer):
    """A BRAT folder: each `.txt` the input text's exact bytes, each `.ann` a T line per
    predicted span (a span group's spans marked by `SpanGroup` attribute lines)."""

    def __init__(self, target: Path, *, overwrite: bool, resume: bool) -> None:
        super().__init__(target, overwrite=overwrite, resume=resume)
        self.output = OutputFolder(target, overwrite=overwrite, resume=resume)

    def _written(self) -> Set[str]:
        # write_brat_document writes the .ann last: a document with its .ann is complete.
        return {p.relative_to(self.output.path).with_suffix("").as_posix() for p in self.output.path.rglob("*.ann")}

    def write(self, record: Record, payload: BratDocument) -> None:
        write_brat_document(payload, self.output.path)

    def finish(self, summary: Dict[str, Any]) -> Path:
        return self.output.finish(summary)


class JsonlWriter(Writer):
    """A JSONL file, one line per document in input order, appended as documents are done."""

    def __init__(self, target: Path, *, overwrite: bool, resume: bool) -> None:
        super().__init__(target, overwrite=overwrite, resume=resume)
        self.output = PartialOutput(target, overwrite=overwrite, resume=resume)
        self._file = None

    def _written(self) -> Set[str]:
        if not self.output.partial.exists():
            return set()
        data = self.output.partial.read_bytes()
        # A line cut by the interruption is dropped: it is written again.
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) < len(data):
            with open(self.output.partial, "r+b") as file:
                file.truncate(len(complete))
        return {json.loads(line)["id"] for line in complete.decode("utf8").splitlines() if line.strip()}

    def write(self, record: Record, payload: bytes) -> None:
        if self._file is None:
            self._file = open(self.output.partial, "ab")
        self._file.write(payload)
        self._file.flush()

    def __exit__(self, *exc_info: Any) -> None:
        if self._file is not None:
            self._file.close()
        super().__exit__(*exc_info)

    def finish(self, summary: Dict[str, Any]) -> Path:
        if self._file is not None:
            self._file.close()
            self._file = None
        if not self.output.partial.exists():
            self.output.partial.write_bytes(b"")
        return self.output.commit()


class DocBinWriter(Writer):
    """A `.spacy` file: shards of `SHARD_SIZE` documents in a partial folder, merged into
    one DocBin when all are done (each Doc's id in `user_data["id"]`)."""

    def __init__(self, target: Path, *, overwrite: bool, resume: bool) -> None:
        super().__init__(target, overwrite=overwrite, resume=resume)
        self.output = PartialOutput(target, overwrite=overwrite, resume=resume, partial_folder=True)
        self._shard = DocBin(store_user_data=True)

    def _shards(self) -> List[Path]:
        return sorted(self.output.partial.glob("shard-*.spacy"))

    def _written(self) -> Set[str]:
        from spacy.vocab import Vocab

        vocab = Vocab()
        shards = (DocBin(store_user_data=True).from_disk(path) for path in self._shards())
        return {doc.user_data["id"] for shard in shards for doc in shard.get_docs(vocab)}

    def write(self, record: Record, payload: bytes) -> None:
        self._shard.merge(DocBin(store_user_data=True).from_bytes(payload))
        if len(self._shard) >= SHARD_SIZE:
            self._flush()

    def _flush(self) -> None:
        if len(self._shard):
            n = len(self._shards())
            replace_atomically(self.output.partial / f"shard-{n:06d}.spacy", self._shard.to_bytes())
            self._shard = DocBin(store_user_data=True)

    def __exit__(self, *exc_info: Any) -> None:
        # Interrupted (Ctrl-C) or failed: the documents done so far are kept for --resume.
        if exc_info[0] is not None and self.output.partial.is_dir():
            self._flush()
        super().__exit__(*exc_info)

    def finish(self, summary: Dict[str, Any]) -> Path:
        self._flush()
        merged = DocBin(store_user_data=True)
        for path in self._shards():
            merged.merge(DocBin(store_user_data=True).from_disk(path))
        built = replace_atomically(self.target.parent / f".{self.target.name}.merged", merged.to_bytes())
        self.output.commit(built)
        shutil.rmtree(self.output.partial)
        return self.target


WRITERS: Dict[str, Type[Writer]] = {"brat": BratWriter, "jsonl": JsonlWriter, "spacy": DocBinWriter}


def doc_record(record: Record, doc: Doc, sources: Sequence[str]) -> Dict[str, Any]:
    """The JSON record of an annotated document: id, metadata, text, and one entry per
    predicted span (offsets, label, text, its fragments between line breaks, where it came
    from, kb_id and span id where set, and the values of every span extension)."""
    text = doc.text  # built from the tokens on every access
    return {
        "id": record.id,
        "meta": record.meta,
        "text": text,
        "entities": [span_record(text, span, key) for key in sources for span in _spans(doc, key)],
    }


def span_record(text: str, span: Span, source: str) -> Dict[str, Any]:
    entry: Dict[str, Any] = {
        "start": span.start_char,
        "end": span.end_char,
        "label": span.label_,
        "text": span.text,
        "source": source,
        "fragments": [list(f) for f in line_fragments(text, span.start_char, span.end_char)],
    }
    if span.kb_id_:
        entry["kb_id"] = span.kb_id_
    if span.id_:
        entry["span_id"] = span.id_
    extensions = _extension_values(span)
    if extensions:
        entry["extensions"] = extensions
    return entry


def _spans(doc: Doc, key: str) -> List[Span]:
    return list(doc.ents) if key == ENTS else sorted(doc.spans.get(key, ()))


def _extension_values(span: Span) -> Dict[str, Any]:
    """The values of the span extensions set on `span` (defaults left out: an extension that
    a loaded package registers but no component of this pipeline sets says nothing)."""
    values = {}
    for name in sorted(Underscore.span_extensions):
        if not span_extension_is_set(span, name):
            continue
        value = getattr(span._, name)
        if value is None or callable(value):
            continue
        value = _jsonable(value)
        try:
            json.dumps(value)
        except TypeError:
            value = str(value)
        values[name] = value
    return values


def _jsonable(value: Any) -> Any:
    """`value` with objects that know their JSON form (`to_dict`, such as the `modifiers`
    of assertion status) in that form."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value
