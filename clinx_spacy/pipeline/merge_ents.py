"""`clinx_merge_ents`: `doc.ents` from the span groups of several task heads."""

from typing import Iterable, List, Literal, Set

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

MergePolicy = Literal["longest", "priority"]


@Language.factory(
    "clinx_merge_ents",
    requires=["doc.spans"],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"spans_keys": [], "policy": "longest"},
)
def make_merge_ents(nlp: Language, name: str, spans_keys: List[str], policy: MergePolicy) -> "MergeEnts":
    """Merge the span groups `spans_keys` (in priority order) into `doc.ents` by `policy`."""
    return MergeEnts(name, spans_keys, policy)


class MergeEnts:
    """Set `doc.ents` to a non-overlapping selection of the spans in `spans_keys`.

    `longest` is spaCy's `filter_spans` over all groups: the longest span wins; of
    equally long overlapping spans, the one that starts first; of spans with the same
    extent, the one whose group comes first in `spans_keys`.
    `priority` trusts the groups in the order of `spans_keys`: every span of a group
    (longest first within it) is kept unless it overlaps a span already kept from an
    earlier group, so a weak head listed last can never displace a strong one.
    Either way the span groups are left untouched: they keep every head's predictions.
    """

    def __init__(self, name: str, spans_keys: Iterable[str], policy: MergePolicy = "longest") -> None:
        self.name = name
        self.spans_keys = list(spans_keys)
        self.policy = policy
        if not self.spans_keys:
            raise ValueError(f"{name}: spans_keys is empty; name the span groups to merge")
        if policy not in ("longest", "priority"):
            raise ValueError(f"{name}: unknown merge policy {policy!r}; use 'longest' or 'priority'")

    def __call__(self, doc: Doc) -> Doc:
        groups = [list(doc.spans.get(key, ())) for key in self.spans_keys]
        if self.policy == "longest":
            # filter_spans sorts stably, so equal spans keep the order of spans_keys.
            doc.ents = filter_spans([span for group in groups for span in group])
        else:
            doc.ents = sorted(_by_priority(groups))
        return doc


def _by_priority(groups: List[List[Span]]) -> List[Span]:
    kept: List[Span] = []
    taken: Set[int] = set()
    for group in groups:
        for span in filter_spans(group):
            tokens = range(span.start, span.end)
            if taken.isdisjoint(tokens):
                kept.append(span)
                taken.update(tokens)
    return kept
