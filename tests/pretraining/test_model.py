import json

import pytest
import torch
from transformers import AutoModelForMaskedLM, AutoTokenizer

from clinx_spacy.pretraining import init_model, load_mlm_model, load_size_config

from .conftest import CONFIGS, TINY_SIZE


def test_tiny_size_config_loads():
    size = load_size_config(CONFIGS / "model_tiny.json")
    assert size["hidden_size"] % size["num_attention_heads"] == 0
    assert size["max_position_embeddings"] == 514


def test_init_model_makes_one_loadable_folder(model_dir):
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForMaskedLM.from_pretrained(model_dir)
    assert type(model).__name__ == "XLMRobertaForMaskedLM"
    assert model.config.vocab_size == len(tokenizer)
    assert model.config.pad_token_id == tokenizer.pad_token_id == 1
    assert model.config.num_hidden_layers == TINY_SIZE["num_hidden_layers"]
    # Positions start after padding_idx: 514 positions hold 512 tokens.
    assert tokenizer.model_max_length == 512
    assert (model_dir / "sentencepiece.bpe.model").is_file()


def test_init_model_rerun(model_dir, tokenizer_dir):
    assert init_model(tokenizer_dir, TINY_SIZE, model_dir) == model_dir
    with pytest.raises(FileExistsError, match="size"):
        init_model(tokenizer_dir, {**TINY_SIZE, "hidden_size": 64}, model_dir)


@pytest.mark.parametrize(
    "size,message",
    [
        ({"hidden_layers": 2}, "unknown XLMRobertaConfig settings: hidden_layers"),
        ({"vocab_size": 100}, "vocab_size come from the tokenizer"),
    ],
)
def test_bad_size_config(tmp_path, size, message):
    path = tmp_path / "size.json"
    path.write_text(json.dumps(size), encoding="utf8")
    with pytest.raises(ValueError, match=message):
        load_size_config(path)
    path.write_text('{"hidden_size": 3,}', encoding="utf8")
    with pytest.raises(ValueError, match=r"size.json:1:\d+: invalid JSON"):
        load_size_config(path)


def test_masked_only_head_gives_the_stock_loss(model_dir):
    stock = AutoModelForMaskedLM.from_pretrained(model_dir).eval()
    masked_only = load_mlm_model(str(model_dir)).eval()
    assert type(masked_only).__name__ == "XLMRobertaForMaskedLM"
    assert type(masked_only) is not type(stock)
    input_ids = torch.randint(4, stock.config.vocab_size - 1, (2, 16))
    labels = torch.full_like(input_ids, -100)
    labels[0, 3], labels[1, 7], labels[1, 9] = 11, 12, 13
    with torch.no_grad():
        expected = stock(input_ids=input_ids, labels=labels)
        result = masked_only(input_ids=input_ids, labels=labels)
        unlabelled = masked_only(input_ids=input_ids)
    torch.testing.assert_close(result.loss, expected.loss)
    assert result.logits.shape == (3, stock.config.vocab_size)
    torch.testing.assert_close(result.logits, expected.logits[labels != -100])
    assert unlabelled.logits.shape == (2, 16, stock.config.vocab_size)
