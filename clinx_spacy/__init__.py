"""CLIN-X-ES as spaCy pipelines: BRAT data layer, readers, scorers, components."""

from .about import __version__

__all__ = ["__version__"]
