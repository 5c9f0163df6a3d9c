"""Strict span scoring on character offsets, as the Spanish clinical shared tasks score NER."""

from collections import Counter, defaultdict
from typing import Any, Callable, Dict, Iterable, Optional, Set, Tuple

import spacy
from spacy.tokens import Doc
from spacy.training import Example

from .brat.keys import GOLD_KEY

CharSpan = Tuple[str, int, int]


def strict_prf(gold: Iterable[Set[CharSpan]], pred: Iterable[Set[CharSpan]]) -> Dict[str, Any]:
    """Micro and per-label precision, recall and F1 of exact (label, start, end) matches.

    gold, pred: one set of (label, start_char, end_char) per document, in the same order.
    Scoring follows the official MEDDOCAN, PharmaCoNER and CANTEMIST NER scripts: each
    document's annotations are a set (duplicates count once), a prediction is a true
    positive only if label, start and end all equal a gold annotation of the same
    document, counts are summed over documents (micro average), and a zero denominator
    gives 0.0. A discontinuous BRAT span ("10 20;25 30") is passed by its extent (10, 30):
    the official scripts have no scoring of their own for it (MEDDOCAN and PharmaCoNER
    stop with an error on the ";", CANTEMIST skips the whole file), and none of the
    released train/dev gold of these tasks contains one.
    RETURNS (Dict[str, Any]): {"p", "r", "f", "tp", "fp", "fn", "per_label": {label: same keys}}.
    """
    gold, pred = list(gold), list(pred)
    if len(gold) != len(pred):
        raise ValueError(
            f"strict_prf needs one prediction set per gold document: {len(gold)} gold, {len(pred)} predicted"
        )
    counts: Dict[str, Counter] = defaultdict(Counter)
    for doc_gold, doc_pred in zip(gold, pred):
        g, p = set(doc_gold), set(doc_pred)
        for outcome, spans in (("tp", g & p), ("fp", p - g), ("fn", g - p)):
            for label, _, _ in spans:
                counts[label][outcome] += 1
    total = sum(counts.values(), Counter())
    return {
        **_prf(total["tp"], total["fp"], total["fn"]),
        "per_label": {label: _prf(c["tp"], c["fp"], c["fn"]) for label, c in sorted(counts.items())},
    }


def _prf(tp: int, fp: int, fn: int) -> Dict[str, Any]:
    # The official scripts compute F1 from P and R (not from counts); keep their float results.
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def doc_char_spans(doc: Doc, source: str = "ents") -> Set[CharSpan]:
    """The (label, start_char, end_char) set of doc.ents (source="ents") or of the span
    group doc.spans[source]; a missing span group means no spans."""
    spans = doc.ents if source == "ents" else doc.spans.get(source, ())
    return {(span.label_, span.start_char, span.end_char) for span in spans}


def gold_char_spans(doc: Doc, fallback: str = "ents") -> Set[CharSpan]:
    """A reference doc's gold spans: the span group "gold" written by the BRAT layer
    (it keeps overlapping and discontinuous gold spans, the latter by their extent, which
    doc.ents cannot), else `fallback`. Its offsets are the .ann offsets except for a span
    whose boundary lies in whitespace, which the conversion trims and reports (the shared
    corpora have none)."""
    return doc_char_spans(doc, GOLD_KEY if GOLD_KEY in doc.spans else fallback)


@spacy.registry.scorers("clinx.strict_span_scorer.v1")
def make_strict_span_scorer(spans_key: Optional[str] = None, prefix: str = "ents") -> Callable[..., Dict[str, Any]]:
    """Scorer for a component (`[components.ner.scorer]`) comparing example.predicted's
    entities (or span group `spans_key`; a spancat passes its own spans_key) with the
    reference's gold spans. Returns spaCy's ents scorer keys (ents_p, ents_r, ents_f,
    ents_per_type) whatever the source, so `[training.score_weights]` and spaCy's training
    table work unchanged and NER and span models report comparable numbers. `prefix`
    renames them (`<prefix>_f`...), which several heads in one pipeline need.

    Scoring a span group, an example counts only if its reference has gold for it (the
    BRAT layer's "gold" group or the group itself): in a multi-task corpus a document
    of one task says nothing about another task's concepts.
    """

    def score(examples: Iterable[Example], **kwargs: Any) -> Dict[str, Any]:
        # spaCy's ents scorer compares spans aligned to the reference's tokens and drops
        # predictions that do not align, so the tokenizer changes the score. The shared-task
        # scripts compare character offsets; doing the same keeps scores comparable across
        # tokenizers and with the published results.
        source = spans_key or kwargs.get("spans_key") or "ents"
        golds, preds = [], []
        for eg in examples:
            if source != "ents" and not {source, GOLD_KEY} & set(eg.reference.spans):
                continue
            golds.append(gold_char_spans(eg.reference, fallback=source))
            preds.append(doc_char_spans(eg.predicted, source))
        scores = strict_prf(golds, preds)
        return {
            f"{prefix}_p": scores["p"],
            f"{prefix}_r": scores["r"],
            f"{prefix}_f": scores["f"],
            f"{prefix}_per_type": scores["per_label"],
        }

    return score
