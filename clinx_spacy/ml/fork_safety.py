"""Pipelines with torch layers that work in forked processes (`nlp.pipe(n_process=N)`).

spaCy starts its worker processes by forking. A child forked after torch has started its
OpenMP thread pool hangs in an OpenMP barrier the first time it runs a parallel op, so
every forked child gets one torch thread (and the Hugging Face tokenizers' own threads
off): N processes then use N cores without waiting for each other.
"""

import os

import torch

_REGISTERED = False


def _one_thread_in_child() -> None:
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    torch.set_num_threads(1)


def make_forks_safe() -> None:
    """Register, once per process, the fork handler that gives each child one torch thread."""
    global _REGISTERED
    if not _REGISTERED and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_one_thread_in_child)
        _REGISTERED = True
