"""A Spanish pipeline whose entities come from a word list, for the assertion tests."""

import spacy

from clinx_spacy.brat import BratDocument, BratRelation, BratSpan
from clinx_spacy.tokenizer import create_clinical_tokenizer

FINDINGS = [
    "metástasis", "neumonía", "fiebre", "tos", "disnea", "HTA", "cáncer de mama", "dolor torácico", "diabetes",
    "alergias", "infección", "cefalea", "vómitos", "amoxicilina", "edemas", "TEP", "dolor abdominal", "DM",
]  # fmt: skip


def finding_pipeline(*components, **configs):
    """The clinical tokenizer, an entity ruler of FINDINGS (label DISO), then `components`."""
    nlp = spacy.blank("es")
    nlp.tokenizer = create_clinical_tokenizer()(nlp)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "DISO", "pattern": [{"LOWER": word.lower()} for word in term.split()]} for term in FINDINGS]
    )
    for name in components:
        nlp.add_pipe(name, config=configs.get(name, {}))
    return nlp


def statuses(doc):
    """(entity text, the attributes that are true) per entity."""
    names = ("is_negated", "is_uncertain", "is_historical", "is_hypothetical", "is_family")
    return [(ent.text, [name for name in names if getattr(ent._, name)]) for ent in doc.ents]


NUBES_TEXT = "No refiere fiebre ni tos .\nProbable neumonía , suspende seguril ."


def nubes_document() -> BratDocument:
    """Two NUBes-style sentences: a negation cue with a phrase scope, an uncertainty cue,
    and a negation cue whose scope comes after it (DiscScope)."""

    def span(i, label, start, end):
        return BratSpan(f"T{i}", label, ((start, end),), NUBES_TEXT[start:end])

    spans = [
        span(1, "NegSynMarker", 0, 2),
        span(2, "Phrase", 3, 24),
        span(3, "DISO", 11, 17),
        span(4, "DISO", 21, 24),
        span(5, "UncertLexMarker", 27, 35),
        span(6, "DISO", 36, 44),
        span(7, "NegLexMarker", 47, 55),
        span(8, "SUBS", 56, 63),
    ]
    relations = [
        BratRelation("R1", "Scope", (("Arg1", "T1"), ("Arg2", "T2"))),
        BratRelation("R2", "Scope", (("Arg1", "T5"), ("Arg2", "T6"))),
        BratRelation("R3", "DiscScope", (("Arg1", "T7"), ("Arg2", "T8"))),
    ]
    return BratDocument("d", NUBES_TEXT, spans, relations=relations)
