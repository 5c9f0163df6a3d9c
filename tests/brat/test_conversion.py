from pathlib import Path

import pytest
import spacy
from conftest import RICH_TEXT, offsets, write_brat
from spacy.tokens import DocBin

from clinx_spacy.brat import (
    BRAT_KEY,
    GOLD_KEY,
    BratFormatError,
    brat_folder_to_docbin,
    brat_to_doc,
    doc_to_brat,
    docbin_to_brat_folder,
    find_brat_folders,
    load_gold_docs,
    read_brat_document,
)
from clinx_spacy.outputs import MANIFEST
from clinx_spacy.tokenizer import make_clinical_nlp
from clinx_spacy.util import read_json

from tiny_models import CORPORA


@pytest.fixture(scope="module")
def nlp():
    return make_clinical_nlp()


@pytest.fixture
def rich_doc(rich_folder: Path):
    return read_brat_document(rich_folder / "rich.txt")


def t_lines(folder: Path):
    return {
        p.name: [line for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("T")]
        for p in folder.glob("*.ann")
    }


def test_brat_to_doc(nlp, rich_doc):
    doc, report = brat_to_doc(nlp, rich_doc)
    assert doc.text == RICH_TEXT
    gold = doc.spans[GOLD_KEY]
    assert [(s.id_, s.label_, s.text) for s in gold] == [
        ("T1", "SEXO", "H"),
        ("T2", "ID", "150679"),
        ("T3", "FARMACO", "metotrexato"),
        ("T4", "FARMACO", "ácido fólico"),
        ("T5", "FARMACO", "ácido"),
        ("T6", "DOSIS", "5mg/kg"),
        ("T7", "CANCER", "cáncer de mama izquierda y derecha"),  # the extent
        ("T8", "CANCER", "cáncer de mama"),
    ]
    assert gold[2].kb_id_ == "387381009"  # the first note
    assert [s.id_ for s in doc.ents] == ["T1", "T2", "T6", "T3", "T4", "T8"]
    assert report.left_out == [("T5", "overlaps T4 (kept, policy outermost)"), ("T7", "discontinuous")]
    assert report.split == [] and report.trimmed == []
    assert report.labels == {"FARMACO": 3, "CANCER": 2, "SEXO": 1, "ID": 1, "DOSIS": 1}
    # Fragment boundaries are token boundaries too.
    start, _ = offsets(RICH_TEXT, "derecha")
    assert doc.char_span(start, start + len("derecha")) is not None
    assert doc.user_data[BRAT_KEY]["doc_id"] == "rich"
    assert doc_to_brat(doc) == rich_doc


def test_gold_boundaries_inside_tokens_split_them(rich_doc):
    doc, report = brat_to_doc(spacy.blank("es"), rich_doc)  # stock: "H." and "nhc-150679"
    assert report.split == ["T1", "T2"]
    assert [t.text for t in doc[8:12]] == ["Sexo", ":", "H", "."]
    assert [s.text for s in doc.spans[GOLD_KEY]][:2] == ["H", "150679"]
    assert not doc.has_annotation("DEP")


def test_innermost_policy_and_unknown_policy(nlp, rich_doc):
    doc, report = brat_to_doc(nlp, rich_doc, ents_policy="innermost")
    assert [s.id_ for s in doc.ents] == ["T1", "T2", "T6", "T3", "T5", "T8"]
    assert ("T4", "overlaps T5 (kept, policy innermost)") in report.left_out
    with pytest.raises(ValueError, match="ents_policy"):
        brat_to_doc(nlp, rich_doc, ents_policy="all")


