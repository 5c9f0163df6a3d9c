from pathlib import Path

import pytest
import spacy

from clinx_spacy.tokenizer import make_clinical_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_clinical_nlp()


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("5mg/kg/día", ["5", "mg", "/", "kg", "/", "día"]),
        ("2,5ml", ["2,5", "ml"]),
        ("10UI", ["10", "UI"]),
        ("50%", ["50", "%"]),
        ("12/03/2019", ["12", "/", "03", "/", "2019"]),
        ("nhc-150679.", ["nhc", "-", "150679", "."]),
        ("Sexo: H.", ["Sexo", ":", "H", "."]),
        ("Edad:62 años", ["Edad", ":", "62", "años"]),
        ("CD56+CD16", ["CD56", "+", "CD16"]),
        ("sY86(AZFa)", ["sY86", "(", "AZFa", ")"]),
        ("LDH=552", ["LDH", "=", "552"]),
        ("[K+]", ["[", "K", "+", "]"]),
        ("renina-angiotensina", ["renina", "-", "angiotensina"]),
        ("T3,T4,TSH", ["T3", ",", "T4", ",", "TSH"]),
        ("s/n.", ["s", "/", "n", "."]),
        ("4 Izq..", ["4", "Izq", ".", "."]),
        ("vitamina D.", ["vitamina", "D", "."]),
        ("2014.El", ["2014", ".", "El"]),
        ("MartínezNºCol", ["Martínez", "NºCol"]),
        ("E-mail:ana.gil@hospital.es", ["E-mail:", "ana.gil@hospital.es"]),
        ("\ufeffMotivo", ["\ufeff", "Motivo"]),
    ],
)
def test_clinical_splits(nlp, text, tokens):
    assert [t.text for t in nlp(text)] == tokens


@pytest.mark.parametrize(
    "text",
    [
        "paciente",
        "electrocardiograma",
        "2,5",
        "7.4",
        "1.500",
        "Dr.",
        "p.ej.",
        "etc.",
        "T.A.C.",
        "IgG4",
        "pT2N0M0",
        "https://www.hospital.es/urgencias",
    ],
)
def test_words_stay_whole(nlp, text):
    assert [t.text for t in nlp(text)] == [text]


def test_registered_and_serializable(tmp_path: Path, nlp):
    tokenizer = spacy.registry.tokenizers.get("clinx.ClinicalTokenizer.v1")()(nlp)
    text = "Sexo: H. nhc-150679, 5mg/kg, T.A.C. y E-mail:ana@x.es"
    assert [t.text for t in tokenizer(text)] == [t.text for t in nlp(text)]
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.config["nlp"]["tokenizer"]["@tokenizers"] == "clinx.ClinicalTokenizer.v1"
    assert [t.text for t in loaded(text)] == [t.text for t in nlp(text)]


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("HER2+ positivo", ["HER", "2", "+", "positivo"]),
        ("5mg/kg", ["5", "mg", "/", "kg"]),
        ("estadio cT2N0M0", ["estadio", "c", "T", "2", "N", "0", "M", "0"]),
        ("IgG4 elevada", ["Ig", "G", "4", "elevada"]),
        ("Firmado por: DRAlberto Miján", ["Firmado", "por", ":", "DR", "Alberto", "Miján"]),
        ("nhc-150679.", ["nhc", "-", "150679", "."]),
        # Units that must stay whole: abbreviations, dotted acronyms, URLs and e-mail addresses.
        (
            "Dr. García, T.A.C. en www.hospital.es o ana@x.es",
            ["Dr.", "García", ",", "T.A.C.", "en", "www.hospital.es", "o", "ana@x.es"],
        ),
    ],
)
def test_subword_tokenizer_splits_inside_words(text, tokens):
    nlp = make_clinical_nlp(subword=True)
    assert [t.text for t in nlp(text)] == tokens


def test_subword_tokenizer_is_registered_and_keeps_offsets():
    nlp = spacy.blank("es", config={"nlp": {"tokenizer": {"@tokenizers": "clinx.SubwordTokenizer.v1"}}})
    text = "Paciente HER2+ con 5mg/kg de trastuzumab el 12/03/2019."
    doc = nlp(text)
    assert doc.text == text
    assert len(doc) > len(make_clinical_nlp()(text))
