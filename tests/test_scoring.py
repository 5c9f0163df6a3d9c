import itertools
import random

import pytest
import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example

from clinx_spacy.brat import BRAT_KEY, load_gold_docs
from clinx_spacy.scoring import doc_char_spans, gold_char_spans, strict_prf
from clinx_spacy.tokenizer import make_clinical_nlp

from tiny_models import CORPORA

# Five documents, as lists so that duplicates can be written down.
GOLD = [
    [("PER", 0, 5), ("LOC", 10, 16), ("LOC", 20, 25), ("DATE", 30, 40)],
    [],
    [("PER", 4, 8)],
    [],
    [("LOC", 0, 3), ("LOC", 0, 3)],
]
PRED = [
    [("PER", 0, 5), ("LOC", 10, 17), ("ORG", 20, 25), ("DATE", 29, 40), ("PER", 0, 5)],
    [("PER", 1, 3)],
    [],
    [],
    [("LOC", 0, 3)],
]
# Counted by hand, document by document:
#   doc 0: PER 0-5 tp (predicted twice, counts once);
#          LOC 10-17 ends one char late: fp LOC + fn LOC 10-16;
#          ORG 20-25 has the wrong label: fp ORG + fn LOC 20-25;
#          DATE 29-40 starts one char early: fp DATE + fn DATE 30-40
#   doc 1: empty gold, PER 1-3 predicted: fp PER
#   doc 2: PER 4-8 missed: fn PER
#   doc 3: empty gold, empty prediction: nothing
#   doc 4: LOC 0-3 annotated twice in gold, predicted once: tp LOC
HAND_COUNTS = {
    "DATE": {"tp": 0, "fp": 1, "fn": 1},
    "LOC": {"tp": 1, "fp": 1, "fn": 2},
    "ORG": {"tp": 0, "fp": 1, "fn": 0},
    "PER": {"tp": 1, "fp": 1, "fn": 1},
}
HAND_MICRO = {"tp": 2, "fp": 4, "fn": 4}


def test_strict_prf_matches_hand_counts():
    scores = strict_prf(GOLD, PRED)
    assert {k: scores[k] for k in ("tp", "fp", "fn")} == HAND_MICRO
    assert scores["p"] == pytest.approx(2 / 6)
    assert scores["r"] == pytest.approx(2 / 6)
    assert scores["f"] == pytest.approx(1 / 3)
    assert list(scores["per_label"]) == ["DATE", "LOC", "ORG", "PER"]
    for label, counts in HAND_COUNTS.items():
        assert {k: scores["per_label"][label][k] for k in ("tp", "fp", "fn")} == counts
    loc = scores["per_label"]["LOC"]
    assert (loc["p"], loc["r"]) == (pytest.approx(1 / 2), pytest.approx(1 / 3))
    assert loc["f"] == pytest.approx(0.4)
    assert scores["per_label"]["ORG"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 0}


def test_strict_prf_agrees_with_naive_count_on_random_docs():
    rng = random.Random(0)

    def random_doc():
        starts = rng.sample(range(12), rng.randint(0, 5))
        return [(rng.choice("AB"), s, s + rng.randint(1, 3)) for s in starts]

    gold = [random_doc() for _ in range(40)]
    pred = [random_doc() for _ in range(40)]
    tp = fp = fn = 0
    for doc_gold, doc_pred in zip(gold, pred):
        unique_gold = sorted(set(doc_gold))
        unique_pred = sorted(set(doc_pred))
        for span in unique_pred:
            if span in unique_gold:
                tp += 1
            else:
                fp += 1
        for span in unique_gold:
            if span not in unique_pred:
                fn += 1
    scores = strict_prf(gold, pred)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (tp, fp, fn)
    assert scores["p"] == tp / (tp + fp)
    assert scores["r"] == tp / (tp + fn)


def test_gold_against_itself_is_perfect():
    scores = strict_prf(GOLD, GOLD)
    assert (scores["p"], scores["r"], scores["f"]) == (1.0, 1.0, 1.0)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (6, 0, 0)
    for label_scores in scores["per_label"].values():
        assert (label_scores["p"], label_scores["r"], label_scores["f"]) == (1.0, 1.0, 1.0)


def test_empty_input_scores_zero_and_mismatch_is_an_error():
    assert strict_prf([set(), set()], [set(), set()]) == {
        "p": 0.0,
        "r": 0.0,
        "f": 0.0,
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "per_label": {},
    }
    with pytest.raises(ValueError, match="2 gold, 1 predicted"):
        strict_prf([set(), set()], [set()])


@pytest.fixture
def nlp():
    return spacy.blank("es")


