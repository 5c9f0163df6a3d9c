"""Run a pipeline over gold documents and score it strictly on character offsets."""

import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm
from wasabi import table

from .brat.conversion import doc_to_brat, load_gold_docs
from .brat.keys import BRAT_KEY, GOLD_KEY
from .brat.model import BratProblem
from .brat.reader import BratReadReport
from .brat.writer import write_brat_document
from .errors import InputError
from .outputs import OutputFolder, check_file_target
from .scoring import doc_char_spans, gold_char_spans, strict_prf
from .util import load_pipeline, write_json

WARMUP_DOCS = 4


def evaluate(
    model: Union[str, Path],
    data: Union[str, Path],
    output: Optional[Path] = None,
    predictions_dir: Optional[Path] = None,
    *,
    batch_size: int = 32,
    strict: bool = True,
    spans_key: Optional[str] = None,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> Tuple[Dict[str, Any], List[BratProblem]]:
    """Load the pipeline `model`, score it on the gold `data` (a BRAT folder or a `.spacy`
    file) with `evaluate_pipeline`, and write the scores as JSON to `output` if given.
    Both outputs are checked before any work. RETURNS: the results, and the problems a
    lenient read skipped."""
    if output is not None:
        check_file_target(output)
    if predictions_dir is not None:
        OutputFolder(predictions_dir, overwrite=overwrite)
    nlp = load_pipeline(model)
    written = span_groups_written(nlp)
    if spans_key is not None and spans_key not in written:
        raise InputError(f"{model} writes no span group {spans_key!r}; its heads write: {', '.join(written) or 'none'}")
    report = BratReadReport()
    gold_docs = load_gold_docs(data, nlp, strict=strict, report=report)
    options = dict(spans_key=spans_key, overwrite=overwrite, allow_empty=allow_empty)
    results = evaluate_pipeline(nlp, gold_docs, batch_size=batch_size, predictions_dir=predictions_dir, **options)
    if output is not None:
        write_json(output, results)
    return results, report.problems


def span_groups_written(nlp: Language) -> List[str]:
    """The span groups the pipeline's components are configured to write."""
    return [
        config["spans_key"]
        for config in (nlp.get_pipe_config(name) for name in nlp.pipe_names)
        if config.get("spans_key")
    ]


def evaluate_pipeline(
    nlp: Language,
    gold_docs: Iterable[Doc],
    *,
    batch_size: int = 32,
    predictions_dir: Optional[Union[str, Path]] = None,
    spans_key: Optional[str] = None,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> Dict[str, Any]:
    """Annotate the texts of `gold_docs` with `nlp` and score its entities (or its
    span group `spans_key`, e.g. one task head of `es_clinx_ner`) against their
    gold spans with `strict_prf`.

    predictions_dir: if set, the predicted entities are written there as BRAT files
        named by the gold documents' ids (doc00000, doc00001... for Docs without a
        BRAT record), as one `OutputFolder` (`overwrite` replaces an existing one).
    No documents, two documents with one id, or (unless `allow_empty`) no gold
    annotation at all are InputErrors.
    RETURNS (Dict[str, Any]): JSON-serialisable: model, version, n_docs, n_words (the
        pipeline's tokens), seconds (wall time of annotating), wps, and strict_prf's
        p, r, f, tp, fp, fn and per_label. The first WARMUP_DOCS documents are annotated
        once before the timing starts.
    """
    output = OutputFolder(predictions_dir, overwrite=overwrite) if predictions_dir is not None else None
    gold_docs = list(gold_docs)
    source = spans_key or "ents"
    doc_ids = [_doc_id(doc, i) for i, doc in enumerate(gold_docs)]
    _check_gold(gold_docs, doc_ids, allow_empty)
    preds, brat_predictions, n_words = [], [], 0
    # Warm-up (lazy initialisation, first allocations) stays out of the timing.
    for _ in nlp.pipe(doc.text for doc in gold_docs[:WARMUP_DOCS]):
        pass
    start = time.perf_counter()
    docs = nlp.pipe((doc.text for doc in gold_docs), batch_size=batch_size)
    docs = tqdm(docs, total=len(gold_docs), desc="Evaluating", unit="doc", disable=None)
    for doc_id, doc in zip(doc_ids, docs):
        preds.append(doc_char_spans(doc, source))
        n_words += len(doc)
        if predictions_dir is not None:
            # Keep only the BRAT record: a Doc can hold large transformer outputs.
            brat_predictions.append(doc_to_brat(doc, use_record=False, doc_id=doc_id, source=source))
    seconds = time.perf_counter() - start
    if output is not None:
        with output:
            for brat_doc in brat_predictions:
                write_brat_document(brat_doc, output.path)
            output.finish({"documents": len(brat_predictions), "model": f"{nlp.meta['lang']}_{nlp.meta['name']}"})
    return {
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}",
        "version": nlp.meta["version"],
        "predictions": source,
        "n_docs": len(gold_docs),
        "n_words": n_words,
        "seconds": seconds,
        "wps": n_words / seconds if seconds else 0.0,
        **strict_prf([gold_char_spans(doc) for doc in gold_docs], preds),
    }


def format_table(results: Dict[str, Any]) -> str:
    """A per-label table of strict P/R/F1 (in %) and counts, with a micro-average row."""
    rows = [(label, *_format_scores(scores)) for label, scores in results["per_label"].items()]
    rows.append(("MICRO", *_format_scores(results)))
    header = ("Label", "P", "R", "F", "TP", "FP", "FN")
    return table(rows, header=header, divider=True, aligns=("l",) + ("r",) * 6).strip("\n")


def _format_scores(scores: Dict[str, Any]) -> Tuple[Any, ...]:
    return (*(f"{scores[key] * 100:.2f}" for key in ("p", "r", "f")), *(scores[key] for key in ("tp", "fp", "fn")))


def _check_gold(gold_docs: List[Doc], doc_ids: List[str], allow_empty: bool) -> None:
    if not gold_docs:
        raise InputError("no gold documents to evaluate on")
    repeated = sorted(doc_id for doc_id, n in Counter(doc_ids).items() if n > 1)
    if repeated:
        raise InputError(f"document ids occur more than once in the gold data: {', '.join(repeated[:5])}")
    if not allow_empty and not any(doc.spans.get(GOLD_KEY) for doc in gold_docs):
        raise InputError("the gold data holds no annotation at all (--allow-empty scores it anyway)")


def _doc_id(doc: Doc, i: int) -> str:
    record = doc.user_data.get(BRAT_KEY)
    return record["doc_id"] if record is not None else f"doc{i:05d}"
