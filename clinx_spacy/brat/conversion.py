"""Convert between BRAT documents and spaCy `Doc`s / `.spacy` files.

A converted `Doc` holds:

* `doc.spans["gold"]`: every gold span in .ann order, with label, `kb_id` (the
  first AnnotatorNotes text, e.g. PharmaCoNER's SNOMED code) and `id` (the
  BRAT id, e.g. "T3"). A discontinuous span is stored as its extent (first
  fragment start to last fragment end); its exact fragments are in the
  BRAT record. Fragment boundaries are token boundaries too.
* `doc.user_data["clinx_brat"]`: the lossless BRAT record
  (`BratDocument.to_dict(include_text=False)`, the text being `doc.text`),
  so a DocBin with `store_user_data=True` round-trips ids, fragments, notes,
  other and skipped lines, doc id and source paths.
* `doc.ents` by the ents policy: "outermost" keeps the longest spans that
  do not overlap an already kept one, earliest first on ties (the outermost of
  nested spans); "innermost" keeps the shortest. Discontinuous
  spans never go to `doc.ents`. Each span left out is reported with a reason.

Gold boundaries that fall inside a token are made token boundaries by
splitting that token. A boundary in a token's trailing space cannot be a
token boundary; such spans are trimmed to their non-space part in the Doc,
and whitespace-only spans are left out of it (both reported; the BRAT record
keeps the exact offsets).
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab
from tqdm import tqdm

from ..context.attributes import BRAT_ATTRIBUTES
from ..errors import InputError, InputNotFound
from ..outputs import OutputFolder, atomic_file, check_file_target
from ..tokenizer import make_doc
from .keys import BRAT_KEY, ENTS_POLICIES, GOLD_KEY
from .model import BratAttribute, BratDocument, BratNote, BratSpan
from .reader import LINE_BREAK, BratReadReport, read_brat_folder
from .writer import write_brat_document

# The names of 0.1 (they clashed with clinx_merge_ents' policies), still accepted in configs.
# The brat attribute that names the span group of a predicted span, when several are written.
SPAN_GROUP_ATTRIBUTE = "SpanGroup"
_OLD_ENTS_POLICIES = {"longest": "outermost", "shortest": "innermost"}


@dataclass
class DocReport:
    """What converting one document changed or left out (span ids)."""

    doc_id: str
    labels: Counter = field(default_factory=Counter)
    split: List[str] = field(default_factory=list)
    trimmed: List[Tuple[str, str]] = field(default_factory=list)
    left_out: List[Tuple[str, str]] = field(default_factory=list)


@dataclass
class ConversionReport(BratReadReport):
    """Documents and spans converted, what the conversion changed or left
    out, and the problems of reading the input (`errors`, `warnings`)."""

    documents: int = 0
    spans_per_label: Counter = field(default_factory=Counter)
    split: List[Tuple[str, str]] = field(default_factory=list)  # (doc id, span id)
    trimmed: List[Tuple[str, str, str]] = field(default_factory=list)  # (doc, span, reason)
    left_out: List[Tuple[str, str, str]] = field(default_factory=list)  # (doc, span, reason)

    def add_doc(self, doc_report: DocReport) -> None:
        doc_id = doc_report.doc_id
        self.documents += 1
        self.spans_per_label.update(doc_report.labels)
        self.split.extend((doc_id, span_id) for span_id in doc_report.split)
        self.trimmed.extend((doc_id, span_id, why) for span_id, why in doc_report.trimmed)
        self.left_out.extend((doc_id, span_id, why) for span_id, why in doc_report.left_out)

    def format(self, max_listed: Optional[int] = None) -> str:
        """A printable summary; lists at most `max_listed` items per section."""
        lines = [f"Documents: {self.documents}", f"Spans: {sum(self.spans_per_label.values())}"]
        lines.extend(f"  {label}: {n}" for label, n in sorted(self.spans_per_label.items()))
        sections = [
            ("Spans that needed a token split", [f"{d} {s}" for d, s in self.split]),
            ("Spans trimmed in the Doc", [f"{d} {s}: {why}" for d, s, why in self.trimmed]),
            ("Spans left out of doc.ents", [f"{d} {s}: {why}" for d, s, why in self.left_out]),
            ("Errors", [str(p) for p in self.errors]),
            ("Warnings", [str(p) for p in self.warnings]),
        ]
        for title, items in sections:
            lines.append(f"{title}: {len(items)}")
            shown = items if max_listed is None else items[:max_listed]
            lines.extend(f"  {item}" for item in shown)
            if len(shown) < len(items):
                lines.append(f"  ... and {len(items) - len(shown)} more")
        return "\n".join(lines)

    __str__ = format

    def to_dict(self) -> Dict[str, Any]:
        return {
            "documents": self.documents,
            "spans_per_label": dict(self.spans_per_label),
            "split": [list(item) for item in self.split],
            "trimmed": [list(item) for item in self.trimmed],
            "left_out": [list(item) for item in self.left_out],
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }


def brat_to_doc(nlp: Language, brat_doc: BratDocument, ents_policy: str = "outermost") -> Tuple[Doc, DocReport]:
    """Tokenize `brat_doc` with `nlp` and store its spans (see module doc)."""
    ents_policy = _OLD_ENTS_POLICIES.get(ents_policy, ents_policy)
    if ents_policy not in ENTS_POLICIES:
        raise ValueError(f"Unknown ents_policy {ents_policy!r}: use one of {ENTS_POLICIES}")
    doc = make_doc(nlp, brat_doc.text)
    offsets = {offset for span in brat_doc.spans for frag in span.fragments for offset in frag}
    split_at = _split_tokens(doc, sorted(offsets))
    report = DocReport(brat_doc.doc_id)
    gold: List[Span] = []
    kept: List[BratSpan] = []
    for span in brat_doc.spans:
        report.labels[span.label] += 1
        if any(offset in split_at for frag in span.fragments for offset in frag):
            report.split.append(span.id)
        kb_id = span.notes[0].text if span.notes else ""
        kwargs = dict(label=span.label, kb_id=kb_id, span_id=span.id)
        doc_span = doc.char_span(span.start, span.end, **kwargs)
        if doc_span is None:
            # Only a boundary in a token's trailing space is left unaligned.
            doc_span = doc.char_span(span.start, span.end, alignment_mode="contract", **kwargs)
            if doc_span is None:
                report.trimmed.append((span.id, "whitespace only: not in the Doc"))
                report.left_out.append((span.id, "whitespace only"))
                continue
            report.trimmed.append((span.id, f"edge whitespace trimmed to {doc_span.text!r}"))
        gold.append(doc_span)
        kept.append(span)
    doc.spans[GOLD_KEY] = gold
    doc.ents = _select_ents(kept, gold, ents_policy, report)
    position = {span.id: n for n, span in enumerate(brat_doc.spans)}
    report.left_out.sort(key=lambda item: position[item[0]])
    doc.user_data[BRAT_KEY] = brat_doc.to_dict(include_text=False)
    return doc, report


def doc_to_brat(
    doc: Doc, *, use_record: bool = True, doc_id: Optional[str] = None, source: Union[str, Sequence[str]] = "ents"
) -> BratDocument:
    """The BRAT record stored in `doc` (lossless) or, without one or with
    `use_record=False` (predictions), a document built from `doc.ents` or the span
    group `source` (or from several, each span of a group then marked by an
    attribute line `A<n><TAB>SpanGroup T<k> <group>`): ids T1..Tn in order, text =
    the doc slice, `kb_id` as AnnotatorNotes. A span that crosses a line break
    becomes a discontinuous span of the pieces between the breaks, as brat writes
    it, so that no .ann line ever holds a line break."""
    record = doc.user_data.get(BRAT_KEY)
    if record is not None and use_record:
        return BratDocument.from_dict(record, text=doc.text)
    sources = [source] if isinstance(source, str) else list(source)
    text = doc.text  # built from the tokens on every access
    spans: List[BratSpan] = []
    attributes: List[BratAttribute] = []
    assertions = [(name, brat_name) for name, brat_name in BRAT_ATTRIBUTES.items() if Span.has_extension(name)]
    n_notes = 0
    for key in sources:
        for ent in doc.ents if key == "ents" else sorted(doc.spans.get(key, ())):
            fragments = line_fragments(text, ent.start_char, ent.end_char)
            if not fragments:
                continue
            notes = []
            if ent.kb_id_:
                n_notes += 1
                notes.append(BratNote(f"#{n_notes}", ent.kb_id_))
            span_id = f"T{len(spans) + 1}"
            span_text = " ".join(text[start:end] for start, end in fragments)
            spans.append(BratSpan(span_id, ent.label_, fragments, span_text, notes))
            if len(sources) > 1 and key != "ents":
                attributes.append(BratAttribute(f"A{len(attributes) + 1}", SPAN_GROUP_ATTRIBUTE, span_id, key))
            for name, brat_name in assertions:
                if getattr(ent._, name):
                    attributes.append(BratAttribute(f"A{len(attributes) + 1}", brat_name, span_id))
    doc_id = record["doc_id"] if record is not None else (doc_id or "doc")
    return BratDocument(doc_id, text, spans, attributes=attributes)


def line_fragments(text: str, start: int, end: int) -> Tuple[Tuple[int, int], ...]:
    """The pieces of `text[start:end]` between line breaks, each without the breaks."""
    fragments, position = [], start
    for match in LINE_BREAK.finditer(text, start, end):
        if match.start() > position:
            fragments.append((position, match.start()))
        position = match.end()
    if end > position:
        fragments.append((position, end))
    return tuple(fragments)


def brat_folder_to_docbin(
    src: Union[str, Path],
    dest: Union[str, Path],
    nlp: Language,
    *,
    labels: Optional[Iterable[str]] = None,
    strict: bool = True,
    ents_policy: str = "outermost",
    recursive: bool = False,
    allow_empty: bool = False,
) -> ConversionReport:
    """Convert a BRAT folder to a `.spacy` file (user data stored), written whole: the
    file at `dest` is replaced only when every document has been converted."""
    check_file_target(dest)
    report = ConversionReport()
    docbin = DocBin(store_user_data=True)
    brat_docs = read_brat_folder(
        src, labels=labels, strict=strict, report=report, recursive=recursive, allow_empty=allow_empty
    )
    for brat_doc in tqdm(brat_docs, desc=f"Converting {src}", unit="doc", disable=None):
        doc, doc_report = brat_to_doc(nlp, brat_doc, ents_policy)
        docbin.add(doc)
        report.add_doc(doc_report)
    with atomic_file(dest) as tmp:
        docbin.to_disk(tmp)
    return report


def docbin_to_brat_folder(
    src: Union[str, Path],
    dest: Union[str, Path],
    nlp: Language,
    *,
    use_record: bool = True,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> ConversionReport:
    """Write every Doc of a `.spacy` file as BRAT files into the folder `dest` (see
    `doc_to_brat`; Docs without a record are named doc00000, doc00001...), through
    `OutputFolder`: `dest` appears complete, with its manifest, or not at all. Two
    Docs with one id are an InputError."""
    output = OutputFolder(dest, overwrite=overwrite)
    report = ConversionReport()
    written: Set[str] = set()
    with output:
        docs = tqdm(read_docbin(src, nlp.vocab), desc=f"Writing {dest}", unit="doc", disable=None)
        for i, doc in enumerate(docs):
            brat_doc = doc_to_brat(doc, use_record=use_record, doc_id=f"doc{i:05d}")
            if brat_doc.doc_id in written:
                raise InputError(f"{src}: document {i} has the id {brat_doc.doc_id!r} of an earlier document")
            written.add(brat_doc.doc_id)
            write_brat_document(brat_doc, output.path)
            report.documents += 1
            report.spans_per_label.update(span.label for span in brat_doc.spans)
        if not report.documents and not allow_empty:
            raise InputError(f"{src}: no documents")
        output.finish({"documents": report.documents, "source": str(src)})
    return report


def read_docbin(path: Union[str, Path], vocab: Vocab) -> Iterator[Doc]:
    """The Docs of a `.spacy` file; a missing, truncated or foreign file is an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such file")
    try:
        docbin = DocBin().from_disk(path)
    except Exception as err:  # zlib, msgpack and spaCy each raise their own kind
        raise InputError(f"{path}: not a readable .spacy file ({type(err).__name__}: {err})") from None
    return docbin.get_docs(vocab)


