"""Token-level majority voting: identical members change nothing, ties follow the
documented rule, and the result is always a valid set of spans."""

import pytest
import spacy

from clinx_spacy.pipeline.vote_ents import StashEnts, VoteEnts, vote_tags


def test_identical_members_vote_for_their_own_tags():
    tags = ["B-FARMACO", "I-FARMACO", "O", "B-FECHAS", "B-FECHAS", "I-FECHAS"]
    assert vote_tags([tags] * 3) == tags
    assert vote_tags([tags]) == tags


def test_the_majority_wins_per_token():
    a = ["B-X", "I-X", "O"]
    b = ["B-X", "O", "O"]
    c = ["O", "O", "B-Y"]
    assert vote_tags([a, b, c]) == ["B-X", "O", "O"]


def test_ties_go_to_the_earliest_member():
    # Three members, three different tags: no majority, the first member's tag.
    assert vote_tags([["B-X"], ["B-Y"], ["O"]]) == ["B-X"]
    assert vote_tags([["O"], ["B-Y"], ["B-X"]]) == ["O"]
    # Two members: each tie goes to the first.
    assert vote_tags([["B-X", "O"], ["O", "B-Y"]]) == ["B-X", "O"]


def test_invalid_continuations_are_repaired():
    # Token 1 is I-X in two of three members, but token 0 voted O: X starts at token 1.
    members = [["O", "I-X", "I-X"], ["B-X", "I-X", "O"], ["O", "B-Y", "I-X"]]
    assert vote_tags(members) == ["O", "B-X", "I-X"]
    assert vote_tags([["I-X", "I-Y"]]) == ["B-X", "B-Y"]


def test_no_members_is_an_error():
    with pytest.raises(ValueError, match="at least one member"):
        vote_tags([])
    with pytest.raises(ValueError, match="spans_keys is empty"):
        VoteEnts("vote", [])


@pytest.fixture
def doc():
    nlp = spacy.blank("es")
    return nlp.make_doc("Toma 5 mg de tamoxifeno desde el 12 de marzo")


def test_stash_moves_ents_and_leaves_them_unset(doc):
    doc.ents = [doc.char_span(13, 23, label="FARMACO")]
    StashEnts("member_0")(doc)
    assert [s.text for s in doc.spans["member_0"]] == ["tamoxifeno"]
    assert doc.ents == () and {t.ent_iob_ for t in doc} == {""}


def test_vote_component_over_span_groups(doc):
    drug, date, dose = doc.char_span(13, 23, label="FARMACO"), doc[7:10], doc[1:3]
    date.label_ = "FECHAS"
    dose.label_ = "DOSIS"
    doc.spans["member_0"] = [drug, date]
    doc.spans["member_1"] = [drug, dose]
    doc.spans["member_2"] = [drug, date, dose]
    VoteEnts("vote", ["member_0", "member_1", "member_2"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("5 mg", "DOSIS"),
        ("tamoxifeno", "FARMACO"),
        ("12 de marzo", "FECHAS"),
    ]
