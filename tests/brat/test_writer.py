from pathlib import Path

import pytest
from conftest import RICH_TEXT, write_brat

from clinx_spacy.brat import (
    BratAttribute,
    BratDocument,
    BratLine,
    BratNote,
    BratReadReport,
    BratRelation,
    BratSpan,
    ann_lines,
    read_brat_document,
    read_brat_folder,
    write_brat_document,
)


def assert_same_files(src: Path, dest: Path) -> None:
    names = sorted(p.name for p in src.iterdir())
    assert sorted(p.name for p in dest.iterdir()) == names
    for name in names:
        assert (dest / name).read_bytes() == (src / name).read_bytes(), name


def test_read_write_is_byte_identical(rich_folder: Path, tmp_path: Path):
    (rich_folder / "plain.ann").write_bytes(b"")  # written back as an empty .ann
    out = tmp_path / "out"
    for doc in read_brat_folder(rich_folder):
        write_brat_document(doc, out)
    assert_same_files(rich_folder, out)


def test_original_line_order_is_kept(tmp_path: Path):
    text = "Dolor abdominal y fiebre.\n"
    lines = [
        "#1\tAnnotatorNotes T2\tC0015967",
        "T2\tSINTOMA 18 24\tfiebre",
        "A1\tNegation T2",
        "T1\tSINTOMA 0 15\tDolor abdominal",
    ]
    write_brat(tmp_path / "in", "doc", text, lines)
    doc = read_brat_document(tmp_path / "in" / "doc.txt")
    assert ann_lines(doc) == lines


def test_skipped_lines_are_written_back(tmp_path: Path):
    text = "Dolor abdominal y fiebre.\n"
    lines = ["T1\tSINTOMA 0 15\tDolor abdominal", "T2\tSINTOMA 18 24\tFiebre", "T3\tX 0 5\tDolor"]
    write_brat(tmp_path / "in", "doc", text, lines)
    doc = read_brat_document(tmp_path / "in" / "doc.txt", strict=False, report=BratReadReport())
    assert [s.id for s in doc.spans] == ["T1", "T3"]
    write_brat_document(doc, tmp_path / "out")
    assert_same_files(tmp_path / "in", tmp_path / "out")


def test_new_document(tmp_path: Path):
    text = "\ufeffTumor \U0001f9ec de mama derecha."
    spans = [
        BratSpan("T1", "CANCER", ((1, 6), (9, 24)), "Tumor de mama derecha"),
        BratSpan("T2", "ORGANO", ((12, 16),), "mama", [BratNote("#1", "76752008")]),
    ]
    doc = BratDocument("nuevo", text, spans, [BratLine("A1\tNegation T2")])
    txt_path, ann_path = write_brat_document(doc, tmp_path)
    assert txt_path.read_bytes() == text.encode("utf-8")
    assert ann_path.read_text(encoding="utf-8") == (
        "T1\tCANCER 1 6;9 24\tTumor de mama derecha\n"
        "T2\tORGANO 12 16\tmama\n"
        "#1\tAnnotatorNotes T2\t76752008\n"
        "A1\tNegation T2\n"
    )
    assert read_brat_document(txt_path).spans == [
        BratSpan(s.id, s.label, s.fragments, s.text, [BratNote(n.id, n.text, 3) for n in s.notes], i)
        for i, s in enumerate(spans, start=1)
    ]


def test_text_only_document(tmp_path: Path):
    write_brat_document(BratDocument("vacio", RICH_TEXT), tmp_path)
    assert (tmp_path / "vacio.ann").read_bytes() == b""
    assert (tmp_path / "vacio.txt").read_bytes() == RICH_TEXT.encode("utf-8")


@pytest.mark.parametrize(
    "span",
    [
        BratSpan("T1", "HOSPITAL", ((0, 15),), "Hospital\nLa Paz"),
        BratSpan("T1", "HOSPITAL", ((0, 15),), "Hospital\rLa Paz"),
        BratSpan("T\t1", "HOSPITAL", ((0, 15),), "Hospital La Paz"),
        BratSpan("T1", "DOS PALABRAS", ((0, 8),), "Hospital"),
    ],
)
def test_the_writer_refuses_lines_that_would_corrupt_the_ann_file(span, tmp_path):
    doc = BratDocument("d", "Hospital\nLa Paz", [span])
    with pytest.raises(ValueError, match="would corrupt the .ann file"):
        write_brat_document(doc, tmp_path)
    assert not (tmp_path / "d.ann").exists()


@pytest.mark.parametrize(
    "relations,attributes",
    [
        ([BratRelation("R1", "Scope Wide", (("Arg1", "T1"), ("Arg2", "T1")))], []),
        ([BratRelation("R1", "Scope", (("Arg:1", "T1"), ("Arg2", "T1")))], []),
        ([], [BratAttribute("A1", "Negated", "T1", "muy alto")]),
        ([], [BratAttribute("A1", "", "T1")]),
    ],
)
def test_relations_and_attributes_that_would_corrupt_the_ann_file_are_refused(relations, attributes, tmp_path):
    span = BratSpan("T1", "HOSPITAL", ((0, 8),), "Hospital")
    doc = BratDocument("d", "Hospital", [span], relations=relations, attributes=attributes)
    with pytest.raises(ValueError, match="would corrupt the .ann file"):
        write_brat_document(doc, tmp_path)


def test_new_relations_and_attributes_follow_the_spans():
    spans = [BratSpan("T1", "NegSynMarker", ((0, 3),), "Sin"), BratSpan("T2", "DISO", ((4, 10),), "fiebre")]
    doc = BratDocument(
        "d",
        "Sin fiebre",
        spans,
        relations=[BratRelation("R1", "Scope", (("Arg1", "T1"), ("Arg2", "T2")))],
        attributes=[BratAttribute("A1", "Negated", "T2"), BratAttribute("A2", "SpanGroup", "T2", "nubes")],
    )
    assert ann_lines(doc)[2:] == ["R1\tScope Arg1:T1 Arg2:T2", "A1\tNegated T2", "A2\tSpanGroup T2 nubes"]


def test_nubes_relations_round_trip(tmp_path: Path):
    """Every NUBes dev file (cues, scopes and the Scope/DiscScope/DiscMarker relations that
    link them) reads into relations and writes back byte-identical."""
    from tiny_models import CORPORA

    folder = CORPORA / "nubes" / "dev"
    if not folder.is_dir():
        pytest.skip(f"NUBes not found at {folder}")
    docs = list(read_brat_folder(folder))
    assert sum(len(doc.relations) for doc in docs) > 1000
    assert {r.type for doc in docs for r in doc.relations} == {"Scope", "DiscScope", "DiscMarker"}
    assert all(doc.other_lines == [] for doc in docs)
    for doc in docs:
        write_brat_document(doc, tmp_path)
    assert_same_files(folder, tmp_path)
