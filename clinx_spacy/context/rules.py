"""ConText rules in medspaCy's JSON format: `{"context_rules": [{"literal", "category",
"direction", "pattern", "allowed_types", "excluded_types", "max_targets", "max_scope",
"metadata"}, ...]}`, so one file serves `clinx_context` and medspaCy's `medspacy_context`."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple, Union

from ..errors import InputError, InputNotFound

DEFAULT_RULES = Path(__file__).parent / "data" / "es_context_rules.json"
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
# The keys medspaCy 1.3 accepts in a rule; any other is refused there, so here too.
RULE_KEYS = (
    "literal", "direction", "pattern", "category", "metadata", "allowed_types", "excluded_types", "max_targets",
    "max_scope",
)  # fmt: skip


@dataclass(frozen=True)
class ContextRule:
    """A trigger (`literal`, or a spaCy Matcher `pattern` of token dicts), its category
    (NEGATED_EXISTENCE, POSSIBLE_EXISTENCE, …), the direction of its scope, and the limits
    of that scope: `max_scope` tokens, the `max_targets` nearest targets, target labels."""

    literal: str
    category: str
    direction: str = "BIDIRECTIONAL"
    pattern: Optional[Tuple[Dict[str, Any], ...]] = None
    allowed_types: Optional[FrozenSet[str]] = None
    excluded_types: Optional[FrozenSet[str]] = None
    max_targets: Optional[int] = None
    max_scope: Optional[int] = None
    metadata: Optional[Dict[str, Any]] = None

    def allows(self, label: str) -> bool:
        """Whether a target of `label` can be modified by this rule."""
        if self.allowed_types is not None and label not in self.allowed_types:
            return False
        return self.excluded_types is None or label not in self.excluded_types

    def to_dict(self) -> Dict[str, Any]:
        """The rule as medspaCy writes it (unset limits left out)."""
        data: Dict[str, Any] = {
            "literal": self.literal,
            "category": self.category,
            "direction": self.direction,
            "pattern": None if self.pattern is None else list(self.pattern),
        }
        for key in ("allowed_types", "excluded_types"):
            if getattr(self, key) is not None:
                data[key] = sorted(getattr(self, key))
        for key in ("max_targets", "max_scope", "metadata"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


def load_rules(path: Union[str, Path] = DEFAULT_RULES) -> List[ContextRule]:
    """The rules of a ConText JSON file; an invalid rule is an InputError naming the file,
    the line where the rule starts and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf8")
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such ConText rules file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}:{err.colno}: invalid JSON ({err.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("context_rules"), list):
        raise InputError(f"{path}: a ConText rules file is an object with a list under 'context_rules'")
    lines = _rule_lines(text)
    return [rule_from_dict(rule, f"{path}:{line}") for rule, line in zip(data["context_rules"], lines)]


def rules_to_json(rules: List[ContextRule], path: Union[str, Path]) -> Path:
    """Write `rules` as a ConText JSON file (atomically)."""
    from ..util import write_json

    return write_json(path, {"context_rules": [rule.to_dict() for rule in rules]})


def rule_from_dict(data: Any, where: str = "rule") -> ContextRule:
    """A rule from its JSON object; `where` prefixes any error."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: a rule is a JSON object, not {type(data).__name__}")
    name = f"{where}: rule {data.get('literal')!r}"
    unknown = sorted(set(data) - set(RULE_KEYS))
    if unknown:
        raise InputError(f"{name}: unknown key {unknown[0]!r} (medspaCy accepts {', '.join(RULE_KEYS)})")
    for key in ("literal", "category"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(f"{name}: {key!r} must be a non-empty string")
    direction = str(data.get("direction", "BIDIRECTIONAL")).upper()
    if direction not in DIRECTIONS:
        raise InputError(f"{name}: direction must be one of {', '.join(DIRECTIONS)}, got {data.get('direction')!r}")
    pattern = data.get("pattern")
    if pattern is not None and (
        not isinstance(pattern, list) or not pattern or not all(isinstance(token, dict) for token in pattern)
    ):
        raise InputError(f"{name}: pattern must be null or a non-empty list of token objects (spaCy Matcher)")
    limits = {}
    for key in ("max_targets", "max_scope"):
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise InputError(f"{name}: {key} must be null or a positive integer, got {value!r}")
        limits[key] = value
    types = {}
    for key in ("allowed_types", "excluded_types"):
        value = data.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise InputError(f"{name}: {key} must be null or a list of labels")
        types[key] = None if value is None else frozenset(value)
    return ContextRule(
        literal=data["literal"],
        category=data["category"].upper(),
        direction=direction,
        pattern=None if pattern is None else tuple(pattern),
        metadata=data.get("metadata"),
        **types,
        **limits,
    )


def _rule_lines(text: str) -> List[int]:
    """The line on which each element of the 'context_rules' list starts (the text is
    valid JSON, so the list is found by decoding its elements one by one)."""
    decoder = json.JSONDecoder()
    key = text.index('"context_rules"')
    position = text.index("[", key) + 1
    lines = []
    while True:
        while text[position] in " \t\r\n,":
            position += 1
        if text[position] == "]":
            return lines
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)
