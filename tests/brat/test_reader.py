from pathlib import Path

import pytest
from conftest import RICH_TEXT, offsets, t_line, write_brat

from clinx_spacy.brat import BratFormatError, BratReadReport, find_brat_folders, read_brat_document, read_brat_folder

TEXT = "Paciente de 45 años con dolor torácico.\n"


def read_lenient(path: Path, **kwargs):
    report = BratReadReport()
    return read_brat_document(path, strict=False, report=report, **kwargs), report


def test_read_rich_document(rich_folder: Path):
    doc = read_brat_document(rich_folder / "rich.txt")
    assert doc.doc_id == "rich"
    assert doc.text == RICH_TEXT and doc.text[0] == "\ufeff"
    assert [s.id for s in doc.spans] == [f"T{i}" for i in range(1, 9)]
    by_id = {s.id: s for s in doc.spans}
    # The BOM is character 0: offsets count it.
    h = RICH_TEXT.index("Sexo: H") + len("Sexo: ")
    assert by_id["T1"].fragments == ((h, h + 1),)
    assert doc.text[by_id["T1"].start : by_id["T1"].end] == "H"
    assert doc.text[by_id["T4"].start : by_id["T4"].end] == "ácido fólico"
    t7 = by_id["T7"]
    assert t7.is_discontinuous and t7.text == "cáncer de mama derecha"
    assert t7.start == offsets(RICH_TEXT, "cáncer")[0]
    assert t7.end == offsets(RICH_TEXT, "derecha")[1]
    assert not by_id["T8"].is_discontinuous
    notes = by_id["T3"].notes
    assert [(n.id, n.text) for n in notes] == [("#1", "387381009"), ("#3", "segunda nota\tcon tabulador")]
    assert [(a.id, a.name, a.target, a.value) for a in doc.attributes] == [("A1", "Negation", "T5", None)]
    assert [(r.id, r.type, r.args) for r in doc.relations] == [("R1", "Dosis", (("Arg1", "T3"), ("Arg2", "T6")))]
    assert doc.relations[0].arg("Arg2") == "T6" and doc.relations[0].arg("Arg3") is None
    kept = [line.text for line in doc.other_lines]
    assert kept == [
        "#2\tAnnotatorNotes R1\tnota de la relación",
        "E1\tTratamiento:T3 Dosis:T6",
        "N1\tReference T3 SNOMED:387381009\tmetotrexato",
        "*\tEquiv T4 T5",
    ]
    assert doc.skipped_lines == []


def test_txt_without_ann_is_a_document_without_annotations(rich_folder: Path):
    doc = read_brat_document(rich_folder / "plain")
    assert doc.spans == [] and doc.ann_path is None


def test_read_folder(rich_folder: Path):
    report = BratReadReport()
    docs = list(read_brat_folder(rich_folder, report=report))
    assert [d.doc_id for d in docs] == ["empty", "plain", "rich"]
    assert [str(p) for p in report.warnings] == [f"{rich_folder / 'empty.txt'}: empty document"]
    assert report.errors == []
    assert find_brat_folders(rich_folder.parent) == [rich_folder]


def test_ann_without_txt(tmp_path: Path):
    write_brat(tmp_path, "good", TEXT, [])
    (tmp_path / "orphan.ann").write_text("T1\tX 0 8\tPaciente\n", encoding="utf-8")
    message = r"orphan\.ann: annotation file without text file orphan\.txt"
    with pytest.raises(BratFormatError, match=message):
        list(read_brat_folder(tmp_path))
    report = BratReadReport()
    docs = list(read_brat_folder(tmp_path, strict=False, report=report))
    assert [d.doc_id for d in docs] == ["good"]
    assert [p.message for p in report.errors] == ["annotation file without text file orphan.txt"]


