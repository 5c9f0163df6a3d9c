"""Documents to fixed-length token blocks for masked-LM training."""

import random
from typing import Dict, List, Tuple

import numpy
import torch
from tqdm import tqdm
from transformers import PreTrainedTokenizerBase

from ..errors import InputError

TOKENIZE_BATCH = 256


def split_held_out(docs: List[str], fraction: float, seed: int) -> Tuple[List[str], List[str]]:
    """Shuffle documents and hold out a fraction of them (train, eval).

    Whole documents are held out so that no evaluation text is trained on.
    """
    if len(docs) < 2:
        raise InputError(f"Need at least 2 documents to hold some out, got {len(docs)}")
    docs = list(docs)
    random.Random(seed).shuffle(docs)
    n_eval = min(len(docs) - 1, max(1, round(len(docs) * fraction)))
    return docs[n_eval:], docs[:n_eval]


def tokenize_blocks(
    docs: List[str], tokenizer: PreTrainedTokenizerBase, seq_length: int, *, desc: str = "Tokenizing"
) -> torch.Tensor:
    """Tokenize documents (<s> doc </s>), concatenate them and cut the stream
    into rows of seq_length tokens; the incomplete last row is dropped."""
    pieces = []
    for start in tqdm(range(0, len(docs), TOKENIZE_BATCH), desc=desc, unit="batch"):
        batch = docs[start : start + TOKENIZE_BATCH]
        # verbose=False: documents longer than the model are expected here.
        encoded = tokenizer(batch, return_attention_mask=False, verbose=False)["input_ids"]
        pieces.extend(numpy.asarray(ids, dtype=numpy.int32) for ids in encoded)
    stream = numpy.concatenate(pieces)
    n_blocks = len(stream) // seq_length
    if n_blocks == 0:
        raise InputError(
            f"{desc}: {len(stream)} tokens make no block of {seq_length}: "
            "use more text, a larger held-out fraction or a shorter seq_length"
        )
    return torch.from_numpy(stream[: n_blocks * seq_length].reshape(n_blocks, seq_length))


class BlockDataset(torch.utils.data.Dataset):
    """Rows of token ids, each with the special-tokens mask that
    DataCollatorForLanguageModeling would otherwise compute token by token."""

    def __init__(self, blocks: torch.Tensor, special_ids: List[int]):
        self.blocks = blocks
        self.special_ids = torch.tensor(sorted(set(special_ids)), dtype=blocks.dtype)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> Dict[str, torch.Tensor]:
        ids = self.blocks[index]
        return {"input_ids": ids.long(), "special_tokens_mask": torch.isin(ids, self.special_ids).long()}
