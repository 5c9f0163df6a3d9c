"""One text de-identified: every operator, consistent surrogates, names that keep the
patient's sex, ages over 89, dates whose intervals hold, the rest byte for byte."""

import json
import re

import pytest

from clinx_spacy.deid import Phi, deidentify, load_policy
from clinx_spacy.deid.dates import parse_date
from clinx_spacy.deid.identifiers import is_valid_nif
from clinx_spacy.deid.surrogates import _first_names

TEXT = (
    "Paciente mujer de 93 años, Lucía Gómez Ruiz, con NIF 12345678Z, natural de Teruel. "
    "Ingresa el 12/03/2019 en el Hospital La Paz; alta el 20/03/2019. Teléfono 914 90 66 60, "
    "correo lucia.gomez@gmail.com. La Sra. Gómez acude a revisión. Dr. Pedro Martín."
)
PHI = {
    "SEXO_SUJETO_ASISTENCIA": ["mujer"],
    "EDAD_SUJETO_ASISTENCIA": ["93 años"],
    "NOMBRE_SUJETO_ASISTENCIA": ["Lucía Gómez Ruiz", "Gómez"],
    "ID_SUJETO_ASISTENCIA": ["12345678Z"],
    "TERRITORIO": ["Teruel"],
    "FECHAS": ["12/03/2019", "20/03/2019"],
    "HOSPITAL": ["Hospital La Paz"],
    "NUMERO_TELEFONO": ["914 90 66 60"],
    "CORREO_ELECTRONICO": ["lucia.gomez@gmail.com"],
    "NOMBRE_PERSONAL_SANITARIO": ["Pedro Martín"],
}


def spans(text=TEXT, phi=PHI):
    found = []
    for label, strings in phi.items():
        for string in strings:
            found.extend(
                Phi(m.start(), m.end(), label) for m in re.finditer(rf"(?<!\w){re.escape(string)}(?!\w)", text)
            )
    return found


def test_the_text_outside_the_spans_is_byte_identical_and_offsets_hold():
    result = deidentify(TEXT, spans(), load_policy(), key="k")
    position, new_position = 0, 0
    for r in result.replacements:
        assert TEXT[position : r.start] == result.text[new_position : r.new_start]
        assert TEXT[r.start : r.end] == r.original and result.text[r.new_start : r.new_end] == r.replacement
        position, new_position = r.end, r.new_end
    assert TEXT[position:] == result.text[new_position:]


def test_surrogates_never_equal_an_original_and_are_realistic():
    result = deidentify(TEXT, spans(), load_policy(), key="k")
    by_label = {r.label: r.replacement for r in result.replacements}
    originals = {r.original for r in result.replacements}
    for r in result.replacements:
        if r.label != "EDAD_SUJETO_ASISTENCIA":
            assert r.replacement not in originals, r
    assert is_valid_nif(by_label["ID_SUJETO_ASISTENCIA"])
    assert re.fullmatch(r"9\d\d \d\d \d\d \d\d", by_label["NUMERO_TELEFONO"])
    assert by_label["CORREO_ELECTRONICO"].endswith(("@example.com", "@example.org", "@example.net"))
    assert by_label["HOSPITAL"].startswith(("Hospital", "Complejo", "Clínica"))
    assert by_label["EDAD_SUJETO_ASISTENCIA"] == "90 o más años"
    assert by_label["SEXO_SUJETO_ASISTENCIA"] == "[SEXO]"


def test_the_same_string_gets_the_same_surrogate_and_names_share_words():
    result = deidentify(TEXT, spans(), load_policy(), key="k")
    full, alone = [r.replacement for r in result.replacements if r.label == "NOMBRE_SUJETO_ASISTENCIA"]
    first, surname, second = full.split()
    assert alone == surname, "Gómez is replaced by the same surname on its own"
    assert _first_names().get(first.lower()) in ("female", "both"), "the patient is a woman"
    doctor = next(r.replacement for r in result.replacements if r.label == "NOMBRE_PERSONAL_SANITARIO")
    assert _first_names().get(doctor.split()[0].lower()) in ("male", "both")