@pytest.mark.parametrize(
    "line,message,offset",
    [
        ("T1\tX 30 45\tdolor torácico.\n", r"offsets 30 45 past end of text \(40 chara", 30),
        ("T1\tX 0 8\tpaciente", r"span text 'paciente' does not match document text 'Paciente' at 0 8", 0),
        ("T1\tX 5 5\t", "empty or reversed fragment 5 5", 5),
        ("T1\tX 0 8", r"malformed T line: expected ID<TAB>LABEL START END\[;START END\]\*<TAB>TEXT", None),
        ("T1\tX 0 x\tPaciente", "malformed T line", None),
        ("T1 X 0 8 Paciente", r"malformed line: expected ID<TAB>\.\.\.", None),
        ("Q1\tX 0 8\tPaciente", "malformed line: unknown annotation type 'Q1'", None),
        ("#1\tAnnotatorNotes T9", "malformed line: expected #ID<TAB>AnnotatorNotes TARGET<TAB>NOTE", None),
        ("#1\tAnnotatorNotes T9\tnota", "AnnotatorNotes refers to unknown id 'T9'", None),
    ],
)
def test_bad_lines(tmp_path: Path, line: str, message: str, offset):
    good = t_line("T2", "X", TEXT, offsets(TEXT, "dolor"))
    write_brat(tmp_path, "doc", TEXT, [good, line.rstrip("\n")])
    location = "doc.ann:2:" + ("" if offset is None else f" offset {offset}:")
    with pytest.raises(BratFormatError, match=rf"{location} {message}") as err:
        read_brat_document(tmp_path / "doc.txt")
    assert err.value.line == 2 and err.value.offset == offset
    assert err.value.path == str(tmp_path / "doc.ann")
    # Lenient: the bad line is skipped (and kept verbatim), nothing else is lost.
    doc, report = read_lenient(tmp_path / "doc.txt")
    assert [s.id for s in doc.spans] == ["T2"]
    assert [line.text for line in doc.skipped_lines] == [line.rstrip("\n")]
    assert [str(p) for p in report.errors] == [str(err.value)]


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path):
    data = "Línea uno.\nDolor en él".encode() + b"\xff resto\n"
    write_brat(tmp_path, "bad", data, [])
    byte_offset = data.index(b"\xff")
    with pytest.raises(BratFormatError) as err:
        read_brat_document(tmp_path / "bad.txt")
    assert str(err.value) == (
        f"{tmp_path / 'bad.txt'}:2: offset {len('Línea uno.' + chr(10) + 'Dolor en él')}: "
        f"invalid UTF-8: byte 0xff at byte offset {byte_offset}"
    )
    doc, report = read_lenient(tmp_path / "bad.txt")
    assert doc is None and [p.line for p in report.errors] == [2]


def test_invalid_utf8_in_ann(tmp_path: Path):
    ann = b"T1\tX 0 8\tPaciente\nT2\tX 9 11\t\xe9\n"
    write_brat(tmp_path, "bad", TEXT, ann)
    at = ann.index(b"\xe9")
    message = rf"bad\.ann:2: offset {at}: invalid UTF-8: byte 0xe9 at byte offset {at}"
    with pytest.raises(BratFormatError, match=message):
        read_brat_document(tmp_path / "bad.txt")


def test_empty_document_is_allowed_but_reported(tmp_path: Path):
    write_brat(tmp_path, "empty", "", [])
    doc, report = read_lenient(tmp_path / "empty.txt")
    assert doc.text == "" and report.errors == []
    assert [p.message for p in report.warnings] == ["empty document"]
    assert read_brat_document(tmp_path / "empty.txt").text == ""  # strict does not raise


def test_huge_document(tmp_path: Path):
    text = "Paciente con fiebre y tos. " * 80_000  # ~2 MB
    start = len(text) - len("tos. ")
    write_brat(tmp_path, "huge", text, [f"T1\tSINTOMA {start} {start + 3}\ttos"])
    doc, report = read_lenient(tmp_path / "huge.txt")
    assert len(doc.spans) == 1 and doc.spans[0].end == len(text) - 2
    assert [p.message for p in report.warnings] == [f"huge document: {len(text)} characters"]


def test_labels_not_allowed(tmp_path: Path):
    lines = [t_line("T1", "SINTOMA", TEXT, (24, 29)), t_line("T2", "EDAD", TEXT, (12, 19))]
    write_brat(tmp_path, "doc", TEXT, lines)
    message = r"doc\.ann:2: offset 12: label 'EDAD' not in allowed labels \['SINTOMA'\]"
    with pytest.raises(BratFormatError, match=message):
        read_brat_document(tmp_path / "doc", labels=["SINTOMA"])
    doc, report = read_lenient(tmp_path / "doc", labels=["SINTOMA"])
    assert [s.label for s in doc.spans] == ["SINTOMA"]
    assert len(report.errors) == 1


