"""The network end to end: gradients, the tutorial's numbers, learning, API guarantees."""
import itertools
import math
import zlib

import numpy as np
import pytest

from core.data import load_dataset, to_float
from core.gradcheck import check_network
from core.network import Network

ACTS = ["sigmoid", "tanh", "relu", "leaky_relu"]


def _generic_point(net, rng):
    """Move biases/gamma/beta off their init values so no ReLU sits exactly on its kink."""
    for name, value in net.params.items():
        if not name.startswith("W"):
            value += rng.standard_normal(value.shape) * 0.5


@pytest.mark.parametrize("act,l2,bn,depth",
                         list(itertools.product(ACTS, [0.0, 0.7], [False, True], [1, 2, 3])))
def test_gradients_match_finite_differences(act, l2, bn, depth):
    rng = np.random.default_rng(zlib.crc32(repr((act, l2, bn, depth)).encode()))
    hidden = [7, 6, 5][:depth]
    net = Network([9, *hidden, 4], activation=act, init="xavier", l2=l2, batch_norm=bn,
                  seed=depth, dtype="float64")
    _generic_point(net, rng)
    X = rng.standard_normal((8, 9))
    y = rng.integers(0, 4, 8)
    errors = check_network(net, X, y)
    assert set(errors) == set(net.params)
    assert max(errors.values()) <= 1e-6, errors


@pytest.mark.parametrize("act", ACTS)
def test_gradients_with_dropout_and_fixed_generator(act):
    rng = np.random.default_rng(7)
    net = Network([9, 8, 6, 4], activation=act, init="xavier", dropout=0.4, l2=0.1,
                  seed=3, dtype="float64")
    _generic_point(net, rng)
    X, y = rng.standard_normal((10, 9)), rng.integers(0, 4, 10)
    errors = check_network(net, X, y, seed=11)
    assert max(errors.values()) <= 1e-6, errors


def test_wrong_gradient_would_be_caught():
    """The checker itself can fail: a gradient off by 1% is reported."""
    net = Network([5, 4, 3], init="xavier", dtype="float64")
    X, y = np.random.default_rng(0).standard_normal((4, 5)), np.array([0, 1, 2, 1])
    original = net.loss_and_grads

    def broken(X, y, rng=None):
        J, g = original(X, y, rng)
        g["W1"] = g["W1"] * 1.01
        return J, g

    net.loss_and_grads = broken
    assert check_network(net, X, y)["W1"] > 1e-3


@pytest.fixture(scope="module")
def sample():
    ds = load_dataset("mnist-sample")
    return to_float(ds.x_train[:2000]), ds.y_train[:2000]


def test_initial_loss_is_ln10_with_tutorial_init(sample):
    X, y = sample
    net = Network([784, 128, 10], activation="sigmoid", init="seed", seed=0)
    J, _ = net.loss_and_grads(X, y)
    assert J == pytest.approx(math.log(10), abs=0.01)


def test_overfits_50_examples(sample):
    from core.optim import make_optimizer
    X, y = sample[0][:50], sample[1][:50]
    net = Network([784, 64, 10], activation="relu", init="he", seed=1)
    opt = make_optimizer("adam", lr=0.01)
    for _ in range(150):
        _, grads = net.loss_and_grads(X, y)
        opt.step(net.params, grads)
    assert np.mean(net.predict(X) == y) == 1.0


def test_l2_term_is_the_tutorials():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 5)), rng.integers(0, 3, 6)
    plain = Network([5, 4, 3], init="xavier", seed=2, dtype="float64")
    reg = Network([5, 4, 3], init="xavier", seed=2, dtype="float64", l2=0.5)
    J0, g0 = plain.loss_and_grads(X, y)
    J1, g1 = reg.loss_and_grads(X, y)
    W1, W2 = plain.params["W1"], plain.params["W2"]
    assert J1 - J0 == pytest.approx(0.5 / (2 * 6) * (np.sum(W1 ** 2) + np.sum(W2 ** 2)))
    np.testing.assert_allclose(g1["W1"] - g0["W1"], 0.5 / 6 * W1)
    np.testing.assert_allclose(g1["b1"], g0["b1"])  # biases are not regularised


