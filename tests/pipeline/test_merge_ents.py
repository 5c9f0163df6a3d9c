"""clinx_merge_ents: the documented non-overlapping merge of span groups into doc.ents."""

import pytest
import spacy

from clinx_spacy.pipeline.merge_ents import MergeEnts


@pytest.fixture
def doc():
    nlp = spacy.blank("es")
    doc = nlp.make_doc("Carcinoma ductal infiltrante de mama tratado con tamoxifeno en Madrid")
    doc.spans["cantemist"] = [doc[0:3].char_span(0, 28, label="MORFOLOGIA_NEOPLASIA")]
    doc.spans["pharmaconer"] = [doc.char_span(49, 59, label="NORMALIZABLES")]
    doc.spans["meddocan"] = [doc.char_span(63, 69, label="TERRITORIO"), doc.char_span(0, 9, label="OTROS")]
    doc.spans["other"] = [doc.char_span(63, 69, label="LUGAR")]
    return doc


def test_longest_span_wins_and_groups_stay_untouched(doc):
    MergeEnts("merge", ["meddocan", "cantemist", "pharmaconer", "other"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Carcinoma ductal infiltrante", "MORFOLOGIA_NEOPLASIA"),
        ("tamoxifeno", "NORMALIZABLES"),
        ("Madrid", "TERRITORIO"),
    ]
    assert len(doc.spans["meddocan"]) == 2


def test_same_extent_goes_to_the_first_group_listed(doc):
    MergeEnts("merge", ["other", "meddocan"])(doc)
    assert [(e.text, e.label_) for e in doc.ents][-1] == ("Madrid", "LUGAR")
    MergeEnts("merge", ["meddocan", "other"])(doc)
    assert [(e.text, e.label_) for e in doc.ents][-1] == ("Madrid", "TERRITORIO")


def test_missing_groups_are_empty_and_no_keys_is_an_error(doc):
    MergeEnts("merge", ["absent"])(doc)
    assert doc.ents == ()
    with pytest.raises(ValueError, match="spans_keys is empty"):
        MergeEnts("merge", [])


def test_priority_policy_keeps_earlier_groups_over_longer_later_spans(doc):
    doc.spans["meddoprof_class"] = [doc.char_span(0, 59, label="OTROS")]
    MergeEnts("merge", ["meddoprof_class", "cantemist", "pharmaconer"])(doc)
    assert [e.label_ for e in doc.ents] == ["OTROS"]
    MergeEnts("merge", ["cantemist", "pharmaconer", "meddocan", "meddoprof_class"], policy="priority")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Carcinoma ductal infiltrante", "MORFOLOGIA_NEOPLASIA"),
        ("tamoxifeno", "NORMALIZABLES"),
        ("Madrid", "TERRITORIO"),
    ]
    MergeEnts("merge", ["meddocan", "cantemist"], policy="priority")(doc)
    # The earlier group's "Carcinoma" blocks the later, longer cantemist span.
    assert [(e.text, e.label_) for e in doc.ents] == [("Carcinoma", "OTROS"), ("Madrid", "TERRITORIO")]


def test_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match="unknown merge policy 'vote'"):
        MergeEnts("merge", ["a"], policy="vote")


def test_policy_is_set_from_the_config():
    nlp = spacy.blank("es")
    merge = nlp.add_pipe("clinx_merge_ents", config={"spans_keys": ["a"], "policy": "priority"})
    assert merge.policy == "priority"
    doc = nlp("Madrid")
    assert doc.ents == ()
