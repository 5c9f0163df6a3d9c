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
from typing import Callable, Dict, List, NamedTuple, Sequence, Tuple, TypeVar, Union

from .brat import BratDocument, BratSpan, write_brat_document

LABELS = (
    # MEDDOCAN (de-identification)
    "NOMBRE_SUJETO_ASISTENCIA", "NOMBRE_PERSONAL_SANITARIO", "EDAD_SUJETO_ASISTENCIA", "FECHAS", "TERRITORIO",
    "CALLE", "ID_SUJETO_ASISTENCIA", "HOSPITAL", "CORREO_ELECTRONICO",
    # CANTEMIST (tumour morphology)
    "MORFOLOGIA_NEOPLASIA",
    # PharmaCoNER (drugs, proteins)
    "NORMALIZABLES", "PROTEINAS",
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

# ---------------------------------------------------------------------------------------------
# Vocabularies. Gendered words use {o} (o/a), {a} (""/a), {e} (e/a) slots filled per patient.
# ---------------------------------------------------------------------------------------------

MALE_NAMES = (
    "Antonio", "José", "Manuel", "Francisco", "David", "Juan", "Javier", "Daniel", "Carlos", "Jesús",
    "Alejandro", "Miguel", "Rafael", "Pablo", "Pedro", "Ángel", "Sergio", "Fernando", "Jorge", "Luis",
    "Alberto", "Álvaro", "Adrián", "Diego", "Raúl", "Enrique", "Ramón", "Vicente", "Iván", "Rubén", "Óscar",
    "Andrés", "Joaquín", "Santiago", "Eduardo", "Víctor", "Roberto", "Jaime", "Mario", "Ignacio", "Alfonso",
    "Salvador", "Ricardo", "Emilio", "Marcos", "Guillermo", "Gabriel", "Julián", "Tomás", "Agustín",
    "Gonzalo", "Héctor", "Félix", "Hugo", "Ernesto", "Rodrigo", "Iker", "Xavier", "Jordi", "Aitor", "Unai",
    "Nicolás", "Esteban", "Lorenzo", "Gregorio", "Benito", "Cristóbal", "Mateo", "Leandro", "Teodoro",
    "Arturo", "Baltasar",
)
MALE_COMPOUND = (
    "José Luis", "Juan Carlos", "José Antonio", "José Manuel", "Francisco Javier", "Juan José",
    "Miguel Ángel", "José María", "Juan Antonio", "Luis Miguel", "José Ramón", "Juan Pablo",
)
FEMALE_NAMES = (
    "María", "Carmen", "Ana", "Isabel", "Laura", "Cristina", "Marta", "Lucía", "Dolores", "Pilar", "Elena",
    "Sara", "Paula", "Raquel", "Rosa", "Manuela", "Mercedes", "Teresa", "Beatriz", "Encarnación", "Nuria",
    "Silvia", "Julia", "Irene", "Patricia", "Montserrat", "Rocío", "Andrea", "Alba", "Rosario", "Sonia",
    "Inmaculada", "Ángela", "Yolanda", "Concepción", "Mónica", "Alicia", "Sandra", "Marina", "Susana",
    "Margarita", "Natalia", "Esther", "Eva", "Noelia", "Claudia", "Verónica", "Amparo", "Gloria", "Inés",
    "Lorena", "Begoña", "Ainhoa", "Nerea", "Remedios", "Soledad", "Adela", "Consuelo", "Milagros", "Aurora",
    "Blanca", "Clara", "Olga", "Lidia", "Estrella", "Catalina", "Virginia", "Miriam", "Luisa", "Emilia",
    "Josefa", "Trinidad",
)
FEMALE_COMPOUND = (
    "María José", "María Carmen", "Ana María", "María Dolores", "María Pilar", "María Teresa", "Ana Belén",
    "María Isabel", "María Luisa", "María Ángeles", "Rosa María", "María Jesús",
)
SURNAMES = (
    "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
    "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
    "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Ramírez", "Serrano", "Blanco",
    "Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez",
    "Iglesias", "Medina", "Garrido", "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto",
    "Méndez", "Cruz", "Calvo", "Gallego", "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores", "Cabrera",
    "Campos", "Vega", "Fuentes", "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar", "Pascual",
    "Santana", "Herrero", "Lorenzo", "Montero", "Hidalgo", "Giménez", "Ibáñez", "Ferrer", "Durán", "Santiago",
    "Benítez", "Mora", "Vicente", "Vargas", "Arias", "Carmona", "Crespo", "Román", "Pastor", "Soto", "Sáez",
    "Velasco", "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo", "Rojas", "Pardo", "Merino", "Franco",
    "Espinosa", "Izquierdo", "Lara", "Rivas", "Silva", "Rivera", "Casado", "Arroyo", "Redondo", "Camacho",
    "Rey", "Vera", "Otero", "Luque", "Galán", "Montes", "Ríos", "Sierra", "Segura", "Carrillo", "Marcos",
    "Marti", "Soriano", "Mendoza", "Robles", "Bueno", "Cuéllar", "Echevarría", "Aguirre", "Etxeberria",
    "Goikoetxea", "Puig", "Vilaró", "Casals", "Ferrándiz", "Quintana", "Barrios", "Toledo", "Salinas",
    "Bermúdez", "Villalba", "Tejedor", "Valverde", "Zamora", "Olmedo", "Palau", "Roig", "Bosch", "Pons",
)
SURNAME_PARTICLES = (
    "de la Fuente", "del Río", "de la Torre", "del Pino", "de la Cruz", "del Valle", "de León",
)

# (town, province, two-digit postal prefix)
TOWNS = (
    ("Madrid", "Madrid", "28"), ("Alcorcón", "Madrid", "28"), ("Getafe", "Madrid", "28"),
    ("Leganés", "Madrid", "28"), ("Móstoles", "Madrid", "28"), ("Alcalá de Henares", "Madrid", "28"),
    ("Fuenlabrada", "Madrid", "28"), ("Torrejón de Ardoz", "Madrid", "28"), ("Aranjuez", "Madrid", "28"),
    ("Collado Villalba", "Madrid", "28"), ("Barcelona", "Barcelona", "08"), ("Badalona", "Barcelona", "08"),
    ("Sabadell", "Barcelona", "08"), ("Terrassa", "Barcelona", "08"), ("Mataró", "Barcelona", "08"),
    ("Granollers", "Barcelona", "08"), ("L'Hospitalet de Llobregat", "Barcelona", "08"),
    ("Valencia", "Valencia", "46"), ("Gandía", "Valencia", "46"), ("Torrent", "Valencia", "46"),
    ("Sagunto", "Valencia", "46"), ("Sevilla", "Sevilla", "41"), ("Dos Hermanas", "Sevilla", "41"),
    ("Écija", "Sevilla", "41"), ("Utrera", "Sevilla", "41"), ("Málaga", "Málaga", "29"),
    ("Marbella", "Málaga", "29"), ("Vélez-Málaga", "Málaga", "29"), ("Antequera", "Málaga", "29"),
    ("Alicante", "Alicante", "03"), ("Elche", "Alicante", "03"), ("Benidorm", "Alicante", "03"),
    ("Alcoy", "Alicante", "03"), ("Orihuela", "Alicante", "03"), ("Murcia", "Murcia", "30"),
    ("Cartagena", "Murcia", "30"), ("Lorca", "Murcia", "30"), ("Zaragoza", "Zaragoza", "50"),
    ("Calatayud", "Zaragoza", "50"), ("Oviedo", "Asturias", "33"), ("Gijón", "Asturias", "33"),
    ("Avilés", "Asturias", "33"), ("Bilbao", "Vizcaya", "48"), ("Barakaldo", "Vizcaya", "48"),
    ("Getxo", "Vizcaya", "48"), ("A Coruña", "A Coruña", "15"), ("Santiago de Compostela", "A Coruña", "15"),
    ("Ferrol", "A Coruña", "15"), ("Vigo", "Pontevedra", "36"), ("Pontevedra", "Pontevedra", "36"),
    ("Granada", "Granada", "18"), ("Motril", "Granada", "18"), ("Córdoba", "Córdoba", "14"),
    ("Lucena", "Córdoba", "14"), ("Cádiz", "Cádiz", "11"), ("Jerez de la Frontera", "Cádiz", "11"),
    ("Algeciras", "Cádiz", "11"), ("Valladolid", "Valladolid", "47"),
    ("Medina del Campo", "Valladolid", "47"), ("Salamanca", "Salamanca", "37"), ("León", "León", "24"),
    ("Ponferrada", "León", "24"), ("Burgos", "Burgos", "09"), ("Toledo", "Toledo", "45"),
    ("Talavera de la Reina", "Toledo", "45"), ("Ciudad Real", "Ciudad Real", "13"),
    ("Puertollano", "Ciudad Real", "13"), ("Albacete", "Albacete", "02"), ("Cáceres", "Cáceres", "10"),
    ("Plasencia", "Cáceres", "10"), ("Badajoz", "Badajoz", "06"), ("Mérida", "Badajoz", "06"),
    ("Pamplona", "Navarra", "31"), ("Tudela", "Navarra", "31"), ("Santander", "Cantabria", "39"),
    ("Torrelavega", "Cantabria", "39"), ("Logroño", "La Rioja", "26"), ("Huesca", "Huesca", "22"),
    ("Teruel", "Teruel", "44"), ("Lleida", "Lleida", "25"), ("Girona", "Girona", "17"),
    ("Figueres", "Girona", "17"), ("Tarragona", "Tarragona", "43"), ("Reus", "Tarragona", "43"),
    ("Castellón de la Plana", "Castellón", "12"), ("Vila-real", "Castellón", "12"),
    ("Las Palmas de Gran Canaria", "Las Palmas", "35"), ("Telde", "Las Palmas", "35"),
    ("Santa Cruz de Tenerife", "Santa Cruz de Tenerife", "38"), ("La Laguna", "Santa Cruz de Tenerife", "38"),
    ("Palma", "Islas Baleares", "07"), ("Manacor", "Islas Baleares", "07"), ("Jaén", "Jaén", "23"),
    ("Linares", "Jaén", "23"), ("Almería", "Almería", "04"), ("El Ejido", "Almería", "04"),
    ("Huelva", "Huelva", "21"), ("San Sebastián", "Guipúzcoa", "20"), ("Irún", "Guipúzcoa", "20"),
    ("Vitoria", "Álava", "01"), ("Lugo", "Lugo", "27"), ("Ourense", "Ourense", "32"),
    ("Segovia", "Segovia", "40"), ("Ávila", "Ávila", "05"), ("Soria", "Soria", "42"),
    ("Zamora", "Zamora", "49"), ("Palencia", "Palencia", "34"), ("Cuenca", "Cuenca", "16"),
    ("Guadalajara", "Guadalajara", "19"),
)
STREET_TYPES = (
    "Calle", "Calle", "Calle", "C/", "C/", "Avenida", "Avda.", "Av.", "Paseo", "Plaza", "Camino", "Ronda",
    "Travesía",
)
STREET_NAMES = (
    "Mayor", "de Alcalá", "del Pez", "de la Constitución", "Miguel de Unamuno", "San Vicente", "Real",
    "del Carmen", "de los Olmos", "de Andalucía", "del Abedul", "de Santa Engracia", "Reina Victoria",
    "de Cervantes", "Antonio Machado", "Federico García Lorca", "de la Estación", "del Mar", "de Goya",
    "Ramón y Cajal", "Severo Ochoa", "de la Libertad", "de Europa", "de Portugal", "de las Acacias",
    "de los Almendros", "del Sol", "Doctor Fleming", "Marqués de Larios", "de San Francisco",
    "de Pablo Iglesias", "Blas de Otero", "de Castilla", "del Ebro", "de la Paz", "Virgen del Pilar",
    "Juan de la Cierva", "de la Magdalena", "de Sagasta", "Isaac Peral", "de Colón", "Conde de Aranda",
    "del Río Tajo", "Rosalía de Castro", "de las Palmeras", "Gregorio Marañón", "del Doctor Esquerdo",
    "de Valencia", "de Aragón", "del Parque", "de la Iglesia", "de los Pinos", "Santa Teresa",
    "Jacinto Benavente", "Pintor Sorolla", "del Molino", "de Extremadura", "del Puerto", "de la Fuente",
)
STREET_DETAILS = (
    "", "", ", 3º B", ", 2º dcha", ", 1º izda", ", bajo", ", 4º A", ", portal 2, 5º C", ", 7º 2ª", " bis",
    ", esc. B, 2º",
)
HOSPITAL_PATTERNS = (
    "Hospital Universitario de {town}", "Hospital General Universitario de {town}",
    "Hospital Clínico Universitario de {town}", "Complejo Hospitalario Universitario de {town}",
    "Hospital Comarcal de {town}", "Hospital {saint}", "Hospital Universitario {saint}",
    "Hospital General {saint}", "Hospital Provincial de {town}",
)
HOSPITAL_SAINTS = (
    "Virgen de la Arrixaca", "Virgen del Rocío", "Virgen de las Nieves", "San Pedro de Alcántara",
    "Santa Lucía", "Nuestra Señora de Sonsoles", "Marqués de Valdecilla", "Reina Sofía",
    "Príncipe de Asturias", "Severo Ochoa", "Infanta Leonor", "Doctor Peset", "La Fe", "Miguel Servet",
    "Río Hortega", "San Juan de Dios", "Santa Bárbara", "Puerta de Hierro", "Virgen de la Salud",
    "Nuestra Señora del Prado", "Morales Meseguer", "Costa del Sol", "Sierrallana", "San Agustín",
    "Rafael Méndez", "Infanta Cristina", "Arnau de Vilanova",
)
EMAIL_DOMAINS = (
    "gmail.com", "hotmail.com", "yahoo.es", "telefonica.net", "salud.madrid.org", "gva.es", "sescam.jccm.es",
    "osakidetza.eus", "sas.junta-andalucia.es", "saludcastillayleon.es", "sergas.es", "riojasalud.es",
    "hotmail.es", "outlook.es", "movistar.es", "comb.cat", "icomem.es",
)
# Patient occupations, gendered with slots.
PROFESSIONS = (
    "albañil", "agricultor{a}", "camarer{o}", "conductor{a} de autobús", "profesor{a} de educación primaria",
    "administrativ{o}", "electricista", "fontaner{o}", "carpinter{o}", "mecánic{o}", "pintor{a}", "miner{o}",
    "pescador{a}", "ganader{o}", "panader{o}", "cociner{o}", "dependient{e}", "peluquer{o}", "abogad{o}",
    "ingenier{o} informátic{o}", "arquitect{o}", "veterinari{o}", "contable", "comercial", "policía local",
    "bomber{o}", "soldador{a}", "jardiner{o}", "emplead{o} de limpieza", "transportista", "taxista",
    "carnicer{o}", "agente de seguros", "periodista", "auxiliar administrativ{o}",
    "operari{o} de una fábrica textil", "trabajador{a} de la construcción", "mariner{o}", "farmacéutic{o}",
    "carter{o}", "herrer{o}", "torner{o}", "guardia civil", "músic{o}", "funcionari{o} de prisiones",
    "camioner{o}", "cajer{o} de supermercado", "pintor{a} de automóviles", "tapicer{o}", "joyer{o}",
    "informátic{o}", "profesor{a} de secundaria", "trabajador{a} del metal", "costurer{o}",
    "vendedor{a} ambulante", "emplead{o} del hogar", "auxiliar de vuelo", "encargad{o} de almacén",
    "técnic{o} de laboratorio", "recepcionista de hotel", "fisioterapeuta",
)
# Health professionals in the narrative (MEDDOPROF annotates them as PROFESION too): who refers
# the patient, and who is consulted later on.
REFERRERS = (
    "médico de Atención Primaria", "médico de familia", "médico de cabecera",
    "enfermera de Atención Primaria", "médico de empresa", "médico de la mutua",
    "médico de Atención Primaria", "médico de familia",
)
CONSULTANTS = tuple(
    f"{article} [[{name}|O]]"
    for article, names in (
        ("el", ("cardiólogo", "nefrólogo", "psicólogo", "psiquiatra", "nutricionista", "cirujano",
                "fisioterapeuta", "oncólogo radioterápico", "radiólogo intervencionista", "anestesista",
                "oftalmólogo", "neurólogo", "otorrinolaringólogo", "endocrinólogo", "hematólogo",
                "reumatólogo", "dermatólogo", "neumólogo", "ginecólogo", "urólogo", "odontólogo",
                "médico rehabilitador")),
        ("la", ("trabajadora social", "enfermera gestora de casos", "psicóloga", "cardióloga",
                "oncóloga radioterápica", "dermatóloga", "neuróloga", "nefróloga", "cirujana",
                "fisioterapeuta")),
    )
    for name in names
)
CONSULTATIONS = (
    "Se solicitó valoración por {c}.", "Fue valorad{o} por {c}, que recomendó seguimiento estrecho.",
    "Se consultó el caso con {c}.", "Durante el ingreso fue revisad{o} por {c}.",
)
# Header dates: mostly dd/mm/yyyy, sometimes with dashes, dots or without leading zeros.
NUMERIC_DATES = (
    "{d:02d}/{m:02d}/{y}", "{d:02d}/{m:02d}/{y}", "{d:02d}-{m:02d}-{y}", "{d}/{m}/{y}", "{d:02d}.{m:02d}.{y}",
)
MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre",
)

