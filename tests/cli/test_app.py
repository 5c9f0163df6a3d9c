"""The assembled `clinx` command: console script, sub-commands and the offline smoke check."""
import json
import shutil
import subprocess

from typer.testing import CliRunner

from clinx_spacy.cli import app


def test_console_script_lists_commands():
    exe = shutil.which("clinx")
    assert exe, "the clinx console script is not installed"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("convert", "evaluate", "smoke"):
        assert command in result.stdout


def test_smoke_finds_entities_offline(ruler_pipeline, tmp_path):
    output = tmp_path / "smoke.json"
    result = CliRunner().invoke(app, ["smoke", str(ruler_pipeline), "--output", str(output), "--min-ents", "3"])
    assert result.exit_code == 0, result.output
    ents = {(e["label"], e["text"]) for e in json.loads(output.read_text())["ents"]}
    assert ents == {("HOSPITAL", "Hospital Universitario La Paz"), ("FECHAS", "12/03/2019"), ("NORMALIZABLES", "trastuzumab")}


def test_smoke_fails_when_too_few_entities(ruler_pipeline):
    result = CliRunner().invoke(app, ["smoke", str(ruler_pipeline), "--text", "Sin hallazgos.", "--min-ents", "1"])
    assert result.exit_code == 1
    assert "Only 0 entities found" in result.output
