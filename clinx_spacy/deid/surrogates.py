"""Realistic Spanish replacements for protected health information, from Faker's `es_ES`
locale and the project's own list of institutions (`data/institutions.json`).

A surrogate is a function of a secret, its kind and the original string: the same string
gets the same surrogate wherever it occurs under the same secret (one per document, or one
per corpus given a key), with no table to keep in step across processes. A surrogate never
equals its original, nor any protected string or word of its document, nor contains a
protected string as a whole word ("Instituto de Medicina Legal de X" for "Instituto de
Medicina Legal"; a street number "64" where a relative's age "64" is protected); names are replaced
word by word, so "Juan Pérez" and "Sr. Pérez" keep sharing a surname."""

import functools
import hashlib
import hmac
import random
import re
import unicodedata
from typing import Callable, Dict, Iterable, Optional

from ..util import read_json
from . import identifiers
from .policy import Policy

INSTITUTIONS = read_json(__file__.rsplit("/", 1)[0] + "/data/institutions.json")
# Words of a name that are not names ("María de la Paz", "Dra. Gómez"): kept as they are.
NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "e", "i", "van", "von", "da", "do", "dos"}
    | {"dr", "dra", "sr", "sra", "srta", "dna", "don", "dona"}
)
MALE, FEMALE, BOTH = "male", "female", "both"
_SEX_WORDS = {
    MALE: {"varon", "hombre", "masculino", "m", "v", "h", "nino", "chico", "senor", "sr"},
    FEMALE: {"mujer", "femenino", "f", "nina", "chica", "senora", "sra"},
}
_SPANISH_NUMBERS = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
    "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
}  # fmt: skip
ATTEMPTS = 100


def normalized(text: str) -> str:
    """Lower case, accents and outer punctuation off: what makes two strings the same PHI."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).strip(" .,;:")


def whole_words(strings: Iterable[str]) -> Optional["re.Pattern[str]"]:
    """A pattern that finds any of `strings` as a whole word (longest first), or None for none."""
    ordered = sorted(set(strings), key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in ordered)) if ordered else None


def sex_of(words: Iterable[str]) -> Optional[str]:
    """MALE or FEMALE from the words that state a patient's sex ("varón", "mujer", "M"…)."""
    for word in words:
        for sex, cues in _SEX_WORDS.items():
            if normalized(word) in cues:
                return sex
    return None


def age_in_years(text: str) -> Optional[int]:
    """The number of years an age mention states ("73 años", "diecisiete años", "noventa y dos")."""
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    words = [_SPANISH_NUMBERS.get(word) for word in normalized(text).split() if word != "y"]
    numbers = [n for n in words if n is not None]
    return sum(numbers) if numbers else None


@functools.lru_cache(maxsize=1)
def _faker():
    from faker import Faker

    return Faker("es_ES")


@functools.lru_cache(maxsize=1)
def _first_names() -> Dict[str, str]:
    """Every word of an es_ES first name (normalized): MALE, FEMALE, or BOTH ("María" in "José María")."""
    from faker.providers.person.es_ES import Provider

    names: Dict[str, str] = {}
    for sex, listed in ((MALE, Provider.first_names_male), (FEMALE, Provider.first_names_female)):
        for name in listed:
            for word in normalized(name).split():
                names[word] = BOTH if names.get(word, sex) != sex else sex
    return names


