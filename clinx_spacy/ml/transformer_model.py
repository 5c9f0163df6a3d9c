"""`clinx.TransformerModel.v1`: spacy-transformers' TransformerModel.v3 that can run its
forward pass under CPU bfloat16 autocast. On CPUs with AMX or AVX512-BF16 the
transformer's matmuls take about half the time; elsewhere (or on a GPU, where
`mixed_precision` is the switch) the setting does nothing."""

from typing import Callable

import torch
from spacy.util import registry
from spacy_transformers.layers import TransformerModel
from thinc.api import Model, NumpyOps

from .fork_safety import make_forks_safe
from .private_api import cpu_computes_bf16, torch_module, wrap_forward
from .tok2vec_transformer import replace_listener_cfg

make_forks_safe()


@registry.architectures("clinx.TransformerModel.v1")
def create_transformer_model(
    name: str,
    get_spans: Callable,
    tokenizer_config: dict = {},
    transformer_config: dict = {},
    mixed_precision: bool = False,
    grad_scaler_config: dict = {},
    cpu_bf16: bool = False,
) -> Model:
    """`spacy-transformers.TransformerModel.v3` (same arguments), plus `cpu_bf16`:
    run the forward pass under `torch.autocast("cpu", torch.bfloat16)` when the
    model is on the CPU and the CPU computes bfloat16 natively. Weights,
    gradients and outputs stay float32."""
    model = TransformerModel(name, get_spans, tokenizer_config, transformer_config, mixed_precision, grad_scaler_config)
    # A listener replaced by a copy of this model must keep cpu_bf16 and its own layers.
    model.attrs["replace_listener_cfg"] = replace_listener_cfg
    if cpu_bf16:
        wrap_forward(model, _with_cpu_bf16)
    return model


def _with_cpu_bf16(forward: Callable) -> Callable:
    def bf16_forward(model: Model, docs, is_train: bool):
        if not isinstance(model.ops, NumpyOps) or not cpu_computes_bf16() or not model.layers:
            return forward(model, docs, is_train)
        hf_model = torch_module(model.layers[0])
        if not getattr(hf_model, "_clinx_float32_outputs", False):
            hf_model.register_forward_hook(_float32_outputs)
            hf_model._clinx_float32_outputs = True
        # Autocast covers the forward pass only: backprop runs on the recorded
        # graph, and the cast cache is dropped when the context exits.
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return forward(model, docs, is_train)

    return bf16_forward


def _float32_outputs(module: torch.nn.Module, inputs, outputs):
    """Forward hook: bfloat16 outputs cast to float32 inside the graph, so spaCy
    (numpy) can read them and gradients flow back through the cast."""
    for key, value in outputs.items():
        if isinstance(value, torch.Tensor) and value.dtype == torch.bfloat16:
            outputs[key] = value.float()
    return outputs
