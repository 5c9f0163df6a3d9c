"""Pretraining text: one document per line, read with optional caps."""

from pathlib import Path
from typing import List, Optional

from ..errors import InputError


def read_documents(path: Path, *, max_docs: Optional[int] = None, max_chars: Optional[int] = None) -> List[str]:
    """Read non-empty lines of a UTF-8 text file as documents.

    max_docs / max_chars cap how much is read (the document that crosses
    max_chars is kept whole), so small profiles stay fast.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Pretraining text not found: {path}")
    docs: List[str] = []
    n_chars = 0
    with path.open("rb") as file_:
        for line_no, raw in enumerate(file_, start=1):
            try:
                text = raw.decode("utf8").strip()
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{path}:{line_no}: invalid UTF-8 at byte offset {err.start} of the line ({err.reason})"
                ) from None
            if not text:
                continue
            docs.append(text)
            n_chars += len(text)
            if (max_docs is not None and len(docs) >= max_docs) or (max_chars is not None and n_chars >= max_chars):
                break
    if not docs:
        raise InputError(f"{path}: no documents (the file has no non-empty line)")
    return docs
