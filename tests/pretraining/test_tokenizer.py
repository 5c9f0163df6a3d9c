import json

import pytest
import sentencepiece as spm
from transformers import AutoTokenizer

from clinx_spacy.pretraining import read_documents, train_tokenizer
from clinx_spacy.pretraining.tokenizer import SPM_FILE

from .conftest import CORPUS

SPANISH = "Paciente de 45 años: niño con 0,5 mg/día de omeprazol y TA 120/80 mmHg."


def test_folder_is_a_complete_xlmr_tokenizer(tokenizer_dir):
    assert (tokenizer_dir / SPM_FILE).is_file()
    assert (tokenizer_dir / "tokenizer.json").is_file()
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    assert type(tokenizer).__name__ == "XLMRobertaTokenizerFast"
    assert tokenizer.vocab_file and tokenizer.can_save_slow_tokenizer
    assert len(tokenizer) <= 400
    assert tokenizer.model_max_length == 512


def test_special_token_ids_follow_xlmr(tokenizer_dir):
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    ids = tokenizer.convert_tokens_to_ids(["<s>", "<pad>", "</s>", "<unk>"])
    assert ids == [0, 1, 2, 3]
    assert tokenizer.mask_token_id == len(tokenizer) - 1
    encoded = tokenizer("hola")["input_ids"]
    assert encoded[0] == 0 and encoded[-1] == 2


def test_encodes_and_decodes_spanish(tokenizer_dir):
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    ids = tokenizer(SPANISH)["input_ids"]
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == SPANISH
    # Digits are split, so numbers never become rare whole pieces.
    assert {"4", "5"} <= set(tokenizer.tokenize("45 años"))


def test_fast_tokenizer_matches_sentencepiece(tokenizer_dir):
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    processor = spm.SentencePieceProcessor(model_file=str(tokenizer_dir / SPM_FILE))
    assert tokenizer.tokenize(SPANISH) == processor.encode(SPANISH, out_type=str)


def test_rerun_is_noop_and_other_settings_refuse(tokenizer_dir, text_file):
    before = (tokenizer_dir / SPM_FILE).stat().st_mtime_ns
    train_tokenizer(text_file, tokenizer_dir, vocab_size=400)
    assert (tokenizer_dir / SPM_FILE).stat().st_mtime_ns == before
    with pytest.raises(FileExistsError, match="vocab_size"):
        train_tokenizer(text_file, tokenizer_dir, vocab_size=500)


def test_refuses_unrelated_non_empty_folder(tmp_path, text_file):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf8")
    with pytest.raises(FileExistsError, match="not empty"):
        train_tokenizer(text_file, tmp_path, vocab_size=400)


def test_caps_and_bad_input(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_bytes(b"uno\n\ndos dos\ntres tres tres\n")
    assert read_documents(path) == ["uno", "dos dos", "tres tres tres"]
    assert read_documents(path, max_docs=2) == ["uno", "dos dos"]
    assert read_documents(path, max_chars=4) == ["uno", "dos dos"]
    path.write_bytes(b"bien\nmal \xff aqu\xc3\xad\n")
    with pytest.raises(ValueError, match=r"docs.txt:2: invalid UTF-8 at byte offset 4"):
        read_documents(path)
    path.write_text("\n \n", encoding="utf8")
    with pytest.raises(ValueError, match="no documents"):
        read_documents(path)


def test_real_corpus_sample(tmp_path):
    if not CORPUS.is_file():
        pytest.skip(f"pretraining corpus not found at {CORPUS}")
    tokenizer = train_tokenizer(CORPUS, tmp_path / "tok", vocab_size=2000, max_docs=100)
    settings = json.loads((tmp_path / "tok" / "clinx_tokenizer.json").read_text(encoding="utf8"))
    assert settings["max_docs"] == 100
    ids = tokenizer("Hemoglobina 12,3 g/dL. Ecografía renal: masa sólido-quística de 12 cm.")["input_ids"]
    assert tokenizer.unk_token_id not in ids
