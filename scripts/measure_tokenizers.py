"""How many gold spans each tokenizer can represent: spans with a boundary inside a
token (which a token-level tagger can never predict exactly), per corpus and split.

    python scripts/measure_tokenizers.py ../shared/corpora results/tokenizer_alignment.json
"""

import time
from pathlib import Path

import spacy
import typer

from clinx_spacy.tokenizer import make_clinical_nlp
from clinx_spacy.util import write_json

from benchmarking.alignment import measure_alignment
from benchmarking.runs import machine
from benchmarking.systems import TASKS

TOKENIZERS = {
    "spacy_es": lambda: spacy.blank("es"),
    "clinx.ClinicalTokenizer.v1": make_clinical_nlp,
    "clinx.SubwordTokenizer.v1": lambda: make_clinical_nlp(subword=True),
}


def main(
    corpora: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder with <task>/{train,dev}"),
    output: Path = typer.Argument(..., help="JSON to write"),
) -> None:
    folders = [corpora / task / split for task in TASKS for split in ("train", "dev")]
    results = {"machine": machine(), "tokenizers": {}}
    for name, make_nlp in TOKENIZERS.items():
        nlp = make_nlp()
        start = time.perf_counter()
        counts = measure_alignment(nlp, folders)
        tokens = sum(len(nlp.make_doc(path.read_text(encoding="utf8"))) for f in folders for path in f.glob("*.txt"))
        results["tokenizers"][name] = {
            "seconds": round(time.perf_counter() - start, 1),
            "tokens": tokens,
            "corpora": {
                key: {
                    "spans": c.spans,
                    "unrepresentable_spans": c.unaligned_spans,
                    "unaligned_boundaries": c.unaligned_boundaries,
                }
                for key, c in counts.items()
            },
        }
        typer.echo(f"{name}: " + ", ".join(f"{key} {c.unaligned_spans}/{c.spans}" for key, c in counts.items()))
    write_json(output, results)
    typer.echo(f"Wrote {output}")


if __name__ == "__main__":
    typer.run(main)
