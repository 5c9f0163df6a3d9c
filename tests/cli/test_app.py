"""The assembled `clinx` command: console script, sub-commands and the offline smoke check."""

import json
import shutil
import subprocess
import sys

import typer
from typer.testing import CliRunner

from clinx_spacy import __version__
from clinx_spacy.cli import app

COMMANDS = {
    "annotate",
    "convert",
    "deid",
    "visualize",
    "evaluate",
    "smoke",
    "package",
    "extract-task",
    "pretrain prepare-model",
    "pretrain train-tokenizer",
    "pretrain init-model",
    "pretrain mlm",
    "ensemble split",
    "ensemble assemble",
    "init multitask-config",
    "init transfer-config",
    "vectors",
}


def _commands(group, prefix: str = ""):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            assert command.help, f"{prefix}{name} has no help"
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_is_listed_with_help():
    commands = dict(_commands(typer.main.get_command(app)))
    assert set(commands) == COMMANDS
    for name, command in commands.items():
        assert command.get_short_help_str().strip(), f"clinx {name} has no help text"


def test_console_script_lists_commands_and_version():
    exe = shutil.which("clinx")
    assert exe, "the clinx console script is not installed"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in {name.split()[0] for name in COMMANDS}:
        assert command in result.stdout
    version = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"clinx-spacy {__version__}"


def test_the_app_imports_no_heavy_library():
    """Commands import spaCy, torch and transformers when they run, so `clinx --help` is quick."""
    code = "import sys, clinx_spacy.cli; print(sorted(m for m in ('spacy', 'torch', 'transformers', 'thinc') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_smoke_finds_entities_offline(ruler_pipeline, tmp_path):
    output = tmp_path / "smoke.json"
    result = CliRunner().invoke(app, ["smoke", str(ruler_pipeline), "--output", str(output), "--min-ents", "3"])
    assert result.exit_code == 0, result.output
    ents = {(e["label"], e["text"]) for e in json.loads(output.read_text())["ents"]}
    assert ents == {
        ("HOSPITAL", "Hospital Universitario La Paz"),
        ("FECHAS", "12/03/2019"),
        ("NORMALIZABLES", "trastuzumab"),
    }


def test_smoke_fails_when_too_few_entities(ruler_pipeline):
    result = CliRunner().invoke(app, ["smoke", str(ruler_pipeline), "--text", "Sin hallazgos.", "--min-ents", "1"])
    assert result.exit_code == 1
    assert "Only 0 entities found" in result.output