# (analyte with markup, unit, low, high, decimals)
LABS = (
    ("[[hemoglobina|P]]", "g/dl", 7.5, 16.5, 1), ("[[Hb|P]]", "g/dl", 7.5, 16.5, 1),
    ("[[creatinina|N]]", "mg/dl", 0.5, 3.2, 2), ("[[urea|N]]", "mg/dl", 18, 140, 0),
    ("[[glucosa|N]]", "mg/dl", 70, 420, 0), ("[[sodio|N]]", "mEq/l", 124, 146, 0),
    ("[[potasio|N]]", "mEq/l", 2.9, 6.1, 1), ("[[calcio|N]]", "mg/dl", 7.8, 13.5, 1),
    ("[[bilirrubina total|N]]", "mg/dl", 0.2, 6.5, 1), ("[[PCR|P]]", "mg/l", 1, 280, 0),
    ("[[proteína C reactiva|P]]", "mg/dl", 0.2, 28, 1), ("[[LDH|P]]", "U/l", 140, 1900, 0),
    ("[[GOT|P]]", "U/l", 12, 480, 0), ("[[GPT|P]]", "U/l", 10, 520, 0), ("[[GGT|P]]", "U/l", 15, 600, 0),
    ("[[fosfatasa alcalina|P]]", "U/l", 40, 900, 0), ("[[albúmina|P]]", "g/dl", 2.1, 4.9, 1),
    ("[[ferritina|P]]", "ng/ml", 6, 1800, 0), ("[[procalcitonina|P]]", "ng/ml", 0.05, 18, 2),
    ("[[troponina T|P]]", "ng/l", 3, 900, 0), ("[[TSH|P]]", "mUI/l", 0.02, 48, 2),
    ("[[colesterol total|N]]", "mg/dl", 120, 340, 0), ("[[triglicéridos|N]]", "mg/dl", 60, 620, 0),
    ("[[ácido úrico|N]]", "mg/dl", 2.8, 11.5, 1), ("[[hierro|N]] sérico", "µg/dl", 12, 160, 0),
    ("[[magnesio|N]]", "mg/dl", 1.2, 2.8, 1), ("[[fibrinógeno|P]]", "mg/dl", 180, 780, 0),
    ("[[dímero D|P]]", "ng/ml", 150, 9000, 0), ("[[lactato|N]]", "mmol/l", 0.6, 6.8, 1),
    ("[[vitamina B12|N]]", "pg/ml", 110, 900, 0),
)
LAB_NOTES = (
    "resto de parámetros dentro de la normalidad", "hemograma y coagulación sin alteraciones",
    "sin otras alteraciones relevantes", "con función hepática conservada",
    "leucocitos 11.400/µl con neutrofilia", "plaquetas 312.000/µl", "VSG 64 mm/h",
)
COMORBIDITIES = (
    "hipertensión arterial en tratamiento con [[enalapril|N]] 20 mg/día",
    "hipertensión arterial tratada con [[amlodipino|N]] 5 mg/día",
    "hipertensión arterial en tratamiento con [[losartán|N]] 50 mg cada 24 horas",
    "diabetes mellitus tipo 2 en tratamiento con [[metformina|N]] 850 mg cada 12 horas",
    "diabetes mellitus tipo 2 en tratamiento con [[insulina glargina|P]] 18 UI/día",
    "diabetes mellitus tipo 1 en tratamiento con [[insulina|P]] en pauta bolo-basal",
    "dislipemia en tratamiento con [[atorvastatina|N]] 40 mg",
    "dislipemia tratada con [[simvastatina|N]] 20 mg/día",
    "hipotiroidismo en tratamiento sustitutivo con [[levotiroxina|N]] 75 µg/día",
    "fibrilación auricular anticoagulada con [[acenocumarol|N]]",
    "fibrilación auricular en tratamiento con [[apixabán|N]] 5 mg cada 12 horas",
    "EPOC en tratamiento con [[tiotropio|N]] inhalado",
    "asma bronquial en tratamiento con [[salbutamol|N]] a demanda",
    "síndrome depresivo en tratamiento con [[sertralina|N]] 50 mg/día",
    "trastorno de ansiedad en tratamiento con [[lorazepam|N]] 1 mg por la noche",
    "hiperuricemia tratada con [[alopurinol|N]] 100 mg/día",
    "hiperplasia benigna de próstata en tratamiento con [[tamsulosina|N]] 0,4 mg",
    "cardiopatía isquémica en tratamiento con [[ácido acetilsalicílico|N]] 100 mg/día",
    "enfermedad por reflujo gastroesofágico en tratamiento con [[omeprazol|N]] 20 mg",
    "insuficiencia renal crónica estadio 3", "osteoporosis en tratamiento con [[alendronato|N]] semanal",
    "apendicectomía en la infancia", "colecistectomía laparoscópica hace {years} años",
    "hernia discal lumbar intervenida",
    "epilepsia en tratamiento con [[levetiracetam|N]] 500 mg cada 12 horas",
    "gota en tratamiento con [[colchicina|N]] 0,5 mg/día",
)
ALLERGIES = (
    "sin alergias medicamentosas conocidas", "sin alergias medicamentosas conocidas",
    "sin alergias conocidas", "alérgic{o} a [[penicilina|N]]", "con alergia a [[metamizol|N]]",
    "alérgic{o} a [[sulfamidas|N]]", "con intolerancia a [[ácido acetilsalicílico|N]]",
)
HABITS = (
    "Fumador{a} de {n} cigarrillos/día.", "Exfumador{a} desde hace {years} años.", "Niega hábitos tóxicos.",
    "Bebedor{a} de unos {n} g de alcohol al día.", "Fumador{a} activ{o} (índice de {n} paquetes-año).",
    "No fumador{a}; consumo ocasional de alcohol.", "Sin hábitos tóxicos.",
)
FAMILY_HISTORY = (
    "Como antecedentes familiares, su madre falleció por un [[cáncer de mama|M]].",
    "Su padre fue diagnosticado de [[adenocarcinoma de colon|M]] a los {years} años.",
    "Un hermano había sido tratado de un [[linfoma|M]].",
    "Antecedentes familiares de [[neoplasia|M]] gástrica en la rama materna.",
    "Sin antecedentes familiares de interés.", "Sin antecedentes familiares oncológicos.",
)
VITALS = (
    "TA {sys}/{dia} mmHg, FC {fc} lpm, Tª {temp} ºC, SatO2 {sat}% basal.",
    "Tensión arterial {sys}/{dia} mmHg; frecuencia cardiaca {fc} lpm; temperatura {temp} ºC.",
    "Constantes: TA {sys}/{dia} mmHg, FC {fc} lpm, afebril.",
    "Presión arterial de {sys}/{dia} mmHg y temperatura axilar de {temp} ºC.",
)
GENERAL_STATE = (
    "Consciente, orientad{o} y colaborador{a}, bien hidratad{o} y perfundid{o}.",
    "Buen estado general, normocoloread{o} y eupneic{o} en reposo.",
    "Regular estado general, con palidez cutánea.",
    "Aceptable estado general, consciente y orientad{o}.",
)
GENERAL_EXAM = (
    "Auscultación cardiopulmonar: tonos rítmicos sin soplos; murmullo vesicular conservado.",
    "Abdomen blando y depresible, no doloroso a la palpación, sin masas ni megalias.",
    "Miembros inferiores sin edemas ni signos de trombosis venosa profunda.",
    "Exploración neurológica sin focalidad.",
)
METASTASES = (
    "[[metástasis hepáticas|M]]", "[[metástasis óseas|M]]", "[[metástasis cerebrales|M]]",
    "[[metástasis pulmonares|M]]", "[[implantes peritoneales|M]]", "[[carcinomatosis peritoneal|M]]",
    "[[adenopatías metastásicas|M]] mediastínicas",
    "[[nódulos pulmonares|M]] bilaterales compatibles con diseminación",
    "[[lesiones óseas|M]] líticas en columna dorsal", "[[metástasis suprarrenal|M]] izquierda",
    "[[linfangitis carcinomatosa|M]]",
)
NEGATIVE_MALIGNANCY = (
    "La citología no mostró [[células malignas|M]].", "Se descartó [[malignidad|M]] en la biopsia.",
    "No se observaron signos de [[malignidad|M]].",
    "El estudio descartó la presencia de [[neoplasia|M]] subyacente.",
    "La TC toracoabdominal no mostró signos de [[neoplasia|M]].",
)


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


