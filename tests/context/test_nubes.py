"""NUBes' cues, scopes and concepts from BRAT relations, and the tagger's one layer of spans."""

import spacy
from findings import NUBES_TEXT as TEXT
from findings import nubes_document as document

from clinx_spacy.context.nubes import NEGATION, UNCERTAINTY, layer_labels, layer_spans, nubes_annotation
from clinx_spacy.tokenizer import create_clinical_tokenizer


def test_cues_scopes_and_concepts():
    annotation = nubes_annotation(document())
    assert [(TEXT[c.start : c.end], c.category) for c in annotation.cues] == [
        ("No", NEGATION),
        ("Probable", UNCERTAINTY),
        ("suspende", NEGATION),
    ]
    assert annotation.scopes == {NEGATION: [(3, 24), (56, 63)], UNCERTAINTY: [(36, 44)]}
    assert [(TEXT[c.start : c.end], c.categories) for c in annotation.concepts] == [
        ("fiebre", (NEGATION,)),
        ("tos", (NEGATION,)),
        ("neumonía", (UNCERTAINTY,)),
        ("seguril", (NEGATION,)),
    ]


def test_one_layer_of_tagger_spans():
    nlp = spacy.blank("es")
    nlp.tokenizer = create_clinical_tokenizer()(nlp)
    chars = layer_labels(nubes_annotation(document()), len(TEXT))
    line = TEXT.index("\n") + 1
    doc = nlp.make_doc(TEXT[line:])
    assert [(s.text, s.label_) for s in layer_spans(doc, chars, line)] == [
        ("Probable", "UncertLexMarker"),
        ("neumonía", "UncertScope"),
        ("suspende", "NegLexMarker"),
        ("seguril", "NegScope"),
    ]
    doc = nlp.make_doc(TEXT)
    assert [(s.text, s.label_) for s in layer_spans(doc, chars)][:2] == [
        ("No", "NegSynMarker"),
        ("refiere fiebre ni tos", "NegScope"),
    ]