class Surrogates:
    """The surrogates of one document (or, under a shared secret, of one corpus)."""

    def __init__(self, secret: bytes, policy: Policy, protected: Iterable[str], patient_sex: Optional[str]) -> None:
        self.secret = secret
        self.policy = policy
        strings = {normalized(text) for text in protected}
        self.protected = frozenset(strings | {normalized(word) for text in protected for word in text.split()})
        # Short words ("H", "de") would veto too much; short numbers are what a surrogate's
        # house number or date could repeat.
        self._contains_protected = whole_words(s for s in strings if len(s) > 2 or s.isdigit())
        self.patient_sex = patient_sex

    def surrogate(self, kind: str, original: str) -> Optional[str]:
        """The `kind` surrogate of `original` (see policy.SURROGATES); ages up to 89 are
        kept. None when none can differ from it (a "phone number" without digits, which
        a model may predict): the caller tags it instead."""
        if kind in ("patient_name", "person_name"):
            sex = self.patient_sex if kind == "patient_name" else None
            words = [
                part if _NAME_SEPARATORS.fullmatch(part) else self._name_word(part, sex)
                for part in _NAME_SEPARATORS.split(original)
            ]
            return None if None in words else "".join(words)
        if kind == "age":
            years = age_in_years(original)
            if years is not None and years > 89 and self.policy.ages_over_89 == "collapse":
                return self.policy.age_over_89_text
            return original
        return self._fresh(kind, original, _GENERATORS[kind])

    def _name_word(self, word: str, patient_sex: Optional[str]) -> Optional[str]:
        if not word or normalized(word) in NAME_PARTICLES or not any(c.isalpha() for c in word):
            return word
        if len(word.rstrip(".")) == 1:
            return self._fresh("initial", word, lambda rng, w: rng.choice("ABCDEFGHIJLMNOPRSTV") + w[1:])
        sex = _first_names().get(normalized(word))
        if sex is None:
            return _same_case(self._fresh("surname", word, _seeded(lambda: _faker().last_name().split()[0])), word)
        if sex == BOTH:
            sex = patient_sex or BOTH
        picks = {MALE: "first_name_male", FEMALE: "first_name_female", BOTH: "first_name"}
        pick = _seeded(lambda: getattr(_faker(), picks[sex])().split()[0])
        return _same_case(self._fresh(f"first_name:{sex}", word, pick), word)

    def _fresh(self, kind: str, original: str, generate: Callable[[random.Random, str], str]) -> Optional[str]:
        key = normalized(original)
        for attempt in range(ATTEMPTS):
            digest = hmac.new(self.secret, f"{kind}\0{key}\0{attempt}".encode(), hashlib.sha256).digest()
            value = generate(random.Random(digest), original)
            new = normalized(value)
            if new != key and new not in self.protected and not self._contains(new):
                return value
        return None

    def _contains(self, text: str) -> bool:
        return self._contains_protected is not None and self._contains_protected.search(text) is not None


_NAME_SEPARATORS = re.compile(r"(\s+|-)")


def _seeded(pick: Callable[[], str]) -> Callable[[random.Random, str], str]:
    """A Faker pick made deterministic by the attempt's random generator."""

    def generate(rng: random.Random, original: str) -> str:
        _faker().seed_instance(rng.getrandbits(64))
        return pick()

    return generate


def _same_case(word: Optional[str], like: str) -> Optional[str]:
    if word is None:
        return None
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like.islower():
        return word.lower()
    return word


def _street(rng: random.Random, original: str) -> str:
    _faker().seed_instance(rng.getrandbits(64))
    street = _faker().street_name()
    return f"{street} {rng.randint(1, 150)}" if re.search(r"\d", original) else street


def _territory(rng: random.Random, original: str) -> str:
    compact = original.strip()
    if compact.isdigit():
        if len(compact) == 5:  # a postcode: province 01-52, then three digits
            return f"{rng.randint(1, 52):02d}{rng.randint(0, 999):03d}"
        return identifiers.same_shape(compact, rng)
    _faker().seed_instance(rng.getrandbits(64))
    # Faker's es_ES list cuts "Ciudad Real" to its first word.
    city = _faker().city()
    return "Ciudad Real" if city == "Ciudad" else city


def _country(rng: random.Random, original: str) -> str:
    _faker().seed_instance(rng.getrandbits(64))
    return _faker().country()


def _phone(rng: random.Random, original: str) -> str:
    """Same layout; a Spanish number starts 9 (fixed) or 6/7 (mobile), kept as it was."""
    prefix = re.match(r"^\s*(\+\d{2}|00\d{2})?", original).group()
    digits = [rng.choice("0123456789") for c in original[len(prefix) :] if c.isdigit()]
    first = next((c for c in original[len(prefix) :] if c.isdigit()), "9")
    if digits:
        digits[0] = rng.choice("67") if first in "67" else "9"
    chars = iter(digits)
    return prefix + "".join(next(chars) if c.isdigit() else c for c in original[len(prefix) :])


def _email(rng: random.Random, original: str) -> str:
    _faker().seed_instance(rng.getrandbits(64))
    # Reserved domains (RFC 2606): a surrogate address reaches nobody.
    return f"{_faker().user_name()}@{rng.choice(['example.com', 'example.org', 'example.net'])}"


def _listed(kind: str) -> Callable[[random.Random, str], str]:
    return lambda rng, original: rng.choice(INSTITUTIONS[kind])


_GENERATORS: Dict[str, Callable[[random.Random, str], str]] = {
    "street": _street,
    "territory": _territory,
    "country": _country,
    "phone": _phone,
    "email": _email,
    "identifier": lambda rng, original: identifiers.same_shape(original, rng),
    "hospital": _listed("hospital"),
    "health_centre": _listed("health_centre"),
    "institution": _listed("institution"),
}
