"""`clinx pretrain`: continued masked-LM pretraining (tokenizer, model initialisation, MLM).

    clinx pretrain prepare-model configs/init_tiny.json TEXT OUTPUT
    clinx pretrain train-tokenizer TEXT OUTPUT --vocab-size 16000
    clinx pretrain init-model TOKENIZER configs/model_tiny.json OUTPUT
    clinx pretrain mlm configs/pretrain_tiny.json --train-file TEXT \
        --model MODEL --output OUTPUT [--max-steps N] [--resume] [--training.learning_rate 1e-4]
    torchrun --nproc_per_node 8 -m clinx_spacy.pretraining mlm configs/pretrain_large.json ...

The mlm result is OUTPUT/model (model + tokenizer), next to OUTPUT/pretraining_summary.json.
Without spaCy: `python -m clinx_spacy.pretraining` runs the same commands.
"""

import json
import logging
from pathlib import Path
from typing import Optional

import typer

from .errors import reports_user_errors
from .options import MODEL_FOLDER, SEED, TEXT_FILE

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Continued masked-LM pretraining of an XLM-R (transformers)."
)


@app.callback()
def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


@app.command("prepare-model")
@reports_user_errors
def prepare_model_cli(
    init_config: Path = typer.Argument(
        ..., help="Init config, e.g. configs/init_tiny.json", exists=True, dir_okay=False
    ),
    text_file: Path = TEXT_FILE,
    output: Path = MODEL_FOLDER,
    seed: int = SEED,
) -> None:
    """Create a profile's starting model: a new tokenizer and random XLM-R, or a hub model."""
    from ..pretraining.prepare import prepare_model

    prepare_model(init_config, text_file, output, seed=seed)
    typer.echo(f"Initial model in {output}")


@app.command("train-tokenizer")
@reports_user_errors
def train_tokenizer_cli(
    text_file: Path = TEXT_FILE,
    output: Path = typer.Argument(..., help="Tokenizer folder to write"),
    vocab_size: int = typer.Option(16000, help="Tokens in all, special tokens included"),
    max_docs: Optional[int] = typer.Option(None, help="Read at most this many documents"),
    max_chars: Optional[int] = typer.Option(None, help="Read about this many characters at most"),
    character_coverage: float = typer.Option(0.9999, help="Share of characters kept as pieces"),
    split_digits: bool = typer.Option(True, help="Split numbers into single digits"),
    model_max_length: int = typer.Option(512, help="Longest input the tokenizer announces"),
) -> None:
    """Train a SentencePiece Unigram tokenizer and save it as an XLM-R tokenizer folder."""
    from ..pretraining import train_tokenizer

    tokenizer = train_tokenizer(
        text_file,
        output,
        vocab_size=vocab_size,
        max_docs=max_docs,
        max_chars=max_chars,
        character_coverage=character_coverage,
        split_digits=split_digits,
        model_max_length=model_max_length,
    )
    typer.echo(f"Tokenizer with {len(tokenizer)} tokens in {output}")


@app.command("init-model")
@reports_user_errors
def init_model_cli(
    tokenizer: Path = typer.Argument(..., help="Tokenizer folder (train-tokenizer)", exists=True, file_okay=False),
    size_config: Path = typer.Argument(
        ..., help="Size config, e.g. configs/model_tiny.json", exists=True, dir_okay=False
    ),
    output: Path = MODEL_FOLDER,
    seed: int = SEED,
) -> None:
    """Create a randomly initialised XLM-R masked-LM model with the tokenizer."""
    from ..pretraining import init_model

    init_model(tokenizer, size_config, output, seed=seed)
    typer.echo(f"Initial model in {output}")


@app.command("mlm", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@reports_user_errors
def mlm_cli(
    ctx: typer.Context,
    config: Path = typer.Argument(
        ..., help="Pretraining config, e.g. configs/pretrain_tiny.json", exists=True, dir_okay=False
    ),
    train_file: Path = typer.Option(..., help="Text, one document per line", exists=True, dir_okay=False),
    model: str = typer.Option(..., help="Initial model: a local folder or a hub name such as xlm-roberta-large"),
    output: Path = typer.Option(..., help="Output folder: final model, summary, checkpoints"),
    max_steps: Optional[int] = typer.Option(None, help="Shortcut for --training.max_steps"),
    resume: bool = typer.Option(False, "--resume", help="Continue from the last checkpoint in the output folder"),
) -> None:
    """Continue masked-LM training. Extra --data.KEY / --training.KEY VALUE
    options override the config (training keys are TrainingArguments names)."""
    import torch

    from ..pretraining import load_pretrain_config, parse_overrides, run_mlm

    try:
        overrides = parse_overrides(ctx.args)
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
        pretrain_config = load_pretrain_config(config, overrides)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None
    summary = run_mlm(pretrain_config, train_file, model, output, resume=resume)
    if torch.distributed.is_initialized():  # started by the Trainer under torchrun
        torch.distributed.destroy_process_group()
    typer.echo(
        json.dumps({key: summary[key] for key in ("global_step", "tokens_seen", "final_eval_loss", "final_perplexity")})
    )
