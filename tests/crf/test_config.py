"""configs/ner_tiny_crf.cfg: ner_tiny.cfg with the CRF head, and nothing else changed."""
import os
import subprocess
import sys
from pathlib import Path

from spacy.util import load_config

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "assets" / "sample"


def test_crf_config_differs_from_ner_tiny_only_in_the_ner_head():
    base = load_config(ROOT / "configs" / "ner_tiny.cfg", interpolate=False)
    crf = load_config(ROOT / "configs" / "ner_tiny_crf.cfg", interpolate=False)
    base_ner = base["components"].pop("ner")
    crf_ner = crf["components"].pop("ner")
    assert crf.to_str() == base.to_str()
    assert crf_ner["factory"] == "clinx_crf_ner"
    assert crf_ner["model"]["@architectures"] == "clinx.CRFTagger.v1"
    assert crf_ner["model"]["tok2vec"] == base_ner["model"]["tok2vec"]
    assert crf_ner["scorer"] == base_ner["scorer"]


def test_crf_config_validates(tmp_path):
    # Until setup.py declares the CRF's entry points, spaCy finds them through --code.
    code = tmp_path / "register_crf.py"
    code.write_text("import clinx_spacy.crf\n")
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "config", str(ROOT / "configs" / "ner_tiny_crf.cfg"),
         "--code", str(code), "--paths.train", str(SAMPLE / "train"), "--paths.dev", str(SAMPLE / "dev"),
         # Named, not loaded: validation builds the pipeline without the pretrained weights.
         "--paths.transformer", "pretrained/tiny-sample/clinx/model"],
        capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout
