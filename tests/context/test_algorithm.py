"""The Spanish ConText rules on the examples the assertion issue names."""

import pytest
from findings import statuses

from clinx_spacy.context.algorithm import fold


@pytest.mark.parametrize(
    "text,expected",
    [
        ("No se observan metástasis.", [("metástasis", ["is_negated"])]),
        ("Paciente sin fiebre, tos ni disnea.", [(w, ["is_negated"]) for w in ("fiebre", "tos", "disnea")]),
        ("Niega dolor torácico.", [("dolor torácico", ["is_negated"])]),
        ("Cefalea y vómitos negativos.", [("Cefalea", ["is_negated"]), ("vómitos", ["is_negated"])]),
        ("Se suspendió el tratamiento con amoxicilina.", [("amoxicilina", ["is_negated"])]),
        ("Probable neumonía basal derecha.", [("neumonía", ["is_uncertain"])]),
        ("Imagen compatible con metástasis.", [("metástasis", ["is_uncertain"])]),
        ("No se descarta infección.", [("infección", ["is_uncertain"])]),
        ("Antecedentes de HTA y diabetes.", [("HTA", ["is_historical"]), ("diabetes", ["is_historical"])]),
        ("Acudir a urgencias si presenta fiebre.", [("fiebre", ["is_hypothetical"])]),
        ("En caso de disnea, consultar.", [("disnea", ["is_hypothetical"])]),
        ("Madre con cáncer de mama.", [("cáncer de mama", ["is_family"])]),
        ("Hermano con DM.", [("DM", ["is_family"])]),
        ("Dolor abdominal intenso.", [("Dolor abdominal", [])]),
    ],
)
def test_examples(context_nlp, text, expected):
    assert statuses(context_nlp(text)) == expected


def test_scope_stops_at_a_termination(context_nlp):
    doc = context_nlp("Sin fiebre pero con tos y disnea.")
    assert statuses(doc) == [("fiebre", ["is_negated"]), ("tos", []), ("disnea", [])]
    doc = context_nlp("No refiere fiebre, aunque sí cefalea.")
    assert statuses(doc) == [("fiebre", ["is_negated"]), ("cefalea", [])]


def test_scope_stops_at_the_end_of_a_sentence(context_nlp):
    assert statuses(context_nlp("No fiebre. Tos productiva.")) == [("fiebre", ["is_negated"]), ("Tos", [])]
    # A line break ends a sentence even without punctuation.
    assert statuses(context_nlp("Sin fiebre\nTos productiva")) == [("fiebre", ["is_negated"]), ("Tos", [])]


def test_pseudo_triggers_do_not_negate(context_nlp):
    assert statuses(context_nlp("No solo fiebre sino tos.")) == [("fiebre", []), ("tos", [])]
    assert statuses(context_nlp("Sin cambios en los edemas.")) == [("edemas", [])]


def test_a_trigger_is_not_its_own_target(context_nlp):
    assert statuses(context_nlp("Probable")) == []


def test_modifiers_say_which_trigger_with_its_category_and_span(context_nlp):
    doc = context_nlp("Paciente sin fiebre.")
    (modifier,) = doc.ents[0]._.modifiers
    assert (modifier.text, modifier.category, modifier.direction) == ("sin", "NEGATED_EXISTENCE", "FORWARD")
    assert doc[modifier.start : modifier.end].text == "sin" and modifier.modifier_span == (1, 2)
    assert doc.text[modifier.start_char : modifier.end_char] == "sin"
    assert modifier.scope_span == (2, 4)  # to the end of the sentence
    assert modifier.to_dict()["literal"] == "sin"


def test_literals_match_without_accents_and_case(context_nlp):
    assert fold("Neumonía PERIFÉRICA") == "neumonia periferica" and fold("Niño") == "niño"
    assert statuses(context_nlp("COMPATIBLE CON neumonía.")) == [("neumonía", ["is_uncertain"])]
    assert statuses(context_nlp("diagnostico diferencial de TEP.")) == [("TEP", ["is_uncertain"])]