def test_same_extent_and_edge_whitespace(nlp, tmp_path: Path):
    text = "Paciente con hipertensión arterial."
    lines = ["T1\tA 13 25\thipertensión", "T2\tB 13 25\thipertensión", "T3\tC 0 9\tPaciente ", "T4\tD 8 9\t "]
    write_brat(tmp_path, "doc", text, lines)
    doc, report = brat_to_doc(nlp, read_brat_document(tmp_path / "doc"))
    assert [(s.id_, s.text) for s in doc.spans[GOLD_KEY]] == [
        ("T1", "hipertensión"),
        ("T2", "hipertensión"),
        ("T3", "Paciente"),
    ]
    assert report.trimmed == [
        ("T3", "edge whitespace trimmed to 'Paciente'"),
        ("T4", "whitespace only: not in the Doc"),
    ]
    assert report.left_out == [("T2", "same extent as T1 (kept, policy outermost)"), ("T4", "whitespace only")]
    brat = doc_to_brat(doc)
    assert [s.text for s in brat.spans] == ["hipertensión", "hipertensión", "Paciente ", " "]


def test_doc_to_brat_from_ents(nlp):
    text = "Tratamiento con \U0001f48a metformina y \u00a0insulina."
    metformina, insulina = offsets(text, "metformina"), offsets(text, "insulina")
    doc = nlp.make_doc(text)
    doc.ents = [
        doc.char_span(*metformina, label="FARMACO", kb_id="109081006"),
        doc.char_span(*insulina, label="FARMACO"),
    ]
    brat = doc_to_brat(doc, doc_id="pred")
    assert brat.doc_id == "pred" and brat.text == doc.text
    assert [(s.id, s.label, s.fragments, s.text) for s in brat.spans] == [
        ("T1", "FARMACO", (metformina,), "metformina"),
        ("T2", "FARMACO", (insulina,), "insulina"),
    ]
    assert [(n.id, n.text) for n in brat.spans[0].notes] == [("#1", "109081006")]


def test_predictions_on_a_gold_doc_ignore_the_record(nlp, rich_doc):
    doc, _ = brat_to_doc(nlp, rich_doc)
    doc.ents = [doc.spans[GOLD_KEY][2]]
    brat = doc_to_brat(doc, use_record=False)
    assert brat.doc_id == "rich"
    assert [(s.id, s.text, s.notes[0].text) for s in brat.spans] == [("T1", "metotrexato", "387381009")]


def test_folder_round_trip(nlp, rich_folder: Path, tmp_path: Path):
    spacy_path = tmp_path / "corpus" / "train.spacy"
    report = brat_folder_to_docbin(rich_folder, spacy_path, nlp)
    assert report.documents == 3
    assert report.spans_per_label == {"FARMACO": 3, "CANCER": 2, "SEXO": 1, "ID": 1, "DOSIS": 1}
    assert report.left_out == [("rich", "T5", "overlaps T4 (kept, policy outermost)"), ("rich", "T7", "discontinuous")]
    assert [p.message for p in report.warnings] == ["empty document"]
    text = report.format()
    assert "Documents: 3" in text and "Spans: 8\n  CANCER: 2\n  DOSIS: 1\n  FARMACO: 3\n  ID: 1\n  SEXO: 1\n" in text
    assert "  rich T5: overlaps T4 (kept, policy outermost)" in text
    assert report.to_dict()["left_out"][1] == ["rich", "T7", "discontinuous"]
    out = tmp_path / "out"
    back = docbin_to_brat_folder(spacy_path, out, nlp)
    assert back.documents == 3 and back.spans_per_label == report.spans_per_label
    for name in ["rich.txt", "rich.ann", "plain.txt", "empty.txt", "empty.ann"]:
        assert (out / name).read_bytes() == (rich_folder / name).read_bytes()
    assert (out / "plain.ann").read_bytes() == b""


def test_lenient_folder_conversion(nlp, tmp_path: Path):
    text = "Fiebre alta."
    write_brat(tmp_path / "in", "doc", text, ["T1\tSINTOMA 0 6\tFiebre", "T2\tSINTOMA 0 5\tFiebre"])
    with pytest.raises(BratFormatError, match=r"doc\.ann:2: offset 0: span text"):
        brat_folder_to_docbin(tmp_path / "in", tmp_path / "x.spacy", nlp)
    report = brat_folder_to_docbin(tmp_path / "in", tmp_path / "x.spacy", nlp, strict=False)
    assert len(report.errors) == 1 and report.spans_per_label == {"SINTOMA": 1}
    assert "Errors: 1\n  " in report.format()
    docbin_to_brat_folder(tmp_path / "x.spacy", tmp_path / "out", nlp)
    assert (tmp_path / "out" / "doc.ann").read_bytes() == (tmp_path / "in" / "doc.ann").read_bytes()


