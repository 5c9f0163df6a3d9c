import json

import pytest

from clinx_spacy.context.attributes import CATEGORY_ATTRIBUTES
from clinx_spacy.context.rules import DEFAULT_RULES, RULE_KEYS, ContextRule, load_rules, rule_from_dict, rules_to_json
from clinx_spacy.errors import InputError


def test_the_spanish_rules_cover_every_category_termination_and_pseudo():
    rules = load_rules()
    assert {rule.category for rule in rules if rule.direction not in ("TERMINATE", "PSEUDO")} == set(
        CATEGORY_ATTRIBUTES
    )
    assert {"pero", "aunque", "sin embargo"} <= {rule.literal for rule in rules if rule.direction == "TERMINATE"}
    assert {"no solo", "sin cambios"} <= {rule.literal for rule in rules if rule.direction == "PSEUDO"}
    # Every rule uses only the keys medspaCy 1.3's ConTextRule.from_dict accepts.
    data = json.loads(DEFAULT_RULES.read_text(encoding="utf8"))
    assert all(set(rule) <= set(RULE_KEYS) for rule in data["context_rules"])
    assert "NegEx-MES" in data["about"] and "MIT" in data["about"]
    assert any((rule.metadata or {}).get("source") == "NegEx-MES" for rule in rules)


def test_rules_round_trip_through_json(tmp_path):
    rules = load_rules()
    rules_to_json(rules, tmp_path / "rules.json")
    assert load_rules(tmp_path / "rules.json") == rules


@pytest.mark.parametrize(
    "rule,message",
    [
        ({"literal": "no", "category": "NEGATED_EXISTENCE", "scope": 3}, "unknown key 'scope'"),
        ({"literal": "no", "category": "NEGATED_EXISTENCE", "direction": "AROUND"}, "direction must be one of"),
        ({"literal": "", "category": "NEGATED_EXISTENCE"}, "'literal' must be a non-empty string"),
        ({"literal": "no", "category": "X", "max_scope": 0}, "max_scope must be null or a positive integer"),
        ({"literal": "no", "category": "X", "pattern": "no"}, "pattern must be null or a non-empty list"),
        ({"literal": "no", "category": "X", "allowed_types": "DISO"}, "allowed_types must be null or a list"),
    ],
)
def test_a_bad_rule_is_reported_with_its_file_and_line(tmp_path, rule, message):
    good = {"literal": "sin", "category": "NEGATED_EXISTENCE", "direction": "FORWARD", "pattern": None}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"context_rules": [good, rule]}, indent=2), encoding="utf8")
    starts = [n for n, text in enumerate(path.read_text(encoding="utf8").splitlines(), 1) if text == "    {"]
    line = starts[1]  # where the second rule starts
    with pytest.raises(InputError, match=rf"^{path}:{line}: rule .*{message}"):
        load_rules(path)


def test_invalid_json_and_missing_files(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{"context_rules": [\n  {"literal": "no",}\n]}', encoding="utf8")
    with pytest.raises(InputError, match=rf"^{path}:2:\d+: invalid JSON"):
        load_rules(path)
    with pytest.raises(FileNotFoundError, match="no such ConText rules file"):
        load_rules(tmp_path / "none.json")
    path.write_text('{"rules": []}', encoding="utf8")
    with pytest.raises(InputError, match="a list under 'context_rules'"):
        load_rules(path)


def test_type_limits():
    rule = rule_from_dict({"literal": "no", "category": "negated_existence", "excluded_types": ["PROC"]})
    assert rule.category == "NEGATED_EXISTENCE" and rule.direction == "BIDIRECTIONAL"
    assert rule.allows("DISO") and not rule.allows("PROC")
    assert not ContextRule("no", "X", allowed_types=frozenset({"SUBS"})).allows("DISO")
