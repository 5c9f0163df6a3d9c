"""De-identification of Spanish clinical text: protected spans (from a pipeline, from
annotations, or both) replaced by tags, masks, hashes or consistent realistic surrogates."""

from .corpus import DeidEncoder, PhiAuditWarning, deidentify_corpus
from .deidentify import Deidentified, Phi, Replacement, deidentify
from .policy import OPERATORS, SURROGATES, LabelRule, Policy, load_policy

__all__ = [
    "OPERATORS",
    "SURROGATES",
    "DeidEncoder",
    "Deidentified",
    "LabelRule",
    "Phi",
    "PhiAuditWarning",
    "Policy",
    "Replacement",
    "deidentify",
    "deidentify_corpus",
    "load_policy",
]
