"""`clinx.Tok2VecTransformer.v1`: a transformer listener that holds its own copy of the
transformer, as `nlp.replace_listeners` makes it (e.g. each member of an ensemble).

spacy-transformers writes a replaced listener's config as its `Tok2VecTransformer.v3`,
which knows neither `clinx.TransformerModel.v1`'s `cpu_bf16` nor the layers that
`clinx.ContextTransformerListener.v1` puts after the listener node: the saved pipeline
would not load, or would load another model than the one in memory. This architecture
keeps both configs as they are and rebuilds what `replace_listeners` built: the
listener's model with its listener node replaced by the transformer and
`split_trf_batch`."""

import copy
from typing import Any, Dict

from spacy.util import registry, replace_model_node
from spacy_transformers.layers import TransformerListener
from thinc.api import Model

from .private_api import replace_listener


@registry.architectures("clinx.Tok2VecTransformer.v1")
def tok2vec_transformer(transformer: Model, listener: Model) -> Model:
    """`listener` (any model with one `TransformerListener` node) reading from its own
    `transformer` instead of an upstream component."""
    nodes = [node for node in listener.walk() if isinstance(node, TransformerListener)]
    if len(nodes) != 1:
        raise ValueError(
            f"clinx.Tok2VecTransformer.v1: the listener model has {len(nodes)} TransformerListener nodes, not 1"
        )
    replace_model_node(listener, nodes[0], replace_listener(transformer))
    return listener


def replace_listener_cfg(transformer_cfg: Dict[str, Any], listener_cfg: Dict[str, Any]) -> Dict[str, Any]:
    """The config of a listener replaced by a copy of its transformer (the
    `replace_listener_cfg` hook that `nlp.replace_listeners` calls). Both are copied: spaCy
    then writes the result over the listener's config in place, which for a listener nested
    in another layer (`model.tok2vec.*.transformer`) is the very dict given here."""
    return {
        "@architectures": "clinx.Tok2VecTransformer.v1",
        "transformer": copy.deepcopy(transformer_cfg),
        "listener": copy.deepcopy(listener_cfg),
    }
