"""Pretraining needs transformers and torch, not spaCy: `python -m clinx_spacy.pretraining`
(and `torchrun -m`) imports none of it."""

import subprocess
import sys


def test_pretraining_and_its_commands_import_no_spacy():
    code = (
        "import sys\n"
        "import clinx_spacy.cli.pretrain, clinx_spacy.pretraining, clinx_spacy.pretraining.mlm, clinx_spacy.pretraining.prepare\n"
        "print(sorted(m for m in ('spacy', 'thinc', 'spacy_transformers') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_module_entry_point_lists_the_pretraining_commands():
    result = subprocess.run([sys.executable, "-m", "clinx_spacy.pretraining", "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for command in ("prepare-model", "train-tokenizer", "init-model", "mlm"):
        assert command in result.stdout
