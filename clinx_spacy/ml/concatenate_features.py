"""Several listeners' per-token features side by side, e.g. a transformer's and a
character-hash CNN's, for one head.

thinc's `concatenate` sums its layers' input gradients, but a listener's input is docs,
which have none, and when several heads listen to one spacy-transformers transformer all
but the last listener's backprop return None, which cannot be summed. Here each layer's
backprop is still called (that is what trains the upstream component) and its return
value is dropped.
"""

from typing import Callable, List, Tuple

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, concatenate
from thinc.types import Floats2d


@registry.architectures("clinx.ConcatenateFeatures.v1")
def concatenate_features(*layers: Model[List[Doc], List[Floats2d]]) -> Model[List[Doc], List[Floats2d]]:
    """The layers' outputs concatenated per token (width: the sum of theirs)."""
    return concatenate(*(_without_input_gradient(layer) for layer in layers))


def _without_input_gradient(layer: Model[List[Doc], List[Floats2d]]) -> Model[List[Doc], List[Floats2d]]:
    return Model(
        f"no_input_gradient({layer.name})", _forward, init=_init, layers=[layer], dims={"nO": layer.maybe_get_dim("nO")}
    )


def _forward(model: Model, docs: List[Doc], is_train: bool) -> Tuple[List[Floats2d], Callable]:
    features, backprop_layer = model.layers[0](docs, is_train)

    def backprop(d_features: List[Floats2d]) -> List[Doc]:
        backprop_layer(d_features)
        return []

    return features, backprop


def _init(model: Model, X=None, Y=None) -> None:
    layer = model.layers[0]
    layer.initialize(X=X, Y=Y)
    if layer.has_dim("nO"):
        model.set_dim("nO", layer.get_dim("nO"))
