"""Spanish personal identifiers with their check characters (NIF/DNI, NIE, NUSS), and
identifiers of the same shape as a given one: each digit a digit, each letter a letter,
separators kept, and the check character right wherever the original's shape is one of
the three."""

import random
import re
from typing import Optional

NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
NIE_PREFIXES = "XYZ"
_NIF = re.compile(r"^(\d{8})([A-Z])$")
_NIE = re.compile(r"^([XYZ])(\d{7})([A-Z])$")
_NUSS = re.compile(r"^(\d{2})(\d{7,8})(\d{2})$")


def nif_letter(number: int) -> str:
    """The check letter of a DNI number (the letter of a NIF)."""
    return NIF_LETTERS[number % 23]


def is_valid_nif(value: str) -> bool:
    match = _NIF.match(_compact(value))
    return bool(match) and nif_letter(int(match.group(1))) == match.group(2)


def is_valid_nie(value: str) -> bool:
    match = _NIE.match(_compact(value))
    if not match:
        return False
    number = int(str(NIE_PREFIXES.index(match.group(1))) + match.group(2))
    return nif_letter(number) == match.group(3)


def is_valid_nuss(value: str) -> bool:
    """A Social Security number: province (2 digits), number (7 or 8), control (2) = the
    province and number modulo 97."""
    match = _NUSS.match(_compact(value))
    return bool(match) and int(match.group(1) + match.group(2)) % 97 == int(match.group(3))


def kind_of(value: str) -> Optional[str]:
    """ "nif", "nie" or "nuss" when `value` (separators aside) has that shape, else None."""
    compact = _compact(value)
    for kind, pattern in (("nif", _NIF), ("nie", _NIE), ("nuss", _NUSS)):
        if pattern.match(compact):
            return kind
    return None


def same_shape(value: str, rng: random.Random) -> str:
    """A random identifier shaped like `value`; a valid NIF, NIE or NUSS where `value`
    has that shape (valid or not: a typo is not a reason to leak the shape of a real one)."""
    kind = kind_of(value)
    compact = _compact(value)
    if kind == "nif":
        number = rng.randrange(10**7, 10**8)
        body = f"{number:08d}{nif_letter(number)}"
    elif kind == "nie":
        prefix = rng.randrange(3)
        digits = rng.randrange(10**7)
        body = f"{NIE_PREFIXES[prefix]}{digits:07d}{nif_letter(int(f'{prefix}{digits:07d}'))}"
    elif kind == "nuss":
        province = rng.randrange(1, 53)
        number = "".join(rng.choice("0123456789") for _ in range(len(compact) - 4))
        body = f"{province:02d}{number}{int(f'{province:02d}{number}') % 97:02d}"
    else:
        body = "".join(_like(char, rng) for char in compact)
    return _reshape(body, value)


def _compact(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


def _like(char: str, rng: random.Random) -> str:
    if char.isdigit():
        return rng.choice("0123456789")
    if char.isalpha():
        return rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return char


def _reshape(body: str, value: str) -> str:
    """`body` (separators removed) laid out with `value`'s separators and letter case."""
    out, chars = [], iter(body)
    for char in value:
        if re.match(r"[\s\-./]", char):
            out.append(char)
        else:
            new = next(chars)
            out.append(new.lower() if char.islower() else new)
    return "".join(out)
