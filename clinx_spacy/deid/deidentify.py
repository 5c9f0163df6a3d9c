"""De-identifying one text: its protected spans replaced by each label's operator (see
`policy`), the text outside them left byte for byte, and a record of every replacement
with its offsets in the new text, so that annotations can be carried across."""

import hashlib
import hmac
import random
import secrets
from dataclasses import asdict, dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple

from .dates import shift_date
from .policy import Policy
from .surrogates import Surrogates, normalized, sex_of, whole_words

PATIENT_SEX_LABEL = "SEXO_SUJETO_ASISTENCIA"


@dataclass(frozen=True)
class Phi:
    """A protected span of the original text."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Replacement:
    """What replaced a protected span: `text[start:end]` (original) became
    `new_text[new_start:new_end]` (replacement) by `operator`."""

    start: int
    end: int
    label: str
    original: str
    replacement: str
    operator: str
    new_start: int
    new_end: int

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Deidentified:
    text: str
    replacements: List[Replacement]
    date_shift_days: int


def resolve_overlaps(spans: Iterable[Phi]) -> List[Phi]:
    """Spans in text order without overlaps: overlapping spans (from a pipeline and from
    annotations, say) become one span over all of them, labelled as the longest."""
    merged: List[Phi] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.end <= span.start:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            longest = last if last.end - last.start >= span.end - span.start else span
            merged[-1] = Phi(last.start, max(last.end, span.end), longest.label)
        else:
            merged.append(span)
    return merged


def document_secrets(key: Optional[str], patient: str) -> "tuple[bytes, int]":
    """The surrogate secret and date offset seed of a document: from `key` (the same for
    the whole corpus, the date offset one per `patient`), or random for this document."""
    if key is None:
        return secrets.token_bytes(32), secrets.randbits(64)
    secret = hmac.new(key.encode("utf8"), b"surrogates", hashlib.sha256).digest()
    seed = hmac.new(key.encode("utf8"), f"dates\0{patient}".encode(), hashlib.sha256).digest()
    return secret, int.from_bytes(seed[:8], "big")


@dataclass
class DocumentPlan:
    """What replaces each protected span of one text: the spans (without overlaps), their
    originals, the document's surrogates and secret, and its date offset."""

    spans: List[Phi]
    originals: List[str]
    policy: Policy
    surrogates: Surrogates
    secret: bytes
    date_shift_days: int

    def replacement(self, n: int) -> Tuple[str, str]:
        """(operator, replacement) of span `n`. A span no surrogate fits (a date in a form
        `dates` does not read, a "phone number" without digits) is tagged."""
        span, original = self.spans[n], self.originals[n]
        rule = self.policy.rule(span.label)
        if rule.operator != "surrogate":
            return rule.operator, _apply(rule.operator, original, span.label, rule.tag, self.policy, self.secret)
        if rule.surrogate == "date":
            value = shift_date(original, self.date_shift_days)
        else:
            value = self.surrogates.surrogate(rule.surrogate, original)
        return ("surrogate", value) if value is not None else ("tag", rule.tag)


def plan_document(
    text: str, spans: Iterable[Phi], policy: Policy, *, key: Optional[str] = None, patient: str = ""
) -> DocumentPlan:
    """The replacements of `spans` in `text` as `policy` says. With `key`, the same string
    gets the same surrogate (and hash) in every document, and the dates of one `patient`
    move by the same offset; without, each document gets its own."""
    spans = resolve_overlaps(spans)
    secret, date_seed = document_secrets(key, patient)
    originals = [text[span.start : span.end] for span in spans]
    stated = (o for o, span in zip(originals, spans) if span.label == PATIENT_SEX_LABEL)
    patient_sex = sex_of(stated) or sex_of(text[:200].split())
    surrogates = Surrogates(secret, policy, originals, patient_sex)
    return DocumentPlan(spans, originals, policy, surrogates, secret, _date_offset(date_seed, policy, text, spans))


def deidentify(
    text: str, spans: Iterable[Phi], policy: Policy, *, key: Optional[str] = None, patient: str = ""
) -> Deidentified:
    """`text` with every span of `spans` replaced (see `plan_document`), the rest untouched."""
    plan = plan_document(text, spans, policy, key=key, patient=patient)
    pieces: List[str] = []
    replacements: List[Replacement] = []
    position = new_position = 0
    for n, (span, original) in enumerate(zip(plan.spans, plan.originals)):
        operator, value = plan.replacement(n)
        pieces.extend((text[position : span.start], value))
        new_position += span.start - position
        end = new_position + len(value)
        replacements.append(Replacement(span.start, span.end, span.label, original, value, operator, new_position, end))
        new_position, position = end, span.end
    pieces.append(text[position:])
    return Deidentified("".join(pieces), replacements, plan.date_shift_days)


def _apply(operator: str, original: str, label: str, tag: str, policy: Policy, secret: bytes) -> str:
    if operator == "keep":
        return original
    if operator == "tag":
        return tag
    if operator == "mask":
        return "".join(c if c.isspace() else policy.mask_char for c in original)
    if operator == "redact":
        return ""
    if operator == "hash":
        digest = hmac.new(secret, f"{label}\0{normalized(original)}".encode(), hashlib.sha256).hexdigest()
        return digest[: policy.hash_length]
    raise ValueError(f"unknown operator {operator!r}")


def _date_offset(seed: int, policy: Policy, text: str, spans: List[Phi]) -> int:
    """A non-zero number of days in ±`date_shift_days`, from `seed`: the first one (of a
    sequence drawn from the seed) that writes no date of the text so that it shows one of
    the real ones ("2004" alone, or inside "12/03/2004"), where there is such an offset."""
    rng = random.Random(seed)
    low, high = policy.date_shift_days
    dates = sorted({text[s.start : s.end].strip() for s in spans if policy.rule(s.label).surrogate == "date"})
    real = whole_words(dates)
    offset = rng.choice((-1, 1)) * rng.randint(low, high)
    for _ in range(200):
        if real is None or not any(real.search(shift_date(date, offset) or "") for date in dates):
            break
        offset = rng.choice((-1, 1)) * rng.randint(low, high)
    return offset
