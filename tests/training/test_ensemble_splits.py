"""Random document-level splits of train+dev: every document is in exactly one dev fold."""

from pathlib import Path

import pytest

from clinx_spacy.training.ensemble import make_splits

SAMPLE = Path(__file__).parents[2] / "assets" / "sample"


def names(folder: Path):
    return sorted(path.stem for path in folder.glob("*.txt"))


def test_five_splits_partition_train_and_dev(tmp_path):
    splits = make_splits([SAMPLE / "train", SAMPLE / "dev"], tmp_path, n_splits=5, seed=1)
    everything = names(SAMPLE / "train") + names(SAMPLE / "dev")
    dev_folds = [names(split / "dev") for split in splits]
    assert sorted(doc for fold in dev_folds for doc in fold) == sorted(everything)
    for split, dev in zip(splits, dev_folds):
        train = names(split / "train")
        assert not set(train) & set(dev)
        assert sorted(train + dev) == sorted(everything)
        assert abs(len(dev) - len(everything) / 5) <= 1
    linked = next((splits[0] / "dev").glob("*.ann"))
    assert linked.is_symlink() and linked.read_text(encoding="utf8")


def test_splits_depend_on_the_seed_only(tmp_path):
    first = make_splits([SAMPLE / "dev"], tmp_path / "a", n_splits=3, seed=7)
    again = make_splits([SAMPLE / "dev"], tmp_path / "b", n_splits=3, seed=7)
    other = make_splits([SAMPLE / "dev"], tmp_path / "c", n_splits=3, seed=8)
    assert [names(s / "dev") for s in first] == [names(s / "dev") for s in again]
    assert [names(s / "dev") for s in first] != [names(s / "dev") for s in other]


def test_bad_requests_are_errors(tmp_path):
    with pytest.raises(ValueError, match="at least 2"):
        make_splits([SAMPLE / "dev"], tmp_path, n_splits=1)
    with pytest.raises(ValueError, match="more than one folder"):
        make_splits([SAMPLE / "dev", SAMPLE / "dev"], tmp_path)
