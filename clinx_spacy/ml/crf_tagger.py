"""`clinx.CRFTagger.v1`: per-token emission scores over any tok2vec, with a CRF inside."""

from io import BytesIO
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy
import spacy
import torch
from spacy.tokens import Doc
from thinc.api import ArgsKwargs, Linear, Model, PyTorchWrapper_v3, chain, torch2xp, with_array, xp2torch
from thinc.types import Floats1d, Floats2d, Ints1d
from torch.nn.utils.rnn import pad_sequence

from .biluo import allowed_transitions
from .fork_safety import make_forks_safe
from .private_api import set_torch_module, torch_module
from .torch_crf import ConditionalRandomField

make_forks_safe()

CRFInput = Tuple[List[Floats2d], List[Ints1d]]


@spacy.registry.architectures("clinx.CRFTagger.v1")
def build_crf_tagger(
    tok2vec: Model[List[Doc], List[Floats2d]], nO: Optional[int] = None
) -> Model[List[Doc], List[Floats2d]]:
    """Map each token to one unnormalised score per BILUO tag (its emission
    scores). The CRF that scores whole tag sequences is a sublayer (ref "crf"),
    so the optimizer updates its transitions and serialisation stores them, but
    the forward pass returns the emissions only: the component computes the CRF
    loss (`crf_loss`) and decodes (`crf_decode`). `nO`: the number of tags,
    usually left unset and fixed by `set_tags`.
    """
    output_layer = Linear(nO=nO)
    emissions = chain(tok2vec, with_array(output_layer))
    crf = PyTorchWrapper_v3(
        _empty_crf(),
        convert_inputs=_convert_inputs,
        convert_outputs=_convert_outputs,
        deserialize_model=_deserialize_crf,
    )
    return Model(
        "clinx_crf_tagger",
        _forward,
        init=_init,
        layers=[emissions, crf],
        refs={"tok2vec": tok2vec, "output_layer": output_layer, "crf": crf},
        dims={"nO": nO},
    )


def set_tags(model: Model, tags: Sequence[str]) -> None:
    """Size the tagger for the BILUO `tags` and give its CRF their valid
    transitions, with zero transition scores. Call before `model.initialize`."""
    if model.has_dim("nO") and model.get_dim("nO") != len(tags):
        raise ValueError(
            f"clinx.CRFTagger.v1 has nO = {model.get_dim('nO')}, but the labels give "
            f"{len(tags)} BILUO tags (4 per label + O): leave nO unset (null) in the config."
        )
    model.set_dim("nO", len(tags))
    model.get_ref("output_layer").set_dim("nO", len(tags))
    masks = [torch.from_numpy(mask) for mask in allowed_transitions(tags)]
    # As spacy-transformers does for its transformer, build the torch module
    # once its size is known.
    set_torch_module(model.get_ref("crf"), ConditionalRandomField(*masks))


def crf_loss(model: Model, emissions: List[Floats2d], tags: List[Ints1d]) -> Tuple[Floats1d, Callable]:
    """Negative log-likelihood of the gold `tags` (negative: unknown) of each
    sequence, and the backprop callback that takes d(loss) per sequence, adds the
    transition gradients and returns d(emissions)."""
    return model.get_ref("crf").begin_update((emissions, tags))


def crf_decode(model: Model, emissions: List[Floats2d]) -> List[Ints1d]:
    """The best valid tag sequence of each sequence of emission scores."""
    padded, mask = _pad(model.get_ref("crf"), emissions, requires_grad=False)
    paths = torch2xp(_torch_crf(model).decode(padded, mask))
    return [path[: len(doc_emissions)] for path, doc_emissions in zip(paths, emissions)]


def crf_path_marginals(model: Model, emissions: List[Floats2d], paths: List[Ints1d]) -> List[Floats1d]:
    """P(each token's tag on `paths` | its sequence): the CRF's marginals, one value per token."""
    padded, mask = _pad(model.get_ref("crf"), emissions, requires_grad=False)
    marginals = _torch_crf(model).marginals(padded, mask).detach().cpu().numpy()
    return [
        doc_marginals[numpy.arange(len(path)), model.ops.to_numpy(path).astype("int64")]
        for doc_marginals, path in zip(marginals, paths)
    ]


def _forward(model: Model, docs: List[Doc], is_train: bool) -> Tuple[List[Floats2d], Callable]:
    return model.layers[0](docs, is_train)


def _init(model: Model, X: Optional[List[Doc]] = None, Y: Optional[List[Floats2d]] = None) -> None:
    if not model.has_dim("nO") or _torch_crf(model).n_tags != model.get_dim("nO"):
        raise ValueError("Call set_tags(model, tags) before initializing clinx.CRFTagger.v1.")
    model.layers[0].initialize(X=X, Y=Y)


def _torch_crf(model: Model) -> ConditionalRandomField:
    return torch_module(model.get_ref("crf"))


def _empty_crf() -> ConditionalRandomField:
    no_tags = torch.zeros((0,), dtype=torch.bool)
    return ConditionalRandomField(no_tags.reshape(0, 0), no_tags, no_tags)


def _pad(crf_layer: Model, emissions: List[Floats2d], requires_grad: bool) -> Tuple[torch.Tensor, torch.Tensor]:
    """Emissions padded to (batch, length, n_tags) on the CRF's device, and the
    mask of real tokens."""
    device = crf_layer.shims[0].device
    lengths = torch.tensor([len(e) for e in emissions], device=device)
    padded = xp2torch(crf_layer.ops.pad(emissions), requires_grad=requires_grad, device=device)
    mask = torch.arange(padded.shape[1], device=device) < lengths.unsqueeze(1)
    return padded, mask


def _convert_inputs(model: Model, X: CRFInput, is_train: bool) -> Tuple[ArgsKwargs, Callable]:
    emissions, tags = X
    padded, mask = _pad(model, emissions, requires_grad=is_train)
    gold = pad_sequence(
        [xp2torch(model.ops.asarray1i(t), device=padded.device).long() for t in tags],
        batch_first=True,
        padding_value=-1,
    )

    def backprop(d_inputs: ArgsKwargs) -> List[Floats2d]:
        return model.ops.unpad(torch2xp(d_inputs.args[0]), [len(e) for e in emissions])

    return ArgsKwargs(args=(padded, mask, gold), kwargs={}), backprop


def _convert_outputs(model: Model, X_Ytorch: Tuple[Any, torch.Tensor], is_train: bool):
    _, loss = X_Ytorch

    def backprop(d_loss: Floats1d) -> ArgsKwargs:
        d_torch = xp2torch(model.ops.asarray1f(d_loss), device=loss.device)
        return ArgsKwargs(args=(loss,), kwargs={"grad_tensors": d_torch})

    return torch2xp(loss.detach()), backprop


def _deserialize_crf(_: Any, state_bytes: bytes, device: torch.device) -> ConditionalRandomField:
    # The stored module may have more tags than the empty one the model was built with.
    state = torch.load(BytesIO(state_bytes), map_location=device)
    return ConditionalRandomField.from_state_dict(state).to(device)
