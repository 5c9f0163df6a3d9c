"""Large-profile GPU benchmark: a few hundred MLM and NER steps on an XLM-R-large-sized model."""

import json
import logging
from pathlib import Path
from typing import List

import typer

from benchmarking.large_profile import XLMR_VOCAB_SIZE, run


def main(
    output: Path = typer.Argument(..., help="JSON file for the results, e.g. results/gpu_large_profile.json"),
    workdir: Path = typer.Option(Path("/tmp/clinx-gpu-bench"), help="Scratch folder for models"),
    pretrain_text: Path = typer.Option(Path("assets/sample/pretrain.txt"), exists=True),
    corpus: Path = typer.Option(Path("assets/sample"), exists=True, file_okay=False),
    size_config: Path = typer.Option(Path("configs/model_large.json"), exists=True),
    pretrain_config: Path = typer.Option(Path("configs/pretrain_large.json"), exists=True),
    ner_config: List[Path] = typer.Option(
        [Path("configs/ner_large_crf.cfg"), Path("configs/ner_large_crf_context_subword.cfg")],
        exists=True,
        help="NER configs to measure one after the other (repeat the option)",
    ),
    mlm_steps: int = typer.Option(300),
    mlm_batch_size: int = typer.Option(16),
    ner_steps: int = typer.Option(200),
    vocab_size: int = typer.Option(XLMR_VOCAB_SIZE),
    tokenizer_vocab_size: int = typer.Option(32000),
    gpu_id: int = typer.Option(0),
) -> None:
    logging.basicConfig(level=logging.INFO)
    results = run(
        output,
        workdir,
        pretrain_text,
        corpus,
        size_config,
        pretrain_config,
        ner_config,
        mlm_steps,
        mlm_batch_size,
        ner_steps,
        vocab_size,
        tokenizer_vocab_size,
        gpu_id,
    )
    typer.echo(json.dumps(results, indent=2))


if __name__ == "__main__":
    typer.run(main)
