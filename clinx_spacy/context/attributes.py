"""The assertion attributes of an entity, under medspaCy's names, so that code written for
medspaCy's ConText runs on clinx pipelines unchanged: `span._.is_negated` and friends, and
`span._.modifiers`, the triggers that modify it."""

from typing import Any, Dict, NamedTuple, Tuple

# medspaCy's ConText categories and the boolean span attribute each sets (its DEFAULT_ATTRIBUTES).
CATEGORY_ATTRIBUTES: Dict[str, str] = {
    "NEGATED_EXISTENCE": "is_negated",
    "POSSIBLE_EXISTENCE": "is_uncertain",
    "HISTORICAL": "is_historical",
    "HYPOTHETICAL": "is_hypothetical",
    "FAMILY": "is_family",
}
ATTRIBUTES: Tuple[str, ...] = tuple(CATEGORY_ATTRIBUTES.values())
MODIFIERS = "modifiers"
# The BRAT attribute written for each true attribute (`A1<TAB>Negated T3`), as brat's and
# NUBes-style annotation configurations name them.
BRAT_ATTRIBUTES: Dict[str, str] = {
    "is_negated": "Negated",
    "is_uncertain": "Uncertain",
    "is_historical": "Historical",
    "is_hypothetical": "Hypothetical",
    "is_family": "Family",
}


class ContextModifier(NamedTuple):
    """A trigger that modifies an entity: its text, category and direction, its token span
    (`modifier_span`) and character offsets, and the token span of its scope
    (`scope_span`), under medspaCy's ConTextModifier names. A plain tuple, so that Docs
    holding it serialise (DocBin, pickling to worker processes)."""

    text: str
    category: str
    direction: str
    start: int
    end: int
    start_char: int
    end_char: int
    scope_start: int
    scope_end: int
    literal: str

    @property
    def modifier_span(self) -> Tuple[int, int]:
        return self.start, self.end

    @property
    def scope_span(self) -> Tuple[int, int]:
        return self.scope_start, self.scope_end

    def to_dict(self) -> Dict[str, Any]:
        """For JSON: the trigger's text, category, direction, offsets and scope."""
        return self._asdict()


def register_extensions() -> None:
    """Register the attributes on `Span` (default False, `modifiers` default `()`), as
    medspaCy does, leaving any already registered (by medspaCy, say) as they are."""
    from spacy.tokens import Span

    for name in ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=False)
    if not Span.has_extension(MODIFIERS):
        Span.set_extension(MODIFIERS, default=())
