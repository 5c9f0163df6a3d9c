"""Lossless BRAT standoff data layer: model, reader, writer, Doc conversion."""

from .conversion import (
    BRAT_KEY,
    GOLD_KEY,
    ConversionReport,
    DocReport,
    brat_folder_to_docbin,
    brat_to_doc,
    count_unaligned,
    doc_to_brat,
    docbin_to_brat_folder,
    load_gold_docs,
    make_doc,
)
from .model import BratDocument, BratFormatError, BratLine, BratNote, BratProblem, BratSpan
from .reader import (
    BratReadReport,
    find_brat_folders,
    read_brat_document,
    read_brat_folder,
)
from .writer import ann_lines, write_brat_document

__all__ = [
    "BRAT_KEY",
    "GOLD_KEY",
    "BratDocument",
    "BratFormatError",
    "BratLine",
    "BratNote",
    "BratProblem",
    "BratReadReport",
    "BratSpan",
    "ConversionReport",
    "DocReport",
    "ann_lines",
    "brat_folder_to_docbin",
    "brat_to_doc",
    "count_unaligned",
    "doc_to_brat",
    "docbin_to_brat_folder",
    "find_brat_folders",
    "load_gold_docs",
    "make_doc",
    "read_brat_document",
    "read_brat_folder",
    "write_brat_document",
]
