"""Synthetic Spanish clinical case notes with BRAT standoff annotations.

The project ships this sample so that `spacy project run all` works offline with no corpus: the
notes imitate SciELO clinical cases and MEDDOCAN discharge reports, and every word of them is
produced here from vocabularies written for the project. Text and spans are generated together,
so every offset is exact by construction. Each document has its own random stream, seeded from
(namespace, seed, index), so a document never depends on how many others are generated. A fifth of
every entity vocabulary is held out of the training documents, so the dev split measures how well a
model recognises names, drugs or tumours it has never seen, from their context and their form.
"""

import datetime
import re
import string
import unicodedata
import zlib
from pathlib import Path
from random import Random
from types import SimpleNamespace
from typing import Callable, Dict, List, NamedTuple, Sequence, Tuple, TypeVar, Union

from clinx_spacy.brat import BratDocument, BratSpan, write_brat_document
from clinx_spacy.util import read_json

LABELS = (
    # MEDDOCAN (de-identification)
    "NOMBRE_SUJETO_ASISTENCIA",
    "NOMBRE_PERSONAL_SANITARIO",
    "EDAD_SUJETO_ASISTENCIA",
    "FECHAS",
    "TERRITORIO",
    "CALLE",
    "ID_SUJETO_ASISTENCIA",
    "HOSPITAL",
    "CORREO_ELECTRONICO",
    # CANTEMIST (tumour morphology)
    "MORFOLOGIA_NEOPLASIA",
    # PharmaCoNER (drugs, proteins)
    "NORMALIZABLES",
    "PROTEINAS",
    # MEDDOPROF (occupations)
    "PROFESION",
)

# One vocabulary item in HELD_OUT_EVERY (by a stable hash) never appears in training documents.
HELD_OUT_EVERY = 5

T = TypeVar("T")
Span = Tuple[int, int, str]
Document = Tuple[str, str, List[Span]]


class Ent(NamedTuple):
    text: str
    label: str


# A piece of text to write: plain text (which may hold [[mention|CODE]] markup), an entity, or a
# sequence of pieces. Vocabularies use the markup so that clinical phrases carry their own spans.
Piece = Union[str, Ent, Sequence["Piece"]]
MARKUP_LABELS = {"M": "MORFOLOGIA_NEOPLASIA", "N": "NORMALIZABLES", "P": "PROTEINAS", "O": "PROFESION"}
_MARKUP = re.compile(r"\[\[([^|\]]+)\|([A-Z])\]\]")
_FORMATTER = string.Formatter()


class Scenario(NamedTuple):
    """One condition: every phrase of a document about it comes from these tuples."""

    specialty: str
    complaints: Tuple[str, ...]
    findings: Tuple[str, ...]  # examination or imaging sentences
    diagnoses: Tuple[str, ...]  # biopsy result (oncology) or final diagnosis
    tests: Tuple[str, ...]  # markers, cultures, serologies
    treatments: Tuple[str, ...]
    oncology: bool
    sexes: str = "HM"


