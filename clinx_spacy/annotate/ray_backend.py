"""`annotate(..., ray_address=...)`: the documents as a Ray Data dataset, annotated by
`map_batches` over an actor pool, each actor loading the pipeline once (the pattern Ray
documents for batch inference). The driver reads the input and writes the outputs with the
same readers and writers as a local run, so both give the same files. The pipeline must
load on every node: an installed package name, or a path that every node sees."""

from typing import Any, Dict, Iterator, List, Sequence, Tuple

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .inputs import Record

LOCAL = "local"


class PipelineActor:
    """One Ray actor: the pipeline, loaded once, annotating batches of texts."""

    def __init__(self, model: str, batch_size: int) -> None:
        from ..util import load_pipeline

        self.nlp = load_pipeline(model)
        self.batch_size = batch_size

    def __call__(self, batch: Dict[str, Any]) -> Dict[str, List[Any]]:
        docs = self.nlp.pipe([str(text) for text in batch["text"]], batch_size=self.batch_size)
        return {"id": list(batch["id"]), "doc": [doc.to_bytes() for doc in docs]}


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
    model: str, records: Sequence[Record], *, actors: int, batch_size: int
) -> Iterator[Tuple[Doc, Record]]:
    """(doc, record) for every record, in input order, annotated on the Ray cluster."""
    import ray.data

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    by_id = {record.id: record for record in records}
    dataset = ray.data.from_items([{"id": record.id, "text": record.text} for record in records])
    annotated = dataset.map_batches(
        PipelineActor,
        fn_constructor_args=(str(model), batch_size),
        batch_size=batch_size,
        concurrency=actors,
        num_cpus=1,
        batch_format="numpy",
    )
    vocab = Vocab()
    for row in annotated.iter_rows():
        yield Doc(vocab).from_bytes(row["doc"]), by_id[str(row["id"])]
