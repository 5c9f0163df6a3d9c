"""Pipeline components: each `@Language.factory` beside its class."""

from .context import ContextComponent, make_context
from .crf_ner import CRFEntityRecognizer, make_crf_ner
from .merge_ents import MergeEnts, make_merge_ents
from .scope_assertion import ScopeAssertion, make_scope_assertion
from .vote_ents import StashEnts, VoteEnts, make_stash_ents, make_vote_ents, vote_tags

__all__ = [
    "ContextComponent",
    "CRFEntityRecognizer",
    "MergeEnts",
    "ScopeAssertion",
    "StashEnts",
    "VoteEnts",
    "make_context",
    "make_crf_ner",
    "make_merge_ents",
    "make_scope_assertion",
    "make_stash_ents",
    "make_vote_ents",
    "vote_tags",
]
