"""Dates in the forms Spanish clinical text writes them, shifted in their own form."""

import datetime

import pytest

from clinx_spacy.deid.dates import parse_date, shift_date


@pytest.mark.parametrize(
    "text,days,shifted",
    [
        ("12/03/2019", 20, "01/04/2019"),
        ("1/3/19", 20, "21/3/19"),
        ("28-02-2016", 2, "01-03-2016"),
        ("12.03.2019", -12, "28.02.2019"),
        ("12 de marzo de 2019", 20, "01 de abril de 2019"),
        ("3 de Enero del 2020", -3, "31 de Diciembre del 2019"),
        ("marzo de 2019", 20, "abril de 2019"),
        ("diciembre de 2003", 40, "enero de 2004"),
        ("año 2019", -200, "año 2018"),
        ("2019", 400, "2020"),
        ("12/03", 20, "01/04"),
    ],
)
def test_a_date_moves_in_its_own_form(text, days, shifted):
    assert shift_date(text, days) == shifted


def test_dates_that_are_not_dates_are_not_shifted():
    for text in ("31/02/2019", "ayer", "hace tres meses", "12:30", "2019-2020"):
        assert shift_date(text, 10) is None


def test_intervals_between_shifted_dates_are_kept():
    dates = ["01/01/2019", "17/06/2016", "10/10/1963", "29/02/2016", "31/12/1999"]
    for days in (-365, -31, 30, 200, 365):
        shifted = [parse_date(shift_date(d, days)).date for d in dates]
        original = [parse_date(d).date for d in dates]
        assert [b - a for a, b in zip(original, original[1:])] == [b - a for a, b in zip(shifted, shifted[1:])]
        assert all(s - o == datetime.timedelta(days=days) for s, o in zip(shifted, original))
