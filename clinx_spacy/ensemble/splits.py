"""Random document-level splits of train+dev for the ensemble's members."""
import os
import random
from collections import Counter
from pathlib import Path
from typing import List, Union


def make_splits(
    folders: List[Union[str, Path]], output: Union[str, Path], n_splits: int = 5, seed: int = 0
) -> List[Path]:
    """Pool the documents of `folders` (BRAT: <id>.txt + <id>.ann), shuffle them and
    cut them into `n_splits` folds; member k trains on the others and develops on
    fold k: `<output>/split_<k>/{train,dev}`, holding symlinks to the documents.
    Every document is in exactly one dev fold. Returns the split folders."""
    if n_splits < 2:
        raise ValueError(f"n_splits must be at least 2, got {n_splits}")
    documents = [path.with_suffix("") for folder in map(Path, folders) for path in Path(folder).glob("*.txt")]
    duplicates = sorted(name for name, n in Counter(path.name for path in documents).items() if n > 1)
    if duplicates:
        raise ValueError(f"Document ids occur in more than one folder: {', '.join(duplicates[:5])}")
    if len(documents) < n_splits:
        raise ValueError(f"{len(documents)} documents cannot make {n_splits} splits")
    documents.sort()
    random.Random(seed).shuffle(documents)
    folds = [documents[k::n_splits] for k in range(n_splits)]
    splits = []
    for k in range(n_splits):
        split = Path(output) / f"split_{k}"
        for part, docs in (("dev", folds[k]), ("train", [d for j, f in enumerate(folds) if j != k for d in f])):
            target = split / part
            target.mkdir(parents=True, exist_ok=True)
            for doc in docs:
                for suffix in (".txt", ".ann"):
                    source = Path(str(doc) + suffix)
                    link = target / source.name
                    if link.is_symlink() or link.exists():
                        link.unlink()
                    if source.exists():
                        os.symlink(source.resolve(), link)
        splits.append(split)
    return splits
