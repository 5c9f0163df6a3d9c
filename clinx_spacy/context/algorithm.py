"""The ConText algorithm (Harkema et al., 2009) as medspaCy runs it: find the triggers of
the rules in a Doc, keep the longest where they overlap (so that a pseudo-trigger such as
"no solo" hides the "no" inside it), give each a scope in its direction up to the end of
its sentence or `max_scope` tokens, cut that scope at a termination ("pero", "aunque") or
at the next trigger of its own category, and let it modify every target span in its scope
that it does not overlap. Literal triggers match case-insensitively, and a word written
without accents matches the accented trigger ("diagnostico" as "diagnóstico"), as clinical
notes are often written without them; a word written with one keeps it ("sí" is not "si")."""

import unicodedata
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..tokenizer import make_doc
from .attributes import ContextModifier
from .rules import ContextRule

NON_MODIFYING = ("TERMINATE", "PSEUDO")


def fold(text: str) -> str:
    """Lower case without accents (ñ kept)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("ñ", "\0"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\0", "ñ")


class ContextMatcher:
    """Triggers, scopes and edges of `rules` in Docs of `nlp`'s vocabulary."""

    def __init__(self, nlp: Language, rules: Sequence[ContextRule]) -> None:
        self.rules = list(rules)
        self._literals: Dict[Tuple[str, ...], List[int]] = {}
        self._matcher = Matcher(nlp.vocab)
        for index, rule in enumerate(self.rules):
            if rule.pattern is None:
                words = [token.lower_ for token in make_doc(nlp, rule.literal) if not token.is_space]
                for key in {tuple(words), tuple(fold(word) for word in words)}:
                    self._literals.setdefault(key, []).append(index)
            else:
                self._matcher.add(str(index), [list(rule.pattern)])
        self._longest = max((len(key) for key in self._literals), default=0)

    def triggers(self, doc: Doc) -> List[Tuple[int, int, int]]:
        """(rule index, start, end) of every trigger, overlaps resolved: the longest wins,
        then the earliest, then the first rule."""
        found = set()
        words = [token.lower_ for token in doc]
        for start in range(len(doc)):
            for length in range(1, min(self._longest, len(doc) - start) + 1):
                for index in self._literals.get(tuple(words[start : start + length]), ()):
                    found.add((index, start, start + length))
        if len(self._matcher):
            for match_id, start, end in self._matcher(doc):
                found.add((int(doc.vocab.strings[match_id]), start, end))
        kept: List[Tuple[int, int, int]] = []
        taken = set()
        for index, start, end in sorted(found, key=lambda m: (m[1] - m[2], m[1], m[0])):
            if not taken.intersection(range(start, end)):
                kept.append((index, start, end))
                taken.update(range(start, end))
        return sorted(kept, key=lambda m: (m[1], m[0]))

    def modifiers(self, doc: Doc) -> List[ContextModifier]:
        """Every trigger of `doc` with its scope, in text order."""
        return [modifier for _, modifier in self._modifiers(doc)]

    def _modifiers(self, doc: Doc) -> List[Tuple[ContextRule, ContextModifier]]:
        bounds = _sentence_bounds(doc)
        rules, modifiers = [], []
        for index, start, end in self.triggers(doc):
            rule = self.rules[index]
            sent_start, sent_end = bounds[start]
            scope_start = end if rule.direction == "FORWARD" else sent_start
            scope_end = start if rule.direction == "BACKWARD" else sent_end
            if rule.max_scope is not None:
                scope_start = max(scope_start, start - rule.max_scope)
                scope_end = min(scope_end, end + rule.max_scope)
            span = doc[start:end]
            rules.append(rule)
            modifiers.append(
                ContextModifier(
                    span.text,
                    rule.category,
                    rule.direction,
                    start,
                    end,
                    span.start_char,
                    span.end_char,
                    scope_start,
                    scope_end,
                    rule.literal,
                )
            )
        return [(rule, self._limited(modifier, modifiers)) for rule, modifier in zip(rules, modifiers)]

    def _limited(self, modifier: ContextModifier, others: Iterable[ContextModifier]) -> ContextModifier:
        """`modifier` with its scope cut at terminations and at triggers of its category."""
        if modifier.direction in NON_MODIFYING:
            return modifier
        scope_start, scope_end = modifier.scope_span
        for other in others:
            if other is modifier or not (other.direction == "TERMINATE" or other.category == modifier.category):
                continue
            if modifier.end <= other.start < scope_end:
                scope_end = other.start
            if scope_start < other.end <= modifier.start:
                scope_start = other.end
        return modifier._replace(scope_start=scope_start, scope_end=scope_end)

    def edges(self, doc: Doc, targets: Sequence[Span]) -> Dict[int, List[ContextModifier]]:
        """For each target (by its index in `targets`), the modifiers whose scope it is in."""
        edges: Dict[int, List[ContextModifier]] = {}
        for rule, modifier in self._modifiers(doc):
            if modifier.direction in NON_MODIFYING:
                continue
            modified = [
                i
                for i, target in enumerate(targets)
                if target.start < modifier.scope_end
                and modifier.scope_start < target.end
                and not (target.start < modifier.end and modifier.start < target.end)
                and rule.allows(target.label_)
            ]
            if rule.max_targets is not None:
                modified = sorted(modified, key=lambda i: _distance(modifier, targets[i]))[: rule.max_targets]
            for i in modified:
                edges.setdefault(i, []).append(modifier)
        return edges


def _distance(modifier: ContextModifier, target: Span) -> int:
    return target.start - modifier.end if target.start >= modifier.end else modifier.start - target.end


def _sentence_bounds(doc: Doc) -> List[Tuple[int, int]]:
    """(start, end) of each token's sentence; the whole Doc where no sentences are set."""
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))] * len(doc)
    bounds: List[Optional[Tuple[int, int]]] = [None] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            bounds[i] = (sent.start, sent.end)
    return bounds  # type: ignore[return-value]
