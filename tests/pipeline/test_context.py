"""`clinx_context` as a pipeline component: medspaCy's attribute names, span groups,
categories, and rules that travel with the saved pipeline."""

import json
import shutil
import subprocess
import sys

import pytest
import spacy
from findings import finding_pipeline, statuses
from spacy.tokens import DocBin, Span

from clinx_spacy.context.attributes import CATEGORY_ATTRIBUTES

# medspaCy 1.3.1's ConText attribute names (medspacy/context/context.py, DEFAULT_ATTRIBUTES).
MEDSPACY_ATTRIBUTES = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    "POSSIBLE_EXISTENCE": {"is_uncertain": True},
    "HISTORICAL": {"is_historical": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "FAMILY": {"is_family": True},
}


@pytest.fixture(scope="module")
def context_nlp():
    return finding_pipeline("clinx_context")


def test_attribute_names_are_medspacys():
    finding_pipeline("clinx_context")
    assert {category: {name: True} for category, name in CATEGORY_ATTRIBUTES.items()} == MEDSPACY_ATTRIBUTES
    for name in ("is_negated", "is_uncertain", "is_historical", "is_hypothetical", "is_family"):
        assert Span.get_extension(name)[0] is False
    assert Span.get_extension("modifiers")[0] == ()


def test_span_groups_are_targets_too():
    nlp = finding_pipeline("clinx_context", clinx_context={"span_groups": ["cantemist"]})
    doc = nlp.make_doc("Sin fiebre ni metástasis.")
    doc.spans["cantemist"] = [Span(doc, 3, 4, label="MORFOLOGIA_NEOPLASIA")]
    doc = nlp(doc)
    assert doc.spans["cantemist"][0]._.is_negated
    assert [m.text for m in doc.spans["cantemist"][0]._.modifiers] == ["ni"]


def test_categories_restrict_what_is_set():
    nlp = finding_pipeline("clinx_context", clinx_context={"categories": ["historical"]})
    doc = nlp("Antecedentes de HTA. Sin fiebre.")
    assert statuses(doc) == [("HTA", ["is_historical"]), ("fiebre", [])]


def test_a_user_rules_file_is_saved_with_the_pipeline(tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(
        json.dumps({"context_rules": [{"literal": "jamás", "category": "NEGATED_EXISTENCE", "direction": "FORWARD"}]}),
        encoding="utf8",
    )
    nlp = finding_pipeline("clinx_context", clinx_context={"rules": str(rules)})
    assert statuses(nlp("Jamás fiebre. No tos.")) == [("fiebre", ["is_negated"]), ("tos", [])]
    nlp.to_disk(tmp_path / "pipeline")
    rules.unlink()
    moved = shutil.move(str(tmp_path / "pipeline"), str(tmp_path / "elsewhere"))
    # A fresh process, from another folder: the rules come from the saved pipeline.
    code = (
        "import spacy\n"
        f"nlp = spacy.load({moved!r})\n"
        "doc = nlp('Jamás fiebre. No tos.')\n"
        "print([(e.text, e._.is_negated) for e in doc.ents])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('fiebre', True), ('tos', False)]"


def test_the_default_rules_are_saved_whole(tmp_path):
    nlp = finding_pipeline("clinx_context")
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("clinx_context").rules == nlp.get_pipe("clinx_context").rules
    assert statuses(loaded("Probable neumonía.")) == [("neumonía", ["is_uncertain"])]


def test_attributes_survive_a_docbin(context_nlp):
    doc = context_nlp("No se observan metástasis.")
    restored = next(DocBin(store_user_data=True, docs=[doc]).get_docs(context_nlp.vocab))
    assert restored.ents[0]._.is_negated
    assert restored.ents[0]._.modifiers[0][0] == "No"


def test_a_rerun_resets_attributes(context_nlp):
    doc = context_nlp("Fiebre.")
    doc.ents[0]._.is_negated = True
    assert not context_nlp.get_pipe("clinx_context")(doc).ents[0]._.is_negated


def test_sentences_of_the_pipeline_are_used():
    nlp = finding_pipeline("clinx_sentencizer", "clinx_context")
    doc = nlp("Sin fiebre. Tos seca.")
    assert [s.text for s in doc.sents] == ["Sin fiebre.", "Tos seca."]
    assert statuses(doc) == [("fiebre", ["is_negated"]), ("Tos", [])]
