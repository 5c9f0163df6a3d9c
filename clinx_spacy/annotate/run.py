"""`annotate`: a pipeline over a whole corpus, streamed (memory does not grow with the
corpus), with a progress bar, fault isolation, resumable and whole outputs, and a summary."""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from tqdm import tqdm

from ..errors import InputError
from .inputs import MAX_CHARS, Failure, Record, read_records
from .processes import annotate_in_process, annotate_in_processes
from .writers import ENTS, WRITERS, Encoder, Writer, output_format


@dataclass
class AnnotationSummary:
    """What a run did: documents annotated (and skipped as already written when resuming),
    entities per label, words and seconds, and the documents that failed."""

    documents: int = 0
    resumed: int = 0
    words: int = 0
    seconds: float = 0.0
    entities: Counter = field(default_factory=Counter)
    failures: List[Failure] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def to_dict(self) -> Dict[str, Any]:
        return {
            "documents": self.documents,
            "resumed": self.resumed,
            "words": self.words,
            "seconds": round(self.seconds, 2),
            "words_per_second": round(self.words_per_second, 1),
            "entities_per_label": dict(sorted(self.entities.items())),
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
        }

    def format(self) -> str:
        lines = [
            f"Documents annotated: {self.documents}"
            + (f" (+{self.resumed} from the interrupted run)" if self.resumed else ""),
            f"Words: {self.words} in {self.seconds:.1f} s ({self.words_per_second:.0f} words/s)",
            f"Entities: {sum(self.entities.values())}",
            *(f"  {label}: {n}" for label, n in sorted(self.entities.items())),
            f"Failed: {len(self.failures)}",
            *(f"  {failure}" for failure in self.failures),
        ]
        return "\n".join(lines)


def annotate(
    model: Union[str, Path, Any],
    input_path: Union[str, Path],
    output: Union[str, Path],
    *,
    output_format_name: Optional[str] = None,
    spans_keys: Sequence[str] = (),
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
) -> AnnotationSummary:
    """Annotate every document of `input_path` with the pipeline `model` (a name, a path
    or a loaded `Language`) and write them to `output` (see `writers`): `doc.ents` and the
    span groups `spans_keys` (`["all"]`: every group the pipeline's components write).
    A document that cannot be read is reported in the summary and skipped (`strict`: an
    InputError instead); `resume` continues an interrupted run's output. With
    `ray_address` (`"local"`, or `ray://<head>:10001`) the documents are annotated by
    `ray_actors` Ray actors instead (see `ray_backend`), to the same outputs."""
    from ..util import load_pipeline

    check_ray_model(model, ray_address)
    format_name = output_format(output, output_format_name)
    writer = WRITERS[format_name](Path(output), overwrite=overwrite, resume=resume)  # checks the output first
    nlp = model if hasattr(model, "pipe") else load_pipeline(model)
    encoder = Encoder(format_name, (ENTS, *span_groups(nlp, spans_keys)))
    summary = AnnotationSummary()
    records = read_records(
        input_path, summary.failures, recursive=recursive, glob=glob, max_chars=max_chars, vocab=nlp.vocab
    )
    ray = None if ray_address is None else (ray_address, str(model), ray_actors)
    run_corpus(
        nlp, records, writer, encoder, summary, batch_size=batch_size, n_process=n_process, strict=strict, ray=ray,
        description=f"Annotating {input_path}",
    )  # fmt: skip
    return summary


def check_ray_model(model: Any, ray_address: Optional[str]) -> None:
    if ray_address is not None and hasattr(model, "pipe"):
        raise InputError(
            "Ray actors load the pipeline themselves: give its package name or path, not a loaded pipeline"
        )


def run_corpus(
    nlp: Any,
    records: Iterator[Record],
    writer: Writer,
    encoder: Encoder,
    summary: AnnotationSummary,
    *,
    batch_size: int,
    n_process: int = 1,
    strict: bool = False,
    ray: Optional[Tuple[str, str, int]] = None,
    description: str = "Annotating",
) -> None:
    """Run `nlp` over `records` (here, in `n_process` workers, or on Ray given `ray` =
    (address, model, actors)), encode each document with `encoder` where it was annotated,
    and write it with `writer`, counting into `summary`; the output is committed when all
    are written."""
    with writer:
        todo = _not_done(records, writer.done, summary, strict)
        started = time.perf_counter()
        if ray is not None:
            from .ray_backend import annotate_with_ray, connect

            address, model, actors = ray
            connect(address, num_cpus=actors)
            annotated = annotate_with_ray(model, list(todo), encoder, actors=actors, batch_size=batch_size)
        elif n_process > 1:
            annotated = annotate_in_processes(nlp, todo, encoder, n_process=n_process, batch_size=batch_size)
        else:
            annotated = annotate_in_process(nlp, todo, encoder, batch_size=batch_size)
        progress = tqdm(annotated, desc=description, unit="doc", disable=None)
        for record, encoded in progress:
            writer.write(record, encoded.payload)
            summary.documents += 1
            summary.words += encoded.words
            summary.entities.update(encoded.labels)
            summary.seconds = time.perf_counter() - started
            progress.set_postfix(words_per_s=f"{summary.words_per_second:.0f}", refresh=False)
        summary.seconds = time.perf_counter() - started
        if strict and summary.failures:
            raise InputError(str(summary.failures[0]))
        writer.finish({"summary": summary.to_dict()})


def _not_done(records: Iterator[Record], done: set, summary: AnnotationSummary, strict: bool) -> Iterator[Record]:
    for record in records:
        if strict and summary.failures:
            raise InputError(str(summary.failures[0]))
        if record.id in done:
            summary.resumed += 1
            continue
        yield record


def span_groups(nlp, spans_keys: Sequence[str]) -> List[str]:
    """The span groups `spans_keys` checked against what the pipeline writes (`["all"]`: all of them)."""
    from ..evaluation import span_groups_written

    written = span_groups_written(nlp)
    if list(spans_keys) == ["all"]:
        return written
    unknown = [key for key in spans_keys if key not in written]
    if unknown:
        raise InputError(
            f"the pipeline writes no span group {', '.join(unknown)}; it writes: {', '.join(written) or 'none'}"
        )
    return list(spans_keys)
