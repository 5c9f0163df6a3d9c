"""multitask_config: one CRF head per task from a single-task config."""

import pytest
from spacy.util import load_config

from clinx_spacy.training.multitask import multitask_config

from tiny_models import CONFIGS


def test_heads_groups_corpus_and_weights():
    config = multitask_config(load_config(CONFIGS / "ner_tiny_crf.cfg", interpolate=False), ["a", "b"])
    assert config["nlp"]["pipeline"] == ["transformer", "a", "b", "merge_ents"]
    for task in ("a", "b"):
        head = config["components"][task]
        assert head["spans_key"] == task and head["scorer"]["prefix"] == task
        assert head["model"]["tok2vec"]["upstream"] == "transformer"
    assert config["components"]["merge_ents"] == {
        "factory": "clinx_merge_ents",
        "spans_keys": ["a", "b"],
        "policy": "priority",
    }
    assert config["corpora"]["train"]["@readers"] == "clinx.MultiTaskBratCorpus.v1"
    assert config["training"]["score_weights"]["a_f"] == 0.5 and config["training"]["score_weights"]["ents_f"] is None
    assert "train" not in config["paths"] and config["paths"]["corpora"] is None


def test_merge_policy_is_a_choice():
    config = multitask_config(load_config(CONFIGS / "ner_tiny_crf.cfg", interpolate=False), ["b", "a"], "longest")
    assert config["components"]["merge_ents"]["policy"] == "longest"
    assert config["components"]["merge_ents"]["spans_keys"] == ["b", "a"]


def test_only_a_crf_head_and_distinct_tasks():
    with pytest.raises(ValueError, match="must be a clinx_crf_ner"):
        multitask_config(load_config(CONFIGS / "ner_tiny.cfg", interpolate=False), ["a"])
    with pytest.raises(ValueError, match="distinct task names"):
        multitask_config(load_config(CONFIGS / "ner_tiny_crf.cfg", interpolate=False), ["a", "a"])