ONCOLOGY = (
    Scenario(
        "Oncología Médica",
        ("la autopalpación de un nódulo en la mama {side_f}", "retracción del pezón de la mama {side_f}",
         "un nódulo mamario {side_m} de {weeks} semanas de evolución"),
        ("La mamografía mostró una [[tumoración|M]] espiculada de {mm} mm en el cuadrante superoexterno "
         "de la mama {side_f}.",
         "En la ecografía mamaria se identificó un nódulo sólido irregular de {mm} mm, BI-RADS 5, con "
         "adenopatía axilar {side_f}.",
         "La resonancia magnética de mama confirmó una [[lesión neoplásica|M]] única de {mm} mm."),
        ("[[carcinoma ductal infiltrante|M]] grado {grade}", "[[carcinoma lobulillar infiltrante|M]]",
         "[[carcinoma ductal in situ|M]] de alto grado", "[[carcinoma mucinoso|M]] de mama",
         "[[CDI|M]] grado {grade}"),
        ("[[receptores de estrógenos|P]] positivos ({pct}%), [[receptores de progesterona|P]] positivos "
         "({pct2}%), [[HER2|P]] negativo y [[Ki-67|P]] del {ki}%",
         "[[RE|P]] {pct}%, [[RP|P]] {pct2}%, [[HER2|P]]+ (3+) y [[Ki-67|P]] {ki}%",
         "[[receptores hormonales|P]] negativos y [[HER2|P]] positivo por FISH",
         "[[receptores de estrógenos|P]] negativos, [[HER2|P]] 0 y [[Ki-67|P]] del {ki}% (triple negativo)"),
        ("[[doxorrubicina|N]] 60 mg/m2 y [[ciclofosfamida|N]] 600 mg/m2 cada 21 días, seguido de "
         "[[paclitaxel|N]] 80 mg/m2 semanal",
         "[[docetaxel|N]] 75 mg/m2, [[carboplatino|N]] AUC 6, [[trastuzumab|N]] 8 mg/kg (dosis de carga) y "
         "[[pertuzumab|N]] 840 mg",
         "[[letrozol|N]] 2,5 mg/día", "[[tamoxifeno|N]] 20 mg/día", "[[trastuzumab|N]] 6 mg/kg cada 21 días",
         "[[anastrozol|N]] 1 mg/día asociado a [[palbociclib|N]] 125 mg/día"),
        True,
        "M",
    ),
    Scenario(
        "Neumología",
        ("tos persistente y hemoptisis", "disnea de esfuerzo progresiva y pérdida de {kg} kg de peso",
         "dolor torácico pleurítico {side_m}", "síndrome constitucional"),
        ("La TC torácica mostró una [[masa pulmonar|M]] de {cm} cm en el lóbulo superior {side_m} con "
         "adenopatías hiliares.",
         "En la radiografía de tórax se apreciaba una [[masa|M]] parahiliar {side_m} con derrame pleural.",
         "La PET-TC evidenció una [[lesión hipermetabólica|M]] (SUVmax {suv}) en el lóbulo inferior "
         "{side_m}."),
        ("[[adenocarcinoma de pulmón|M]]", "[[carcinoma epidermoide|M]] de pulmón", "[[carcinoma microcítico|M]]",
         "[[carcinoma no microcítico|M]] de pulmón", "[[adenocarcinoma|M]] de patrón acinar"),
        ("mutación de [[EGFR|P]] en el exón 19, sin reordenamiento de [[ALK|P]]",
         "expresión de [[PD-L1|P]] del {pct}%", "[[TTF-1|P]] positivo y [[p40|P]] negativo",
         "reordenamiento de [[ALK|P]] por FISH", "[[PD-L1|P]] < 1%"),
        ("[[cisplatino|N]] 75 mg/m2 y [[pemetrexed|N]] 500 mg/m2 cada 21 días",
         "[[pembrolizumab|N]] 200 mg cada 3 semanas", "[[osimertinib|N]] 80 mg/día",
         "[[carboplatino|N]] AUC 5 y [[etopósido|N]] 100 mg/m2", "[[alectinib|N]] 600 mg cada 12 horas",
         "[[nivolumab|N]] 240 mg cada 14 días", "[[vinorelbina|N]] oral 60 mg/m2"),
        True,
    ),
    Scenario(
        "Digestivo",
        ("rectorragia y cambio del ritmo intestinal", "anemia ferropénica de origen no filiado",
         "dolor abdominal difuso y estreñimiento de {weeks} semanas"),
        ("La colonoscopia mostró una [[lesión neoformativa|M]] estenosante en colon sigmoide a {cm} cm del "
         "margen anal.",
         "En la colonoscopia se observó una [[tumoración|M]] ulcerada en colon ascendente.",
         "La TC abdominal mostró engrosamiento parietal del recto medio con adenopatías mesorrectales."),
        ("[[adenocarcinoma de colon|M]]", "[[adenocarcinoma moderadamente diferenciado|M]]",
         "[[adenocarcinoma mucinoso|M]]", "[[adenocarcinoma de recto|M]] bien diferenciado"),
        ("[[CEA|P]] {cea} ng/ml", "[[KRAS|P]] nativo, [[NRAS|P]] nativo y [[BRAF|P]] no mutado",
         "mutación de [[KRAS|P]] en el codón 12",
         "expresión conservada de [[MLH1|P]], [[MSH2|P]], [[MSH6|P]] y [[PMS2|P]]", "[[CA 19-9|P]] {ca199} U/ml"),
        ("[[capecitabina|N]] 1000 mg/m2 cada 12 horas y [[oxaliplatino|N]] 130 mg/m2",
         "[[oxaliplatino|N]] 85 mg/m2, [[leucovorina|N]] 400 mg/m2 y [[5-fluorouracilo|N]] en infusión de "
         "46 horas",
         "[[irinotecán|N]] 180 mg/m2 asociado a [[bevacizumab|N]] 5 mg/kg", "[[cetuximab|N]] 500 mg/m2 quincenal",
         "[[5-FU|N]] y [[leucovorina|N]] según esquema de Mayo"),
        True,
    ),
    Scenario(
        "Urología",
        ("síndrome miccional obstructivo", "nicturia y disminución del calibre miccional",
         "elevación progresiva del [[PSA|P]] en controles de su [[médico de Atención Primaria|O]]"),
        ("El tacto rectal mostró una próstata aumentada de tamaño, pétrea en el lóbulo {side_m}.",
         "La resonancia magnética multiparamétrica identificó una lesión PI-RADS 5 de {mm} mm en la zona "
         "periférica.",
         "La gammagrafía ósea no mostró [[lesiones metastásicas|M]]."),
        ("[[adenocarcinoma de próstata|M]] Gleason {gleason}", "[[adenocarcinoma acinar|M]] de próstata",
         "[[adenocarcinoma acinar de próstata|M]] en 4 de 12 cilindros"),
        ("[[PSA|P]] {psa} ng/ml", "[[PSA|P]] de {psa} ng/ml con cociente libre/total del {pct}%",
         "[[NKX3.1|P]] y [[PSA|P]] positivos en las células tumorales"),
        ("[[bicalutamida|N]] 50 mg/día y [[leuprorelina|N]] trimestral", "[[enzalutamida|N]] 160 mg/día",
         "[[abiraterona|N]] 1000 mg/día con [[prednisona|N]] 5 mg cada 12 horas",
         "[[docetaxel|N]] 75 mg/m2 cada 21 días", "[[triptorelina|N]] 22,5 mg semestral"),
        True,
        "H",
    ),
    Scenario(
        "Urología",
        ("hematuria macroscópica indolora", "hematuria con coágulos y síndrome miccional irritativo"),
        ("La ecografía vesical mostró una [[tumoración|M]] exofítica de {cm} cm en la pared lateral {side_f}.",
         "La cistoscopia descubrió pequeñas [[tumoraciones vesicales|M]] en la cara posterior.",
         "La urografía por TC mostró un defecto de repleción en la pared vesical."),
        ("[[carcinoma urotelial|M]] de alto grado", "[[carcinoma urotelial superficial|M]] de vejiga",
         "[[carcinoma urotelial infiltrante|M]] (pT2)"),
        ("[[GATA3|P]] positivo y [[p63|P]] positivo", "citología de orina positiva para [[células malignas|M]]",
         "[[citoqueratina 7|P]] y [[citoqueratina 20|P]] positivas"),
        ("instilaciones endovesicales de [[mitomicina C|N]] 40 mg", "[[gemcitabina|N]] 1000 mg/m2 y "
         "[[cisplatino|N]] 70 mg/m2",
         "[[atezolizumab|N]] 1200 mg cada 21 días", "[[pembrolizumab|N]] 200 mg cada 3 semanas"),
        True,
    ),
    Scenario(
        "Dermatología",
        ("una lesión pigmentada en la espalda que había cambiado de tamaño",
         "una lesión sangrante en el antebrazo {side_m}", "un nódulo cutáneo negro de crecimiento rápido"),
        ("A la exploración se observaba una lesión pigmentada asimétrica de {mm} mm con bordes irregulares.",
         "La dermatoscopia mostró un retículo atípico con velo azul-blanquecino.",
         "Se palpaba una adenopatía axilar {side_f} de {cm} cm, dura y adherida."),
        ("[[melanoma de extensión superficial|M]] con índice de Breslow de {breslow} mm", "[[melanoma nodular|M]]",
         "[[melanoma maligno|M]] ulcerado", "[[melanoma lentigo maligno|M]]", "[[melanoma acral lentiginoso|M]]"),
        ("mutación [[BRAF|P]] V600E", "[[S-100|P]], [[HMB-45|P]] y [[Melan-A|P]] positivos", "[[SOX10|P]] positivo",
         "[[BRAF|P]] no mutado"),
        ("[[dabrafenib|N]] 150 mg cada 12 horas y [[trametinib|N]] 2 mg/día", "[[pembrolizumab|N]] 200 mg cada 21 días",
         "[[nivolumab|N]] 1 mg/kg e [[ipilimumab|N]] 3 mg/kg", "[[nivolumab|N]] 480 mg cada 4 semanas",
         "[[encorafenib|N]] 450 mg/día y [[binimetinib|N]] 45 mg cada 12 horas"),
        True,
    ),
    Scenario(
        "Hematología",
        ("adenopatías laterocervicales indoloras", "fiebre, sudoración nocturna y pérdida de {kg} kg de peso",
         "astenia progresiva y esplenomegalia"),
        ("La TC cervicotoracoabdominal mostró [[conglomerados adenopáticos|M]] mediastínicos y "
         "retroperitoneales.",
         "Se palpaban adenopatías cervicales de hasta {cm} cm, de consistencia elástica.",
         "La PET-TC mostró afectación ganglionar supra e infradiafragmática."),
        ("[[linfoma B difuso de células grandes|M]]", "[[linfoma de Hodgkin clásico|M]] tipo esclerosis nodular",
         "[[linfoma folicular|M]] grado 2", "[[linfoma del manto|M]]", "[[proceso linfoproliferativo|M]] B"),
        ("[[CD20|P]] positivo, [[BCL-2|P]] positivo y [[Ki-67|P]] del {ki}%", "[[CD30|P]] y [[CD15|P]] positivos",
         "[[BCL-6|P]] positivo y [[CD10|P]] negativo", "[[beta-2-microglobulina|P]] {b2m} mg/l",
         "[[ciclina D1|P]] positiva"),
        ("[[rituximab|N]] 375 mg/m2, [[ciclofosfamida|N]], [[doxorrubicina|N]], [[vincristina|N]] y "
         "[[prednisona|N]] (R-CHOP)",
         "[[bendamustina|N]] 90 mg/m2 y [[rituximab|N]]", "[[brentuximab vedotina|N]] 1,8 mg/kg",
         "[[doxorrubicina|N]], [[bleomicina|N]], [[vinblastina|N]] y [[dacarbazina|N]] (ABVD)",
         "[[ibrutinib|N]] 560 mg/día"),
        True,
    ),
    Scenario(
        "Oncología Médica",
        ("epigastralgia y saciedad precoz", "síndrome constitucional con disfagia a sólidos", "vómitos de repetición"),
        ("La gastroscopia mostró una [[lesión ulcerada|M]] de bordes sobreelevados en la curvatura menor.",
         "En la TC abdominal se observaba engrosamiento de la pared gástrica con "
         "[[adenopatías perigástricas|M]].",
         "La gastroscopia mostró una [[neoplasia|M]] ulcerada en el antro gástrico."),
        ("[[adenocarcinoma gástrico|M]] de tipo intestinal", "[[adenocarcinoma gástrico en anillo de sello|M]]",
         "[[adenocarcinoma de la unión esofagogástrica|M]]", "[[adenocarcinoma gástrico|M]] de tipo difuso"),
        ("[[HER2|P]] positivo (3+)", "[[claudina 18.2|P]] positiva", "[[CEA|P]] {cea} ng/ml",
         "[[PD-L1|P]] CPS {cps}"),
        ("[[docetaxel|N]], [[oxaliplatino|N]], [[leucovorina|N]] y [[5-fluorouracilo|N]] (FLOT)",
         "[[trastuzumab|N]] 8 mg/kg con [[capecitabina|N]] y [[cisplatino|N]]",
         "[[ramucirumab|N]] 8 mg/kg y [[paclitaxel|N]] 80 mg/m2",
         "[[nivolumab|N]] 360 mg asociado a [[oxaliplatino|N]] y [[capecitabina|N]]"),
        True,
    ),
    Scenario(
        "Ginecología",
        ("distensión abdominal progresiva", "metrorragia postmenopáusica", "dolor pélvico y sensación de masa"),
        ("La ecografía transvaginal mostró una [[masa anexial|M]] {side_f} sólido-quística de {cm} cm con "
         "ascitis.",
         "En la TC abdominopélvica se observaban [[implantes peritoneales|M]] y ascitis moderada.",
         "La histeroscopia mostró un endometrio engrosado e irregular."),
        ("[[carcinoma seroso de alto grado|M]] de ovario", "[[adenocarcinoma endometrioide|M]] de endometrio",
         "[[cistoadenocarcinoma seroso|M]]", "[[carcinoma de células claras|M]] de ovario"),
        ("[[CA 125|P]] {ca125} U/ml", "[[CA-125|P]] de {ca125} U/ml",
         "[[WT1|P]] positivo y [[p53|P]] con patrón aberrante", "mutación germinal de [[BRCA1|P]]"),
        ("[[carboplatino|N]] AUC 5 y [[paclitaxel|N]] 175 mg/m2 cada 21 días", "[[olaparib|N]] 300 mg cada 12 horas",
         "[[bevacizumab|N]] 15 mg/kg cada 3 semanas", "[[carboplatino|N]] y [[doxorrubicina liposomal|N]]"),
        True,
        "M",
    ),
    Scenario(
        "Neurología",
        ("cefalea holocraneal progresiva", "una crisis comicial generalizada",
         "alteración del lenguaje y hemiparesia {side_f}"),
        ("La RM cerebral mostró una [[lesión expansiva|M]] frontal {side_f} con captación en anillo y edema "
         "perilesional.",
         "En la TC craneal se identificó una [[masa intraaxial|M]] de {cm} cm con efecto masa."),
        ("[[glioblastoma|M]] [[IDH|P]] no mutado", "[[astrocitoma anaplásico|M]]", "[[oligodendroglioma|M]] grado 2",
         "[[glioma de alto grado|M]]"),
        ("[[GFAP|P]] positivo y [[IDH1|P]] R132H negativo", "metilación del promotor de [[MGMT|P]]",
         "[[Ki-67|P]] del {ki}%"),
        ("[[temozolomida|N]] 75 mg/m2/día concomitante con radioterapia", "[[dexametasona|N]] 4 mg cada 8 horas",
         "[[levetiracetam|N]] 500 mg cada 12 horas y [[temozolomida|N]] adyuvante",
         "[[bevacizumab|N]] 10 mg/kg quincenal"),
        True,
    ),
    Scenario(
        "Oncología Médica",
        ("una masa de partes blandas en el muslo {side_m}", "una tumoración indolora en la pared abdominal",
         "una masa en el hueco poplíteo {side_m}"),
        ("La RM mostró una [[masa de partes blandas|M]] de {cm} cm en el compartimento anterior del muslo.",
         "La TC abdominal mostró una [[masa retroperitoneal|M]] heterogénea de {cm} cm.",
         "La ecografía mostró una [[lesión sólida|M]] hipervascular de {cm} cm, profunda a la fascia."),
        ("[[liposarcoma desdiferenciado|M]]", "[[leiomiosarcoma|M]]", "[[sarcoma sinovial|M]]",
         "[[sarcoma pleomórfico indiferenciado|M]]"),
        ("amplificación de [[MDM2|P]]", "[[desmina|P]] y [[actina de músculo liso|P]] positivas",
         "[[vimentina|P]] positiva y [[CD34|P]] negativo", "[[TLE1|P]] positivo"),
        ("[[doxorrubicina|N]] 75 mg/m2 e [[ifosfamida|N]] 9 g/m2", "[[trabectedina|N]] 1,5 mg/m2 cada 3 semanas",
         "[[gemcitabina|N]] 900 mg/m2 y [[docetaxel|N]] 75 mg/m2", "[[pazopanib|N]] 800 mg/día"),
        True,
    ),
    Scenario(
        "Digestivo",
        ("dolor en hipocondrio derecho y pérdida de peso", "ictericia indolora y prurito",
         "descompensación ascítica de su cirrosis"),
        ("La TC abdominal evidenció una [[lesión hepática|M]] hipervascular de {cm} cm en el segmento VI.",
         "La ecografía abdominal mostró un [[nódulo hepático|M]] de {cm} cm sobre un hígado cirrótico.",
         "La colangio-RM mostró una estenosis hiliar con dilatación de la vía biliar intrahepática."),
        ("[[hepatocarcinoma|M]] bien diferenciado", "[[colangiocarcinoma|M]] intrahepático",
         "[[colangiocarcinoma hiliar|M]]", "[[carcinoma hepatocelular|M]] multifocal"),
        ("[[alfafetoproteína|P]] {afp} ng/ml", "[[CA 19-9|P]] {ca199} U/ml",
         "[[citoqueratina 7|P]] positiva y [[citoqueratina 20|P]] negativa", "[[glipicano 3|P]] positivo"),
        ("[[sorafenib|N]] 400 mg cada 12 horas", "[[atezolizumab|N]] 1200 mg y [[bevacizumab|N]] 15 mg/kg",
         "[[gemcitabina|N]] 1000 mg/m2 y [[cisplatino|N]] 25 mg/m2", "[[lenvatinib|N]] 12 mg/día",
         "[[durvalumab|N]] 1500 mg con [[gemcitabina|N]] y [[cisplatino|N]]"),
        True,
    ),
)

