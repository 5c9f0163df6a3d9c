import itertools

import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example

from clinx_spacy.ml.biluo import UNKNOWN, allowed_transitions, biluo_tags, gold_tag_ids


def test_biluo_tags_order():
    assert biluo_tags(["FARMACO", "ENFERMEDAD"]) == [
        "O",
        "B-FARMACO",
        "I-FARMACO",
        "L-FARMACO",
        "U-FARMACO",
        "B-ENFERMEDAD",
        "I-ENFERMEDAD",
        "L-ENFERMEDAD",
        "U-ENFERMEDAD",
    ]


def test_allowed_transitions_examples():
    tags = biluo_tags(["A", "B"])
    pairs, start, end = allowed_transitions(tags)
    ok = lambda a, b: bool(pairs[tags.index(a), tags.index(b)])  # noqa: E731
    assert not ok("O", "I-A") and not ok("O", "L-A")
    assert ok("O", "B-A") and ok("O", "U-B") and ok("O", "O")
    assert ok("B-A", "I-A") and ok("B-A", "L-A") and ok("I-A", "L-A")
    assert not ok("B-A", "I-B") and not ok("I-A", "L-B") and not ok("B-A", "O")
    assert not ok("U-A", "L-A") and not ok("L-A", "I-A") and ok("L-A", "B-B")
    assert [t for t, s in zip(tags, start) if s] == ["O", "B-A", "U-A", "B-B", "U-B"]
    assert [t for t, e in zip(tags, end) if e] == ["O", "L-A", "U-A", "L-B", "U-B"]


@pytest.mark.parametrize("length", [1, 2, 3, 4])
def test_masks_accept_exactly_the_valid_sequences(length, valid_biluo):
    tags = biluo_tags(["A", "B"])
    pairs, start, end = allowed_transitions(tags)
    for path in itertools.product(range(len(tags)), repeat=length):
        by_mask = bool(start[path[0]] and end[path[-1]]) and all(pairs[i, j] for i, j in zip(path, path[1:]))
        assert by_mask == valid_biluo([tags[i] for i in path]), [tags[i] for i in path]


def test_not_a_biluo_tag():
    with pytest.raises(ValueError, match="Not a BILUO tag"):
        allowed_transitions(["O", "X-A"])


def test_gold_tag_ids_marks_misaligned_and_missing_tokens_unknown():
    nlp = spacy.blank("es")
    tag_ids = {tag: i for i, tag in enumerate(biluo_tags(["FARMACO"]))}
    # The gold tokenization splits "metformina850", which the predicted doc keeps whole.
    reference = Doc(
        nlp.vocab,
        words=["Toma", "metformina", "850", "mg"],
        spaces=[True, False, True, False],
        ents=["O", "B-FARMACO", "O", "O"],
    )
    example = Example(nlp.make_doc("Toma metformina850 mg"), reference)
    assert [t.text for t in example.predicted] == ["Toma", "metformina850", "mg"]
    assert gold_tag_ids(example, tag_ids) == [0, UNKNOWN, 0]
    missing = Example(nlp.make_doc("Toma metformina"), Doc(nlp.vocab, words=["Toma", "metformina"]))
    assert gold_tag_ids(missing, tag_ids) == [UNKNOWN, UNKNOWN]


def test_gold_tag_ids_unknown_label_names_the_token():
    nlp = spacy.blank("es")
    reference = Doc(nlp.vocab, words=["Dolor", "abdominal"], ents=["B-SINTOMA", "I-SINTOMA"])
    example = Example(nlp.make_doc("Dolor abdominal"), reference)
    with pytest.raises(ValueError, match=r"'B-SINTOMA' at token 0 \('Dolor', character offset 0\)"):
        gold_tag_ids(example, {"O": 0})
