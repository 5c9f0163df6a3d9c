"""The Spanish rule file in medspaCy's own ConText component gives what `clinx_context` gives.

medspaCy 1.3.1 pins spaCy below 3.8, so it is installed without its dependencies, by the
test command into `.medspacy/` (`pip install --no-deps --target .medspacy -r
requirements-medspacy.txt`, see README) or into the environment; without it this test is
skipped, saying so."""

import sys
from pathlib import Path

import pytest
from findings import finding_pipeline, statuses

from clinx_spacy.context.rules import DEFAULT_RULES, load_rules

# After the environment's own packages, so that only what the environment lacks comes from there.
MEDSPACY = Path(__file__).parents[2] / ".medspacy"
if MEDSPACY.is_dir() and str(MEDSPACY) not in sys.path:
    sys.path.append(str(MEDSPACY))

try:
    import medspacy  # noqa: F401
except ImportError as err:  # not installed, or installed without what it imports
    pytest.skip(f"medspaCy cannot be imported ({err}): see README, Assertion status", allow_module_level=True)

EXAMPLES = [
    "No se observan metástasis.",
    "Paciente sin fiebre, tos ni disnea.",
    "Probable neumonía basal.",
    "No se descarta infección.",
    "Antecedentes de HTA y diabetes.",
    "Acudir a urgencias si presenta fiebre.",
    "Madre con cáncer de mama.",
    "No solo fiebre sino tos.",
    "Sin fiebre pero con tos.",
    "Cefalea y vómitos negativos.",
]


@pytest.fixture(scope="module")
def pipelines():
    ours = finding_pipeline("clinx_sentencizer", "clinx_context")
    theirs = finding_pipeline("clinx_sentencizer")
    theirs.add_pipe("medspacy_context", config={"rules": str(DEFAULT_RULES)})
    return ours, theirs


def test_medspacy_loads_every_rule(pipelines):
    assert len(pipelines[1].get_pipe("medspacy_context").rules) == len(load_rules())


@pytest.mark.parametrize("text", EXAMPLES)
def test_same_attributes_and_triggers(pipelines, text):
    ours, theirs = (nlp(text) for nlp in pipelines)
    assert statuses(ours) == statuses(theirs)
    for mine, its in zip(ours.ents, theirs.ents):
        assert [(m.category, m.modifier_span) for m in mine._.modifiers] == [
            (m.category, m.modifier_span) for m in its._.modifiers
        ]