OTHER = (
    Scenario(
        "Neumología",
        ("fiebre de {temp} ºC y tos con expectoración purulenta", "disnea y dolor pleurítico {side_m}"),
        ("La radiografía de tórax mostró una condensación en el lóbulo inferior {side_m}.",
         "A la auscultación presentaba crepitantes en la base {side_f}."),
        ("neumonía adquirida en la comunidad", "neumonía neumocócica con derrame paraneumónico"),
        ("antigenuria positiva para Streptococcus pneumoniae", "[[procalcitonina|P]] {pct_ng} ng/ml"),
        ("[[ceftriaxona|N]] 2 g cada 24 horas y [[azitromicina|N]] 500 mg/día",
         "[[levofloxacino|N]] 500 mg cada 24 horas", "[[amoxicilina-clavulánico|N]] 875/125 mg cada 8 horas"),
        False,
    ),
    Scenario(
        "Reumatología",
        ("artralgias de pequeñas articulaciones y lesiones cutáneas fotosensibles", "fiebre prolongada y astenia"),
        ("Presentaba eritema malar y sinovitis en ambas muñecas.", "Se objetivaron úlceras orales indoloras."),
        ("lupus eritematoso sistémico", "lupus eritematoso sistémico con afectación articular y cutánea"),
        ("[[anticuerpos antinucleares|P]] positivos a título 1/640 y [[anti-DNA|P]] elevados",
         "consumo de [[C3|P]] y [[C4|P]]", "[[anticuerpos anti-Sm|P]] positivos"),
        ("[[hidroxicloroquina|N]] 200 mg cada 12 horas", "[[prednisona|N]] 30 mg/día en pauta descendente",
         "[[micofenolato de mofetilo|N]] 1 g cada 12 horas", "[[belimumab|N]] 10 mg/kg"),
        False,
    ),
    Scenario(
        "Endocrinología",
        ("poliuria, polidipsia y pérdida de peso", "dolor abdominal, vómitos y disminución del nivel de consciencia"),
        ("Presentaba respiración de Kussmaul y signos de deshidratación.", "Mucosas secas y taquicardia sinusal."),
        ("cetoacidosis diabética", "debut de diabetes mellitus tipo 1 en forma de cetoacidosis"),
        ("[[glucosa|N]] {glu} mg/dl, [[bicarbonato|N]] {bic} mEq/l y pH 7,12",
         "[[hemoglobina glicosilada|P]] del {hba1c}%", "[[anticuerpos anti-GAD|P]] positivos"),
        ("perfusión de [[insulina|P]] intravenosa y sueroterapia con [[cloruro potásico|N]]",
         "[[insulina glargina|P]] 20 UI y [[insulina aspart|P]] con las comidas"),
        False,
    ),
    Scenario(
        "Endocrinología",
        ("astenia, intolerancia al frío y aumento de peso", "estreñimiento y somnolencia"),
        ("Piel seca y bradicardia sinusal a 52 lpm.", "Bocio difuso grado I a la palpación."),
        ("hipotiroidismo primario", "tiroiditis de Hashimoto"),
        ("[[TSH|P]] {tsh} mUI/l con [[T4 libre|N]] disminuida", "[[anticuerpos antiperoxidasa|P]] positivos"),
        ("[[levotiroxina|N]] 50 µg/día", "[[levotiroxina|N]] 75 µg/día en ayunas"),
        False,
    ),
    Scenario(
        "Cardiología",
        ("disnea de moderados esfuerzos y edemas en miembros inferiores", "ortopnea de tres almohadas"),
        ("Presentaba ingurgitación yugular y crepitantes bibasales.",
         "El ECG mostró fibrilación auricular con respuesta ventricular rápida."),
        ("insuficiencia cardiaca descompensada", "miocardiopatía dilatada con insuficiencia cardiaca"),
        ("[[NT-proBNP|P]] {bnp} pg/ml", "fracción de eyección del ventrículo izquierdo del {fevi}%"),
        ("[[furosemida|N]] 40 mg cada 8 horas", "[[bisoprolol|N]] 2,5 mg/día y [[enalapril|N]] 5 mg cada 12 horas",
         "[[espironolactona|N]] 25 mg/día", "[[sacubitrilo/valsartán|N]] 24/26 mg cada 12 horas"),
        False,
    ),
    Scenario(
        "Cardiología",
        ("dolor torácico opresivo de {hours} horas de evolución", "dolor retroesternal irradiado al brazo izquierdo"),
        ("El ECG mostró descenso del ST en la cara lateral.", "Presentaba diaforesis y palidez cutánea."),
        ("síndrome coronario agudo sin elevación del ST", "infarto agudo de miocardio sin elevación del ST"),
        ("[[troponina T|P]] ultrasensible {trop} ng/l", "[[CK-MB|P]] de {ckmb} ng/ml"),
        ("[[ácido acetilsalicílico|N]], [[ticagrelor|N]] y [[enoxaparina|N]] 1 mg/kg cada 12 horas",
         "[[atorvastatina|N]] 80 mg/día", "[[bisoprolol|N]] 2,5 mg/día"),
        False,
    ),
    Scenario(
        "Enfermedades Infecciosas",
        ("tos, febrícula vespertina y sudoración nocturna", "tos productiva y pérdida de peso de {weeks} semanas"),
        ("La radiografía de tórax mostró un infiltrado cavitado en el lóbulo superior {side_m}.",
         "Se auscultaban crepitantes en el vértice pulmonar {side_m}."),
        ("tuberculosis pulmonar", "tuberculosis pulmonar bacilífera"),
        ("baciloscopia positiva y cultivo de Mycobacterium tuberculosis sensible",
         "[[adenosina desaminasa|P]] en líquido pleural de {ada} U/l"),
        ("[[isoniazida|N]], [[rifampicina|N]], [[pirazinamida|N]] y [[etambutol|N]]",
         "[[isoniazida|N]] 300 mg y [[rifampicina|N]] 600 mg al día durante cuatro meses más"),
        False,
    ),
    Scenario(
        "Urología",
        ("fiebre y dolor lumbar {side_m} con disuria", "fiebre de {temp} ºC, escalofríos y polaquiuria"),
        ("La puñopercusión renal {side_f} era positiva.",
         "La ecografía renal no mostró dilatación de la vía urinaria."),
        ("pielonefritis aguda", "pielonefritis aguda no complicada"),
        ("urocultivo positivo para Escherichia coli", "[[procalcitonina|P]] {pct_ng} ng/ml"),
        ("[[ceftriaxona|N]] 1 g cada 24 horas", "[[ciprofloxacino|N]] 500 mg cada 12 horas",
         "[[cefuroxima|N]] 500 mg cada 12 horas"),
        False,
    ),
    Scenario(
        "Enfermedades Infecciosas",
        ("fiebre de {temp} ºC y escalofríos", "fiebre prolongada y pérdida de peso"),
        ("Se auscultaba un soplo sistólico mitral no conocido.",
         "El ecocardiograma transesofágico mostró una vegetación de {mm} mm en la válvula mitral."),
        ("endocarditis infecciosa sobre válvula nativa", "endocarditis mitral por Staphylococcus aureus"),
        ("hemocultivos positivos para Staphylococcus aureus sensible a [[meticilina|N]]",
         "[[proteína C reactiva|P]] de {crp} mg/dl"),
        ("[[cloxacilina|N]] 2 g cada 4 horas y [[gentamicina|N]] 3 mg/kg/día", "[[daptomicina|N]] 10 mg/kg/día",
         "[[vancomicina|N]] 15 mg/kg cada 12 horas"),
        False,
    ),
    Scenario(
        "Digestivo",
        ("ictericia y astenia de {weeks} semanas", "dolor en hipocondrio derecho y coluria"),
        ("Presentaba ictericia cutaneomucosa y hepatomegalia de dos traveses.",
         "La ecografía abdominal mostró un hígado de ecoestructura heterogénea."),
        ("hepatitis autoinmune tipo 1", "hepatitis autoinmune con presentación aguda"),
        ("[[IgG|P]] {igg} mg/dl y [[anticuerpos antimúsculo liso|P]] positivos",
         "[[GPT|P]] {gpt} U/l y [[bilirrubina|N]] {bili} mg/dl"),
        ("[[prednisona|N]] 40 mg/día y [[azatioprina|N]] 50 mg/día", "[[budesonida|N]] 9 mg/día"),
        False,
    ),
    Scenario(
        "Hematología",
        ("astenia y disnea de esfuerzo", "palidez y palpitaciones"),
        ("Palidez cutaneomucosa marcada, sin adenopatías.", "Presentaba coiloniquia y queilitis angular."),
        ("anemia ferropénica", "anemia ferropénica secundaria a pérdidas digestivas"),
        ("[[ferritina|P]] {ferr} ng/ml e [[hierro|N]] sérico {fe} µg/dl", "[[transferrina|P]] {tf} mg/dl"),
        ("[[hierro carboximaltosa|N]] 1000 mg intravenoso", "[[sulfato ferroso|N]] 80 mg/día"),
        False,
    ),
    Scenario(
        "Medicina Interna",
        ("dolor y tumefacción en la pantorrilla {side_f}", "disnea súbita y dolor pleurítico {side_m}"),
        ("La ecografía doppler mostró trombosis venosa profunda femoropoplítea {side_f}.",
         "La angio-TC mostró defectos de repleción en arterias pulmonares segmentarias."),
        ("trombosis venosa profunda", "tromboembolismo pulmonar agudo"),
        ("[[dímero D|P]] {dd} ng/ml", "[[troponina T|P]] {trop} ng/l y [[NT-proBNP|P]] {bnp} pg/ml"),
        ("[[enoxaparina|N]] 1 mg/kg cada 12 horas", "[[apixabán|N]] 10 mg cada 12 horas durante 7 días",
         "[[rivaroxabán|N]] 15 mg cada 12 horas"),
        False,
    ),
    Scenario(
        "Nefrología",
        ("edemas generalizados y orina espumosa", "aumento de peso y edemas palpebrales"),
        ("Presentaba edemas con fóvea hasta raíz de muslos.", "La ecografía renal mostró riñones de tamaño normal."),
        ("síndrome nefrótico por glomerulopatía membranosa", "glomerulonefritis membranosa primaria"),
        ("proteinuria de {prot} g/24 h y [[albúmina|P]] {alb} g/dl", "[[anticuerpos anti-PLA2R|P]] positivos",
         "[[colesterol total|N]] {chol} mg/dl"),
        ("[[rituximab|N]] 1 g en dos dosis", "[[tacrolimus|N]] 0,05 mg/kg/día",
         "[[ramipril|N]] 5 mg/día y [[furosemida|N]] 40 mg/día"),
        False,
    ),
    Scenario(
        "Dermatología",
        ("lesiones vesiculosas dolorosas en hemitórax {side_m}", "dolor urente y vesículas en la frente"),
        ("Se observaban vesículas agrupadas sobre base eritematosa de distribución metamérica.",
         "Presentaba costras y vesículas en el territorio de la primera rama del trigémino."),
        ("herpes zóster", "herpes zóster oftálmico"),
        ("PCR de virus varicela-zóster positiva en el exudado", "serología de virus varicela-zóster con IgG positiva"),
        ("[[valaciclovir|N]] 1 g cada 8 horas", "[[aciclovir|N]] 800 mg cinco veces al día",
         "[[gabapentina|N]] 300 mg cada 8 horas"),
        False,
    ),
    Scenario(
        "Dermatología",
        ("prurito generalizado y lesiones ampollosas", "ampollas tensas en tronco de un mes de evolución"),
        ("Presentaba ampollas tensas en tronco y raíz de miembros.",
         "Se observaban placas urticariformes con ampollas."),
        ("penfigoide ampolloso", "penfigoide ampolloso generalizado"),
        ("[[anticuerpos anti-BP180|P]] positivos",
         "inmunofluorescencia directa con depósitos lineales de [[IgG|P]] y [[C3|P]]"),
        ("[[clobetasol|N]] tópico y [[doxiciclina|N]] 100 mg cada 12 horas", "[[prednisona|N]] 0,5 mg/kg/día"),
        False,
    ),
)

