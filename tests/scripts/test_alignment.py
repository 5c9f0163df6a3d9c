"""scripts/benchmarking/alignment.py: gold spans a tokenizer cannot represent."""

from pathlib import Path

import pytest
import spacy

from clinx_spacy.tokenizer import make_clinical_nlp

from benchmarking.alignment import measure_alignment

CORPORA = Path(__file__).parents[3] / "shared" / "corpora"


@pytest.fixture(scope="module")
def nlp():
    return make_clinical_nlp()


def test_measure_alignment(tmp_path: Path, nlp):
    folder = tmp_path / "tarea" / "train"
    folder.mkdir(parents=True)
    text = "Sexo: H. NHC: nhc-150679. Dosis: 5mg/kg de metotrexato."
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.ann").write_text(
        "T1\tSEXO 6 7\tH\nT2\tID 18 24\t150679\nT3\tFARMACO 43 54\tmetotrexato\n", encoding="utf-8"
    )
    stock = measure_alignment(spacy.blank("es"), [folder])["tarea/train"]
    clinical = measure_alignment(nlp, [folder])["tarea/train"]
    assert (stock.documents, stock.spans, stock.boundaries) == (1, 3, 6)
    assert (stock.unaligned_spans, stock.unaligned_boundaries) == (2, 2)
    assert (clinical.unaligned_spans, clinical.span_rate, clinical.boundary_rate) == (0, 0.0, 0.0)


def test_meddocan_alignment(nlp):
    folder = CORPORA / "meddocan" / "dev"
    if not folder.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    stock = measure_alignment(spacy.blank("es"), [folder])["meddocan/dev"]
    clinical = measure_alignment(nlp, [folder])["meddocan/dev"]
    assert stock.span_rate > 0.05  # "H.", "nhc-150679", "CP:28029"...
    assert clinical.span_rate < 0.002
