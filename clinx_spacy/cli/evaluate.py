import json
from pathlib import Path
from typing import Optional

import typer


def evaluate_cli(
    model: str = typer.Argument(..., help="Installed pipeline package name or pipeline path"),
    data: Path = typer.Argument(..., exists=True, help="Gold data: a BRAT folder or a .spacy file"),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the scores as JSON here"
    ),
    predictions: Optional[Path] = typer.Option(
        None, "--predictions", "-P", help="Write the predictions as BRAT files into this folder"
    ),
    gpu_id: int = typer.Option(-1, "--gpu-id", "-g", help="GPU id, or -1 for CPU"),
    batch_size: int = typer.Option(32, "--batch-size", "-b", help="Documents per nlp.pipe batch"),
    strict: bool = typer.Option(
        True, "--strict/--lenient", help="Stop at a BRAT format error, or skip bad lines and files"
    ),
    spans_key: Optional[str] = typer.Option(
        None, "--spans-key", "-k",
        help="Score this span group instead of doc.ents (a task of es_clinx_ner, e.g. meddocan)",
    ),
) -> None:
    """Score MODEL's entities on DATA with strict character-offset matching, as the
    MEDDOCAN, PharmaCoNER and CANTEMIST evaluation scripts do."""
    import spacy

    from ..brat import BratFormatError, BratReadReport, load_gold_docs
    from ..evaluation import evaluate_pipeline, format_table

    if gpu_id >= 0:
        spacy.require_gpu(gpu_id)
    nlp = spacy.load(model)
    written = _span_groups_written(nlp)
    if spans_key is not None and spans_key not in written:
        typer.secho(
            f"{model} writes no span group {spans_key!r}; its heads write: {', '.join(written) or 'none'}",
            fg="red", err=True,
        )
        raise typer.Exit(1)
    report = BratReadReport()
    gold_docs = load_gold_docs(data, nlp, strict=strict, report=report)
    try:
        results = evaluate_pipeline(
            nlp, gold_docs, batch_size=batch_size, predictions_dir=predictions, spans_key=spans_key
        )
    except BratFormatError as err:
        typer.secho(f"{err}\n(--lenient skips bad lines and unreadable files)", fg="red", err=True)
        raise typer.Exit(1)
    for problem in report.problems:
        typer.secho(f"{problem.severity}: {problem}", fg="yellow", err=True)
    typer.echo(format_table(results))
    typer.echo(
        f"{results['model']} {results['version']}: {results['n_docs']} docs, "
        f"{results['n_words']} words in {results['seconds']:.1f}s ({results['wps']:.0f} words/s)"
    )
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf8")
        typer.echo(f"Scores written to {output}")
    if predictions is not None:
        typer.echo(f"Predictions written to {predictions}")


def _span_groups_written(nlp) -> list:
    """The span groups the pipeline's components are configured to write."""
    return [
        config["spans_key"]
        for config in (nlp.get_pipe_config(name) for name in nlp.pipe_names)
        if config.get("spans_key")
    ]
