"""Lossless BRAT standoff data layer: model, reader, writer, Doc conversion.

The names below load their module on first use, so that `keys`, `model` and `reader`
(plain Python) can be imported without spaCy, e.g. by the command line's help."""

from importlib import import_module
from typing import Any

_MODULES = {
    "conversion": (
        "ConversionReport",
        "DocReport",
        "brat_folder_to_docbin",
        "brat_to_doc",
        "doc_to_brat",
        "docbin_to_brat_folder",
        "load_gold_docs",
    ),
    "keys": ("BRAT_KEY", "ENTS_POLICIES", "GOLD_KEY"),
    "model": (
        "BratAttribute",
        "BratDocument",
        "BratFormatError",
        "BratLine",
        "BratNote",
        "BratProblem",
        "BratRelation",
        "BratSpan",
    ),
    "reader": ("BratReadReport", "find_brat_folders", "read_brat_document", "read_brat_folder"),
    "writer": ("ann_lines", "write_brat_document"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOME[name]}", __name__), name)
