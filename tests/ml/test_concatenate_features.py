"""clinx.ConcatenateFeatures.v1: listeners' features side by side, every upstream still trained."""

import numpy
from spacy.util import registry
from thinc.api import Model

from clinx_spacy.ml.concatenate_features import concatenate_features


def _features(width: int, value: float, backprop_returns, calls: list) -> Model:
    """Per-token features of one value; its backprop records the gradient it got."""

    def forward(model, docs, is_train):
        def backprop(d_features):
            calls.append((width, [d.copy() for d in d_features]))
            return backprop_returns

        return [numpy.full((len(doc), width), value, dtype="f") for doc in docs], backprop

    return Model(f"features{width}", forward, dims={"nO": width})


def test_outputs_are_concatenated_and_every_layer_gets_its_slice_of_the_gradient():
    calls = []
    # None is what all but the last listener of a shared transformer return; thinc's concatenate fails on it.
    model = registry.architectures.get("clinx.ConcatenateFeatures.v1")(
        _features(2, 1.0, None, calls), _features(3, 2.0, [], calls)
    )
    model.initialize()
    assert model.get_dim("nO") == 5
    lengths = [4, 1]
    features, backprop = model([["token"] * n for n in lengths], is_train=True)
    assert [f.shape for f in features] == [(4, 5), (1, 5)]
    numpy.testing.assert_array_equal(features[0][0], [1, 1, 2, 2, 2])
    gradient = [numpy.arange(n * 5, dtype="f").reshape(n, 5) for n in lengths]
    assert backprop(gradient) == []
    assert [width for width, _ in calls] == [2, 3]
    numpy.testing.assert_array_equal(calls[0][1][0], gradient[0][:, :2])
    numpy.testing.assert_array_equal(calls[1][1][1], gradient[1][:, 2:])


def test_width_is_known_after_initialisation_when_a_layer_learns_it_then():
    def init(model, X=None, Y=None):
        model.set_dim("nO", 7)

    late = Model("late", lambda model, docs, is_train: ([], lambda d: None), init=init, dims={"nO": None})
    model = concatenate_features(late, _features(1, 0.0, [], []))
    model.initialize()
    assert model.get_dim("nO") == 8
