"""One loadable pipeline from several trained NER pipelines (the ensemble's members)."""
from pathlib import Path
from typing import List, Optional, Sequence, Union

import spacy
from spacy.language import Language

MEMBER_NER = "ner"
LISTENER_PATH = "model.tok2vec"


def assemble_ensemble(
    member_paths: Sequence[Union[str, Path]], output: Optional[Union[str, Path]] = None
) -> Language:
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
