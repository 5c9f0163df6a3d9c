"""Assertion status on NUBes dev: the Spanish ConText rules (`clinx_context`), negspacy's
`negex` with its `es_clinical` termset (the baseline a spaCy user has today: negation
only, no cues or scopes reported) and learned cue/scope taggers (`clinx_scope_assertion`
over a pipeline of `configs/assertion_*.cfg`). Each system sees the gold concepts as
`doc.ents`. Measures: `clinx_spacy.context.evaluation`; words/s; peak RSS.

    python scripts/benchmark_assertion.py --nubes ../shared/corpora/nubes/dev \\
        --learned cnn=training/cnn-assertion/model-best \\
        --learned clinx_tiny=training/tiny-assertion/model-best --output results/assertion_nubes.json
"""

import platform
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import spacy
import typer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from clinx_spacy.brat import read_brat_folder
from clinx_spacy.context.evaluation import AssertionScores
from clinx_spacy.context.nubes import CUE_CATEGORIES, SCOPE_CATEGORIES, nubes_annotation
from clinx_spacy.tokenizer import create_clinical_tokenizer
from clinx_spacy.training.stats_logger import peak_rss_mb
from clinx_spacy.util import read_json, write_json

from benchmarking.runs import machine

ATTRIBUTES = ("is_negated", "is_uncertain")


def rules_pipeline() -> Language:
    nlp = _blank()
    nlp.add_pipe("clinx_sentencizer")
    nlp.add_pipe("clinx_context")
    return nlp


def negspacy_pipeline() -> Language:
    import negspacy.negation  # noqa: F401 (registers the negex factory; negspacy has no entry point)
    from negspacy.termsets import termset

    nlp = _blank()
    nlp.add_pipe("clinx_sentencizer")
    nlp.add_pipe("negex", config={"neg_termset": termset("es_clinical").get_patterns()})
    return nlp


def learned_pipeline(path: str) -> Language:
    nlp = spacy.load(path)
    nlp.add_pipe("clinx_scope_assertion")
    return nlp


def _blank() -> Language:
    nlp = spacy.blank("es")
    nlp.tokenizer = create_clinical_tokenizer()(nlp)
    return nlp


def rules_output(nlp: Language, doc: Doc):
    """Every trigger is a cue; its scope's tokens (the trigger's own left out) are scope."""
    cues, tokens = [], {}
    for modifier in nlp.get_pipe("clinx_context").modifiers(doc):
        if modifier.direction in ("TERMINATE", "PSEUDO"):
            continue
        cues.append((modifier.start_char, modifier.end_char, modifier.category))
        scope = set(range(modifier.scope_start, modifier.scope_end)) - set(range(modifier.start, modifier.end))
        tokens.setdefault(modifier.category, set()).update(i for i in scope if not doc[i].is_space)
    return cues, tokens


def learned_output(nlp: Language, doc: Doc):
    cues, tokens = [], {}
    for span in doc.spans.get("assertion", ()):
        if span.label_ in CUE_CATEGORIES:
            cues.append((span.start_char, span.end_char, CUE_CATEGORIES[span.label_]))
        elif span.label_ in SCOPE_CATEGORIES:
            tokens.setdefault(SCOPE_CATEGORIES[span.label_], set()).update(range(span.start, span.end))
    return cues, tokens


def evaluate(
    nlp: Language,
    brat_docs,
    output: Optional[Callable[[Language, Doc], Tuple]],
    status: Callable[[object], Dict[str, Optional[bool]]],
) -> Dict:
    """Run `nlp` on every document with the gold concepts as entities, and score it."""
    scores = AssertionScores()
    golds = [nubes_annotation(brat_doc) for brat_doc in brat_docs]
    docs = [_with_concepts(nlp, brat_doc.text, gold) for brat_doc, gold in zip(brat_docs, golds)]
    words = sum(len(doc) for doc in docs)
    start = time.perf_counter()
    docs = list(nlp.pipe(docs))
    seconds = time.perf_counter() - start
    for doc, gold in zip(docs, golds):
        cues, tokens = output(nlp, doc) if output is not None else (None, None)
        categories = {(c.start, c.end): c.categories for c in gold.concepts}
        concepts = [(categories[ent.start_char, ent.end_char], status(ent)) for ent in doc.ents]
        scores.add(doc, gold, cues, tokens, concepts)
    result = scores.result(cues=output is not None, scopes=output is not None)
    result.update(words=words, seconds=round(seconds, 2), words_per_s=round(words / seconds, 1))
    return result