def test_docbin_without_records(nlp, tmp_path: Path):
    docbin = DocBin()
    for text in ["Dolor torácico.", "Dolor torácico."]:
        doc = nlp.make_doc(text)
        doc.ents = [doc.char_span(0, 5, label="SINTOMA")]
        docbin.add(doc)
    docbin.to_disk(tmp_path / "pred.spacy")
    report = docbin_to_brat_folder(tmp_path / "pred.spacy", tmp_path / "out", nlp)
    names = [MANIFEST, "doc00000.ann", "doc00000.txt", "doc00001.ann", "doc00001.txt"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names
    assert read_json(tmp_path / "out" / MANIFEST)["files"] == names[1:]
    assert (tmp_path / "out" / "doc00001.ann").read_text() == "T1\tSINTOMA 0 5\tDolor\n"
    assert report.documents == 2
    docs = list(load_gold_docs(tmp_path / "pred.spacy", nlp))
    assert [[s.text for s in d.spans[GOLD_KEY]] for d in docs] == [["Dolor"], ["Dolor"]]


def test_load_gold_docs(nlp, rich_folder: Path, tmp_path: Path):
    from_folder = list(load_gold_docs(rich_folder, nlp))
    brat_folder_to_docbin(rich_folder, tmp_path / "gold.spacy", nlp)
    from_docbin = list(load_gold_docs(tmp_path / "gold.spacy", nlp))
    for docs in (from_folder, from_docbin):
        assert [doc_to_brat(d).doc_id for d in docs] == ["empty", "plain", "rich"]
        assert len(docs[2].spans[GOLD_KEY]) == 8
    filtered = list(load_gold_docs(tmp_path / "gold.spacy", nlp, labels=["CANCER"]))
    assert [s.id_ for s in filtered[2].spans[GOLD_KEY]] == ["T7", "T8"]
    assert [s.id_ for s in filtered[2].ents] == ["T8"]
    with pytest.raises(BratFormatError, match="not in allowed labels"):
        list(load_gold_docs(rich_folder, nlp, labels=["CANCER"]))


def test_shared_corpora_round_trip(nlp, tmp_path: Path):
    """Every train/dev corpus: BRAT -> .spacy -> BRAT loses or changes no T
    line and keeps the .txt bytes (lenient: PharmaCoNER has 5 bad offsets)."""
    folders = find_brat_folders(CORPORA) if CORPORA.is_dir() else []
    folders = [folder for folder in folders if folder.name in ("train", "dev")]
    if not folders:
        pytest.skip(f"shared corpora not found at {CORPORA}")
    summary = []
    for folder in folders:
        name = f"{folder.parent.name}/{folder.name}"
        spacy_path = tmp_path / f"{folder.parent.name}_{folder.name}.spacy"
        report = brat_folder_to_docbin(folder, spacy_path, nlp, strict=False)
        out = tmp_path / folder.parent.name / folder.name
        docbin_to_brat_folder(spacy_path, out, nlp)
        for txt in folder.glob("*.txt"):
            assert (out / txt.name).read_bytes() == txt.read_bytes(), txt
        assert t_lines(out) == t_lines(folder), name
        summary.append(
            f"{name:22s} docs {report.documents:4d}  "
            f"spans {sum(report.spans_per_label.values()):6d}  "
            f"split {len(report.split):3d}  trimmed {len(report.trimmed)}  "
            f"not in ents {len(report.left_out):3d}  errors {len(report.errors)}  "
            f"warnings {len(report.warnings)}"
        )
    print("\n" + "\n".join(summary))
