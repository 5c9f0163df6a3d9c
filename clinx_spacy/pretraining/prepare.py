"""The starting point of continued pretraining, per profile: built locally (tiny) or fetched (large)."""

import logging
from pathlib import Path
from typing import Any, Dict

from ..errors import InputError
from ..util import read_json
from .model import init_model
from .tokenizer import train_tokenizer

logger = logging.getLogger(__name__)


def load_init_config(path: Path) -> Dict[str, Any]:
    """Read configs/init_<profile>.json: either {"from_pretrained": NAME} or
    {"tokenizer": {train_tokenizer options}, "model_size": size config path relative to this file}."""
    path = Path(path)
    config = read_json(path)
    if isinstance(config, dict) and set(config) == {"from_pretrained"}:
        return config
    if isinstance(config, dict) and set(config) == {"tokenizer", "model_size"}:
        return config
    raise InputError(f'{path}: expected {{"from_pretrained": NAME}} or {{"tokenizer": {{...}}, "model_size": PATH}}')


def prepare_model(init_config: Path, text_file: Path, output_dir: Path, *, seed: int = 0) -> Path:
    """Write the initial model + tokenizer folder that `run_mlm` continues from.

    Tiny: a SentencePiece tokenizer trained on text_file and a randomly initialised XLM-R of the
    configured size. Large: a hub model such as xlm-roberta-large saved locally (needs a network
    once; later runs read the local folder).
    """
    config = load_init_config(init_config)
    output_dir = Path(output_dir)
    if "from_pretrained" in config:
        from transformers import AutoModelForMaskedLM, AutoTokenizer

        name = config["from_pretrained"]
        logger.info("Fetching %s into %s", name, output_dir)
        AutoTokenizer.from_pretrained(name).save_pretrained(output_dir)
        AutoModelForMaskedLM.from_pretrained(name).save_pretrained(output_dir)
        return output_dir
    tokenizer_dir = output_dir.parent / f"{output_dir.name}-tokenizer"
    train_tokenizer(text_file, tokenizer_dir, **config["tokenizer"])
    # Relative to the init config, so the pair of files moves together.
    size_config = Path(init_config).parent / config["model_size"]
    return init_model(tokenizer_dir, size_config, output_dir, seed=seed)
