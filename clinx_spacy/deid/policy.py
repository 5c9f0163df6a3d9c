"""What de-identification does with each label: a policy file (JSON) of operators per
label, read over the defaults shipped in `data/default_policy.json`."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

from ..errors import InputError
from ..util import read_json

OPERATORS = ("keep", "tag", "mask", "redact", "hash", "surrogate")
SURROGATES = (
    "patient_name", "person_name", "age", "date", "street", "territory", "country", "phone", "email",
    "identifier", "hospital", "health_centre", "institution",
)  # fmt: skip
AGES_OVER_89 = ("collapse", "keep")
DEFAULT_POLICY = Path(__file__).parent / "data" / "default_policy.json"


@dataclass(frozen=True)
class LabelRule:
    """The operator for one label, its surrogate kind (for `surrogate`) and tag."""

    operator: str
    tag: str
    surrogate: Optional[str] = None


@dataclass(frozen=True)
class Policy:
    labels: Dict[str, LabelRule]
    default: LabelRule
    date_shift_days: Tuple[int, int] = (30, 365)
    ages_over_89: str = "collapse"
    age_over_89_text: str = "90 o más años"
    mask_char: str = "*"
    hash_length: int = 16
    source: str = field(default=str(DEFAULT_POLICY), compare=False)

    def rule(self, label: str) -> LabelRule:
        return self.labels.get(label, self.default)


def load_policy(path: Optional[Union[str, Path]] = None, **overrides: Any) -> Policy:
    """The default policy, with the labels and settings of the file `path` over it (a
    label given there replaces its default rule), then `overrides` (e.g. `ages_over_89`,
    or `labels` as in the file)."""
    data = read_json(DEFAULT_POLICY)
    source = str(DEFAULT_POLICY)
    if path is not None:
        try:
            user = json.loads(Path(path).read_text(encoding="utf8"))
        except FileNotFoundError:
            raise InputError(f"{path}: no such policy file") from None
        except json.JSONDecodeError as error:
            raise InputError(f"{path}, line {error.lineno}, column {error.colno}: not JSON: {error.msg}") from None
        data["labels"].update(user.pop("labels", {}))
        data.update(user)
        source = str(path)
    data["labels"].update(overrides.pop("labels", {}))
    data.update(overrides)
    where = source
    labels = {label: _rule(rule, f"{where}: labels.{label}") for label, rule in data["labels"].items()}
    low, high = data["date_shift_days"]
    if not 0 < low <= high:
        raise InputError(f"{where}: date_shift_days must be [min, max] with 0 < min <= max, got {[low, high]}")
    if data["ages_over_89"] not in AGES_OVER_89:
        raise InputError(f"{where}: ages_over_89 must be one of {', '.join(AGES_OVER_89)}")
    if len(data["mask_char"]) != 1:
        raise InputError(f"{where}: mask_char must be one character")
    return Policy(
        labels=labels,
        default=_rule(data["default"], f"{where}: default"),
        date_shift_days=(int(low), int(high)),
        ages_over_89=data["ages_over_89"],
        age_over_89_text=data["age_over_89_text"],
        mask_char=data["mask_char"],
        hash_length=int(data["hash_length"]),
        source=source,
    )


def _rule(rule: Dict[str, Any], where: str) -> LabelRule:
    operator = rule.get("operator")
    if operator not in OPERATORS:
        raise InputError(f"{where}: operator must be one of {', '.join(OPERATORS)}, got {operator!r}")
    surrogate = rule.get("surrogate")
    if operator == "surrogate" and surrogate not in SURROGATES:
        raise InputError(f"{where}: surrogate must be one of {', '.join(SURROGATES)}, got {surrogate!r}")
    return LabelRule(operator=operator, tag=rule.get("tag", "[PHI]"), surrogate=surrogate)
