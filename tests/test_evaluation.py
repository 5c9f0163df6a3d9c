import json

import pytest
import spacy

from clinx_spacy.brat import brat_folder_to_docbin, load_gold_docs, read_brat_folder
from clinx_spacy.evaluation import evaluate_pipeline, format_table
from clinx_spacy.scoring import strict_prf

# doc id -> (text, gold spans as (label, surface string)); offsets are found in the text.
GOLD = {
    "a": (
        "Paciente de Madrid con carcinoma ductal. Vive en Alcorcón.",
        [("LOC", "Madrid"), ("TUMOR", "carcinoma ductal"), ("LOC", "Alcorcón")],
    ),
    "b": ("Sin hallazgos en Toledo.", []),
    "c": ("Carcinoma ductal en Lugo.", [("TUMOR", "Carcinoma ductal"), ("LOC", "Lugo")]),
}
PATTERNS = [
    {"label": "LOC", "pattern": "Madrid"},
    {"label": "LOC", "pattern": "Toledo"},
    {"label": "TUMOR", "pattern": "carcinoma"},
    {"label": "TUMOR", "pattern": "Carcinoma ductal"},
    {"label": "ORG", "pattern": "Alcorcón"},
]
# What the ruler predicts, counted by hand:
#   a: Madrid tp LOC; "carcinoma" ends early: fp TUMOR + fn TUMOR; Alcorcón as ORG: fp ORG + fn LOC
#   b: Toledo is not gold: fp LOC
#   c: "Carcinoma ductal" tp TUMOR; Lugo missed: fn LOC
HAND_COUNTS = {
    "LOC": {"tp": 1, "fp": 1, "fn": 2},
    "ORG": {"tp": 0, "fp": 1, "fn": 0},
    "TUMOR": {"tp": 1, "fp": 1, "fn": 1},
}


@pytest.fixture
def gold_dir(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    for doc_id, (text, spans) in GOLD.items():
        lines = []
        for i, (label, surface) in enumerate(spans, start=1):
            start = text.index(surface)
            lines.append(f"T{i}\t{label} {start} {start + len(surface)}\t{surface}\n")
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf8")
        (folder / f"{doc_id}.ann").write_text("".join(lines), encoding="utf8")
    return folder


@pytest.fixture
def nlp(tmp_path):
    nlp = spacy.blank("es")
    nlp.meta.update({"name": "ruler_test", "version": "0.0.1"})
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    nlp.to_disk(tmp_path / "model")
    return spacy.load(tmp_path / "model")


def test_evaluate_pipeline_matches_hand_counts(nlp, gold_dir, tmp_path):
    gold_docs = load_gold_docs(gold_dir, nlp)
    results = evaluate_pipeline(nlp, gold_docs, batch_size=2, predictions_dir=tmp_path / "pred")
    results = json.loads(json.dumps(results))
    assert (results["model"], results["version"]) == ("es_ruler_test", "0.0.1")
    assert results["n_docs"] == 3
    assert results["n_words"] == sum(len(nlp.make_doc(text)) for text, _ in GOLD.values())
    assert results["seconds"] > 0
    assert results["wps"] == pytest.approx(results["n_words"] / results["seconds"])
    assert (results["tp"], results["fp"], results["fn"]) == (2, 3, 3)
    assert (results["p"], results["r"], results["f"]) == (pytest.approx(0.4),) * 3
    per_label = results["per_label"].items()
    counts = {label: {k: s[k] for k in ("tp", "fp", "fn")} for label, s in per_label}
    assert counts == HAND_COUNTS
    assert results["per_label"]["TUMOR"]["f"] == pytest.approx(0.5)

    table = format_table(results)
    assert [line.split()[0] for line in table.splitlines()[2:]] == ["LOC", "ORG", "TUMOR", "MICRO"]
    assert table.splitlines()[-1].split() == ["MICRO", "40.00", "40.00", "40.00", "2", "3", "3"]


def test_predictions_are_written_as_brat_with_gold_ids(nlp, gold_dir, tmp_path):
    evaluate_pipeline(nlp, load_gold_docs(gold_dir, nlp), predictions_dir=tmp_path / "pred")
    predicted = {doc.doc_id: doc for doc in read_brat_folder(tmp_path / "pred")}
    assert sorted(predicted) == ["a", "b", "c"]
    assert predicted["b"].text == GOLD["b"][0]
    spans_a = [(s.label, s.text) for s in predicted["a"].spans]
    assert spans_a == [("LOC", "Madrid"), ("TUMOR", "carcinoma"), ("ORG", "Alcorcón")]
    # Scoring the written files as the official scripts would gives the same counts.
    gold = {doc.doc_id: doc for doc in read_brat_folder(gold_dir)}
    ids = sorted(gold)
    from_files = strict_prf(
        [{(s.label, s.start, s.end) for s in gold[i].spans} for i in ids],
        [{(s.label, s.start, s.end) for s in predicted[i].spans} for i in ids],
    )
    assert (from_files["tp"], from_files["fp"], from_files["fn"]) == (2, 3, 3)


def test_evaluate_pipeline_on_spacy_file(nlp, gold_dir, tmp_path):
    brat_folder_to_docbin(gold_dir, tmp_path / "gold.spacy", nlp)
    results = evaluate_pipeline(nlp, load_gold_docs(tmp_path / "gold.spacy", nlp))
    assert (results["tp"], results["fp"], results["fn"]) == (2, 3, 3)


def test_gold_pipeline_scores_perfectly(gold_dir):
    nlp = spacy.blank("es")
    spans = [span for _, doc_spans in GOLD.values() for span in doc_spans]
    patterns = [{"label": label, "pattern": surface} for label, surface in spans]
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    results = evaluate_pipeline(nlp, load_gold_docs(gold_dir, nlp))
    assert (results["p"], results["r"], results["f"]) == (1.0, 1.0, 1.0)
    assert (results["tp"], results["fp"], results["fn"]) == (5, 0, 0)


def test_a_predicted_entity_across_a_line_break_is_written_as_fragments(tmp_path):
    """As brat writes one: a discontinuous span of the pieces between the breaks, never a
    line break inside an .ann line (which the official scorers would read as garbage)."""
    text = "Ingresa en el Hospital\nLa Paz. Alta."
    nlp = spacy.blank("es")
    pattern = [{"LOWER": "hospital"}, {"IS_SPACE": True}, {"LOWER": "la"}, {"LOWER": "paz"}]
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "HOSPITAL", "pattern": pattern}])
    gold = nlp.make_doc(text)
    gold.spans["gold"] = [gold.char_span(14, 29, label="HOSPITAL")]
    evaluate_pipeline(nlp, [gold], predictions_dir=tmp_path / "pred")
    (ann,) = (tmp_path / "pred").glob("*.ann")
    assert ann.read_text(encoding="utf8") == "T1\tHOSPITAL 14 22;23 29\tHospital La Paz\n"
    (doc,) = read_brat_folder(tmp_path / "pred")
    assert doc.spans[0].fragments == ((14, 22), (23, 29))
