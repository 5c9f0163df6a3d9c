"""NUBes' measures (Lima et al., LREC 2020), for negation and for uncertainty apart: cue
precision, recall and F1 on exact character spans, scope P/R/F1 on tokens; and, for
applications, the share of gold concepts (DISO, PROC, SUBS, BODY) whose `is_negated` /
`is_uncertain` comes out right. NUBes annotates only negated or uncertain concepts, so the
concept share measures how many of those a system catches and labels right; a system's
false alarms on affirmed findings show in its scope precision instead."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, Optional, Set, Tuple

from spacy.tokens import Doc

from .nubes import NEGATION, UNCERTAINTY, NubesAnnotation

CATEGORIES = {NEGATION: "negation", UNCERTAINTY: "uncertainty"}
ATTRIBUTE_OF = {NEGATION: "is_negated", UNCERTAINTY: "is_uncertain"}
CharSpan = Tuple[int, int, str]  # start, end, category


def prf(tp: int, predicted: int, gold: int) -> Dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "predicted": predicted, "gold": gold}


def gold_scope_tokens(doc: Doc, gold: NubesAnnotation) -> Dict[str, Set[int]]:
    """The non-space tokens of `doc` that overlap a gold scope, per category."""
    tokens: Dict[str, Set[int]] = {}
    for category, fragments in gold.scopes.items():
        tokens[category] = {
            token.i
            for token in doc
            if not token.is_space
            and any(start < token.idx + len(token) and token.idx < end for start, end in fragments)
        }
    return tokens


@dataclass
class AssertionScores:
    """Counts over documents; `add` one document's predictions, then `result`."""

    counts: Counter = field(default_factory=Counter)
    concepts: Counter = field(default_factory=Counter)

    def add(
        self,
        doc: Doc,
        gold: NubesAnnotation,
        cues: Optional[Iterable[CharSpan]],
        scope_tokens: Optional[Dict[str, Set[int]]],
        concept_status: Iterable[Tuple[Tuple[str, ...], Dict[str, Optional[bool]]]],
    ) -> None:
        """`cues`, `scope_tokens`: None where the system reports none. `concept_status`:
        per gold concept, its gold categories and the system's attribute values (None where
        it sets none)."""
        gold_cues = {(cue.start, cue.end, cue.category) for cue in gold.cues}
        gold_tokens = gold_scope_tokens(doc, gold)
        for category, name in CATEGORIES.items():
            self.counts[f"{name}_cue_gold"] += sum(1 for cue in gold_cues if cue[2] == category)
            self.counts[f"{name}_scope_gold"] += len(gold_tokens[category])
            if cues is not None:
                predicted = {cue for cue in cues if cue[2] == category}
                self.counts[f"{name}_cue_predicted"] += len(predicted)
                self.counts[f"{name}_cue_tp"] += len(predicted & gold_cues)
            if scope_tokens is not None:
                predicted_tokens = scope_tokens.get(category, set())
                self.counts[f"{name}_scope_predicted"] += len(predicted_tokens)
                self.counts[f"{name}_scope_tp"] += len(predicted_tokens & gold_tokens[category])
        for categories, values in concept_status:
            self.concepts["concepts"] += 1
            for category, attribute in ATTRIBUTE_OF.items():
                value = values.get(attribute)
                if value is not None:
                    self.concepts[f"{attribute}_right"] += bool(value) == (category in categories)
                    self.concepts[f"{attribute}_measured"] += 1

    def result(self, cues: bool = True, scopes: bool = True) -> Dict[str, Dict]:
        result: Dict[str, Dict] = {}
        for name in CATEGORIES.values():
            c = self.counts
            result[name] = {
                "cue": prf(c[f"{name}_cue_tp"], c[f"{name}_cue_predicted"], c[f"{name}_cue_gold"]) if cues else None,
                "scope_tokens": prf(c[f"{name}_scope_tp"], c[f"{name}_scope_predicted"], c[f"{name}_scope_gold"])
                if scopes
                else None,
            }
        concepts = self.concepts
        result["concepts"] = {"count": concepts["concepts"]}
        for attribute in ATTRIBUTE_OF.values():
            measured = concepts[f"{attribute}_measured"]
            result["concepts"][attribute] = concepts[f"{attribute}_right"] / measured if measured else None
        return result