def test_params_are_live_and_shapes_follow_the_tutorial():
    net = Network([784, 128, 10], batch_norm=True)
    assert net.params["W1"].shape == (128, 784) and net.params["W2"].shape == (10, 128)
    assert {"gamma1", "beta1", "b2"} <= set(net.params) and "b1" not in net.params
    X = np.random.default_rng(0).random((3, 784))
    before = net.forward(X)
    net.params["W2"] *= 0  # in place: the network must change
    after = net.forward(X)
    np.testing.assert_allclose(after, 0.1, rtol=1e-5)
    assert not np.allclose(before, after, rtol=1e-7, atol=1e-9)


def test_dtype_and_probabilities():
    net32 = Network([6, 5, 3])
    net64 = Network([6, 5, 3], dtype="float64")
    X = np.random.default_rng(0).random((4, 6))
    assert net32.forward(X).dtype == np.float32 and net64.forward(X).dtype == np.float64
    np.testing.assert_allclose(net64.forward(X).sum(1), 1)
    assert net32.loss_and_grads(X, [0, 1, 2, 0])[1]["W1"].dtype == np.float32


def test_same_seed_same_network_different_seed_different():
    a, b, c = Network([5, 4, 3], seed=1), Network([5, 4, 3], seed=1), Network([5, 4, 3], seed=2)
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])
    assert not np.array_equal(a.params["W1"], c.params["W1"])


@pytest.mark.parametrize("kwargs,fragment", [
    ({"sizes": [784]}, "layer sizes"),
    ({"sizes": [784, 0, 10]}, "layer sizes"),
    ({"activation": "softsign"}, "activation"),
    ({"init": "zeros"}, "init"),
    ({"dropout": 1.0}, "dropout"),
    ({"l2": -1}, "L2"),
    ({"dtype": "float16"}, "dtype"),
])
def test_bad_hyperparameters_get_clear_errors(kwargs, fragment):
    args = {"sizes": [784, 16, 10], **kwargs}
    with pytest.raises(ValueError, match=fragment):
        Network(**args)


def test_wrong_input_shape_is_a_clear_error():
    with pytest.raises(ValueError, match=r"\(m, 784\)"):
        Network([784, 8, 10]).predict(np.zeros((2, 28, 28)))


def test_input_gradient_matches_finite_differences():
    net = Network([6, 5, 4], activation="tanh", init="xavier", seed=4, dtype="float64")
    x = np.random.default_rng(1).standard_normal((1, 6))
    cls = int(net.predict(x)[0])
    analytic = net.input_gradient(x, [cls])
    from core.gradcheck import numerical_gradient, relative_error
    num = numerical_gradient(lambda: float(net.logits(x)[0, cls]), x)
    assert relative_error(analytic, num) < 1e-8


def test_hidden_activations_and_stats():
    net = Network([6, 5, 4, 3], activation="relu", init="he", dtype="float64")
    X = np.random.default_rng(0).random((7, 6))
    acts = net.trace(X).hidden
    assert [a.shape for a in acts] == [(7, 5), (7, 4)]
    y = np.array([0, 1, 2, 0, 1, 2, 0])
    J, grads, stats = net.loss_and_grads(X, y, stats=True)
    assert J == net.loss_and_grads(X, y)[0]  # the two-value form is the same pass
    # No dropout nor batch norm: training mode equals evaluation mode.
    assert stats.m == 7 and stats.accuracy == np.mean(net.predict(X) == y)
    dead = [float(np.mean(np.all(A <= 0, axis=0))) for A in acts]
    assert stats.inactive == dead and len(stats.inactive) == 2
    assert not hasattr(net, "last_hidden") and not hasattr(net, "last_logits")


def test_batchnorm_eval_uses_running_averages():
    net = Network([6, 5, 3], batch_norm=True, init="xavier")
    X = np.random.default_rng(0).random((50, 6)) * 5
    single = net.forward(X[:1])
    for _ in range(3):
        net.loss_and_grads(X, np.zeros(50, int))
    assert not np.allclose(net.buffers["mean1"], 0)  # running averages moved
    assert not np.allclose(single, net.forward(X[:1]))


def test_copy_is_independent():
    net = Network([5, 4, 3])
    twin = net.copy()
    twin.params["W1"] += 1
    assert not np.allclose(net.params["W1"], twin.params["W1"])
