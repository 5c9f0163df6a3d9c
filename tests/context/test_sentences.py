import spacy

from clinx_spacy.context.sentences import clinical_sentence_starts
from clinx_spacy.tokenizer import create_clinical_tokenizer


def sentences(text):
    nlp = spacy.blank("es")
    nlp.tokenizer = create_clinical_tokenizer()(nlp)
    doc = nlp(text)
    return [
        doc[start:end].text
        for start, end in zip(
            [i for i, s in enumerate(clinical_sentence_starts(doc)) if s],
            [i for i, s in enumerate(clinical_sentence_starts(doc)) if s][1:] + [len(doc)],
        )
    ]


def test_line_breaks_and_final_punctuation_end_sentences():
    assert sentences("Sin fiebre. Tos seca.\nAP: HTA\n\n¿Dolor? No.") == [
        "Sin fiebre.",
        "Tos seca.\n",
        "AP: HTA\n\n",
        "¿Dolor?",
        "No.",
    ]


def test_a_full_stop_before_lower_case_or_a_number_does_not():
    assert sentences("Lesión de aprox. 3 cm. en mama izq. con bordes netos.") == [
        "Lesión de aprox. 3 cm. en mama izq. con bordes netos."
    ]


def test_empty_document():
    assert sentences("") == []
