"""Small BRAT fixtures written into tmp_path (invented Spanish clinical text)."""

from pathlib import Path
from typing import List, Sequence, Tuple, Union

import pytest

# BOM, \r\n, NBSP and an astral character before most spans.
RICH_TEXT = (
    "\ufeffMotivo: varón de 45 años.\r\n"
    "Sexo: H.\r\n"
    "NHC: nhc-150679.\r\n"
    "Tratamiento:\u00a05mg/kg de metotrexato \U0001f48a y ácido fólico.\r\n"
    "Antecedentes: cáncer de mama izquierda y derecha.\n"
)


def offsets(text: str, needle: str, occurrence: int = 0) -> Tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def t_line(ann_id: str, label: str, text: str, *fragments: Tuple[int, int]) -> str:
    spans = ";".join(f"{s} {e}" for s, e in fragments)
    return f"{ann_id}\t{label} {spans}\t{' '.join(text[s:e] for s, e in fragments)}"


def rich_ann_lines(text: str = RICH_TEXT) -> List[str]:
    cancer = offsets(text, "cáncer de mama")
    return [
        t_line("T1", "SEXO", text, offsets(text, "H")),
        t_line("T2", "ID", text, offsets(text, "150679")),
        t_line("T3", "FARMACO", text, offsets(text, "metotrexato")),
        "#1\tAnnotatorNotes T3\t387381009",
        t_line("T4", "FARMACO", text, offsets(text, "ácido fólico")),
        t_line("T5", "FARMACO", text, offsets(text, "ácido")),  # nested in T4
        t_line("T6", "DOSIS", text, offsets(text, "5mg/kg")),
        t_line("T7", "CANCER", text, cancer, offsets(text, "derecha")),  # discontinuous
        t_line("T8", "CANCER", text, cancer),  # overlaps T7's first fragment
        "A1\tNegation T5",
        "R1\tDosis Arg1:T3 Arg2:T6",
        "#2\tAnnotatorNotes R1\tnota de la relación",
        "E1\tTratamiento:T3 Dosis:T6",
        "N1\tReference T3 SNOMED:387381009\tmetotrexato",
        "#3\tAnnotatorNotes T3\tsegunda nota\tcon tabulador",
        "*\tEquiv T4 T5",
    ]


def write_brat(folder: Path, doc_id: str, text: Union[str, bytes], ann: Union[Sequence[str], bytes, None] = ()) -> Path:
    """Write `<doc_id>.txt` and (unless `ann` is None) `<doc_id>.ann`."""
    folder.mkdir(parents=True, exist_ok=True)
    txt_path = folder / f"{doc_id}.txt"
    txt_path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if ann is not None:
        data = ann if isinstance(ann, bytes) else "".join(f"{line}\n" for line in ann).encode("utf-8")
        (folder / f"{doc_id}.ann").write_bytes(data)
    return txt_path


@pytest.fixture
def rich_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "brat"
    write_brat(folder, "rich", RICH_TEXT, rich_ann_lines())
    write_brat(folder, "plain", "Paciente sin antecedentes de interés.\n", ann=None)
    write_brat(folder, "empty", "", [])
    return folder
