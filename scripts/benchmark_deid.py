"""De-identification of MEDDOCAN dev as the organisers measure it, for each pipeline (and
engine), with gold PHI as the ceiling: subtrack 1 P/R/F1 and leak, subtrack 2 strict and
merged, residual PHI per category, words/s; optionally beside the organisers' own script.

    python scripts/benchmark_deid.py results/deid_meddocan.json \\
        --pipeline clinx_crf_hybrid=es_clinx_bench --pipeline cnn=es_cnn_bench \\
        --corpus ../shared/corpora/meddocan/dev --presidio clinx_crf_hybrid \\
        --official /path/to/MEDDOCAN-Evaluation-Script

Each run is `deidentify_corpus` in this process with an audit file, whose original
offsets are the system's PHI. `--official`: a checkout of
PlanTL-GOB-ES/MEDDOCAN-Evaluation-Script, run on the same gold and system files; its
P/R/F1 go into the record beside ours (its leak needs the organisers' sentence splits,
which are not published for dev, so ours counts sentence-final periods).
"""

import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Dict, List, Optional

import typer

from clinx_spacy.brat import read_brat_folder
from clinx_spacy.deid import PhiAuditWarning, deidentify_corpus
from clinx_spacy.deid.evaluation import Document, meddocan_measures, residual_phi
from clinx_spacy.training.stats_logger import peak_rss_mb
from clinx_spacy.util import write_json

from benchmarking.runs import machine

GOLD = "gold annotations"
OFFICIAL_BLOCKS = {"SubTrack 1 [NER]": "subtrack1", "SubTrack 2 [strict]": "subtrack2_strict", "SubTrack 2 [merged]": "subtrack2_merged"}  # fmt: skip


def run(name: str, model: Optional[str], corpus: Path, workdir: Path, presidio: bool) -> Dict:
    out, audit = workdir / f"{name}.jsonl", workdir / f"{name}-audit.jsonl"
    options = dict(annotations=corpus) if model is None else {}
    if presidio:
        from clinx_spacy.deid.presidio import PresidioDeidEncoder

        options["encoder_class"] = PresidioDeidEncoder
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PhiAuditWarning)
        summary = deidentify_corpus(model, corpus, out, audit=audit, key="benchmark", batch_size=8, **options)
    wall = time.perf_counter() - started
    entries = [json.loads(line) for line in audit.read_text(encoding="utf8").splitlines()]
    audit.unlink()
    out.unlink()
    return {"summary": summary, "wall_s": wall, "audit": {e["id"]: e for e in entries}}


def measure(gold_docs, result: Dict) -> Dict:
    documents, residual = [], []
    for doc in gold_docs:
        gold = [(s.label, s.start, s.end) for s in doc.spans]
        replacements = result["audit"][doc.doc_id]["replacements"]
        system = [(r["label"], r["start"], r["end"]) for r in replacements]
        documents.append(Document(doc.text, gold, system))
        residual.append((gold, [(r["start"], r["end"]) for r in replacements if r["replacement"] != r["original"]]))
    summary = result["summary"]
    return {
        **meddocan_measures(documents),
        "residual_phi": residual_phi(residual),
        "documents": summary.documents,
        "words_per_s": round(summary.words_per_second, 1),
        "wall_s": round(result["wall_s"], 1),
    }


def official_scores(script: Path, corpus: Path, gold_docs, result: Dict, workdir: Path) -> Dict:
    """The organisers' script on the gold folder and this run's PHI as BRAT files."""
    system = workdir / "system" / "run"
    shutil.rmtree(system.parent, ignore_errors=True)
    system.mkdir(parents=True)
    for doc in gold_docs:
        shutil.copy(corpus / f"{doc.doc_id}.txt", system)
        lines = [f"T{n}\t{r['label']} {r['start']} {r['end']}\t{r['original']}\n"
                 for n, r in enumerate(result["audit"][doc.doc_id]["replacements"], 1)]  # fmt: skip
        (system / f"{doc.doc_id}.ann").write_text("".join(lines), encoding="utf8")
    scores = {}
    for subtrack in ("ner", "spans"):
        command = [sys.executable, "evaluate.py", "brat", subtrack, str(corpus.resolve()), str(system.resolve())]
        printed = subprocess.run(command, cwd=script, capture_output=True, text=True, check=True).stdout
        scores.update(_parse_official(printed))
    return scores


