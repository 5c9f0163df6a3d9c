"""`annotate(..., ray_address=...)`: the documents as a Ray Data dataset, annotated by
`map_batches` over an actor pool, each actor loading the pipeline once (the pattern Ray
documents for batch inference) and encoding what it annotated for the writer. The driver
reads the input and writes the outputs with the same readers, encoder and writers as a
local run, so both give the same files. The pipeline must
load on every node: an installed package name, or a path that every node sees."""

import json
import pickle
from typing import Any, Dict, Iterator, List, Sequence, Tuple

from .inputs import Record
from .processes import annotate_in_process
from .writers import Encoded, Encoder

LOCAL = "local"


class PipelineActor:
    """One Ray actor: the pipeline, loaded once, annotating and encoding batches of texts."""

    def __init__(self, model: str, encoder: Encoder, batch_size: int) -> None:
        from ..util import load_pipeline

        self.nlp = load_pipeline(model)
        self.encoder = encoder
        self.batch_size = batch_size

    def __call__(self, batch: Dict[str, Any]) -> Dict[str, List[Any]]:
        records = [_record(*row) for row in zip(batch["id"], batch["text"], batch["meta"], batch["spans"])]
        annotated = list(annotate_in_process(self.nlp, records, self.encoder, batch_size=self.batch_size))
        # Pickled: a column of bytes is what every Ray Data batch format carries.
        return {"id": [record.id for record, _ in annotated], "encoded": [pickle.dumps(e) for _, e in annotated]}


def _record(doc_id: Any, text: Any, meta: Any, spans: Any) -> Record:
    known = tuple((start, end, label) for start, end, label in json.loads(str(spans)))
    return Record(str(doc_id), str(text), json.loads(str(meta)), spans=known)


def connect(address: str, num_cpus: int) -> None:
    """Join the Ray cluster at `address` (`ray://<head>:10001`), or start a local instance
    bound to loopback with `num_cpus` CPUs for `address == "local"`."""
    import ray

    if ray.is_initialized():
        return
    if address == LOCAL:
        ray.init(num_cpus=num_cpus, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
    else:
        ray.init(address=address, log_to_driver=False)


def annotate_with_ray(
    model: str, records: Sequence[Record], encoder: Encoder, *, actors: int, batch_size: int
) -> Iterator[Tuple[Record, Encoded]]:
    """(record, encoded) for every record, in input order, annotated on the Ray cluster."""
    import ray.data

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    by_id = {record.id: record for record in records}
    dataset = ray.data.from_items(
        [{"id": r.id, "text": r.text, "meta": json.dumps(r.meta), "spans": json.dumps(r.spans)} for r in records]
    )
    annotated = dataset.map_batches(
        PipelineActor,
        fn_constructor_args=(str(model), encoder, batch_size),
        batch_size=batch_size,
        concurrency=actors,
        num_cpus=1,
        batch_format="numpy",
    )
    for row in annotated.iter_rows():
        yield by_id[str(row["id"])], pickle.loads(row["encoded"])
