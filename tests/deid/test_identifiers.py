"""NIF, NIE and NUSS check characters, and identifiers of the same shape."""

import random

import pytest

from clinx_spacy.deid.identifiers import is_valid_nie, is_valid_nif, is_valid_nuss, kind_of, nif_letter, same_shape


def test_check_letters_of_known_identifiers():
    # Examples of the Spanish Ministry of the Interior's algorithm (number mod 23).
    assert nif_letter(12345678) == "Z" and is_valid_nif("12345678Z") and not is_valid_nif("12345678A")
    assert is_valid_nie("X1234567L") and is_valid_nie("Y-1234567-X") and not is_valid_nie("X1234567A")
    assert is_valid_nuss("28 12345678 40") and not is_valid_nuss("28 12345678 41")


@pytest.mark.parametrize("value", ["12345678Z", "X1234567L", "Z-7654321-H", "28 12345678 40", "08/1234567/23"])
def test_a_surrogate_of_a_spanish_identifier_is_a_valid_one_of_the_same_layout(value):
    rng = random.Random(7)
    for _ in range(200):
        new = same_shape(value, rng)
        assert kind_of(new) == kind_of(value)
        assert {"nif": is_valid_nif, "nie": is_valid_nie, "nuss": is_valid_nuss}[kind_of(value)](new)
        assert [c.isdigit() for c in new] == [c.isdigit() for c in value]
        assert [c for c in new if not c.isalnum()] == [c for c in value if not c.isalnum()]


def test_other_identifiers_keep_their_shape():
    new = same_shape("AB-1234/x", random.Random(1))
    assert len(new) == 9 and new[2] == "-" and new[7] == "/" and new[:2].isupper() and new[8].islower()
    assert new[3:7].isdigit()
