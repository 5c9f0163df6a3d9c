"""`clinx_context`: assertion status by ConText rules. Sets medspaCy's span attributes
(`is_negated`, `is_uncertain`, `is_historical`, `is_hypothetical`, `is_family`,
`modifiers`) on every entity of `doc.ents` and of the given span groups, from rules in
medspaCy's ConText JSON format (the package's Spanish rules unless told otherwise). The
rules are saved with the pipeline, so it loads anywhere without the original file."""

from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..context.algorithm import ContextMatcher
from ..context.attributes import ATTRIBUTES, CATEGORY_ATTRIBUTES, MODIFIERS, ContextModifier, register_extensions
from ..context.rules import DEFAULT_RULES, ContextRule, load_rules, rules_to_json
from ..context.sentences import set_clinical_sentences
from ..errors import InputError

RULES_FILE = "context_rules.json"
register_extensions()


@Language.factory(
    "clinx_context",
    assigns=[f"span._.{name}" for name in (*ATTRIBUTES, MODIFIERS)] + ["token.is_sent_start"],
    default_config={"rules": None, "span_groups": [], "categories": None},
)
def make_context(
    nlp: Language, name: str, rules: Optional[str], span_groups: List[str], categories: Optional[List[str]]
) -> "ContextComponent":
    """`rules`: a ConText JSON file (None: the package's Spanish rules), read when the
    component is first used or initialized, and saved with the pipeline. `span_groups`:
    span groups whose spans are targets besides `doc.ents`. `categories`: only the rules of
    these categories modify targets (None: all), e.g. HISTORICAL, HYPOTHETICAL and FAMILY
    beside a learned negation and uncertainty tagger. A Doc without sentence boundaries
    gets clinical ones (`clinx_spacy.context.sentences`)."""
    return ContextComponent(nlp, name, rules=rules, span_groups=span_groups, categories=categories)


class ContextComponent:
    def __init__(
        self,
        nlp: Language,
        name: str = "clinx_context",
        *,
        rules: Optional[Union[str, Path]] = None,
        span_groups: Sequence[str] = (),
        categories: Optional[Iterable[str]] = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.rules_path = Path(rules) if rules else DEFAULT_RULES
        self.span_groups = list(span_groups)
        self.categories = None if categories is None else [category.upper() for category in categories]
        unknown = sorted(set(self.categories or ()) - set(CATEGORY_ATTRIBUTES))
        if unknown:
            raise ValueError(f"{name}: unknown categories {unknown}: use {', '.join(CATEGORY_ATTRIBUTES)}")
        self._rules: Optional[List[ContextRule]] = None
        self._matcher: Optional[ContextMatcher] = None

    @property
    def rules(self) -> List[ContextRule]:
        """The rules in use (read from `rules_path` on first use)."""
        if self._rules is None:
            self.initialize()
        return list(self._rules)  # type: ignore[arg-type]

    def _set_rules(self, rules: Iterable[ContextRule]) -> None:
        self._rules = [
            rule
            for rule in rules
            if self.categories is None or rule.category in self.categories or rule.direction in ("TERMINATE", "PSEUDO")
        ]
        self._matcher = ContextMatcher(self.nlp, self._rules)

    def add(self, rules: Iterable[ContextRule]) -> None:
        """Add rules to those in use."""
        self._set_rules(self.rules + list(rules))

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None) -> None:
        """Read the rules from `rules_path`."""
        self._set_rules(load_rules(self.rules_path))

    def __call__(self, doc: Doc) -> Doc:
        targets = self.targets(doc)
        edges = self._ready(doc).edges(doc, targets)
        categories = self.categories or list(CATEGORY_ATTRIBUTES)
        for i, target in enumerate(targets):
            set_assertion(target, edges.get(i, ()), categories)
        return doc

    def modifiers(self, doc: Doc) -> List[ContextModifier]:
        """Every trigger in `doc` with its scope, whether or not it modifies a target."""
        return self._ready(doc).modifiers(doc)

    def _ready(self, doc: Doc) -> ContextMatcher:
        """The matcher, with the rules read and `doc`'s sentences set."""
        if self._matcher is None:
            self.initialize()
        if not doc.has_annotation("SENT_START"):
            set_clinical_sentences(doc)
        return self._matcher  # type: ignore[return-value]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def targets(self, doc: Doc) -> List[Span]:
        """The spans assertion status is set on: `doc.ents`, then each span group's spans."""
        return assertion_targets(doc, self.span_groups)

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        rules_to_json(self.rules, path / RULES_FILE)

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = ()) -> "ContextComponent":
        path = ensure_path(path) / RULES_FILE
        if not path.is_file():
            raise InputError(f"{path}: the saved pipeline's ConText rules are missing")
        self._set_rules(load_rules(path))
        return self


def assertion_targets(doc: Doc, span_groups: Sequence[str]) -> List[Span]:
    """`doc.ents`, then the spans of each of `span_groups`."""
    return list(doc.ents) + [span for key in span_groups for span in doc.spans.get(key, ())]


def set_assertion(span: Span, modifiers: Iterable[ContextModifier], categories: Iterable[str]) -> None:
    """Set `span`'s attributes of `categories` from the modifiers of those categories that
    modify it (False without any); what another component set for other categories stays."""
    categories = set(categories)
    kept = [modifier for modifier in getattr(span._, MODIFIERS) if modifier.category not in categories]
    modifiers = tuple(sorted([*kept, *modifiers], key=lambda modifier: modifier.start))
    found = {modifier.category for modifier in modifiers}
    for category in categories:
        setattr(span._, CATEGORY_ATTRIBUTES[category], category in found)
    setattr(span._, MODIFIERS, modifiers)