def test_duplicate_ids(tmp_path: Path):
    lines = [t_line("T1", "X", TEXT, (0, 8)), t_line("T1", "X", TEXT, (24, 29))]
    write_brat(tmp_path, "doc", TEXT, lines)
    with pytest.raises(BratFormatError, match=r"doc\.ann:2: duplicate id T1 \(first on line 1\)"):
        read_brat_document(tmp_path / "doc.txt")
    doc, report = read_lenient(tmp_path / "doc.txt")
    assert [(s.id, s.text) for s in doc.spans] == [("T1", "Paciente")]


def test_note_of_skipped_span_stays_with_it(tmp_path: Path):
    lines = ["T1\tX 0 8\tpaciente", "#1\tAnnotatorNotes T1\tC0030705"]
    write_brat(tmp_path, "doc", TEXT, lines)
    doc, report = read_lenient(tmp_path / "doc.txt")
    assert doc.spans == [] and [line.text for line in doc.skipped_lines] == lines
    assert len(report.errors) == 1


def test_crlf_and_bom_in_ann(tmp_path: Path):
    ann = "\ufeffT1\tX 0 8\tPaciente\r\n\r\nA1\tNegation T1\r\n".encode("utf-8")
    write_brat(tmp_path, "doc", TEXT, ann)
    doc = read_brat_document(tmp_path / "doc.txt")
    assert [s.text for s in doc.spans] == ["Paciente"]
    assert [(a.name, a.target, a.line) for a in doc.attributes] == [("Negation", "T1", 3)]


def test_missing_document(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        read_brat_document(tmp_path / "nothing")
    with pytest.raises(FileNotFoundError, match="nothing: no such folder"):
        list(read_brat_folder(tmp_path / "nothing"))


def test_relations_and_attributes_are_checked_once_every_id_is_known(tmp_path: Path):
    lines = [
        "R1\tScope Arg1:T1 Arg2:T2",  # before the spans it links
        "T1\tNegSynMarker 20 23\tcon",
        "T2\tDISO 24 29\tdolor",
        "A1\tSeverity T2 alta",
        "R2\tScope Arg1:T1 Arg2:T9",
        "A2\tNegated T9",
        "R3\tScope Arg1:T1",
        "#1\tAnnotatorNotes R2\tsobre una relación omitida",
    ]
    write_brat(tmp_path, "doc", TEXT, lines)
    doc, report = read_lenient(tmp_path / "doc.txt")
    assert [(r.id, r.args) for r in doc.relations] == [("R1", (("Arg1", "T1"), ("Arg2", "T2")))]
    assert [(a.id, a.value) for a in doc.attributes] == [("A1", "alta")]
    assert [str(p).split(": ", 1)[1] for p in report.errors] == [
        "malformed R line: expected ID<TAB>TYPE ROLE:ID ROLE:ID",
        "R2 refers to unknown id 'T9'",
        "A2 refers to unknown id 'T9'",
    ]
    assert [p.line for p in report.errors] == [7, 5, 6]
    # The note of a skipped relation stays with it, for the round trip.
    assert [line.line for line in doc.skipped_lines] == [5, 6, 7, 8]
    write_brat(tmp_path, "doc", TEXT, lines[:5])
    with pytest.raises(BratFormatError, match=r"doc.ann:5: R2 refers to unknown id 'T9'"):
        read_brat_document(tmp_path / "doc.txt")


def test_relation_to_a_skipped_span_is_kept_with_it(tmp_path: Path):
    lines = ["T1\tNegSynMarker 0 3\tsin", "T2\tDISO 24 29\tdolor", "R1\tScope Arg1:T1 Arg2:T2"]
    write_brat(tmp_path, "doc", TEXT, lines)
    doc, report = read_lenient(tmp_path / "doc.txt")
    assert [s.id for s in doc.spans] == ["T2"] and doc.relations == []
    assert [line.text for line in doc.skipped_lines] == [lines[0], lines[2]]
    assert len(report.errors) == 1
