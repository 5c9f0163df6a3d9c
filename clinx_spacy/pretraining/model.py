"""Randomly initialised XLM-R masked-LM models from a size config."""

import logging
from pathlib import Path
from typing import Any, Dict, Optional, Union

import torch
from transformers import (
    AutoConfig,
    AutoModelForMaskedLM,
    PreTrainedModel,
    XLMRobertaConfig,
    XLMRobertaForMaskedLM,
    XLMRobertaTokenizerFast,
    set_seed,
)
from transformers.modeling_outputs import MaskedLMOutput

from ..errors import InputError
from ..util import read_json
from .outputs import claim_output, write_manifest

logger = logging.getLogger(__name__)

MANIFEST = "clinx_model_init.json"
# Taken from the tokenizer so that model and tokenizer cannot disagree.
TOKENIZER_KEYS = ("vocab_size", "pad_token_id", "bos_token_id", "eos_token_id")


def load_size_config(path: Path) -> Dict[str, Any]:
    """Read a size config: a JSON object of XLMRobertaConfig settings."""
    path = Path(path)
    size = read_json(path)
    if not isinstance(size, dict):
        raise InputError(f"{path}: expected a JSON object of XLMRobertaConfig settings")
    known = set(XLMRobertaConfig().to_dict())
    unknown = sorted(set(size) - known)
    if unknown:
        raise InputError(f"{path}: unknown XLMRobertaConfig settings: {', '.join(unknown)}")
    reserved = sorted(set(size) & set(TOKENIZER_KEYS))
    if reserved:
        raise InputError(f"{path}: {', '.join(reserved)} come from the tokenizer, remove them")
    return size


def init_model(
    tokenizer_dir: Path,
    size_config: Union[Path, Dict[str, Any]],
    output_dir: Path,
    *,
    seed: int = 0,
    vocab_size: Optional[int] = None,
) -> Path:
    """Save a randomly initialised XLMRobertaForMaskedLM with its tokenizer.

    output_dir becomes one Hugging Face folder (config, weights, tokenizer and
    its SentencePiece model) that AutoModel and spacy-transformers load offline;
    its manifest records the settings and the number of parameters. `vocab_size`
    pads the embedding matrix to that many rows (e.g. XLM-R's 250,002, to measure a
    model of XLM-R's shapes with a small tokenizer). Re-running with the same
    settings is a no-op.
    """
    output_dir = Path(output_dir)
    size = size_config if isinstance(size_config, dict) else load_size_config(size_config)
    settings = {"tokenizer": str(Path(tokenizer_dir).resolve()), "size": size, "seed": seed, "vocab_size": vocab_size}
    if claim_output(output_dir, MANIFEST, settings) is not None:
        logger.info("Model already initialised in %s", output_dir)
        return output_dir
    tokenizer = XLMRobertaTokenizerFast.from_pretrained(tokenizer_dir)
    config = XLMRobertaConfig(
        vocab_size=max(vocab_size or 0, len(tokenizer)),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        **size,
    )
    # Positions start after padding_idx, so the last usable one caps the length.
    tokenizer.model_max_length = config.max_position_embeddings - config.pad_token_id - 1
    set_seed(seed)
    model = XLMRobertaForMaskedLM(config)
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(output_dir)
    tokenizer.save_pretrained(output_dir)
    write_manifest(output_dir, MANIFEST, {**settings, "parameters": model.num_parameters()})
    logger.info(
        "Saved a %.1fM-parameter model (vocab %d) to %s", model.num_parameters() / 1e6, config.vocab_size, output_dir
    )
    return output_dir


class MaskedOnlyXLMRobertaForMaskedLM(XLMRobertaForMaskedLM):
    """XLMRobertaForMaskedLM that, given labels, runs the LM head on the masked
    positions only (as fairseq's masked_tokens). The loss is the same; the
    vocabulary projection, most of a small model's cost and a large model's
    activation memory, shrinks to the ~15% of masked positions. Without labels
    it is the stock forward. Weights and saved files are the stock class's.
    """

    def forward(
        self,
        input_ids: Optional[torch.Tensor] = None,
        attention_mask: Optional[torch.Tensor] = None,
        token_type_ids: Optional[torch.Tensor] = None,
        position_ids: Optional[torch.Tensor] = None,
        labels: Optional[torch.Tensor] = None,
    ) -> MaskedLMOutput:
        if labels is None:
            return super().forward(
                input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids, position_ids=position_ids
            )
        hidden = self.roberta(
            input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids, position_ids=position_ids
        )[0]
        masked = labels != -100
        logits = self.lm_head(hidden[masked])
        loss = torch.nn.functional.cross_entropy(logits, labels[masked])
        return MaskedLMOutput(loss=loss, logits=logits)


# save_pretrained records the class name in config.json: name the stock class,
# which loads these weights anywhere, rather than this training-only variant.
MaskedOnlyXLMRobertaForMaskedLM.__name__ = XLMRobertaForMaskedLM.__name__


def load_mlm_model(name_or_path: str) -> PreTrainedModel:
    """Load a masked-LM model for training (local folder or hub name); XLM-R
    models get the masked-positions-only head."""
    if AutoConfig.from_pretrained(name_or_path).model_type == "xlm-roberta":
        return MaskedOnlyXLMRobertaForMaskedLM.from_pretrained(name_or_path)
    return AutoModelForMaskedLM.from_pretrained(name_or_path)
