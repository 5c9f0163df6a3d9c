"""Assertion status of clinical findings: medspaCy's attribute names (`attributes`), ConText
rules in medspaCy's JSON format (`rules`, the Spanish ones in `data/es_context_rules.json`),
the ConText algorithm (`algorithm`), clinical sentence boundaries (`sentences`), NUBes' cues
and scopes (`nubes`) and its measures (`evaluation`). The components are in `pipeline/`:
`clinx_context`, `clinx_scope_assertion`, `clinx_sentencizer`."""

from .attributes import ATTRIBUTES, BRAT_ATTRIBUTES, CATEGORY_ATTRIBUTES, MODIFIERS, ContextModifier
from .rules import DEFAULT_RULES, ContextRule, load_rules, rules_to_json

__all__ = [
    "ATTRIBUTES",
    "BRAT_ATTRIBUTES",
    "CATEGORY_ATTRIBUTES",
    "DEFAULT_RULES",
    "MODIFIERS",
    "ContextModifier",
    "ContextRule",
    "load_rules",
    "rules_to_json",
]