def load_gold_docs(
    path: Union[str, Path],
    nlp: Language,
    *,
    labels: Optional[Iterable[str]] = None,
    strict: bool = True,
    ents_policy: str = "outermost",
    report: Optional[BratReadReport] = None,
) -> Iterator[Doc]:
    """Gold Docs from a BRAT folder (converted with `brat_to_doc`) or a
    `.spacy` file. Every Doc has `doc.spans["gold"]`: `.spacy` Docs without
    one get it from `doc.ents`. `labels` restricts the gold spans (and ents)
    to those labels; `strict` and `report` are about reading BRAT folders."""
    path = Path(path)
    if path.is_dir():
        for brat_doc in read_brat_folder(path, labels=labels, strict=strict, report=report):
            yield brat_to_doc(nlp, brat_doc, ents_policy)[0]
        return
    allowed = None if labels is None else set(labels)
    for doc in read_docbin(path, nlp.vocab):
        if GOLD_KEY not in doc.spans:
            doc.spans[GOLD_KEY] = list(doc.ents)
        if allowed is not None:
            doc.spans[GOLD_KEY] = [s for s in doc.spans[GOLD_KEY] if s.label_ in allowed]
            doc.ents = [e for e in doc.ents if e.label_ in allowed]
        yield doc


def _split_tokens(doc: Doc, offsets: Sequence[int]) -> Set[int]:
    """Split tokens so that each offset strictly inside a token becomes a
    token boundary; returns the offsets that needed it."""
    starts, ends = _token_bounds(doc)
    # Index of the token starting at or before each offset.
    candidates = numpy.searchsorted(starts, offsets, side="right") - 1
    cuts: Dict[int, List[int]] = {}
    for offset, i in zip(offsets, candidates.tolist()):
        if i >= 0 and starts[i] < offset < ends[i]:
            cuts.setdefault(i, []).append(offset)
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [int(starts[i]), *sorted(inner), int(ends[i])]
            orths = [doc.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, orths, heads=[(token, n) for n in range(len(orths))])
    return {offset for inner in cuts.values() for offset in inner}


