"""How many gold spans a tokenizer can represent: boundaries that fall inside a token,
which a token-level tagger can never predict exactly."""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from clinx_spacy.brat import BratReadReport, BratSpan, read_brat_folder
from clinx_spacy.tokenizer import make_doc


@dataclass
class AlignmentCounts:
    """Gold spans and fragment boundaries that are not token boundaries."""

    documents: int = 0
    spans: int = 0
    unaligned_spans: int = 0
    boundaries: int = 0
    unaligned_boundaries: int = 0

    @property
    def span_rate(self) -> float:
        return self.unaligned_spans / self.spans if self.spans else 0.0

    @property
    def boundary_rate(self) -> float:
        return self.unaligned_boundaries / self.boundaries if self.boundaries else 0.0


def measure_alignment(nlp: Language, folders: Iterable[Union[str, Path]]) -> Dict[str, AlignmentCounts]:
    """Tokenize each BRAT folder's documents with `nlp` and count gold
    boundaries that fall inside tokens, keyed `parent/folder` (e.g.
    `meddocan/train`). Lines a lenient read rejects are not counted."""
    results: Dict[str, AlignmentCounts] = {}
    for folder in map(Path, folders):
        counts = AlignmentCounts()
        for brat_doc in read_brat_folder(folder, strict=False, report=BratReadReport()):
            boundaries, spans = count_unaligned(make_doc(nlp, brat_doc.text), brat_doc.spans)
            counts.documents += 1
            counts.spans += len(brat_doc.spans)
            counts.boundaries += 2 * sum(len(span.fragments) for span in brat_doc.spans)
            counts.unaligned_boundaries += boundaries
            counts.unaligned_spans += spans
        results[f"{folder.parent.name}/{folder.name}"] = counts
    return results


def count_unaligned(doc: Doc, spans: Iterable[BratSpan]) -> Tuple[int, int]:
    """(fragment starts/ends that are not token starts/ends, spans with any)."""
    starts = {token.idx for token in doc}
    ends = {token.idx + len(token) for token in doc}
    boundaries = n_spans = 0
    for span in spans:
        misses = sum((s not in starts) + (e not in ends) for s, e in span.fragments)
        boundaries += misses
        n_spans += misses > 0
    return boundaries, n_spans
