"""`clinx_scope_assertion`: assertion status from a learned cue and scope tagger (the
NUBes tagger of `configs/assertion_*.cfg`, whose spans are in `doc.spans["assertion"]`).
An entity is negated when a predicted negation scope (NegScope) overlaps it, uncertain
when an uncertainty scope (UncertScope) does; its `modifiers` are the cues nearest to
those scopes. Same attributes as `clinx_context`, so either can serve an application."""

from typing import Iterable, List, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..context.attributes import ContextModifier
from ..context.nubes import CUE_CATEGORIES, NEGATION, SCOPE_CATEGORIES, UNCERTAINTY

# Importing .context registers the span extensions.
from .context import assertion_targets, set_assertion


@Language.factory(
    "clinx_scope_assertion",
    assigns=["span._.is_negated", "span._.is_uncertain", "span._.modifiers"],
    requires=["doc.spans"],
    default_config={"spans_key": "assertion", "span_groups": []},
)
def make_scope_assertion(nlp: Language, name: str, spans_key: str, span_groups: List[str]) -> "ScopeAssertion":
    """`spans_key`: the span group of the tagger's cues and scopes. `span_groups`: span
    groups whose spans are targets besides `doc.ents`."""
    return ScopeAssertion(name, spans_key=spans_key, span_groups=span_groups)


class ScopeAssertion:
    def __init__(self, name: str = "clinx_scope_assertion", *, spans_key: str = "assertion", span_groups=()) -> None:
        self.name = name
        self.spans_key = spans_key
        self.span_groups = list(span_groups)

    def __call__(self, doc: Doc) -> Doc:
        modifiers = scope_modifiers(doc.spans.get(self.spans_key, ()))
        for target in assertion_targets(doc, self.span_groups):
            found = [m for m in modifiers if m.scope_start < target.end and target.start < m.scope_end]
            set_assertion(target, found, (NEGATION, UNCERTAINTY))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def scope_modifiers(spans: Sequence[Span]) -> List[ContextModifier]:
    """A modifier per predicted scope: its category, the scope's tokens and the nearest cue
    of that category (the scope itself stands in when the tagger found none)."""
    cues = [span for span in spans if span.label_ in CUE_CATEGORIES]
    modifiers = []
    for scope in spans:
        category = SCOPE_CATEGORIES.get(scope.label_)
        if category is None:
            continue
        cue = _nearest(scope, [c for c in cues if CUE_CATEGORIES[c.label_] == category]) or scope
        direction = "FORWARD" if cue.end <= scope.start else "BACKWARD" if cue.start >= scope.end else "BIDIRECTIONAL"
        modifiers.append(
            ContextModifier(
                cue.text,
                category,
                direction,
                cue.start,
                cue.end,
                cue.start_char,
                cue.end_char,
                scope.start,
                scope.end,
                cue.label_,
            )
        )
    return modifiers


def _nearest(scope: Span, cues: Sequence[Span]) -> Optional[Span]:
    def distance(cue: Span) -> tuple:
        gap = scope.start - cue.end if cue.end <= scope.start else cue.start - scope.end
        return (max(gap, 0), cue.start > scope.start)  # a cue before its scope wins a tie

    return min(cues, key=distance, default=None)