def _tuples(value):
    """JSON lists as tuples, as the generator's random choices and held-out hashes expect."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def _load_vocabulary(path: Path) -> SimpleNamespace:
    vocabulary = {key: _tuples(value) for key, value in read_json(path).items() if key != "about"}
    for key in ("oncology", "other"):
        vocabulary[key] = tuple(Scenario(**scenario) for scenario in vocabulary[key])
    return SimpleNamespace(**vocabulary)


# The vocabularies, written for this project (vocabulary.json says how they are used).
V = _load_vocabulary(Path(__file__).with_name("vocabulary.json"))

# ---------------------------------------------------------------------------------------------
# Writing pieces with exact offsets
# ---------------------------------------------------------------------------------------------


def _fill(template: str, **slots: Piece) -> List[Piece]:
    """Split TEMPLATE into its literal text and its `{slot}` values, keeping entity pieces intact.

    A string slot value is a template too (vocabulary phrases carry `{o}`, `{side_f}`...), so it
    is filled with the same slots.
    """
    pieces: List[Piece] = []
    for literal, field, _, _ in _FORMATTER.parse(template):
        if literal:
            pieces.append(literal)
        if field is not None:
            value = slots[field]
            pieces.append(_fill(value, **slots) if isinstance(value, str) and "{" in value else value)
    return pieces


def _join(items: Sequence[Piece], sep: str = ", ", last: str = " y ") -> List[Piece]:
    """Spanish enumeration: `a, b y c`."""
    pieces: List[Piece] = []
    for i, item in enumerate(items):
        if i:
            pieces.append(last if i == len(items) - 1 else sep)
        pieces.append(item)
    return pieces


class _Writer:
    """Accumulates text and the character spans of the entities written into it."""

    def __init__(self) -> None:
        self._parts: List[str] = []
        self._length = 0
        self.spans: List[Span] = []

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def add(self, piece: Piece) -> None:
        if isinstance(piece, Ent):
            start = self._length
            self._plain(piece.text)
            self.spans.append((start, self._length, piece.label))
        elif isinstance(piece, str):
            position = 0
            for match in _MARKUP.finditer(piece):
                self._plain(piece[position : match.start()])
                self.add(Ent(match.group(1), MARKUP_LABELS[match.group(2)]))
                position = match.end()
            self._plain(piece[position:])
        else:
            for part in piece:
                self.add(part)

    def _plain(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)


# ---------------------------------------------------------------------------------------------
# Values for one case
# ---------------------------------------------------------------------------------------------


class _DocRandom(Random):
    """One document's random stream. `pick`/`pick_some` draw vocabulary items; unless `held_out`
    is set they skip the held-out fifth of each vocabulary, so that dev documents (which set it)
    hold entity forms never seen in training."""

    def __init__(self, seed: str, held_out: bool) -> None:
        super().__init__(seed)  # string seeds hash through SHA-512: stable across runs and Pythons
        self.held_out = held_out

    def pick(self, items: Sequence[T]) -> T:
        return self.choice(self._vocabulary(items, 1))

    def pick_some(self, items: Sequence[T], k: int) -> List[T]:
        return self.sample(self._vocabulary(items, k), k)

    def _vocabulary(self, items: Sequence[T], at_least: int) -> Sequence[T]:
        if self.held_out:
            return items
        seen = [item for item in items if zlib.crc32(repr(item).encode("utf8")) % HELD_OUT_EVERY]
        return seen if len(seen) >= at_least else items


def _decimal(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _digits(rng: _DocRandom, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-_"))


def _first_name(rng: _DocRandom, sex: str) -> str:
    if rng.random() < 0.2:
        return rng.pick(V.male_compound if sex == "H" else V.female_compound)
    return rng.pick(V.male_names if sex == "H" else V.female_names)


def _surnames(rng: _DocRandom) -> str:
    first = rng.pick(V.surnames)
    second = rng.choice(V.surname_particles) if rng.random() < 0.06 else rng.pick(V.surnames)
    return f"{first} {second}"


def _street(rng: _DocRandom) -> str:
    number = str(rng.randint(1, 140))
    if rng.random() < 0.1:
        number += f"-{int(number) + 2}"
    kind, name = rng.choice(V.street_types), rng.pick(V.street_names)
    separator = rng.choice((" ", " ", ", ", " nº "))
    return f"{kind} {name}{separator}{number}{rng.choice(V.street_details)}"


def _email(rng: _DocRandom, first: str, surnames: str) -> str:
    given, family = _ascii(first.split()[0]), [_ascii(s) for s in surnames.split() if s[0].isupper()]
    user = rng.choice(
        (
            f"{given}.{family[0]}",
            f"{given[0]}{family[0]}",
            f"{given[:3]}{family[0][:3]}{family[-1][:2]}",
            f"{family[0]}.{family[-1]}",
            f"{given}{family[0]}{rng.randint(1, 99)}",
            f"{given[0]}.{family[0]}",
        )
    )
    return f"{user}@{rng.pick(V.email_domains)}"


def _date_between(rng: _DocRandom, start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, days))


def _numeric_date(rng: _DocRandom, date: datetime.date) -> str:
    return rng.choice(V.numeric_dates).format(d=date.day, m=date.month, y=date.year)


def _narrative_date(rng: _DocRandom, date: datetime.date) -> List[Piece]:
    """`el 12/03/2016`, `el 12 de marzo de 2016`, `en marzo de 2016`, `en 2016`..."""
    month = V.months[date.month - 1]
    preposition, text = rng.choice(
        (
            ("el", _numeric_date(rng, date)),
            ("el", f"{date.day} de {month} de {date.year}"),
            ("en", f"{month} de {date.year}"),
            ("en", f"{month.capitalize()} de {date.year}"),
            ("en", str(date.year)),
            ("en", f"{date.month:02d}/{date.year}"),
        )
    )
    return [preposition, " ", Ent(text, "FECHAS")]


class _Case:
    """Everything that stays fixed across one document: patient, physician, places, scenario."""

    def __init__(self, rng: _DocRandom) -> None:
        self.sex = rng.choice("HM")
        self.g = V.gender[self.sex]
        self.first = _first_name(rng, self.sex)
        self.surnames = _surnames(rng)
        scenarios = V.oncology if rng.random() < 0.6 else V.other
        self.scenario = rng.choice([s for s in scenarios if self.sex in s.sexes])
        self.therapies = rng.pick_some(self.scenario.treatments, 2)  # first line, then second line
        self.age = rng.randint(38, 88) if self.scenario.oncology else rng.randint(19, 90)
        self.admission = _date_between(rng, datetime.date(2008, 1, 1), 13 * 365)
        self.birth = self.admission - datetime.timedelta(days=365 * self.age + rng.randint(1, 360))
        self.nhc = _digits(rng, rng.choice((6, 7, 7)))
        self.nass = rng.choice(("{} {}", "{} {} {}", "{}/{}/{}")).format(
            _digits(rng, 2), _digits(rng, 8), _digits(rng, 2)
        )
        self.town, self.province, prefix = rng.pick(V.towns)
        self.cp = prefix + _digits(rng, 3)
        self.street = _street(rng)
        self.profession = rng.pick(V.professions).format(**self.g)
        self.retired = self.age >= 66 or rng.random() < 0.05
        self.doctor_sex = rng.choice("HM")
        self.doctor_first = _first_name(rng, self.doctor_sex)
        self.doctor_surnames = _surnames(rng)
        self.doctor_title = "Dr." if self.doctor_sex == "H" else "Dra."
        self.doctor_ncol = rng.choice(("{} {} {}", "{}-{}-{}", "{}{}{}")).format(
            _digits(rng, 2), _digits(rng, 2), _digits(rng, 5)
        )
        self.email = _email(rng, self.doctor_first, self.doctor_surnames)
        self.hospital_town, self.hospital_province, prefix = (
            (self.town, self.province, prefix) if rng.random() < 0.5 else rng.pick(V.towns)
        )
        self.hospital_cp = prefix + _digits(rng, 3)
        self.hospital = rng.choice(V.hospital_patterns).format(
            town=self.hospital_town, saint=rng.pick(V.hospital_saints)
        )
        self.hospital_street = _street(rng)
        self.referrer = rng.choice(V.referrers)

    @property
    def doctor(self) -> str:
        return f"{self.doctor_first} {self.doctor_surnames}"

    @property
    def age_ent(self) -> Ent:
        return Ent(f"{self.age} años", "EDAD_SUJETO_ASISTENCIA")


def _numbers(rng: _DocRandom) -> Dict[str, str]:
    """Random values for the numeric slots that scenario phrases use (`number_slots` of the vocabulary)."""
    return {slot: _number(rng, spec) for slot, spec in V.number_slots.items()}


def _number(rng: _DocRandom, spec: Dict) -> str:
    if "choice" in spec:
        return rng.choice(spec["choice"])
    if "decimal" in spec:
        return _decimal(rng.uniform(*spec["decimal"]), spec["places"])
    return str(rng.randint(*spec["int"]) * spec.get("times", 1))


# ---------------------------------------------------------------------------------------------
# Sections: each returns one paragraph (a list of sentences) chosen among several templates
# ---------------------------------------------------------------------------------------------


def _profession_phrase(rng: _DocRandom, case: _Case) -> List[Piece]:
    job = Ent(case.profession, "PROFESION")
    if case.retired:
        template = rng.choice(("{job} jubilad{o}", "{job} ya jubilad{o}", "jubilad{o}, antes {job}"))
    else:
        template = rng.choice(("{job}", "{job} de profesión", "{job} de profesión", "{job} en activo"))
    return _fill(template, job=job, **case.g)


def _opening(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    """The first sentence: who the patient is and why they consult."""
    slots = dict(
        slots,
        age=case.age_ent,
        job=_profession_phrase(rng, case),
        allergy=rng.choice(V.allergies),
        complaint=rng.choice(case.scenario.complaints),
        town=Ent(case.town, "TERRITORIO"),
        province=Ent(case.province, "TERRITORIO"),
        hospital=Ent(case.hospital, "HOSPITAL"),
        referrer=Ent(case.referrer, "PROFESION"),
        specialty=case.scenario.specialty,
        name=Ent(case.surnames.split()[0], "NOMBRE_SUJETO_ASISTENCIA"),
        nhc=Ent(case.nhc, "ID_SUJETO_ASISTENCIA"),
    )
    template = rng.choice(
        (
            "{Varon} de {age}, {job}, {allergy}, que consulta por {complaint}.",
            "Presentamos el caso de {un} {varon} de {age} de edad, {job}, que acude al Servicio de Urgencias del "
            "{hospital} por {complaint}.",
            "Paciente de {age}, natural de {town} ({province}), remitid{o} por su {referrer} por {complaint}.",
            "Se trata de {un} paciente de {age}, {job}, que ingresa en el Servicio de {specialty} por {complaint}.",
            "{Varon} de {age} de edad, {allergy}, que es derivad{o} a nuestra consulta por {complaint}.",
            "{Un} {varon} de {age}, residente en {town}, consultó a su {referrer} por {complaint}.",
            "{El} {sr} {name}, de {age}, {job}, acude a consulta por {complaint}.",
            "Paciente de {age} (NHC {nhc}), {job}, que fue trasladad{o} desde el {hospital} por {complaint}.",
            "Motivo de consulta: {complaint}. {Varon} de {age}, {job}.",
        )
    )
    return _fill(template, **slots)


def _history(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    items = rng.pick_some(V.comorbidities, rng.randint(0, 3))
    sentences: List[Piece] = []
    if items:
        template = rng.choice(
            (
                "Como antecedentes personales destacaban {items}.",
                "Antecedentes de {items}.",
                "Entre sus antecedentes figuraban {items}.",
                "Entre sus antecedentes personales destacan {items}.",
            )
        )
        sentences.append(_fill(template, items=_join([_fill(i, **slots) for i in items])))
    else:
        sentences.append(rng.choice(("No presentaba antecedentes médicos de interés.", "Sin antecedentes de interés.")))
    if rng.random() < 0.6:
        sentences.append(_fill(rng.choice(V.habits), **slots))
    if rng.random() < 0.35:
        sentences.append(_fill(rng.choice(V.family_history), **slots))
    if rng.random() < 0.25:
        if case.retired:
            work = ("Había trabajado {years} años como {job}.", "Refería exposición laboral a disolventes como {job}.")
        else:
            work = ("Trabaja como {job} desde hace {years} años.", "Refiere exposición a disolventes como {job}.")
        sentences.append(_fill(rng.choice(work), job=Ent(case.profession, "PROFESION"), **slots))
    return sentences


def _exam(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    vitals = dict(
        sys=str(rng.randint(95, 180)),
        dia=str(rng.randint(50, 105)),
        fc=str(rng.randint(52, 128)),
        temp=_decimal(rng.uniform(35.9, 37.4), 1),
        sat=str(rng.randint(88, 100)),
    )
    intro = rng.choice(("A la exploración física: ", "En la exploración: ", "", ""))
    sentences: List[Piece] = [_fill(intro + rng.choice(V.vitals), **vitals)]
    sentences.append(_fill(rng.choice(V.general_state), **slots))
    sentences.extend(_fill(s, **slots) for s in rng.sample(V.general_exam, rng.randint(0, 2)))
    # Oncology findings come with the imaging in the tests paragraph instead.
    if not case.scenario.oncology:
        sentences.append(_fill(rng.choice(case.scenario.findings), **slots))
    return sentences


def _lab(rng: _DocRandom, analyte: str, unit: str, low: float, high: float, decimals: int) -> List[Piece]:
    value = _decimal(rng.uniform(low, high), decimals)
    template = rng.choice(("{a} {v} {u}", "{a} de {v} {u}", "{a}: {v} {u}", "{a} {v} {u}"))
    return _fill(template, a=analyte, v=value, u=unit)


def _tests(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    labs = [_lab(rng, *lab) for lab in rng.pick_some(V.labs, rng.randint(2, 5))]
    template = rng.choice(
        (
            "En la analítica destacaba {labs}.",
            "Analítica: {labs}; {note}.",
            "La bioquímica mostró {labs}, {note}.",
            "Analíticamente presentaba {labs}.",
            "En las pruebas de laboratorio se objetivó {labs}; {note}.",
        )
    )
    sentences: List[Piece] = [_fill(template, labs=_join(labs), note=rng.choice(V.lab_notes))]
    scenario = case.scenario
    if scenario.oncology:
        sentences.append(_fill(rng.choice(scenario.findings), **slots))
        biopsy = rng.choice(
            (
                "Se realizó biopsia, cuyo estudio anatomopatológico fue compatible con {dx}.",
                "La biopsia con aguja gruesa confirmó el diagnóstico de {dx}.",
                "El estudio histológico de la pieza informó de {dx}.",
                "Anatomía Patológica: {dx}.",
                "La biopsia fue informada como {dx} por el {pathologist}.",
            )
        )
        pathologist = Ent(rng.choice(("anatomopatólogo", "patólogo")), "PROFESION")
        sentences.append(_fill(biopsy, pathologist=pathologist, **slots))
        # Markers mix immunohistochemistry and serum values, so the wording must suit both.
        markers = rng.choice(
            ("El estudio complementario mostró {m}.", "Destacaba además {m}.", "Presentaba {m}.", "Se objetivó {m}.")
        )
        sentences.append(_fill(markers, m=rng.pick(scenario.tests), **slots))
    else:
        template = rng.choice(
            ("Las pruebas mostraron {t}.", "El estudio complementario mostró {t}.", "Como hallazgo relevante: {t}.")
        )
        sentences.append(_fill(template, t=rng.pick(scenario.tests), **slots))
        if rng.random() < 0.4:
            sentences.append(_fill(rng.choice(V.negative_malignancy)))
    return sentences


def _diagnosis(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    if case.scenario.oncology:
        stage = f"{rng.choice('cp')}T{rng.randint(1, 4)}N{rng.randint(0, 3)}M{rng.choice('0001')}"
        template = rng.choice(
            (
                "Con el diagnóstico de {dx}, estadio {stage}, se presentó el caso en el Comité de Tumores.",
                "Se diagnosticó {dx} ({stage}).",
                "Se completó el estudio de extensión, estadificándose como {stage}.",
                "Con el juicio clínico de {dx} se remitió a consultas de {specialty}.",
            )
        )
    else:
        template = rng.choice(
            (
                "Con el diagnóstico de {dx} ingresó en {specialty}.",
                "El juicio clínico fue de {dx}.",
                "Se estableció el diagnóstico de {dx}.",
            )
        )
        stage = ""
    sentences: List[Piece] = [_fill(template, stage=stage, specialty=case.scenario.specialty, **slots)]
    if rng.random() < 0.35:
        sentences.append(_fill(rng.choice(V.consultations), c=rng.pick(V.consultants), **slots))
    return sentences


def _treatment(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    therapy = _fill(case.therapies[0], **slots)
    date = _narrative_date(rng, case.admission + datetime.timedelta(days=rng.randint(7, 60)))
    template = rng.choice(
        (
            "Se inició tratamiento con {therapy}.",
            "Inició tratamiento {date} con {therapy}.",
            "Recibió {n} ciclos de {therapy}.",
            "Se pautó {therapy}, con buena tolerancia.",
            "Se decidió tratamiento con {therapy}.",
            "{Date_cap}, se inició {therapy}.",
        )
    )
    date_cap = [date[0].capitalize(), *date[1:]]
    return [_fill(template, therapy=therapy, date=date, Date_cap=date_cap, n=str(rng.randint(2, 8)))]


def _evolution(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    later = case.admission + datetime.timedelta(days=rng.randint(60, 900))
    date = _narrative_date(rng, later)
    sentences: List[Piece] = []
    if case.scenario.oncology and rng.random() < 0.45:
        template = rng.choice(
            (
                "{Date_cap} se objetivó progresión con {met}.",
                "En la TC de control realizada {date} se objetivaron {met}.",
                "Tras {n} meses, presentó recaída en forma de {met}.",
            )
        )
        date_cap = [date[0].capitalize(), *date[1:]]
        months = str(rng.randint(3, 30))
        sentences.append(_fill(template, met=rng.pick(V.metastases), date=date, Date_cap=date_cap, n=months))
        therapy = _fill(case.therapies[1], **slots)
        second_line = rng.choice(("Se inició segunda línea con {t}.", "Se cambió el tratamiento a {t}."))
        sentences.append(_fill(second_line, t=therapy))
        if rng.random() < 0.3:
            death = later + datetime.timedelta(days=rng.randint(30, 400))
            sentences.append(_fill("Falleció {date}.", date=_narrative_date(rng, death)))
    else:
        # "Free of disease" only makes sense after a tumour.
        status = "se encuentra libre de enfermedad" if case.scenario.oncology else "permanece asintomátic{o}"
        template = rng.choice(
            (
                "La evolución fue favorable y fue dad{o} de alta {date}.",
                "En la revisión realizada {date} permanecía asintomátic{o}.",
                "Actualmente, a los {n} meses, {status}.",
                "Presentó buena respuesta clínica, con normalización analítica en el control realizado {date}.",
                "Tras el alta, continuó seguimiento por su {referrer}, sin incidencias hasta {date_bare}.",
            )
        )
        sentences.append(
            _fill(
                template,
                date=date,
                date_bare=date[2],
                n=str(rng.randint(6, 48)),
                status=status,
                referrer=Ent(case.referrer, "PROFESION"),
                **case.g,
            )
        )
    return sentences


# ---------------------------------------------------------------------------------------------
# Header and footer blocks (MEDDOCAN-style de-identification targets)
# ---------------------------------------------------------------------------------------------


def _meddocan_header(rng: _DocRandom, case: _Case) -> List[Piece]:
    def pad() -> str:
        return rng.choice((" ", " ", " ", "  "))  # real reports have stray double spaces

    nhc = Ent(case.nhc, "ID_SUJETO_ASISTENCIA")
    lines: List[Piece] = [
        "Datos del paciente.",
        _fill("Nombre:{p}{v}.", p=pad(), v=Ent(case.first, "NOMBRE_SUJETO_ASISTENCIA")),
        _fill("Apellidos:{p}{v}.", p=pad(), v=Ent(case.surnames, "NOMBRE_SUJETO_ASISTENCIA")),
        _fill(rng.choice(("NHC: {v}.", "NHC: nhc-{v}.", "NHC:{v}.", "Nº historia clínica: {v}.")), v=nhc),
    ]
    if rng.random() < 0.8:
        lines.append(f"NASS: {case.nass}.")
    address = rng.choice(("Domicilio:{p}{v}.", "Dirección:{p}{v}."))
    lines.append(_fill(address, p=pad(), v=Ent(case.street, "CALLE")))
    town, province = Ent(case.town, "TERRITORIO"), Ent(case.province, "TERRITORIO")
    lines.append(
        _fill(
            rng.choice(
                (
                    "Localidad/ Provincia: {t}.",
                    "Localidad/ Provincia: {t} ({p}).",
                    "Localidad/Provincia: {t}, {p}.",
                    "Localidad: {t}.",
                )
            ),
            t=town,
            p=province,
        )
    )
    lines.append(_fill("CP: {v}.", v=Ent(case.cp, "TERRITORIO")))
    lines.append("Datos asistenciales.")
    if rng.random() < 0.75:
        lines.append(_fill("Fecha de nacimiento: {v}.", v=Ent(_numeric_date(rng, case.birth), "FECHAS")))
    age = case.age_ent if rng.random() < 0.6 else Ent(str(case.age), "EDAD_SUJETO_ASISTENCIA")
    lines.append(_fill("Edad: {a} Sexo: {s}.", a=age, s=case.g["sexo"]))
    lines.append(_fill("Fecha de Ingreso: {v}.", v=Ent(_numeric_date(rng, case.admission), "FECHAS")))
    if rng.random() < 0.5:
        lines.append(_fill("Hospital: {v}.", v=Ent(case.hospital, "HOSPITAL")))
    if rng.random() < 0.5:
        lines.append(f"Servicio: {case.scenario.specialty}.")
    doctor = Ent(case.doctor, "NOMBRE_PERSONAL_SANITARIO")
    physician = rng.choice(
        ("Médico:{p}{d}  NºCol: {n}.", "Médico: {d} NºCol: {n}.", "Médico responsable: {d}. Nº Colegiado: {n}.")
    )
    lines.append(_fill(physician, p=pad(), d=doctor, n=case.doctor_ncol))
    return lines


def _compact_header(rng: _DocRandom, case: _Case) -> List[Piece]:
    full = Ent(f"{case.first} {case.surnames}", "NOMBRE_SUJETO_ASISTENCIA")
    return [
        rng.choice(("INFORME CLÍNICO", "INFORME DE ALTA", "Informe de consulta")),
        _fill(
            rng.choice(
                (
                    "Paciente: {n}. NHC {id}. Edad: {a}.",
                    "Paciente: {n} (NHC: {id}), {a}.",
                    "Nombre del paciente: {n}. Historia clínica: {id}.",
                )
            ),
            n=full,
            id=Ent(case.nhc, "ID_SUJETO_ASISTENCIA"),
            a=case.age_ent,
        ),
        _fill(
            "Fecha de ingreso: {d}. Servicio de {s}, {h} ({t}).",
            d=Ent(_numeric_date(rng, case.admission), "FECHAS"),
            s=case.scenario.specialty,
            h=Ent(case.hospital, "HOSPITAL"),
            t=Ent(case.hospital_town, "TERRITORIO"),
        ),
        _fill("Médico responsable: {t} {d}.", t=case.doctor_title, d=Ent(case.doctor, "NOMBRE_PERSONAL_SANITARIO")),
    ]


def _footer(rng: _DocRandom, case: _Case) -> List[Piece]:
    slots = dict(
        title=case.doctor_title,
        d=Ent(case.doctor, "NOMBRE_PERSONAL_SANITARIO"),
        street=Ent(case.hospital_street, "CALLE"),
        cp=Ent(case.hospital_cp, "TERRITORIO"),
        town=Ent(case.hospital_town, "TERRITORIO"),
        province=Ent(case.hospital_province, "TERRITORIO"),
        email=Ent(case.email, "CORREO_ELECTRONICO"),
        hospital=Ent(case.hospital, "HOSPITAL"),
        s=case.scenario.specialty,
    )
    template = rng.choice(
        (
            "Remitido por: {d} {street} {cp} {town} E-mail: {email}.",
            "Remitido por: {title} {d}, {street}, {cp} {town}. E-mail: {email}",
            "Correspondencia: {title} {d}. Servicio de {s}. {hospital}. {street}. {cp} {town} ({province}). "
            "Correo electrónico: {email}",
            "Autor para correspondencia: {d} ({email}).",
            "Remitido por: {d}. {hospital}, {town}. E-mail: {email}.",
        )
    )
    return [_fill(template, **slots)]


def _heading(style: int, title: str) -> str:
    return ("", f"{title}: ", f"{title.upper()}\n", f"{title}.\n")[style]


# (heading, section, probability that a report includes it)
SECTIONS: Tuple[Tuple[str, Callable[[_DocRandom, _Case, Dict[str, Piece]], List[Piece]], float], ...] = (
    ("Antecedentes", _history, 0.95),
    ("Exploración física", _exam, 0.85),
    ("Pruebas complementarias", _tests, 1.0),
    ("Diagnóstico", _diagnosis, 0.8),
    ("Tratamiento", _treatment, 1.0),
    ("Evolución", _evolution, 0.9),
)


def _document(rng: _DocRandom) -> Tuple[str, List[Span]]:
    case = _Case(rng)
    slots: Dict[str, Piece] = dict(_numbers(rng), **case.g)
    slots["dx"] = rng.pick(case.scenario.diagnoses)
    layout = rng.random()
    heading_style = rng.choice((0, 0, 1, 2, 3))
    lines: List[Piece] = []
    if layout < 0.55:
        lines.extend(_meddocan_header(rng, case))
        lines.append(["Informe clínico del paciente: ", _opening(rng, case, slots)])
    elif layout < 0.75:
        lines.extend(_compact_header(rng, case))
        lines.append(_opening(rng, case, slots))
    else:
        lines.append(_opening(rng, case, slots))
    for title, section, keep in SECTIONS:
        if rng.random() >= keep:
            continue
        paragraph = _join(section(rng, case, slots), sep=" ", last=" ")
        # Unheaded reports often run several sections together in one paragraph.
        if heading_style == 0 and rng.random() < 0.3:
            lines[-1] = [lines[-1], " ", paragraph]
        else:
            lines.append([_heading(heading_style, title), paragraph])
    if layout < 0.55 or rng.random() < 0.5:
        lines.extend(_footer(rng, case))
    writer = _Writer()
    writer.add(_join(lines, sep="\n", last="\n"))
    writer.add("\n")
    return writer.text, writer.spans


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def generate_documents(n: int, seed: int, *, start: int = 0, held_out: bool = False) -> List[Document]:
    """N annotated documents `(doc_id, text, [(start, end, label), ...])`, numbered from START.

    Document i depends only on (SEED, i, HELD_OUT). With HELD_OUT, documents may also use the
    vocabulary items that training documents never see.
    """
    documents = []
    for index in range(start, start + n):
        text, spans = _document(_DocRandom(f"clinx-synthetic/annotated/{seed}/{index}", held_out))
        documents.append((f"synth-{seed}-{index:04d}", text, spans))
    return documents


def generate_pretraining_text(n_docs: int, seed: int) -> str:
    """N_DOCS unannotated documents, one per line, from a stream disjoint from the annotated one.

    They use the whole vocabulary, like real unlabelled text that covers more than the gold data.
    """
    lines = []
    for index in range(n_docs):
        text, _ = _document(_DocRandom(f"clinx-synthetic/pretraining/{seed}/{index}", held_out=True))
        lines.append(" ".join(text.split()))
    return "\n".join(lines) + "\n"


def to_brat(doc_id: str, text: str, spans: Sequence[Span]) -> BratDocument:
    """A generated document as a `BratDocument` with spans T1, T2... in text order."""
    brat_spans = [
        BratSpan(f"T{i}", label, ((start, end),), text[start:end]) for i, (start, end, label) in enumerate(spans, 1)
    ]
    return BratDocument(doc_id=doc_id, text=text, spans=brat_spans)


def write_brat_sample(out_dir: Union[str, Path], n_train: int, n_dev: int, seed: int) -> Dict[str, int]:
    """Write `train/` and `dev/` folders of `<id>.txt`/`<id>.ann` under OUT_DIR; return docs per split.

    Dev continues train's numbering, so they never share a document, and it also draws from the
    held-out vocabulary. Stale `.txt`/`.ann` files in the split folders are removed so that the
    folders mirror the generator.
    """
    splits = {
        "train": generate_documents(n_train, seed),
        "dev": generate_documents(n_dev, seed, start=n_train, held_out=True),
    }
    for split, docs in splits.items():
        folder = Path(out_dir) / split
        folder.mkdir(parents=True, exist_ok=True)
        for stale in [*folder.glob("*.txt"), *folder.glob("*.ann")]:
            stale.unlink()
        for doc_id, text, spans in docs:
            write_brat_document(to_brat(doc_id, text, spans), folder)
    return {split: len(docs) for split, docs in splits.items()}


def write_pretraining_text(path: Union[str, Path], n_docs: int, seed: int) -> int:
    """Write N_DOCS pretraining documents to PATH, one per line; return the size in bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = generate_pretraining_text(n_docs, seed).encode("utf8")
    path.write_bytes(data)
    return len(data)
