"""Each layer's backward pass against centred finite differences (float64)."""
import numpy as np
import pytest

from core import layers
from core.gradcheck import numerical_gradient, relative_error
from core.losses import softmax, softmax_cross_entropy

rng = np.random.default_rng(42)


def _check(forward, backward_grads, inputs, dout_shape):
    """Compare backward_grads(dout) with d(sum(out * dout))/d(input) for each input."""
    dout = rng.standard_normal(dout_shape)
    analytic = backward_grads(dout)
    for x, g in zip(inputs, analytic):
        num = numerical_gradient(lambda: float(np.sum(forward() * dout)), x)
        assert relative_error(g, num) < 1e-7


def test_affine_backward():
    X, W, b = rng.standard_normal((5, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    fwd = lambda: layers.affine_forward(X, W, b)[0]

    def bwd(dout):
        dX, dW, db = layers.affine_backward(dout, layers.affine_forward(X, W, b)[1])
        return dX, dW, db

    _check(fwd, bwd, [X, W, b], (5, 3))


def test_affine_skips_input_gradient_when_not_needed():
    X, W = rng.standard_normal((5, 4)), rng.standard_normal((3, 4))
    _, cache = layers.affine_forward(X, W)
    dX, dW, _ = layers.affine_backward(np.ones((5, 3)), cache, need_dX=False)
    assert dX is None and dW.shape == W.shape


@pytest.mark.parametrize("name", sorted(layers.ACTIVATIONS))
def test_activation_backward(name):
    act = layers.ACTIVATIONS[name]
    Z = rng.standard_normal((6, 5))
    Z[np.abs(Z) < 1e-3] = 0.5  # stay away from ReLU's kink
    fwd = lambda: act.forward(Z.copy())
    _check(fwd, lambda dout: [act.backward(dout, act.forward(Z.copy()))], [Z], (6, 5))


def test_sigmoid_matches_definition_and_does_not_overflow():
    Z = np.array([[-1e4, -30.0, 0.0, 2.0, 1e4]])
    with np.errstate(invalid="raise", divide="raise"):
        A = layers.ACTIVATIONS["sigmoid"].forward(Z.copy())
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-np.clip(Z, -700, 700))), rtol=1e-12, atol=1e-300)


def test_inactive_shares():
    sig = layers.ACTIVATIONS["sigmoid"]
    assert sig.inactive_share(np.array([[0.001, 0.5, 0.999, 0.3]])) == 0.5
    relu = layers.ACTIVATIONS["relu"]
    A = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    assert relu.inactive_share(A) == pytest.approx(1 / 3)  # first unit never fired
    tanh = layers.ACTIVATIONS["tanh"]
    assert tanh.inactive_share(np.array([[-0.97, 0.5], [0.2, 0.99]])) == 0.5
    leaky = layers.ACTIVATIONS["leaky_relu"]
    assert leaky.inactive_share(np.array([[-0.01, 1.0], [-0.02, 0.0]])) == 0.5


@pytest.mark.parametrize("name", list(layers.ACTIVATIONS))
def test_inactive_counts_of_parts_add_up_to_the_whole(name):
    """Counts per unit (not shares) add up over disjoint rows: a batch computed in blocks gets
    the same share.  ReLU's per-unit rule would not survive averaging block shares."""
    act = layers.ACTIVATIONS[name]
    A = act.forward(np.random.default_rng(3).standard_normal((12, 5)) * 4)
    A[:, 0] = -1.0 if name != "sigmoid" else 0.001    # one unit inactive everywhere
    A[:6, 1] = -1.0 if name != "sigmoid" else 0.999   # one inactive in the first half only
    counts = [np.count_nonzero(act.inactive(part), axis=0) for part in (A[:6], A[6:])]
    assert act.inactive_share_from_counts(counts[0] + counts[1], 12) == act.inactive_share(A)
    if act.per_unit:
        assert act.inactive_share(A) == 0.2  # unit 0 only: unit 1 fired in the second half


def test_batchnorm_eval_backward():
    Z = rng.standard_normal((6, 3)) * 2
    gamma, beta = rng.standard_normal(3), rng.standard_normal(3)
    running = {"mean": rng.standard_normal(3), "var": rng.random(3) + 0.5}
    fwd = lambda: layers.batchnorm_forward(Z, gamma, beta, False, running)[0]
    _check(fwd, lambda d: layers.batchnorm_backward_eval(d, layers.batchnorm_forward(
        Z, gamma, beta, False, running)[1]), [Z, gamma, beta], (6, 3))


def test_batchnorm_train_backward():
    Z = rng.standard_normal((7, 4)) * 3 + 1
    gamma, beta = rng.standard_normal(4), rng.standard_normal(4)

    def fwd():
        running = {"mean": np.zeros(4), "var": np.ones(4)}
        return layers.batchnorm_forward(Z, gamma, beta, True, running)[0]

    def bwd(dout):
        running = {"mean": np.zeros(4), "var": np.ones(4)}
        return layers.batchnorm_backward(dout, layers.batchnorm_forward(Z, gamma, beta, True, running)[1])

    _check(fwd, bwd, [Z, gamma, beta], (7, 4))


def test_batchnorm_normalises_and_tracks_running_stats():
    Z = rng.standard_normal((500, 3)) * 4 + 2
    running = {"mean": np.zeros(3), "var": np.ones(3)}
    out, _ = layers.batchnorm_forward(Z, np.ones(3), np.zeros(3), True, running, momentum=0.0)
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(out.std(0), 1, atol=1e-3)
    np.testing.assert_allclose(running["mean"], Z.mean(0))
    eval_out, _ = layers.batchnorm_forward(Z, np.ones(3), np.zeros(3), False, running)
    np.testing.assert_allclose(eval_out, out, atol=1e-5)


def test_dropout_drops_expected_share_and_keeps_expectation():
    A = np.ones((2000, 50))
    out, mask = layers.dropout_forward(A, 0.3, np.random.default_rng(0))
    assert abs(np.mean(out == 0) - 0.3) < 0.01      # the number is the DROP probability
    assert abs(out.mean() - 1.0) < 0.02              # inverted scaling keeps E[out] = A
    np.testing.assert_array_equal(layers.dropout_backward(np.ones_like(A), mask), mask)
    again, _ = layers.dropout_forward(A, 0.3, np.random.default_rng(0))
    np.testing.assert_array_equal(out, again)        # explicit generator -> reproducible


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    Z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 3.0]])
    y = np.array([1, 1])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        J, dZ, P = softmax_cross_entropy(Z, y)
    assert np.isfinite(J) and np.all(np.isfinite(dZ))
    assert J == pytest.approx(2e4 / 2)  # first row: log-sum-exp ~ 1e4, true logit -1e4
    np.testing.assert_allclose(P.sum(1), 1)
    np.testing.assert_allclose(softmax(Z), P)
    assert np.all(np.isfinite(softmax(Z)))


def test_softmax_cross_entropy_gradient():
    Z = rng.standard_normal((5, 4))
    y = np.array([0, 3, 1, 1, 2])
    _, dZ, _ = softmax_cross_entropy(Z, y)
    num = numerical_gradient(lambda: softmax_cross_entropy(Z, y)[0], Z)
    assert relative_error(dZ, num) < 1e-8
