"""Every use of a private API of spaCy, thinc, spacy-transformers or torch, in one place, so an
upgrade breaks here first: `tests/ml/test_private_api.py` checks each against the pinned
versions."""

from functools import lru_cache
from typing import Callable

import torch
from spacy_transformers.layers._util import replace_listener
from thinc.api import Model

__all__ = [
    "cpu_computes_bf16",
    "replace_listener",
    "set_torch_module",
    "span_extension_is_set",
    "torch_module",
    "wrap_forward",
]


def span_extension_is_set(span, name: str) -> bool:
    """Whether the span extension `name` was set on `span` (not just its default): spaCy's
    Underscore keeps a set value in `doc.user_data` under its `_get_key`."""
    return span._._get_key(name) in span.doc.user_data


def torch_module(model: Model) -> torch.nn.Module:
    """The torch module inside a thinc PyTorchWrapper (its shim's `_model`)."""
    return model.shims[0]._model


def set_torch_module(model: Model, module: torch.nn.Module) -> None:
    """Replace the torch module inside a thinc PyTorchWrapper, on the shim's device."""
    shim = model.shims[0]
    shim._model = module.to(shim.device)


def wrap_forward(model: Model, wrapper: Callable[[Callable], Callable]) -> None:
    """Replace a thinc model's forward function `f` by `wrapper(f)`."""
    model._func = wrapper(model._func)


@lru_cache(maxsize=1)
def cpu_computes_bf16() -> bool:
    """Whether this CPU has native bfloat16 matmuls (oneDNN's check)."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
