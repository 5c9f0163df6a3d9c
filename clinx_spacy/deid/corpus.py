"""`deidentify_corpus`: every document of a corpus de-identified, with the inputs, outputs,
workers, resume and fault isolation of `clinx annotate`. The protected spans come from a
pipeline (`doc.ents` or span groups, e.g. `es_clinx_ner`'s `meddocan`), from BRAT
annotations (`annotations`: a folder with an `.ann` per document, e.g. corrected by a
person), or from both; the output holds the new text, its replaced spans at their new
offsets, and no original. An optional audit file maps each original to its replacement."""

import functools
import json
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence, Type, Union

from spacy.tokens import Doc

from ..annotate.inputs import MAX_CHARS, Failure, Record, read_records
from ..annotate.run import AnnotationSummary, check_ray_model, run_corpus, span_groups
from ..annotate.writers import ENCODINGS, ENTS, WRITERS, Encoded, Encoder, JsonlWriter, Writer, output_format
from ..brat.conversion import brat_to_doc
from ..brat.model import BratDocument, BratSpan
from ..errors import InputError
from .deidentify import Deidentified, Phi, deidentify
from .policy import Policy, load_policy

PATIENT_FIELD = "patient_id"


class PhiAuditWarning(UserWarning):
    """The audit file holds the protected health information it maps."""


