"""Document context for transformer features: each token takes its vectors from the
window in which it lies most centrally, as CLIN-X's improved architecture labels the
centre of each window and uses the rest as context.

Overlapping windows come from a stock span getter, e.g. `strided_spans.v1` with
`window = centre + 2 * context` and `stride = centre`; `clinx.ContextTransformerListener.v1`
then keeps, for every token, only its wordpieces from the window where its distance to
the nearer window edge is largest (the first such window on ties). The stock listener
instead averages every window a token falls in, edges included.
"""

from typing import Callable, List, Tuple

import numpy
from spacy.util import registry
from spacy_transformers.data_classes import TransformerData
from spacy_transformers.layers import TransformerListener
from spacy_transformers.layers.trfs2arrays import trfs2arrays
from thinc.api import Model, chain
from thinc.types import Floats2d, Ragged


@registry.architectures("clinx.ContextTransformerListener.v1")
def context_transformer_listener(
    pooling: Model[Ragged, Floats2d], grad_factor: float = 1.0, upstream: str = "*"
) -> Model:
    """`spacy-transformers.TransformerListener.v1` whose tokens see only their most
    central window (with overlapping windows from the transformer's span getter)."""
    listener = TransformerListener(upstream_name=upstream)
    model: Model = chain(listener, most_central_window(), trfs2arrays(pooling, grad_factor))
    model.set_ref("listener", listener)
    return model


def most_central_window() -> Model[List[TransformerData], List[TransformerData]]:
    """Restrict each TransformerData's token alignment to the most central window."""
    return Model("most_central_window", _forward)


def _forward(model: Model, trf_datas: List[TransformerData], is_train: bool) -> Tuple[List[TransformerData], Callable]:
    outputs = [
        TransformerData(wordpieces=data.wordpieces, model_output=data.model_output, align=central_alignment(data))
        if "last_hidden_state" in data.model_output and len(data.align.lengths)
        else data
        for data in trf_datas
    ]
    # The alignment only selects rows: the gradient of the kept rows is the gradient.
    return outputs, lambda d_trf_datas: d_trf_datas


def central_alignment(data: TransformerData) -> Ragged:
    """`data.align` with each token's wordpiece indices cut down to those of one window:
    the one where the token's wordpieces are farthest from the window's edges."""
    seq_length = data.model_output.last_hidden_state.shape[1]
    indices = numpy.asarray(data.align.dataXd).ravel()
    lengths = numpy.asarray(data.align.lengths)
    windows = indices // seq_length
    positions = indices % seq_length
    window_lengths = numpy.asarray(data.wordpieces.lengths)[windows]
    # Distance to the nearer edge, the window's special tokens counted as edge.
    centrality = numpy.minimum(positions, window_lengths - 1 - positions)
    keep = numpy.ones(len(indices), dtype=bool)
    starts = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).astype(int)
    for start, length in zip(starts.tolist(), lengths.tolist()):
        token_windows = windows[start : start + length]
        if length < 2 or (token_windows == token_windows[0]).all():
            continue
        best_window, best = -1, -1
        for window in numpy.unique(token_windows).tolist():
            score = centrality[start : start + length][token_windows == window].min()
            if score > best:
                best_window, best = window, score
        keep[start : start + length] = token_windows == best_window
    kept_before = numpy.concatenate([[0], numpy.cumsum(keep)])
    new_lengths = (kept_before[starts + lengths] - kept_before[starts]).astype("int32")
    kept = indices[keep].astype("int32")
    return Ragged(kept.reshape((-1,) + tuple(data.align.dataXd.shape[1:])), new_lengths)