# Gendered words for a patient of each sex; all templates are filled with these slots.
GENDER = {
    "H": dict(o="o", a="", e="e", el="el", El="El", un="un", Un="Un", varon="varón", Varon="Varón", sr="Sr.",
              sexo="H"),
    "M": dict(o="a", a="a", e="a", el="la", El="La", un="una", Un="Una", varon="mujer", Varon="Mujer", sr="Sra.",
              sexo="M"),
}

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
        return rng.pick(MALE_COMPOUND if sex == "H" else FEMALE_COMPOUND)
    return rng.pick(MALE_NAMES if sex == "H" else FEMALE_NAMES)


def _surnames(rng: _DocRandom) -> str:
    first = rng.pick(SURNAMES)
    second = rng.choice(SURNAME_PARTICLES) if rng.random() < 0.06 else rng.pick(SURNAMES)
    return f"{first} {second}"


def _street(rng: _DocRandom) -> str:
    number = str(rng.randint(1, 140))
    if rng.random() < 0.1:
        number += f"-{int(number) + 2}"
    kind, name = rng.choice(STREET_TYPES), rng.pick(STREET_NAMES)
    separator = rng.choice((" ", " ", ", ", " nº "))
    return f"{kind} {name}{separator}{number}{rng.choice(STREET_DETAILS)}"


