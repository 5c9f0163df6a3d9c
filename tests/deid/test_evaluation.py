"""MEDDOCAN's measures on cases counted by hand from the organisers' definitions."""

import pytest

from clinx_spacy.deid.evaluation import Document, count_sentences, meddocan_measures, merged_spans, residual_phi

TEXT = "Juan Pérez, 12/03/2019. Vive en Calle Mayor 5, Madrid. Tel. 914 00 00 00."
JUAN, PEREZ, DATE = (0, 4), (5, 10), (12, 22)
STREET, CITY = (32, 45), (47, 53)


def test_sentences_end_at_periods_but_not_after_an_initial():
    assert count_sentences("J. Pérez vino. Se fue. ¿Volverá?") == 3
    assert count_sentences("sin punto") == 1


def test_merged_spans_join_across_non_alphanumerics_only():
    assert merged_spans(TEXT, [JUAN, PEREZ, DATE]) == [(0, 22)]
    assert merged_spans(TEXT, [STREET, CITY]) == [(32, 53)]
    assert merged_spans(TEXT, [DATE, STREET]) == [DATE, STREET]


def test_subtracks_and_leak():
    gold = [("NOMBRE", 0, 10), ("FECHAS", *DATE), ("CALLE", *STREET), ("TERRITORIO", *CITY)]
    system = [("NOMBRE", *JUAN), ("NOMBRE", *PEREZ), ("FECHAS", *DATE), ("TERRITORIO", *STREET)]
    scores = meddocan_measures([Document(TEXT, gold, system)])
    # Subtrack 1: only the date matches label and offsets; 3 missed over 4 sentences
    # ("Tel." ends one, as FreeLing's split would).
    assert scores["subtrack1"]["tp"] == 1 and scores["subtrack1"]["fp"] == 3 and scores["subtrack1"]["fn"] == 3
    assert scores["subtrack1"]["leak"] == pytest.approx(3 / 4)
    # Subtrack 2 strict: the date and the street's offsets.
    assert (scores["subtrack2_strict"]["tp"], scores["subtrack2_strict"]["fp"], scores["subtrack2_strict"]["fn"]) == (
        2,
        2,
        2,
    )
    # Merged: Juan + Pérez + date is one gold merged span too, so it matches and the
    # strict pieces inside it count neither way; the street matches; the city is missed.
    merged = scores["subtrack2_merged"]
    assert (merged["tp"], merged["fp"], merged["fn"]) == (3, 0, 1)


def test_residual_phi_counts_the_characters_left():
    gold = [("NOMBRE", 0, 10), ("FECHAS", *DATE)]
    table = residual_phi([(gold, [JUAN, DATE])])
    assert table["NOMBRE"] == {"chars": 10, "residual": 0.6}
    assert table["FECHAS"] == {"chars": 10, "residual": 0.0}
    assert table["all"] == {"chars": 20, "residual": 0.3}