@dataclass(frozen=True)
class DeidEncoder(Encoder):
    """De-identifies an annotated document (its PHI: the spans of `sources` and the
    record's known spans), then encodes the new text for the writer; with `audit`, the
    payload is (encoded document, audit line)."""

    policy: Optional[Policy] = None
    key: Optional[str] = None
    audit: bool = False

    def __call__(self, record: Record, doc: Doc) -> Encoded:
        phi = [Phi(start, end, label) for start, end, label in record.spans]
        for source in self.sources:
            found = doc.ents if source == ENTS else doc.spans.get(source, ())
            phi.extend(Phi(span.start_char, span.end_char, span.label_) for span in found)
        result = self.deidentified(record, doc, phi)
        kept = [r for r in result.replacements if r.new_end > r.new_start]
        spans = [BratSpan(f"T{n}", r.label, ((r.new_start, r.new_end),), r.replacement) for n, r in enumerate(kept, 1)]
        new_doc, _ = brat_to_doc(tokenizer_pipeline(), BratDocument(record.id, result.text, spans))
        payload = ENCODINGS[self.output_format](record, new_doc, (ENTS,))
        labels = tuple(r.label for r in result.replacements)
        if not self.audit:
            return Encoded(payload, len(new_doc), labels)
        entry = {
            "id": record.id,
            "date_shift_days": result.date_shift_days,
            "replacements": [r.to_dict() for r in result.replacements],
        }
        return Encoded((payload, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf8")), len(new_doc), labels)

    def deidentified(self, record: Record, doc: Doc, phi: List[Phi]) -> Deidentified:
        """The record's text with `phi` replaced."""
        return deidentify(record.text, phi, self.policy, key=self.key, patient=self.patient(record))

    @staticmethod
    def patient(record: Record) -> str:
        """Whose dates move together under a key: the record's `patient_id`, else the document."""
        return str(record.meta.get(PATIENT_FIELD, record.id))


@functools.lru_cache(maxsize=1)
def tokenizer_pipeline():
    from ..tokenizer import make_clinical_nlp

    return make_clinical_nlp("es")


class AuditedWriter(Writer):
    """The de-identified output and, beside it, the audit file (JSONL), both resumable:
    a document's audit line is written before the document, and never twice."""

    def __init__(self, output: Writer, audit: JsonlWriter) -> None:
        self.inner, self.audit = output, audit

    def __enter__(self) -> "AuditedWriter":
        self.audit.__enter__()
        self.inner.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self.inner.__exit__(*exc_info)
        finally:
            self.audit.__exit__(*exc_info)

    @property
    def done(self):  # type: ignore[override]
        return self.inner.done

    def write(self, record: Record, payload: Any) -> None:
        document, audit_line = payload
        if record.id not in self.audit.done:
            self.audit.write(record, audit_line)
        self.inner.write(record, document)

    def finish(self, summary: dict) -> Path:
        self.audit.finish(summary)
        return self.inner.finish(summary)


def deidentify_corpus(
    model: Optional[Union[str, Path, Any]],
    input_path: Union[str, Path],
    output: Union[str, Path],
    *,
    annotations: Optional[Union[str, Path]] = None,
    spans_keys: Sequence[str] = (),
    policy: Optional[Union[str, Path, Policy]] = None,
    key: Optional[str] = None,
    audit: Optional[Union[str, Path]] = None,
    output_format_name: Optional[str] = None,
    batch_size: int = 32,
    n_process: int = 1,
    recursive: bool = False,
    glob: Optional[str] = None,
    max_chars: int = MAX_CHARS,
    strict: bool = False,
    resume: bool = False,
    overwrite: bool = False,
    ray_address: Optional[str] = None,
    ray_actors: int = 2,
    encoder_class: Type[DeidEncoder] = DeidEncoder,
) -> AnnotationSummary:
    """De-identify every document of `input_path` (as `clinx annotate` reads it) into
    `output`. PHI: `doc.ents` of the pipeline `model` (or, with `spans_keys`, those span
    groups instead), and the spans of `annotations/<id>.ann`; `model=None` takes the
    annotations alone. `policy`: a policy file or `Policy` (default: the shipped one).
    `key`: one secret for the corpus, so that a string gets the same surrogate (and a
    patient, the JSONL field `patient_id`, the same date offset) in every document.
    `audit`: a JSONL file of every original span, its replacement and new offsets: it
    holds PHI, keep it where the originals are kept. `encoder_class`: how each document
    is de-identified (`presidio.PresidioDeidEncoder`: with Presidio)."""
    from ..util import load_pipeline

    if model is None and annotations is None:
        raise InputError("give a pipeline, --annotations, or both: there is nothing to find the PHI with")
    if model is None and ray_address is not None:
        raise InputError("Ray actors run a pipeline: give one, or de-identify from annotations without --ray")
    check_ray_model(model, ray_address)
    format_name = output_format(output, output_format_name)
    writer: Writer = WRITERS[format_name](Path(output), overwrite=overwrite, resume=resume)
    if audit is not None:
        warnings.warn(
            f"{audit} holds the original PHI beside its replacements: protect it as the originals",
            PhiAuditWarning,
            stacklevel=2,
        )
        writer = AuditedWriter(writer, JsonlWriter(Path(audit), overwrite=overwrite, resume=resume))
    nlp = tokenizer_pipeline() if model is None else model if hasattr(model, "pipe") else load_pipeline(model)
    sources = () if model is None else tuple(span_groups(nlp, spans_keys)) if spans_keys else (ENTS,)
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    encoder = encoder_class(format_name, sources, policy=policy, key=key, audit=audit is not None)
    summary = AnnotationSummary()
    records = read_records(
        input_path, summary.failures, recursive=recursive, glob=glob, max_chars=max_chars, vocab=nlp.vocab
    )
    if annotations is not None:
        records = with_annotations(records, Path(annotations), summary.failures, required=model is None)
    ray = None if ray_address is None else (ray_address, str(model), ray_actors)
    run_corpus(
        nlp, records, writer, encoder, summary, batch_size=batch_size, n_process=n_process, strict=strict, ray=ray,
        description=f"De-identifying {input_path}",
    )  # fmt: skip
    return summary


def with_annotations(
    records: Iterator[Record], folder: Path, failures: List[Failure], *, required: bool
) -> Iterator[Record]:
    """Each record with the spans of the BRAT document `folder/<id>` (its `.txt` must be
    the record's text). A document whose annotations cannot be read, or that has none when
    they are `required`, is reported in `failures` and left out."""
    from ..brat.reader import read_brat_document

    for record in records:
        ann_path, txt_path = folder / f"{record.id}.ann", folder / f"{record.id}.txt"
        if not ann_path.is_file():
            if required:
                failures.append(Failure(str(ann_path), "no annotations (and no pipeline to find the PHI)"))
            else:
                yield record
            continue
        try:
            if not txt_path.is_file():
                raise InputError(f"no {txt_path.name} beside it: give the BRAT folder with its texts")
            brat_doc = read_brat_document(txt_path)
            if brat_doc.text != record.text:
                raise InputError(f"its text {txt_path} is not the text of {record.source}")
        except InputError as error:
            failures.append(Failure(str(ann_path), str(error)))
            continue
        spans = tuple((start, end, span.label) for span in brat_doc.spans for start, end in span.fragments)
        yield replace(record, spans=spans)