def test_doc_char_spans(nlp):
    doc = nlp("Carcinoma ductal en Madrid")
    doc.ents = [Span(doc, 0, 2, "TUMOR")]
    doc.spans["gold"] = [Span(doc, 0, 2, "TUMOR"), Span(doc, 3, 4, "LOC")]
    assert doc_char_spans(doc) == {("TUMOR", 0, 16)}
    assert doc_char_spans(doc, "gold") == {("TUMOR", 0, 16), ("LOC", 20, 26)}
    assert doc_char_spans(doc, "missing") == set()
    assert "missing" not in doc.spans
    assert gold_char_spans(doc) == {("TUMOR", 0, 16), ("LOC", 20, 26)}
    del doc.spans["gold"]
    assert gold_char_spans(doc) == {("TUMOR", 0, 16)}


def test_registered_scorer_uses_characters_not_tokens(nlp):
    scorer = spacy.registry.scorers.get("clinx.strict_span_scorer.v1")()
    # The prediction's "HER2" ends inside the reference token "HER2+". spaCy's ents scorer
    # drops such an unalignable prediction and reports P = 1.0; on characters it is an error.
    words = ["HER2+", "positivo", "en", "Madrid"]
    reference = Doc(nlp.vocab, words=words, spaces=[True, True, True, False])
    reference.spans["gold"] = [Span(reference, 0, 1, "GEN"), Span(reference, 3, 4, "LOC")]
    words = ["HER2", "+", "positivo", "en", "Madrid"]
    predicted = Doc(nlp.vocab, words=words, spaces=[False, True, True, True, False])
    predicted.ents = [Span(predicted, 0, 1, "GEN"), Span(predicted, 4, 5, "LOC")]
    scores = scorer([Example(predicted, reference)])
    assert set(scores) == {"ents_p", "ents_r", "ents_f", "ents_per_type"}
    assert (scores["ents_p"], scores["ents_r"], scores["ents_f"]) == (0.5, 0.5, 0.5)
    gen = scores["ents_per_type"]["GEN"]
    assert gen == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 1}
    assert scores["ents_per_type"]["LOC"]["f"] == 1.0


def test_registered_scorer_reads_span_groups(nlp):
    reference = nlp("uno dos tres")
    # No "gold" group: the scored group is the gold.
    reference.spans["sc"] = [Span(reference, 0, 1, "A")]
    predicted = nlp("uno dos tres")
    predicted.spans["sc"] = [Span(predicted, 0, 1, "A"), Span(predicted, 1, 2, "A")]
    predicted.ents = [Span(predicted, 2, 3, "A")]
    example = Example(predicted, reference)
    make_scorer = spacy.registry.scorers.get("clinx.strict_span_scorer.v1")
    assert make_scorer(spans_key="sc")([example])["ents_p"] == 0.5
    # A spancat passes its own spans_key to its scorer.
    assert make_scorer()([example], spans_key="sc")["ents_p"] == 0.5
    ents_only = make_scorer()([example])["ents_per_type"]["A"]
    assert ents_only == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 1, "fn": 0}


def test_scorer_as_component_scorer_in_nlp_evaluate(nlp):
    config = {"scorer": {"@scorers": "clinx.strict_span_scorer.v1"}}
    ruler = nlp.add_pipe("entity_ruler", config=config)
    ruler.add_patterns([{"label": "LOC", "pattern": "Madrid"}])
    reference = nlp.make_doc("Vive en Madrid y en Alcorcón")
    reference.spans["gold"] = [Span(reference, 2, 3, "LOC"), Span(reference, 5, 6, "LOC")]
    scores = nlp.evaluate([Example(nlp.make_doc(reference.text), reference)])
    assert (scores["ents_p"], scores["ents_r"]) == (1.0, 0.5)
    assert scores["ents_f"] == pytest.approx(2 / 3)


TASKS = ["meddocan", "cantemist", "pharmaconer", "meddoprof_ner", "meddoprof_class"]


@pytest.mark.parametrize("task", TASKS)
def test_gold_spans_equal_official_parse_of_real_corpora(task):
    """The gold that evaluation scores is what the official scripts read from the .ann files."""
    folder = CORPORA / task / "dev"
    if not folder.is_dir():
        pytest.skip(f"corpus not available at {folder}")
    docs = load_gold_docs(folder, make_clinical_nlp())
    for doc in itertools.islice(docs, 20):
        official = set()
        # As MEDDOCAN's and PharmaCoNER's evaluate.py parse a BRAT "T" line.
        ann = folder / f"{doc.user_data[BRAT_KEY]['doc_id']}.ann"
        for line in ann.read_text(encoding="utf8").splitlines():
            if line.startswith("T"):
                label, start, end = line.split("\t")[1].split()[:3]
                official.add((label, int(start), int(end)))
        assert gold_char_spans(doc) == official
