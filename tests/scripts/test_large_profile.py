"""The large-profile benchmark runs end to end without a GPU when given a tiny size config."""

import json

from benchmarking.large_profile import run
from tiny_models import CONFIGS, ROOT, TINY_SIZE

SAMPLE = ROOT / "assets" / "sample"
NER_CONFIGS = [CONFIGS / "ner_large_crf.cfg", CONFIGS / "ner_large_crf_context_subword.cfg"]


def test_large_profile_benchmark_measures_mlm_and_every_ner_config(tmp_path):
    size_config = tmp_path / "size.json"
    size_config.write_text(json.dumps(TINY_SIZE))
    output = tmp_path / "gpu.json"
    results = run(
        output,
        tmp_path / "work",
        SAMPLE / "pretrain.txt",
        SAMPLE,
        size_config,
        CONFIGS / "pretrain_large.json",
        NER_CONFIGS,
        mlm_steps=2,
        mlm_batch_size=2,
        ner_steps=2,
        vocab_size=0,
        tokenizer_vocab_size=600,
        gpu_id=-1,
    )
    assert results["mlm"]["steps"] == 2 and results["mlm"]["tokens_per_s"] > 0
    assert list(results["ner"]) == ["ner_large_crf", "ner_large_crf_context_subword"]
    for ner in results["ner"].values():
        assert ner["train_steps"] == 2
        assert ner["inference_docs"] == len(list((SAMPLE / "dev").glob("*.txt")))
        assert ner["inference_words_per_s"] > 0
    # json, not srsly: ujson's float parsing is off in the last digit.
    assert json.loads(output.read_text(encoding="utf8")) == results
