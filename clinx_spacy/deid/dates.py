"""Dates as Spanish clinical text writes them (`12/03/2019`, `12-3-19`, `12 de marzo de
2019`, `marzo del 2019`, `año 2019`, `2019`), parsed and shifted by a number of days, and
written back in the form they had, so that every interval between dates stays true.
A date without a day moves by whole months, a year alone by whole years (at least one
either way, so that it never stays what it was)."""

import datetime
import re
from dataclasses import dataclass
from typing import Callable, Optional

MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_MONTH_INDEX = {name: n + 1 for n, name in enumerate(MONTHS)}
_MONTH_INDEX["setiembre"] = 9
_MONTH = "(" + "|".join(sorted(_MONTH_INDEX, key=len, reverse=True)) + ")"

_NUMERIC = re.compile(r"^(\d{1,2})(\s*[/.\-]\s*)(\d{1,2})(?:(\s*[/.\-]\s*)(\d{2}|\d{4}))?$")
_LONG = re.compile(rf"^(?:(\d{{1,2}})\s+de\s+)?{_MONTH}(?:(\s+(?:de|del)\s+|\s+)(\d{{4}}))?$", re.IGNORECASE)
_YEAR = re.compile(r"^((?:el\s+)?(?:año|ano)\s+)?(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDate:
    """A date, how precise it is ("day", "month" or "year") and the function that writes
    another date in the same form."""

    date: datetime.date
    precision: str
    render: Callable[[datetime.date], str]


def parse_date(text: str) -> Optional[ParsedDate]:
    """`text` as a date, or None when it is not one of the forms above (a relative date,
    a time, a range)."""
    text = text.strip()
    return _numeric(text) or _long(text) or _year(text)


def shift_date(text: str, days: int) -> Optional[str]:
    """`text` moved by `days` (not 0) in its own form, or None when it cannot be parsed."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    sign = 1 if days > 0 else -1
    if parsed.precision == "day":
        return parsed.render(parsed.date + datetime.timedelta(days=days))
    if parsed.precision == "month":
        months = parsed.date.year * 12 + parsed.date.month - 1 + sign * max(1, round(abs(days) / 30.44))
        return parsed.render(datetime.date(months // 12, months % 12 + 1, 1))
    return parsed.render(datetime.date(parsed.date.year + sign * max(1, round(abs(days) / 365.25)), 1, 1))


def _numeric(text: str) -> Optional[ParsedDate]:
    match = _NUMERIC.match(text)
    if not match:
        return None
    day, sep1, month, sep2, year = match.groups()
    if year is None:
        year_value = 2000  # a leap year, so 29/02 parses; the year is not written back
    else:
        year_value = int(year) if len(year) == 4 else _century(int(year))
    date = _date(year_value, int(month), int(day))
    if date is None:
        return None

    def render(new: datetime.date) -> str:
        out = f"{_pad(new.day, day)}{sep1}{_pad(new.month, month)}"
        if year is not None:
            out += sep2 + (f"{new.year:04d}" if len(year) == 4 else f"{new.year % 100:02d}")
        return out

    return ParsedDate(date, "day", render)


def _long(text: str) -> Optional[ParsedDate]:
    match = _LONG.match(text)
    if not match:
        return None
    day, month_name, joiner, year = match.groups()
    date = _date(int(year) if year else 2000, _MONTH_INDEX[month_name.lower()], int(day) if day else 1)
    if date is None:
        return None
    prefix_end = match.start(2)
    day_prefix = text[match.end(1) : prefix_end] if day else ""

    def render(new: datetime.date) -> str:
        name = _same_case(MONTHS[new.month - 1], month_name)
        out = (f"{_pad(new.day, day)}{day_prefix}" if day else "") + name
        return out + (f"{joiner}{new.year:04d}" if year else "")

    return ParsedDate(date, "day" if day else "month", render)


def _year(text: str) -> Optional[ParsedDate]:
    match = _YEAR.match(text)
    if not match:
        return None
    prefix, year = match.groups()
    return ParsedDate(datetime.date(int(year), 1, 1), "year", lambda new: f"{prefix or ''}{new.year:04d}")


def _date(year: int, month: int, day: int) -> Optional[datetime.date]:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _century(year: int) -> int:
    # Two-digit years in case reports: birth dates and events of the last century and this.
    return 2000 + year if year <= 30 else 1900 + year


def _pad(value: int, original: Optional[str]) -> str:
    return f"{value:02d}" if original and len(original) == 2 else str(value)


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word
