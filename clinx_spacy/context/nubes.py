"""NUBes' annotation (Lima et al., LREC 2020) as cues, scopes and concepts: a cue
(NegSynMarker, NegLexMarker, NegMorMarker, UncertSynMarker, UncertLexMarker) is linked to
the parts of its scope by `Scope` and `DiscScope` relations; a concept (DISO, PROC, SUBS,
BODY) inside a negation scope is negated, inside an uncertainty scope uncertain.

For a tagger, cues and scopes become one layer of non-overlapping labelled spans: each cue
under its own label, each scope as NegScope or UncertScope (a cue wins where the two
overlap: 1% of NUBes' cues)."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from spacy.tokens import Doc, Span

from ..brat.model import BratDocument, Fragment

NEGATION, UNCERTAINTY = "NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE"
CUE_CATEGORIES: Dict[str, str] = {
    "NegSynMarker": NEGATION,
    "NegLexMarker": NEGATION,
    "NegMorMarker": NEGATION,
    "UncertSynMarker": UNCERTAINTY,
    "UncertLexMarker": UNCERTAINTY,
}
SCOPE_LABELS: Dict[str, str] = {NEGATION: "NegScope", UNCERTAINTY: "UncertScope"}
SCOPE_CATEGORIES: Dict[str, str] = {label: category for category, label in SCOPE_LABELS.items()}
SCOPE_RELATIONS = ("Scope", "DiscScope")
CONCEPTS = ("DISO", "PROC", "SUBS", "BODY")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    label: str

    @property
    def category(self) -> str:
        return CUE_CATEGORIES[self.label]


@dataclass(frozen=True)
class Concept:
    start: int
    end: int
    label: str
    categories: Tuple[str, ...]  # the scope categories it is in (none, one or both)


@dataclass
class NubesAnnotation:
    """A document's cues, the character fragments of its scopes per category, its concepts."""

    cues: List[Cue] = field(default_factory=list)
    scopes: Dict[str, List[Fragment]] = field(default_factory=dict)
    concepts: List[Concept] = field(default_factory=list)


def nubes_annotation(brat_doc: BratDocument) -> NubesAnnotation:
    """The cues, scopes and concepts of a NUBes document (a cue with fragments counts
    each fragment as a cue, as NUBes' two-part cues are linked by DiscMarker)."""
    spans = {span.id: span for span in brat_doc.spans}
    annotation = NubesAnnotation(scopes={NEGATION: [], UNCERTAINTY: []})
    for span in brat_doc.spans:
        if span.label in CUE_CATEGORIES:
            annotation.cues.extend(Cue(start, end, span.label) for start, end in span.fragments)
    for relation in brat_doc.relations:
        cue, scope = spans.get(relation.arg("Arg1")), spans.get(relation.arg("Arg2"))
        if relation.type in SCOPE_RELATIONS and cue is not None and scope is not None and cue.label in CUE_CATEGORIES:
            annotation.scopes[CUE_CATEGORIES[cue.label]].extend(scope.fragments)
    for span in brat_doc.spans:
        if span.label in CONCEPTS:
            inside = tuple(
                category
                for category, fragments in annotation.scopes.items()
                if any(start <= span.start and span.end <= end for start, end in fragments)
            )
            annotation.concepts.append(Concept(span.start, span.end, span.label, inside))
    annotation.cues.sort(key=lambda cue: (cue.start, cue.end))
    return annotation


def layer_labels(annotation: NubesAnnotation, length: int) -> List[Optional[Tuple[str, int]]]:
    """For each character, its tagger label and the cue or scope part it belongs to."""
    chars: List[Optional[Tuple[str, int]]] = [None] * length
    part = 0
    for category in (UNCERTAINTY, NEGATION):  # negation over uncertainty where both
        for start, end in annotation.scopes[category]:
            chars[start:end] = [(SCOPE_LABELS[category], -1)] * (end - start)
    for cue in annotation.cues:
        part += 1
        chars[cue.start : cue.end] = [(cue.label, part)] * (cue.end - cue.start)
    return chars


def layer_spans(doc: Doc, chars: List[Optional[Tuple[str, int]]], offset: int = 0) -> List[Span]:
    """The tagger's spans in `doc` (whose text starts at `offset` of the labelled text): a
    token takes the label of its first character; runs of a label are spans, a cue each."""
    spans: List[Span] = []
    run_start, run_value = 0, None
    values = [None if token.is_space else chars[offset + token.idx] for token in doc] + [None]
    for i, value in enumerate(values):
        if value != run_value:
            if run_value is not None:
                spans.append(Span(doc, run_start, i, label=run_value[0]))
            run_start, run_value = i, value
    return spans
