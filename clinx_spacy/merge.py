"""`clinx_merge_ents`: `doc.ents` from the span groups of several task heads."""
from typing import Iterable, List

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans


@Language.factory(
    "clinx_merge_ents",
    requires=["doc.spans"],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"spans_keys": []},
)
def make_merge_ents(nlp: Language, name: str, spans_keys: List[str]) -> "MergeEnts":
    """Merge the span groups `spans_keys` (in priority order) into `doc.ents`."""
    return MergeEnts(name, spans_keys)


class MergeEnts:
    """Set `doc.ents` to a non-overlapping selection of the spans in `spans_keys`.

    The policy is spaCy's `filter_spans`: the longest span wins; of equally long
    overlapping spans, the one that starts first; of spans with the same extent,
    the one whose group comes first in `spans_keys`. The span groups themselves
    are left untouched: they keep every head's predictions, overlaps included.
    """

    def __init__(self, name: str, spans_keys: Iterable[str]) -> None:
        self.name = name
        self.spans_keys = list(spans_keys)
        if not self.spans_keys:
            raise ValueError(f"{name}: spans_keys is empty; name the span groups to merge")

    def __call__(self, doc: Doc) -> Doc:
        spans: List[Span] = [span for key in self.spans_keys for span in doc.spans.get(key, ())]
        # filter_spans sorts stably, so equal spans keep the order of spans_keys.
        doc.ents = filter_spans(spans)
        return doc
