"""`nlp.pipe(n_process=2)` with a transformer + CRF pipeline: spaCy forks its workers, and
a child forked after torch started its thread pool used to hang in an OpenMP barrier."""

import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "saved_pipelines" / "multitask"
CODE = f"""
import spacy
nlp = spacy.load({str(FIXTURE)!r})
texts = ["Paciente de 63 años tratado con metformina en el Hospital La Fe."] * 16
single = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]  # starts torch's pool
multi = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=4, n_process=2)]
assert multi == single, (multi, single)
print(len(multi))
"""


def test_pipe_with_two_processes_does_not_hang():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "16"