def _with_concepts(nlp: Language, text: str, gold) -> Doc:
    """`text` tokenized, with the gold concepts that align to tokens as `doc.ents` (the
    outermost of nested ones)."""
    doc = nlp.make_doc(text)
    spans = [doc.char_span(c.start, c.end, label=c.label) for c in gold.concepts]
    doc.ents = filter_spans([span for span in spans if span is not None])
    # Only concepts that became entities are scored: keep their gold categories by offsets.
    kept = {(ent.start_char, ent.end_char) for ent in doc.ents}
    gold.concepts = [c for c in gold.concepts if (c.start, c.end) in kept]
    return doc


def training_record(pipeline: Path) -> Optional[Dict]:
    """Steps, wall time, words/s and peak RSS of the training run that saved `pipeline`
    (its `training_stats.json`, beside model-best), and its best dev score."""
    stats_path = pipeline.parent / "training_stats.json"
    if not stats_path.exists():
        return None
    stats = read_json(stats_path)
    best = max(stats["evaluations"], key=lambda evaluation: evaluation["score"])
    keys = ("steps", "train_seconds", "train_words_per_s", "peak_rss_mb")
    return {**{key: stats[key] for key in keys}, "best_step": best["step"], "best_dev_span_f1": best["score"]}


def _attributes(ent) -> Dict[str, Optional[bool]]:
    return {name: getattr(ent._, name) for name in ATTRIBUTES}


def _negex(ent) -> Dict[str, Optional[bool]]:
    return {"is_negated": ent._.negex, "is_uncertain": None}


def main(
    output: Path = typer.Option(..., "--output", help="JSON record; a Markdown table goes beside it (.md)"),
    nubes: Path = typer.Option(..., "--nubes", help="NUBes dev, BRAT"),
    learned: List[str] = typer.Option([], "--learned", help="NAME=PIPELINE of a cue/scope tagger (repeat)"),
    limit: int = typer.Option(0, "--limit", help="The first N files only (0: all)"),
) -> None:
    brat_docs = sorted(read_brat_folder(nubes), key=lambda d: d.doc_id)
    if limit:
        brat_docs = brat_docs[:limit]
    systems: List[Tuple[str, Callable[[], Language], Optional[Callable], Callable]] = [
        ("rules (clinx_context)", rules_pipeline, rules_output, _attributes),
        ("negspacy es_clinical", negspacy_pipeline, None, _negex),
    ]
    for pair in learned:
        name, path = pair.split("=", 1)
        systems.append((f"learned {name}", lambda path=path: learned_pipeline(path), learned_output, _attributes))
    record = {
        "what": "Assertion status on NUBes dev (Lima et al., LREC 2020 measures): cue P/R/F1 on exact spans and "
        "scope P/R/F1 on tokens for negation and uncertainty, and the share of gold concepts (DISO, PROC, SUBS, "
        "BODY; all negated or uncertain in NUBes) whose is_negated / is_uncertain is right; gold concepts are "
        "given as doc.ents",
        "machine": machine(),
        "processor": platform.processor() or platform.machine(),
        "corpus": str(nubes),
        "documents": len(brat_docs),
        "learned": dict(pair.split("=", 1) for pair in learned),
        "systems": {},
    }
    for name, build, output_of, status in systems:
        typer.echo(f"{name} ...")
        record["systems"][name] = evaluate(build(), brat_docs, output_of, status)
        if name.startswith("learned "):
            record["systems"][name]["training"] = training_record(Path(record["learned"][name[len("learned ") :]]))
        typer.echo(table({"systems": {name: record["systems"][name]}}))
    record["peak_rss_mb"] = round(peak_rss_mb(), 1)
    write_json(output, record)
    output.with_suffix(".md").write_text(table(record), encoding="utf8")
    typer.echo(table(record))


def table(record: Dict) -> str:
    def cell(scores: Optional[Dict]) -> str:
        return (
            "–" if scores is None else f"{100 * scores['p']:.1f} / {100 * scores['r']:.1f} / {100 * scores['f1']:.1f}"
        )

    def share(value: Optional[float]) -> str:
        return "–" if value is None else f"{100 * value:.1f}%"

    rows = [
        "| system | negation cue P/R/F1 | negation scope P/R/F1 | uncertainty cue P/R/F1 | uncertainty scope P/R/F1 "
        "| is_negated right | is_uncertain right | words/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in record["systems"].items():
        neg, unc, concepts = r["negation"], r["uncertainty"], r["concepts"]
        rows.append(
            f"| {name} | {cell(neg['cue'])} | {cell(neg['scope_tokens'])} | {cell(unc['cue'])} | "
            f"{cell(unc['scope_tokens'])} | {share(concepts['is_negated'])} | {share(concepts['is_uncertain'])} | "
            f"{r['words_per_s']:.0f} |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    typer.run(main)
