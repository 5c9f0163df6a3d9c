"""`clinx_scope_assertion`: attributes from a tagger's predicted cues and scopes."""

import spacy
from spacy.tokens import Span


def annotate(text, ents, assertion_spans, **config):
    nlp = spacy.blank("es")
    component = nlp.add_pipe("clinx_scope_assertion", config=config)
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, s, e, label="DISO") for s, e in ents]
    doc.spans["assertion"] = [Span(doc, s, e, label=label) for s, e, label in assertion_spans]
    return component(doc)


def test_a_predicted_scope_sets_the_attribute_of_what_it_covers():
    doc = annotate(
        "No refiere fiebre . Probable neumonía . Tos seca",
        [(2, 3), (5, 6), (7, 8)],
        [(0, 1, "NegSynMarker"), (1, 3, "NegScope"), (4, 5, "UncertLexMarker"), (5, 6, "UncertScope")],
    )
    fiebre, neumonia, tos = doc.ents
    assert (fiebre._.is_negated, fiebre._.is_uncertain) == (True, False)
    assert (neumonia._.is_negated, neumonia._.is_uncertain) == (False, True)
    assert not (tos._.is_negated or tos._.is_uncertain) and tos._.modifiers == ()
    (modifier,) = fiebre._.modifiers
    assert (modifier.text, modifier.category, modifier.direction) == ("No", "NEGATED_EXISTENCE", "FORWARD")
    assert modifier.scope_span == (1, 3) and modifier.literal == "NegSynMarker"


def test_the_nearest_cue_of_the_scopes_category_is_its_trigger():
    doc = annotate(
        "Probable neumonía , no fiebre , serologías negativas",
        [(4, 5), (6, 7)],
        [(0, 1, "UncertLexMarker"), (3, 4, "NegSynMarker"), (4, 5, "NegScope"), (6, 7, "NegScope"),
         (7, 8, "NegLexMarker")],
    )  # fmt: skip
    assert [[m.text for m in ent._.modifiers] for ent in doc.ents] == [["no"], ["negativas"]]
    assert doc.ents[1]._.modifiers[0].direction == "BACKWARD"


def test_a_scope_without_a_cue_still_counts():
    doc = annotate("fiebre ausente", [(0, 1)], [(0, 1, "NegScope")])
    (modifier,) = doc.ents[0]._.modifiers
    assert doc.ents[0]._.is_negated and modifier.text == "fiebre"


def test_what_the_rules_set_for_other_categories_is_kept():
    nlp = spacy.blank("es")
    nlp.add_pipe("clinx_context", config={"categories": ["HISTORICAL"]})
    scopes = nlp.add_pipe("clinx_scope_assertion")
    doc = nlp.make_doc("Antecedentes de fiebre")
    doc.ents = [Span(doc, 2, 3, label="DISO")]
    doc.spans["assertion"] = [Span(doc, 2, 3, label="NegScope")]
    doc = scopes(nlp.get_pipe("clinx_context")(doc))
    ent = doc.ents[0]
    assert ent._.is_historical and ent._.is_negated
    assert [m.category for m in ent._.modifiers] == ["HISTORICAL", "NEGATED_EXISTENCE"]
