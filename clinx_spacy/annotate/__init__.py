"""Corpus-scale annotation: documents in (a folder, JSONL, `.spacy`), predictions out
(BRAT, JSONL, `.spacy`), streamed, resumable and whole."""

from .inputs import Failure, Record, read_records
from .run import AnnotationSummary, annotate
from .writers import FORMATS, doc_record

__all__ = ["FORMATS", "AnnotationSummary", "Failure", "Record", "annotate", "doc_record", "read_records"]