def _parse_official(printed: str) -> Dict:
    scores, block = {}, None
    for line in printed.splitlines():
        for title, key in OFFICIAL_BLOCKS.items():
            if line.startswith(title):
                block = scores.setdefault(key, {})
        match = re.search(r"(Leak|Precision|Recall|F1)\s+(\S+)\s*$", line)
        if block is not None and match:
            value = match.group(2)
            block[{"Precision": "p", "Recall": "r"}.get(match.group(1), match.group(1).lower())] = (
                float(value) if re.fullmatch(r"[\d.]+", value) else value
            )
    return scores


def _pairs(values: List[str]) -> Dict[str, str]:
    return dict(value.split("=", 1) for value in values)


def main(
    output: Path = typer.Argument(..., help="JSON record to write; a Markdown table goes beside it (.md)"),
    pipeline: List[str] = typer.Option(..., "--pipeline", help="NAME=PACKAGE_OR_PATH (repeat)"),
    corpus: Path = typer.Option(..., "--corpus", help="MEDDOCAN dev, BRAT"),
    presidio: List[str] = typer.Option([], "--presidio", help="Also run this pipeline NAME with --engine presidio"),
    official: Optional[Path] = typer.Option(None, "--official", help="Checkout of MEDDOCAN-Evaluation-Script"),
) -> None:
    gold_docs = sorted(read_brat_folder(corpus), key=lambda d: d.doc_id)
    runs = [(GOLD, None, False)] + [(n, p, False) for n, p in _pairs(pipeline).items()]
    runs += [(f"{n} + Presidio", _pairs(pipeline)[n], True) for n in presidio]
    record = {
        "what": "clinx deid on MEDDOCAN dev: the organisers' measures, residual PHI per category, words/s",
        "machine": machine(),
        "processor": platform.processor() or platform.machine(),
        "corpus": str(corpus),
        "pipelines": _pairs(pipeline),
        "policy": "clinx_spacy/deid/data/default_policy.json",
        "leak_sentences": "sentence-final periods (not after an initial); on the organisers' 15 sample documents "
        "this counts 440 sentences where their FreeLing split has 427",
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, model, with_presidio in runs:
            result = run(name.replace(" ", "_"), model, corpus, Path(tmp), with_presidio)
            measured = measure(gold_docs, result)
            if official is not None:
                measured["official_script"] = official_scores(official, corpus, gold_docs, result, Path(tmp))
            record["runs"][name] = measured
            typer.echo(
                f"{name}: {json.dumps({k: measured[k] for k in ('subtrack1', 'subtrack2_strict', 'subtrack2_merged')})}"
            )
    record["peak_rss_mb"] = round(peak_rss_mb(), 1)
    write_json(output, record)
    output.with_suffix(".md").write_text(table(record), encoding="utf8")
    typer.echo(table(record))


def table(record: Dict) -> str:
    rows = [
        "| PHI from | S1 P | S1 R | S1 F1 | leak | S2 strict F1 | S2 merged F1 | residual PHI | words/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in record["runs"].items():
        s1 = r["subtrack1"]
        rows.append(
            f"| {name} | {s1['p']:.4f} | {s1['r']:.4f} | {s1['f1']:.4f} | {s1['leak']:.4f} | "
            f"{r['subtrack2_strict']['f1']:.4f} | {r['subtrack2_merged']['f1']:.4f} | "
            f"{100 * r['residual_phi']['all']['residual']:.2f}% | {r['words_per_s']:.0f} |"
        )
    labels = sorted(k for k in next(iter(record["runs"].values()))["residual_phi"] if k != "all")
    rows += ["", "Residual PHI per category (share of gold PHI characters left in the output):", ""]
    rows.append("| category | gold chars | " + " | ".join(record["runs"]) + " |")
    rows.append("|---|---|" + "---|" * len(record["runs"]))
    for label in labels:
        chars = next(iter(record["runs"].values()))["residual_phi"][label]["chars"]
        cells = " | ".join(f"{100 * r['residual_phi'][label]['residual']:.1f}%" for r in record["runs"].values())
        rows.append(f"| {label} | {chars} | {cells} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    typer.run(main)