def _email(rng: _DocRandom, first: str, surnames: str) -> str:
    given, family = _ascii(first.split()[0]), [_ascii(s) for s in surnames.split() if s[0].isupper()]
    user = rng.choice((
        f"{given}.{family[0]}", f"{given[0]}{family[0]}", f"{given[:3]}{family[0][:3]}{family[-1][:2]}",
        f"{family[0]}.{family[-1]}", f"{given}{family[0]}{rng.randint(1, 99)}", f"{given[0]}.{family[0]}",
    ))
    return f"{user}@{rng.pick(EMAIL_DOMAINS)}"


def _date_between(rng: _DocRandom, start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, days))


def _numeric_date(rng: _DocRandom, date: datetime.date) -> str:
    return rng.choice(NUMERIC_DATES).format(d=date.day, m=date.month, y=date.year)


def _narrative_date(rng: _DocRandom, date: datetime.date) -> List[Piece]:
    """`el 12/03/2016`, `el 12 de marzo de 2016`, `en marzo de 2016`, `en 2016`..."""
    month = MONTHS[date.month - 1]
    preposition, text = rng.choice((
        ("el", _numeric_date(rng, date)),
        ("el", f"{date.day} de {month} de {date.year}"),
        ("en", f"{month} de {date.year}"),
        ("en", f"{month.capitalize()} de {date.year}"),
        ("en", str(date.year)),
        ("en", f"{date.month:02d}/{date.year}"),
    ))
    return [preposition, " ", Ent(text, "FECHAS")]


