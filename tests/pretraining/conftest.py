import pytest

from clinx_spacy.pretraining import load_pretrain_config

from tiny_models import CONFIGS, CORPUS, ROOT, TINY_SIZE  # noqa: F401  (imported by the tests here)

# Make the tiny profile's recipe fit the test text and run in seconds.
FAST_OVERRIDES = {
    "data.seq_length": 32,
    "data.eval_fraction": 0.1,
    "training.per_device_train_batch_size": 4,
    "training.per_device_eval_batch_size": 8,
    "training.warmup_steps": 0,
    "training.logging_steps": 1,
    "training.eval_steps": 2,
    "training.save_steps": 2,
}


@pytest.fixture
def fast_config():
    return load_pretrain_config(CONFIGS / "pretrain_tiny.json", FAST_OVERRIDES)
