"""The BILUO tag set of a CRF entity recognizer and its valid transitions."""

from typing import Dict, List, Optional, Sequence, Tuple

import numpy
from spacy.training import Example
from spacy.util import filter_spans

OUTSIDE = "O"
# Tag id of a token whose gold tag is unknown (misaligned or unannotated).
UNKNOWN = -1


def biluo_tags(labels: Sequence[str]) -> List[str]:
    """ "O", then B-, I-, L-, U- of each label, in the order of `labels`."""
    return [OUTSIDE] + [f"{move}-{label}" for label in labels for move in "BILU"]


def allowed_transitions(tags: Sequence[str]) -> Tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Boolean masks of the valid BILUO transitions between `tags`: `pairs[i, j]`
    (tag j may follow tag i), `start[j]` (a document may start with tag j) and
    `end[i]` (a document may end with tag i). An entity opened by B-X continues
    with I-X and closes with L-X of the same label; O, L- and U- close nothing.
    """
    parsed = [_parse(tag) for tag in tags]
    # After O, L-X or U-X an entity is closed: O, B-Y or U-Y follow; after B-X or
    # I-X it is open: only I-X or L-X of the same label.
    opens = numpy.asarray([move in ("B", "I") for move, _ in parsed])
    starts = numpy.asarray([move in (OUTSIDE, "B", "U") for move, _ in parsed])
    ends = numpy.asarray([move in (OUTSIDE, "L", "U") for move, _ in parsed])
    pairs = numpy.zeros((len(tags), len(tags)), dtype=bool)
    for i, (_, label_i) in enumerate(parsed):
        for j, (move_j, label_j) in enumerate(parsed):
            if opens[i]:
                pairs[i, j] = move_j in ("I", "L") and label_j == label_i
            else:
                pairs[i, j] = starts[j]
    return pairs, starts, ends


def gold_tag_ids(example: Example, tag_ids: Dict[str, int], spans_key: Optional[str] = None) -> List[int]:
    """The gold BILUO tag id of each predicted token, UNKNOWN where the gold is
    missing or does not align to the predicted tokens ("-").

    spans_key: take the gold from the reference's span group of that name instead
    of its entities (a task head of a multi-task pipeline). Overlapping spans are
    resolved as spaCy's `filter_spans` does (longest first, then earliest); a
    reference without the group has no gold for this head: all UNKNOWN.
    """
    if spans_key is not None:
        if spans_key not in example.reference.spans:
            return [UNKNOWN] * len(example.predicted)
        reference = example.reference.copy()
        reference.set_ents(filter_spans(reference.spans[spans_key]), default="outside")
        example = Example(example.predicted, reference)
    ids = []
    for i, tag in enumerate(example.get_aligned_ner()):
        if tag is None or tag == "-":
            ids.append(UNKNOWN)
        elif tag in tag_ids:
            ids.append(tag_ids[tag])
        else:
            token = example.predicted[i]
            raise ValueError(
                f"Gold tag {tag!r} at token {i} ({token.text!r}, character offset "
                f"{token.idx}) of the document starting {example.predicted.text[:40]!r} "
                f"has a label the component does not know: add it with add_label "
                "or initialize the component on this data."
            )
    return ids


def _parse(tag: str) -> Tuple[str, Optional[str]]:
    if tag == OUTSIDE:
        return OUTSIDE, None
    move, _, label = tag.partition("-")
    if move not in ("B", "I", "L", "U") or not label:
        raise ValueError(f"Not a BILUO tag: {tag!r}")
    return move, label
