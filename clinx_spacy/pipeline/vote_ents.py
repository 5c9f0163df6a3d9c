"""Token-level majority voting over member NER models of one pipeline.

Each member writes `doc.ents`; `clinx_stash_ents` after it moves them into a span
group and clears `doc.ents` (as missing, so the next member predicts freely);
`clinx_vote_ents` at the end turns the groups into one `doc.ents`.
"""

from collections import Counter
from typing import List, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import biluo_tags_to_spans, iob_to_biluo

from ..ml.biluo import OUTSIDE


@Language.factory(
    "clinx_stash_ents", requires=["doc.ents"], assigns=["doc.spans"], default_config={"spans_key": "ensemble"}
)
def make_stash_ents(nlp: Language, name: str, spans_key: str) -> "StashEnts":
    """Move `doc.ents` into `doc.spans[spans_key]` and leave the entities unset."""
    return StashEnts(spans_key)


class StashEnts:
    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = list(doc.ents)
        # Missing, not "O": a transition-based NER keeps preset tags as constraints.
        doc.set_ents([], default="missing")
        return doc


@Language.factory(
    "clinx_vote_ents",
    requires=["doc.spans"],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_config={"spans_keys": []},
)
def make_vote_ents(nlp: Language, name: str, spans_keys: List[str]) -> "VoteEnts":
    """`doc.ents` by token-level majority vote over the member span groups."""
    return VoteEnts(name, spans_keys)


class VoteEnts:
    """Each member gives every token an IOB tag (B-X, I-X or O) from its spans;
    each token takes the tag with the most votes, then the tag sequence is
    repaired into valid spans (an I-X that continues no X opens a new X), see
    `vote_tags`. The member groups stay in `doc.spans`."""

    def __init__(self, name: str, spans_keys: Sequence[str]) -> None:
        if not spans_keys:
            raise ValueError(f"{name}: spans_keys is empty; name the members' span groups")
        self.name = name
        self.spans_keys = list(spans_keys)

    def __call__(self, doc: Doc) -> Doc:
        member_tags = [_iob_tags(doc, doc.spans.get(key, ())) for key in self.spans_keys]
        doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(vote_tags(member_tags)))
        return doc


def vote_tags(member_tags: Sequence[Sequence[str]]) -> List[str]:
    """Per position, the IOB tag most members gave; a tie goes to the tied tag of
    the earliest member in the list (with an odd number of members, a tie needs
    three or more different tags). Invalid continuations are repaired: an I-X
    after anything but B-X or I-X becomes B-X."""
    if not member_tags:
        raise ValueError("vote_tags needs at least one member")
    voted = []
    for position_tags in zip(*member_tags):
        counts = Counter(position_tags)
        best = max(counts.values())
        voted.append(next(tag for tag in position_tags if counts[tag] == best))
    repaired = []
    for i, tag in enumerate(voted):
        if tag.startswith("I-") and (i == 0 or repaired[-1] == OUTSIDE or repaired[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        repaired.append(tag)
    return repaired


def _iob_tags(doc: Doc, spans) -> List[str]:
    tags = [OUTSIDE] * len(doc)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if any(tags[i] != OUTSIDE for i in range(span.start, span.end)):
            continue  # a member's own overlapping spans: the earlier, longer one stays
        tags[span.start] = "B-" + span.label_
        for i in range(span.start + 1, span.end):
            tags[i] = "I-" + span.label_
    return tags