def test_documents_differ_unless_keyed():
    policy = load_policy()
    keyed = [deidentify(TEXT, spans(), policy, key="k", patient="p").text for _ in range(2)]
    unkeyed = [deidentify(TEXT, spans(), policy).text for _ in range(2)]
    assert keyed[0] == keyed[1]
    assert unkeyed[0] != unkeyed[1]
    assert deidentify(TEXT, spans(), policy, key="other").text != keyed[0]


def test_dates_move_by_one_offset_per_document_or_per_patient():
    policy = load_policy()
    result = deidentify(TEXT, spans(), policy)
    before = [parse_date(r.original).date for r in result.replacements if r.label == "FECHAS"]
    after = [parse_date(r.replacement).date for r in result.replacements if r.label == "FECHAS"]
    assert after[1] - after[0] == before[1] - before[0]
    assert 30 <= abs((after[0] - before[0]).days) <= 365
    same = {deidentify(TEXT, spans(), policy, key="k", patient="p").date_shift_days for _ in range(3)}
    assert len(same) == 1
    others = {deidentify(TEXT, spans(), policy, key="k", patient=f"p{n}").date_shift_days for n in range(10)}
    assert len(others) > 1


@pytest.mark.parametrize(
    "operator,check",
    [
        ("tag", lambda original, new: new == "[PACIENTE]"),
        ("mask", lambda original, new: len(new) == len(original) and set(new) <= {"*", " "}),
        ("redact", lambda original, new: new == ""),
        ("hash", lambda original, new: re.fullmatch(r"[0-9a-f]{16}", new)),
        ("keep", lambda original, new: new == original),
    ],
)
def test_each_operator(operator, check, tmp_path):
    path = tmp_path / "policy.json"
    rule = {"operator": operator, "tag": "[PACIENTE]"}
    path.write_text(json.dumps({"labels": {"NOMBRE_SUJETO_ASISTENCIA": rule}}), encoding="utf8")
    result = deidentify(TEXT, spans(), load_policy(path), key="k")
    names = [r for r in result.replacements if r.label == "NOMBRE_SUJETO_ASISTENCIA"]
    assert names and all(check(r.original, r.replacement) for r in names)
    assert all(r.operator == operator for r in names)


def test_hashes_are_keyed():
    policy = load_policy(None, labels={"NOMBRE_SUJETO_ASISTENCIA": {"operator": "hash"}})
    one = deidentify(TEXT, spans(), policy, key="a").replacements
    two = deidentify(TEXT, spans(), policy, key="a").replacements
    three = deidentify(TEXT, spans(), policy, key="b").replacements
    assert [r.replacement for r in one] == [r.replacement for r in two] != [r.replacement for r in three]


def test_ages_over_89_can_be_kept():
    result = deidentify(TEXT, spans(), load_policy(None, ages_over_89="keep"), key="k")
    assert next(r.replacement for r in result.replacements if r.label == "EDAD_SUJETO_ASISTENCIA") == "93 años"


def test_overlapping_spans_become_one():
    text = "Hospital Universitario La Paz"
    result = deidentify(text, [Phi(0, 29, "HOSPITAL"), Phi(23, 29, "TERRITORIO")], load_policy(), key="k")
    assert len(result.replacements) == 1 and result.replacements[0].label == "HOSPITAL"


def test_a_span_no_surrogate_fits_is_tagged():
    """A model may call anything a phone number: without digits, no surrogate differs."""
    text = "Vive en Valle Oricate, teléfono ---."
    spans = [Phi(8, 21, "NUMERO_TELEFONO"), Phi(32, 35, "ID_SUJETO_ASISTENCIA")]
    result = deidentify(text, spans, load_policy(), key="k")
    assert [(r.operator, r.replacement) for r in result.replacements] == [
        ("tag", "[TELÉFONO]"),
        ("tag", "[ID_PACIENTE]"),
    ]


def test_a_surrogate_never_repeats_a_protected_number():
    """A relative's age "64" is protected: no street surrogate gets the house number 64
    (1 in 150 would without the check)."""
    from clinx_spacy.deid.surrogates import Surrogates

    streets = [
        Surrogates(n.to_bytes(2, "big"), load_policy(), ["64", "Calle Mayor 12"], None).surrogate(
            "street", "Calle Mayor 12"
        )
        for n in range(600)
    ]
    assert all(street is None or not re.search(r"(?<!\w)64(?!\w)", street) for street in streets)
    assert sum(street is not None for street in streets) == 600