class _Case:
    """Everything that stays fixed across one document: patient, physician, places, scenario."""

    def __init__(self, rng: _DocRandom) -> None:
        self.sex = rng.choice("HM")
        self.g = GENDER[self.sex]
        self.first = _first_name(rng, self.sex)
        self.surnames = _surnames(rng)
        scenarios = ONCOLOGY if rng.random() < 0.6 else OTHER
        self.scenario = rng.choice([s for s in scenarios if self.sex in s.sexes])
        self.therapies = rng.pick_some(self.scenario.treatments, 2)  # first line, then second line
        self.age = rng.randint(38, 88) if self.scenario.oncology else rng.randint(19, 90)
        self.admission = _date_between(rng, datetime.date(2008, 1, 1), 13 * 365)
        self.birth = self.admission - datetime.timedelta(days=365 * self.age + rng.randint(1, 360))
        self.nhc = _digits(rng, rng.choice((6, 7, 7)))
        self.nass = rng.choice(("{} {}", "{} {} {}", "{}/{}/{}")).format(
            _digits(rng, 2), _digits(rng, 8), _digits(rng, 2)
        )
        self.town, self.province, prefix = rng.pick(TOWNS)
        self.cp = prefix + _digits(rng, 3)
        self.street = _street(rng)
        self.profession = rng.pick(PROFESSIONS).format(**self.g)
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
            (self.town, self.province, prefix) if rng.random() < 0.5 else rng.pick(TOWNS)
        )
        self.hospital_cp = prefix + _digits(rng, 3)
        self.hospital = rng.choice(HOSPITAL_PATTERNS).format(
            town=self.hospital_town, saint=rng.pick(HOSPITAL_SAINTS)
        )
        self.hospital_street = _street(rng)
        self.referrer = rng.choice(REFERRERS)

    @property
    def doctor(self) -> str:
        return f"{self.doctor_first} {self.doctor_surnames}"

    @property
    def age_ent(self) -> Ent:
        return Ent(f"{self.age} años", "EDAD_SUJETO_ASISTENCIA")


def _numbers(rng: _DocRandom) -> Dict[str, str]:
    """Random values for the numeric slots that scenario phrases use."""
    return dict(
        side_f=rng.choice(("derecha", "izquierda")), side_m=rng.choice(("derecho", "izquierdo")),
        weeks=str(rng.randint(2, 12)), kg=str(rng.randint(4, 15)), mm=str(rng.randint(8, 65)),
        cm=_decimal(rng.uniform(1.5, 12), 1), suv=_decimal(rng.uniform(4, 22), 1), grade=str(rng.randint(1, 3)),
        pct=str(rng.randint(1, 19) * 5), pct2=str(rng.randint(0, 18) * 5), ki=str(rng.randint(2, 18) * 5),
        cea=_decimal(rng.uniform(1, 480), 1), ca199=str(rng.randint(5, 2400)), psa=_decimal(rng.uniform(4, 160), 1),
        gleason=rng.choice(("6 (3+3)", "7 (3+4)", "7 (4+3)", "8 (4+4)", "9 (4+5)")),
        breslow=_decimal(rng.uniform(0.4, 6), 1), b2m=_decimal(rng.uniform(1.5, 8), 1), cps=str(rng.randint(1, 40)),
        ca125=str(rng.randint(40, 3200)), afp=str(rng.randint(8, 9000)), temp=_decimal(rng.uniform(37.8, 40.2), 1),
        pct_ng=_decimal(rng.uniform(0.5, 25), 2), glu=str(rng.randint(250, 780)), bic=str(rng.randint(4, 16)),
        hba1c=_decimal(rng.uniform(6.8, 14), 1), tsh=_decimal(rng.uniform(8, 90), 1), hours=str(rng.randint(1, 12)),
        bnp=str(rng.randint(900, 25000)), trop=str(rng.randint(20, 1800)), fevi=str(rng.randint(18, 45)),
        ada=str(rng.randint(40, 120)), igg=str(rng.randint(1800, 4200)), gpt=str(rng.randint(200, 1800)),
        bili=_decimal(rng.uniform(2, 18), 1), ferr=str(rng.randint(2, 14)), fe=str(rng.randint(8, 30)),
        dd=str(rng.randint(900, 12000)), b12=str(rng.randint(60, 150)), prot=_decimal(rng.uniform(3.5, 14), 1),
        alb=_decimal(rng.uniform(1.4, 2.8), 1), chol=str(rng.randint(260, 480)), years=str(rng.randint(2, 30)),
        ckmb=_decimal(rng.uniform(8, 160), 1), crp=_decimal(rng.uniform(5, 32), 1), tf=str(rng.randint(280, 460)),
        n=str(rng.randint(5, 40)),
    )


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
        slots, age=case.age_ent, job=_profession_phrase(rng, case), allergy=rng.choice(ALLERGIES),
        complaint=rng.choice(case.scenario.complaints),
        town=Ent(case.town, "TERRITORIO"), province=Ent(case.province, "TERRITORIO"),
        hospital=Ent(case.hospital, "HOSPITAL"), referrer=Ent(case.referrer, "PROFESION"),
        specialty=case.scenario.specialty, name=Ent(case.surnames.split()[0], "NOMBRE_SUJETO_ASISTENCIA"),
        nhc=Ent(case.nhc, "ID_SUJETO_ASISTENCIA"),
    )
    template = rng.choice((
        "{Varon} de {age}, {job}, {allergy}, que consulta por {complaint}.",
        "Presentamos el caso de {un} {varon} de {age} de edad, {job}, que acude al Servicio de Urgencias del "
        "{hospital} por {complaint}.",
        "Paciente de {age}, natural de {town} ({province}), remitid{o} por su {referrer} por {complaint}.",
        "Se trata de {un} paciente de {age}, {job}, que ingresa en el Servicio de {specialty} por "
        "{complaint}.",
        "{Varon} de {age} de edad, {allergy}, que es derivad{o} a nuestra consulta por {complaint}.",
        "{Un} {varon} de {age}, residente en {town}, consultó a su {referrer} por {complaint}.",
        "{El} {sr} {name}, de {age}, {job}, acude a consulta por {complaint}.",
        "Paciente de {age} (NHC {nhc}), {job}, que fue trasladad{o} desde el {hospital} por {complaint}.",
        "Motivo de consulta: {complaint}. {Varon} de {age}, {job}.",
    ))
    return _fill(template, **slots)


