"""CLIN-X's ensembles over random splits: document-level splits of train+dev, and a
pipeline whose member NER models vote token by token."""
from .assemble import assemble_ensemble
from .splits import make_splits
from .vote import StashEnts, VoteEnts, vote_tags

__all__ = ["StashEnts", "VoteEnts", "assemble_ensemble", "make_splits", "vote_tags"]
