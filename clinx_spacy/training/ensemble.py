"""CLIN-X's ensembles over random splits: document-level splits of the training pool,
and one loadable pipeline from the members trained on them, whose NER models vote."""

import os
import random
from collections import Counter
from pathlib import Path
from typing import List, Optional, Sequence, Union

import spacy
from spacy.language import Language

MEMBER_NER = "ner"
LISTENER_PATH = "model.tok2vec"


def assemble_ensemble(member_paths: Sequence[Union[str, Path]], output: Optional[Union[str, Path]] = None) -> Language:
    """Combine members (each a pipeline whose `ner` component listens to its own
    `transformer` or `tok2vec` at `model.tok2vec`) into one pipeline:
    `ner_0, stash_0, ner_1, stash_1, ..., vote`. Each member's NER gets its own
    copy of its upstream model (`replace_listeners`), so members never share
    weights; `vote` (`clinx_vote_ents`) sets `doc.ents`. Saved to `output` if given.
    """
    if len(member_paths) < 2:
        raise ValueError(f"An ensemble needs at least 2 members, got {len(member_paths)}")
    nlp: Optional[Language] = None
    keys: List[str] = []
    for k, path in enumerate(member_paths):
        member = _self_contained(spacy.load(path), path)
        if nlp is None:
            nlp = member
            nlp.rename_pipe(MEMBER_NER, f"ner_{k}")
        else:
            nlp.add_pipe(MEMBER_NER, name=f"ner_{k}", source=member)
        keys.append(f"member_{k}")
        nlp.add_pipe("clinx_stash_ents", name=f"stash_{k}", config={"spans_key": keys[-1]})
    assert nlp is not None
    nlp.add_pipe("clinx_vote_ents", name="vote", config={"spans_keys": keys})
    if output is not None:
        # The project saves to <run>-ensemble/model-best, whose parent no training created.
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(output)
    return nlp


def _self_contained(member: Language, path: Union[str, Path]) -> Language:
    """The member with only its NER, which holds a copy of the model it listened to."""
    if MEMBER_NER not in member.pipe_names:
        raise ValueError(f"{path}: no '{MEMBER_NER}' component (pipeline: {member.pipe_names})")
    for name in [n for n in member.pipe_names if n != MEMBER_NER]:
        listeners = getattr(member.get_pipe(name), "listener_map", {})
        if MEMBER_NER in listeners:
            member.replace_listeners(name, MEMBER_NER, [LISTENER_PATH])
        member.remove_pipe(name)
    return member


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
