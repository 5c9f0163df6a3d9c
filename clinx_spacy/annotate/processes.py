"""Annotating in this process, or in N forked worker processes.

Each worker annotates chunks of a few documents and encodes them for the writer
(`writers.Encoder`), so the parent only reads the input and writes bytes: with spaCy's own
`nlp.pipe(n_process=N)` the parent rebuilds every Doc from its bytes (for a transformer
pipeline, megabytes each) and keeps the workers waiting. Results come back in input order
from a window of chunks in flight, so one long document does not leave the other workers
idle, and memory stays bounded whatever the corpus size.
"""

import gc
import multiprocessing
import signal
from collections import deque
from typing import Any, Deque, Dict, Iterable, Iterator, List, Tuple

from spacy.util import minibatch

from .inputs import Record
from .writers import Encoded, Encoder

# Chunks in flight per worker: enough to keep it busy while the parent waits for the
# chunk before.
CHUNKS_PER_WORKER = 4
# Documents per chunk (and so per `nlp.pipe` batch in a worker) when `batch_size` is larger:
# small chunks keep the workers' loads even (notes differ in length tenfold) and each
# worker's batch small: on 2 cores, 2 processes gave 1.84x one process with chunks of 2
# documents and 1.63x with chunks of 8 (README, "Annotate a corpus").
CHUNK_DOCUMENTS = 2

_worker: Dict[str, Any] = {}


def annotate_in_process(
    nlp: Any, records: Iterable[Record], encoder: Encoder, *, batch_size: int
) -> Iterator[Tuple[Record, Encoded]]:
    """(record, encoded) for every record, in input order, annotated here."""
    docs = nlp.pipe(((record.text, record) for record in records), as_tuples=True, batch_size=batch_size)
    for doc, record in docs:
        yield record, encoder(record, doc)


def annotate_in_processes(
    nlp: Any, records: Iterable[Record], encoder: Encoder, *, n_process: int, batch_size: int
) -> Iterator[Tuple[Record, Encoded]]:
    """(record, encoded) for every record, in input order, annotated by `n_process`
    forked workers (each inherits the loaded pipeline; see `clinx_spacy.ml.fork_safety`),
    in chunks of at most `CHUNK_DOCUMENTS` documents. An error in a worker is raised here;
    leaving the iterator stops the workers."""
    context = multiprocessing.get_context("fork")
    # Objects the collector would otherwise visit, and so copy, in every worker.
    gc.freeze()
    chunk_size = min(batch_size, CHUNK_DOCUMENTS)
    with context.Pool(n_process, initializer=_start_worker, initargs=(nlp, encoder, chunk_size)) as pool:
        in_flight: Deque[Tuple[List[Record], Any]] = deque()
        for chunk in minibatch(records, chunk_size):
            in_flight.append((chunk, pool.apply_async(_annotate_chunk, (chunk,))))
            if len(in_flight) >= CHUNKS_PER_WORKER * n_process:
                yield from _results(*in_flight.popleft())
        while in_flight:
            yield from _results(*in_flight.popleft())


def _results(chunk: List[Record], result: Any) -> Iterator[Tuple[Record, Encoded]]:
    yield from zip(chunk, result.get())


def _start_worker(nlp: Any, encoder: Encoder, batch_size: int) -> None:
    # Ctrl-C is the parent's to handle: it keeps what was written and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker.update(nlp=nlp, encoder=encoder, batch_size=batch_size)


def _annotate_chunk(chunk: List[Record]) -> List[Encoded]:
    annotated = annotate_in_process(_worker["nlp"], chunk, _worker["encoder"], batch_size=_worker["batch_size"])
    return [encoded for _, encoded in annotated]
