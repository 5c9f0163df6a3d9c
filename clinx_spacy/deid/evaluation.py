"""De-identification measured as MEDDOCAN measures it (the organisers' evaluation script,
PlanTL-GOB-ES/MEDDOCAN-Evaluation-Script): subtrack 1, PHI with its label at exact
offsets (P/R/F1 and the leak score: missed PHI per sentence); subtrack 2, PHI offsets
alone, strict and merged (spans with only non-alphanumeric characters between them count
as one). And residual PHI: the share of gold PHI characters still in the output."""

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Sequence, Set, Tuple

Labelled = Tuple[str, int, int]
Offsets = Tuple[int, int]
# Sentence ends as the organisers' FreeLing split marks them (a period, not after an initial).
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?]+(?=\s|$)")


def count_sentences(text: str) -> int:
    """Sentences of `text`, at least one (the leak score's denominator)."""
    return max(1, len(_SENTENCE_END.findall(text)))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def to_dict(self) -> Dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Document:
    """One document: its text, gold PHI and system PHI, each (label, start, end)."""

    text: str
    gold: Sequence[Labelled]
    system: Sequence[Labelled]


def merged_spans(text: str, spans: Iterable[Offsets]) -> List[Offsets]:
    """Spans in order, each joined to the one before where only non-alphanumeric
    characters lie between them (the organisers' merged spans)."""
    merged: List[Offsets] = []
    for start, end in sorted(spans):
        if merged and not any(c.isalnum() for c in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def meddocan_measures(documents: Iterable[Document]) -> Dict[str, Dict[str, float]]:
    """Micro-averaged subtrack 1 (with leak), subtrack 2 strict and subtrack 2 merged."""
    ner, strict, merged = Counts(), Counts(), Counts()
    sentences = 0
    for doc in documents:
        gold, system = set(doc.gold), set(doc.system)
        ner.add(len(gold & system), len(system - gold), len(gold - system))
        sentences += count_sentences(doc.text)
        gold_spans, system_spans = {(s, e) for _, s, e in gold}, {(s, e) for _, s, e in system}
        strict.add(len(gold_spans & system_spans), len(system_spans - gold_spans), len(gold_spans - system_spans))
        merged.add(*_merged_counts(doc.text, gold_spans, system_spans))
    subtrack1 = ner.to_dict()
    subtrack1["leak"] = round(ner.fn / sentences, 4) if sentences else 0.0
    subtrack1["sentences"] = sentences
    return {"subtrack1": subtrack1, "subtrack2_strict": strict.to_dict(), "subtrack2_merged": merged.to_dict()}


def _merged_counts(text: str, gold: Set[Offsets], system: Set[Offsets]) -> Tuple[int, int, int]:
    # As the organisers count: matches are the strict matches and the merged matches; a
    # strict span inside a match is neither a false positive nor a false negative.
    matched = (gold & system) | (set(merged_spans(text, gold)) & set(merged_spans(text, system)))

    def inside(span: Offsets) -> bool:
        return any(a <= span[0] and span[1] <= b for a, b in matched)

    fp = [span for span in system - gold if not inside(span)]
    fn = [span for span in gold - system if not inside(span)]
    return len(matched), len(fp), len(fn)


def residual_phi(documents: Iterable[Tuple[Sequence[Labelled], Sequence[Offsets]]]) -> Dict[str, Dict[str, float]]:
    """Per gold label: the gold PHI characters, and the share still in the output. Each
    document gives its gold PHI and the original offsets its de-identification changed;
    every other character of the text is in the output as it was."""
    chars: Dict[str, int] = defaultdict(int)
    left: Dict[str, int] = defaultdict(int)
    for gold, replaced in documents:
        covered = set()
        for start, end in replaced:
            covered.update(range(start, end))
        for label, start, end in gold:
            chars[label] += end - start
            left[label] += sum(1 for i in range(start, end) if i not in covered)
    table = {
        label: {"chars": chars[label], "residual": round(left[label] / chars[label], 4)} for label in sorted(chars)
    }
    total = sum(chars.values())
    table["all"] = {"chars": total, "residual": round(sum(left.values()) / total, 4) if total else 0.0}
    return table