def _token_bounds(doc: Doc) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """Start and end character offsets of every token."""
    bounds = doc.to_array([IDX, LENGTH]).reshape(-1, 2)
    return bounds[:, 0], bounds[:, 0] + bounds[:, 1]


def _select_ents(spans: List[BratSpan], doc_spans: List[Span], policy: str, report: DocReport) -> List[Span]:
    sign = -1 if policy == "outermost" else 1
    order = sorted(
        range(len(spans)), key=lambda i: (sign * (spans[i].end - spans[i].start), spans[i].start, spans[i].end)
    )
    owner: Dict[int, int] = {}  # token index -> index of the kept span covering it
    kept: List[int] = []
    for i in order:
        span, doc_span = spans[i], doc_spans[i]
        if span.is_discontinuous:
            report.left_out.append((span.id, "discontinuous"))
            continue
        clash = next((owner[t] for t in range(doc_span.start, doc_span.end) if t in owner), None)
        if clash is None:
            owner.update((t, i) for t in range(doc_span.start, doc_span.end))
            kept.append(i)
            continue
        other = doc_spans[clash]
        same = (other.start_char, other.end_char) == (doc_span.start_char, doc_span.end_char)
        relation = "same extent as" if same else "overlaps"
        report.left_out.append((span.id, f"{relation} {spans[clash].id} (kept, policy {policy})"))
    return [doc_spans[i] for i in sorted(kept, key=lambda i: doc_spans[i].start)]
