"""Pipeline components: each `@Language.factory` beside its class."""

from .crf_ner import CRFEntityRecognizer, make_crf_ner
from .merge_ents import MergeEnts, make_merge_ents
from .vote_ents import StashEnts, VoteEnts, make_stash_ents, make_vote_ents, vote_tags

__all__ = [
    "CRFEntityRecognizer",
    "MergeEnts",
    "StashEnts",
    "VoteEnts",
    "make_crf_ner",
    "make_merge_ents",
    "make_stash_ents",
    "make_vote_ents",
    "vote_tags",
]
