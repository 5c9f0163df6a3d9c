"""SentencePiece Unigram tokenizer saved as an XLM-R tokenizer folder."""

import logging
import re
import tempfile
from pathlib import Path
from typing import Iterator, List, Optional

import sentencepiece as spm
from transformers import XLMRobertaTokenizerFast

from ..errors import InputError
from ..util import available_cores
from .corpus import read_documents
from .outputs import claim_output, write_manifest

logger = logging.getLogger(__name__)

SPM_FILE = "sentencepiece.bpe.model"  # XLMRobertaTokenizer's vocab file name
MANIFEST = "clinx_tokenizer.json"
# The tokenizer adds <pad> and <mask> to the SentencePiece pieces (see train_tokenizer).
N_ADDED_TOKENS = 2
# SentencePiece skips longer "sentences"; documents are split into sentences first.
MAX_SENTENCE_BYTES = 16384
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def train_tokenizer(
    text_file: Path,
    output_dir: Path,
    *,
    vocab_size: int = 16000,
    max_docs: Optional[int] = None,
    max_chars: Optional[int] = None,
    character_coverage: float = 0.9999,
    split_digits: bool = True,
    model_max_length: int = 512,
) -> XLMRobertaTokenizerFast:
    """Train a Unigram tokenizer on text_file and save it in output_dir.

    The folder is a complete XLMRobertaTokenizerFast (tokenizer.json plus the
    SentencePiece model, which spacy-transformers needs to save pipelines).
    Ids follow XLM-R: <s>=0 <pad>=1 </s>=2 <unk>=3, pieces, then <mask> last.
    vocab_size counts all of these; on small text it is an upper bound.
    Re-running with the same settings is a no-op that loads the saved folder.
    """
    output_dir = Path(output_dir)
    settings = {
        "text_file": str(Path(text_file).resolve()),
        "vocab_size": vocab_size,
        "max_docs": max_docs,
        "max_chars": max_chars,
        "character_coverage": character_coverage,
        "split_digits": split_digits,
        "model_max_length": model_max_length,
    }
    if claim_output(output_dir, MANIFEST, settings) is not None:
        logger.info("Tokenizer already trained in %s, loading it", output_dir)
        return XLMRobertaTokenizerFast.from_pretrained(output_dir)
    if vocab_size <= N_ADDED_TOKENS + 3:
        raise InputError(f"vocab_size must be larger than 5, got {vocab_size}")
    docs = read_documents(text_file, max_docs=max_docs, max_chars=max_chars)
    logger.info("Training a %d-piece Unigram tokenizer on %d documents", vocab_size, len(docs))
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "spm"
        spm.SentencePieceTrainer.train(
            sentence_iterator=_sentences(docs),
            model_prefix=str(prefix),
            model_type="unigram",
            vocab_size=vocab_size - N_ADDED_TOKENS,
            # Soft limit: small test texts cannot fill a large vocabulary.
            hard_vocab_limit=False,
            character_coverage=character_coverage,
            split_digits=split_digits,
            # fairseq/XLM-R layout: the HF tokenizer puts <pad> at 1 and shifts
            # every piece up by one, so pad has no SentencePiece id.
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            normalization_rule_name="nmt_nfkc",
            max_sentence_length=MAX_SENTENCE_BYTES,
            shuffle_input_sentence=True,
            num_threads=available_cores(),
        )
        spm_path = output_dir / SPM_FILE
        spm_path.write_bytes(prefix.with_suffix(".model").read_bytes())
    tokenizer = XLMRobertaTokenizerFast(vocab_file=str(spm_path), model_max_length=model_max_length)
    tokenizer.save_pretrained(output_dir)
    write_manifest(output_dir, MANIFEST, settings)
    logger.info("Saved a tokenizer of %d tokens to %s", len(tokenizer), output_dir)
    return tokenizer


def _sentences(docs: List[str]) -> Iterator[str]:
    for doc in docs:
        for sentence in _SENTENCE_END.split(doc):
            # A sentence too long for SentencePiece is cut rather than dropped.
            while len(sentence.encode("utf8")) > MAX_SENTENCE_BYTES:
                cut = sentence.rfind(" ", 0, MAX_SENTENCE_BYTES // 4)
                cut = cut if cut > 0 else MAX_SENTENCE_BYTES // 4
                yield sentence[:cut]
                sentence = sentence[cut:].lstrip()
            if sentence:
                yield sentence
