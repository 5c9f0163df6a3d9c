"""The private APIs of thinc, spacy-transformers and torch that clinx-spacy relies on still
behave as it expects, with the pinned versions."""

import torch
from thinc.api import Linear, Model, PyTorchWrapper_v3

from clinx_spacy.ml.private_api import (
    cpu_computes_bf16,
    replace_listener,
    set_torch_module,
    span_extension_is_set,
    torch_module,
    wrap_forward,
)


def test_torch_module_of_a_pytorch_wrapper_can_be_read_and_replaced():
    module = torch.nn.Linear(2, 3)
    model = PyTorchWrapper_v3(module)
    assert torch_module(model) is module
    bigger = torch.nn.Linear(2, 5)
    set_torch_module(model, bigger)
    assert torch_module(model) is bigger
    out = model.predict(model.ops.alloc2f(4, 2))
    assert out.shape == (4, 5)


def test_wrap_forward_replaces_a_thinc_forward_function():
    model = Linear(nO=2, nI=3)
    model.initialize()
    calls = []

    def wrapper(forward):
        def wrapped(model, X, is_train):
            calls.append(is_train)
            return forward(model, X, is_train)

        return wrapped

    wrap_forward(model, wrapper)
    assert model.predict(model.ops.alloc2f(1, 3)).shape == (1, 2)
    assert calls == [False]


def test_cpu_bf16_check_answers_a_bool():
    assert isinstance(cpu_computes_bf16(), bool)


def test_replace_listener_chains_the_transformer_with_a_batch_split():
    """What `nlp.replace_listeners` puts where a TransformerListener was: the transformer,
    then `split_trf_batch` (one TransformerData per doc)."""
    transformer = Model("stand-in transformer", lambda model, X, is_train: (X, lambda dY: dY))
    replaced = replace_listener(transformer)
    assert replaced.layers[0] is transformer
    assert replaced.layers[1].name == "split-trf-batch"


def test_a_set_span_extension_is_told_from_its_default():
    import spacy
    from spacy.tokens import Span

    Span.set_extension("clinx_test_flag", default=False, force=True)
    doc = spacy.blank("es")("Sin fiebre")
    span = Span(doc, 1, 2, label="DISO")
    assert not span_extension_is_set(span, "clinx_test_flag")
    span._.clinx_test_flag = False
    assert span_extension_is_set(span, "clinx_test_flag")
    Span.remove_extension("clinx_test_flag")