def _history(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    items = rng.pick_some(COMORBIDITIES, rng.randint(0, 3))
    sentences: List[Piece] = []
    if items:
        template = rng.choice((
            "Como antecedentes personales destacaban {items}.", "Antecedentes de {items}.",
            "Entre sus antecedentes figuraban {items}.",
            "Entre sus antecedentes personales destacan {items}.",
        ))
        sentences.append(_fill(template, items=_join([_fill(i, **slots) for i in items])))
    else:
        sentences.append(rng.choice(("No presentaba antecedentes médicos de interés.", "Sin antecedentes de interés.")))
    if rng.random() < 0.6:
        sentences.append(_fill(rng.choice(HABITS), **slots))
    if rng.random() < 0.35:
        sentences.append(_fill(rng.choice(FAMILY_HISTORY), **slots))
    if rng.random() < 0.25:
        if case.retired:
            work = ("Había trabajado {years} años como {job}.", "Refería exposición laboral a disolventes como {job}.")
        else:
            work = ("Trabaja como {job} desde hace {years} años.", "Refiere exposición a disolventes como {job}.")
        sentences.append(_fill(rng.choice(work), job=Ent(case.profession, "PROFESION"), **slots))
    return sentences


def _exam(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    vitals = dict(
        sys=str(rng.randint(95, 180)), dia=str(rng.randint(50, 105)), fc=str(rng.randint(52, 128)),
        temp=_decimal(rng.uniform(35.9, 37.4), 1), sat=str(rng.randint(88, 100)),
    )
    intro = rng.choice(("A la exploración física: ", "En la exploración: ", "", ""))
    sentences: List[Piece] = [_fill(intro + rng.choice(VITALS), **vitals)]
    sentences.append(_fill(rng.choice(GENERAL_STATE), **slots))
    sentences.extend(_fill(s, **slots) for s in rng.sample(GENERAL_EXAM, rng.randint(0, 2)))
    # Oncology findings come with the imaging in the tests paragraph instead.
    if not case.scenario.oncology:
        sentences.append(_fill(rng.choice(case.scenario.findings), **slots))
    return sentences


def _lab(rng: _DocRandom, analyte: str, unit: str, low: float, high: float, decimals: int) -> List[Piece]:
    value = _decimal(rng.uniform(low, high), decimals)
    template = rng.choice(("{a} {v} {u}", "{a} de {v} {u}", "{a}: {v} {u}", "{a} {v} {u}"))
    return _fill(template, a=analyte, v=value, u=unit)


def _tests(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    labs = [_lab(rng, *lab) for lab in rng.pick_some(LABS, rng.randint(2, 5))]
    template = rng.choice((
        "En la analítica destacaba {labs}.", "Analítica: {labs}; {note}.",
        "La bioquímica mostró {labs}, {note}.",
        "Analíticamente presentaba {labs}.", "En las pruebas de laboratorio se objetivó {labs}; {note}.",
    ))
    sentences: List[Piece] = [_fill(template, labs=_join(labs), note=rng.choice(LAB_NOTES))]
    scenario = case.scenario
    if scenario.oncology:
        sentences.append(_fill(rng.choice(scenario.findings), **slots))
        biopsy = rng.choice((
            "Se realizó biopsia, cuyo estudio anatomopatológico fue compatible con {dx}.",
            "La biopsia con aguja gruesa confirmó el diagnóstico de {dx}.",
            "El estudio histológico de la pieza informó de {dx}.",
            "Anatomía Patológica: {dx}.",
            "La biopsia fue informada como {dx} por el {pathologist}.",
        ))
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
            sentences.append(_fill(rng.choice(NEGATIVE_MALIGNANCY)))
    return sentences


def _diagnosis(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    if case.scenario.oncology:
        stage = f"{rng.choice('cp')}T{rng.randint(1, 4)}N{rng.randint(0, 3)}M{rng.choice('0001')}"
        template = rng.choice((
            "Con el diagnóstico de {dx}, estadio {stage}, se presentó el caso en el Comité de Tumores.",
            "Se diagnosticó {dx} ({stage}).",
            "Se completó el estudio de extensión, estadificándose como {stage}.",
            "Con el juicio clínico de {dx} se remitió a consultas de {specialty}.",
        ))
    else:
        template = rng.choice((
            "Con el diagnóstico de {dx} ingresó en {specialty}.", "El juicio clínico fue de {dx}.",
            "Se estableció el diagnóstico de {dx}.",
        ))
        stage = ""
    sentences: List[Piece] = [_fill(template, stage=stage, specialty=case.scenario.specialty, **slots)]
    if rng.random() < 0.35:
        sentences.append(_fill(rng.choice(CONSULTATIONS), c=rng.pick(CONSULTANTS), **slots))
    return sentences


def _treatment(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    therapy = _fill(case.therapies[0], **slots)
    date = _narrative_date(rng, case.admission + datetime.timedelta(days=rng.randint(7, 60)))
    template = rng.choice((
        "Se inició tratamiento con {therapy}.", "Inició tratamiento {date} con {therapy}.",
        "Recibió {n} ciclos de {therapy}.", "Se pautó {therapy}, con buena tolerancia.",
        "Se decidió tratamiento con {therapy}.", "{Date_cap}, se inició {therapy}.",
    ))
    date_cap = [date[0].capitalize(), *date[1:]]
    return [_fill(template, therapy=therapy, date=date, Date_cap=date_cap, n=str(rng.randint(2, 8)))]


def _evolution(rng: _DocRandom, case: _Case, slots: Dict[str, Piece]) -> List[Piece]:
    later = case.admission + datetime.timedelta(days=rng.randint(60, 900))
    date = _narrative_date(rng, later)
    sentences: List[Piece] = []
    if case.scenario.oncology and rng.random() < 0.45:
        template = rng.choice((
            "{Date_cap} se objetivó progresión con {met}.",
            "En la TC de control realizada {date} se objetivaron {met}.",
            "Tras {n} meses, presentó recaída en forma de {met}.",
        ))
        date_cap = [date[0].capitalize(), *date[1:]]
        months = str(rng.randint(3, 30))
        sentences.append(_fill(template, met=rng.pick(METASTASES), date=date, Date_cap=date_cap, n=months))
        therapy = _fill(case.therapies[1], **slots)
        second_line = rng.choice(("Se inició segunda línea con {t}.", "Se cambió el tratamiento a {t}."))
        sentences.append(_fill(second_line, t=therapy))
        if rng.random() < 0.3:
            death = later + datetime.timedelta(days=rng.randint(30, 400))
            sentences.append(_fill("Falleció {date}.", date=_narrative_date(rng, death)))
    else:
        # "Free of disease" only makes sense after a tumour.
        status = "se encuentra libre de enfermedad" if case.scenario.oncology else "permanece asintomátic{o}"
        template = rng.choice((
            "La evolución fue favorable y fue dad{o} de alta {date}.",
            "En la revisión realizada {date} permanecía asintomátic{o}.",
            "Actualmente, a los {n} meses, {status}.",
            "Presentó buena respuesta clínica, con normalización analítica en el control realizado {date}.",
            "Tras el alta, continuó seguimiento por su {referrer}, sin incidencias hasta {date_bare}.",
        ))
        sentences.append(_fill(
            template, date=date, date_bare=date[2], n=str(rng.randint(6, 48)), status=status,
            referrer=Ent(case.referrer, "PROFESION"), **case.g,
        ))
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
    lines.append(_fill(rng.choice((
        "Localidad/ Provincia: {t}.", "Localidad/ Provincia: {t} ({p}).", "Localidad/Provincia: {t}, {p}.",
        "Localidad: {t}.",
    )), t=town, p=province))
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
            rng.choice((
                "Paciente: {n}. NHC {id}. Edad: {a}.", "Paciente: {n} (NHC: {id}), {a}.",
                "Nombre del paciente: {n}. Historia clínica: {id}.",
            )),
            n=full, id=Ent(case.nhc, "ID_SUJETO_ASISTENCIA"), a=case.age_ent,
        ),
        _fill(
            "Fecha de ingreso: {d}. Servicio de {s}, {h} ({t}).",
            d=Ent(_numeric_date(rng, case.admission), "FECHAS"), s=case.scenario.specialty,
            h=Ent(case.hospital, "HOSPITAL"), t=Ent(case.hospital_town, "TERRITORIO"),
        ),
        _fill("Médico responsable: {t} {d}.", t=case.doctor_title, d=Ent(case.doctor, "NOMBRE_PERSONAL_SANITARIO")),
    ]


def _footer(rng: _DocRandom, case: _Case) -> List[Piece]:
    slots = dict(
        title=case.doctor_title, d=Ent(case.doctor, "NOMBRE_PERSONAL_SANITARIO"),
        street=Ent(case.hospital_street, "CALLE"), cp=Ent(case.hospital_cp, "TERRITORIO"),
        town=Ent(case.hospital_town, "TERRITORIO"), province=Ent(case.hospital_province, "TERRITORIO"),
        email=Ent(case.email, "CORREO_ELECTRONICO"), hospital=Ent(case.hospital, "HOSPITAL"), s=case.scenario.specialty,
    )
    template = rng.choice((
        "Remitido por: {d} {street} {cp} {town} E-mail: {email}.",
        "Remitido por: {title} {d}, {street}, {cp} {town}. E-mail: {email}",
        "Correspondencia: {title} {d}. Servicio de {s}. {hospital}. {street}. {cp} {town} ({province}). "
        "Correo electrónico: {email}",
        "Autor para correspondencia: {d} ({email}).",
        "Remitido por: {d}. {hospital}, {town}. E-mail: {email}.",
    ))
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
