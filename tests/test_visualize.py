"""clinx visualize: displaCy pages of predictions, span groups, gold, and gold beside
predicted; checked as a person sees it in headless Chromium where it is installed."""

import shutil
import subprocess
from pathlib import Path

import pytest
import spacy
from PIL import Image

from clinx_spacy.visualize import label_color, visualize

SAMPLE_DEV = Path(__file__).parents[1] / "assets" / "sample" / "dev"


@pytest.fixture
def grouped(ruler_pipeline, tmp_path) -> Path:
    """The ruler's entities in doc.ents and in the span group "task"."""
    nlp = spacy.load(ruler_pipeline)
    nlp.add_pipe("clinx_stash_ents", config={"spans_key": "task"})
    nlp.add_pipe("entity_ruler", name="again").add_patterns([{"label": "HOSPITAL", "pattern": "Hospital"}])
    nlp.to_disk(tmp_path / "grouped")
    return tmp_path / "grouped"


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n1.txt").write_text("Ingresa en el Hospital Universitario La Paz el 12/03/2019.", encoding="utf8")
    (folder / "n2.txt").write_text("Se pautó trastuzumab en el Hospital.", encoding="utf8")
    return folder


def test_each_label_keeps_one_colour():
    assert label_color("HOSPITAL") == label_color("HOSPITAL") != label_color("FECHAS")
    assert label_color("HOSPITAL").startswith("#") and len(label_color("HOSPITAL")) == 7


def test_a_page_shows_every_document_its_entities_and_span_groups(grouped, notes, tmp_path):
    page = tmp_path / "page.html"
    assert visualize(str(notes), str(page), model=str(grouped), spans_keys=["all"]) == 2
    content = page.read_text(encoding="utf8")
    assert "<h2>n1</h2>" in content and "<h2>n2</h2>" in content
    assert "doc.spans[&#x27;task&#x27;]" in content
    for label in ("HOSPITAL", "FECHAS", "NORMALIZABLES"):
        assert label in content and label_color(label) in content
    assert "<script" not in content


def test_gold_and_gold_beside_predicted(ruler_pipeline, tmp_path):
    gold_page, compare_page = tmp_path / "gold.html", tmp_path / "compare.html"
    assert visualize(str(SAMPLE_DEV), str(gold_page), limit=2) == 2
    assert "doc.spans[&#x27;gold&#x27;]" in gold_page.read_text(encoding="utf8")
    visualize(str(SAMPLE_DEV), str(compare_page), model=str(ruler_pipeline), limit=1, compare="synth-2112-0401")
    content = compare_page.read_text(encoding="utf8")
    assert "synth-2112-0401: gold and predicted" in content and "NOMBRE_SUJETO_ASISTENCIA" in content


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Chromium (apt-get install chromium)")
def test_the_page_renders_in_headless_chromium(grouped, notes, tmp_path):
    page, shot = tmp_path / "page.html", tmp_path / "page.png"
    visualize(str(notes), str(page), model=str(grouped), spans_keys=["all"])
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        # This machine's network is closed: Chromium's own connections would only fail.
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,900",
        f"--screenshot={shot}",
        "--enable-logging=stderr",
        "--v=0",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000, result.stderr[-2000:]
    assert "Uncaught" not in result.stderr and "CONSOLE" not in result.stderr
    # Every label's mark is on screen in its own colour: an entity of doc.ents (HOSPITAL)
    # and the spans of the "task" group (FECHAS, NORMALIZABLES).
    image = Image.open(shot).convert("RGB")
    on_screen = {rgb for _, rgb in image.getcolors(maxcolors=image.width * image.height)}
    for label in ("HOSPITAL", "FECHAS", "NORMALIZABLES"):
        assert tuple(bytes.fromhex(label_color(label)[1:])) in on_screen, label
