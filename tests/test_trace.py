"""Network.trace against loss_and_grads (one code path) and against the tutorial's own formulas,
explain() as one trace, and the step statistics against values computed apart."""
import itertools
from pathlib import Path

import numpy as np
import pytest

from core.config import TrainConfig
from core.data import Dataset, load_dataset, to_float
from core.evaluate import explain
from core.io import load_model
from core.network import Network
from core.train import Trainer

SHIPPED = Path(__file__).resolve().parents[1] / "core" / "assets" / "default_model.npz"
ACTS = ("sigmoid", "tanh", "relu", "leaky_relu")


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist-sample")


def _batch(n_in=12, m=9, k=4, seed=0):
    g = np.random.default_rng(seed)
    return g.standard_normal((m, n_in)), g.integers(0, k, m)


# ------------------------------------------------------------------ one code path
@pytest.mark.parametrize("activation,batch_norm,dropout,hidden", list(itertools.product(
    ACTS, (False, True), (0.0, 0.3), ((7,), (7, 6), (7, 6, 5)))))
def test_trace_gives_the_same_gradients_as_loss_and_grads(activation, batch_norm, dropout, hidden):
    net = Network([12, *hidden, 4], activation, "xavier", l2=0.05, dropout=dropout,
                  batch_norm=batch_norm, seed=2, dtype="float64")
    X, y = _batch()
    J, grads = net.loss_and_grads(X, y, rng=np.random.default_rng(7))
    tr = net.trace(X, y, train=True, rng=np.random.default_rng(7))  # the same dropout masks
    assert tr.J == pytest.approx(J, rel=1e-14) and tr.l2 > 0
    assert tr.grads.keys() == grads.keys() == net.params.keys()
    for t in tr.layers:
        l = t.l
        np.testing.assert_allclose(t.dW, grads[f"W{l}"], rtol=1e-12, atol=1e-15, err_msg=f"W{l}")
        if f"b{l}" in grads:
            np.testing.assert_allclose(t.db, grads[f"b{l}"], rtol=1e-12, atol=1e-15)
        else:
            assert t.db is None and t.Zhat is not None
            np.testing.assert_allclose(t.dgamma, grads[f"gamma{l}"], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(t.dbeta, grads[f"beta{l}"], rtol=1e-12, atol=1e-15)
        if l < net.L:
            assert (t.mask is not None) == (dropout > 0)
            mask = 1.0 if t.mask is None else t.mask
            # dA_l = dZ_{l+1} W_{l+1}, before the mask; A_l = g(.) * mask
            np.testing.assert_allclose(t.dA, tr.layers[l].dZ @ net.params[f"W{l + 1}"],
                                       rtol=1e-12, atol=1e-15)
            if not batch_norm:   # dZ_l = (dA_l * mask) * g'(Z_l)
                G = net.act.forward(t.Z.copy())
                np.testing.assert_allclose(t.A, G * mask, rtol=1e-14, atol=1e-300)
                np.testing.assert_allclose(t.dZ, net.act.backward(t.dA * mask, G),
                                           rtol=1e-12, atol=1e-15)
    # the kept chain rule: dW_l = dZ_l^T A_{l-1} + lam/m W_l
    A_prev = X
    for t in tr.layers:
        np.testing.assert_allclose(t.dW, t.dZ.T @ A_prev + 0.05 / len(X) * net.params[f"W{t.l}"],
                                   rtol=1e-12, atol=1e-15)
        A_prev = t.A


def test_trace_copies_are_not_the_training_buffers():
    net = Network([12, 7, 4], "sigmoid", "xavier", seed=1, dtype="float64")
    X, y = _batch()
    tr = net.trace(X, y)
    kept = [(t.Z.copy(), t.A.copy(), t.dZ.copy()) for t in tr.layers]
    net.loss_and_grads(X[::-1].copy(), y[::-1])
    net.loss_and_grads(X * 2, y)
    for t, (Z, A, dZ) in zip(tr.layers, kept):
        np.testing.assert_array_equal(t.Z, Z)
        np.testing.assert_array_equal(t.A, A)
        np.testing.assert_array_equal(t.dZ, dZ)
    # and Z is Z, not overwritten by the activation: A = sigmoid(Z)
    np.testing.assert_allclose(tr.layers[0].A, 1 / (1 + np.exp(-tr.layers[0].Z)), rtol=1e-14)


# ------------------------------------------------------------------ the tutorial's formulas
def test_sigmoid_784_128_10_equals_the_tutorials_column_vector_formulas(sample):
    """Reference written apart, in the tutorial's notation: one example per column."""
    lam = 0.05
    net = Network([784, 128, 10], "sigmoid", "xavier", l2=lam, seed=5, dtype="float64")
    net.params["b1"][:] = np.linspace(-0.5, 0.5, 128)
    net.params["b2"][:] = np.linspace(0.2, -0.2, 10)
    X = to_float(sample.x_train[:3], np.float64)
    labels = sample.y_train[:3]
    tr = net.trace(X, labels)

    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    x, m = X.T, 3                                      # x (784, 3)
    y = np.zeros((10, m))
    y[labels, np.arange(m)] = 1.0
    z2 = W1 @ x + b1[:, None]
    a2 = 1.0 / (1.0 + np.exp(-z2))
    z3 = W2 @ a2 + b2[:, None]
    yhat = np.exp(z3) / np.exp(z3).sum(axis=0)
    dZ3 = yhat - y
    dW2 = (1 / m) * dZ3 @ a2.T + lam / m * W2
    db2 = (1 / m) * dZ3.sum(axis=1)
    dA2 = W2.T @ dZ3
    dZ2 = dA2 * a2 * (1 - a2)
    dW1 = (1 / m) * dZ2 @ x.T + lam / m * W1
    db1 = (1 / m) * dZ2.sum(axis=1)
    data_loss = -np.mean(np.log(yhat[labels, np.arange(m)]))
    l2_term = lam / (2 * m) * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

    close = dict(rtol=1e-10, atol=1e-13)
    h, out = tr.layers
    np.testing.assert_allclose(h.Z, z2.T, **close)
    np.testing.assert_allclose(h.A, a2.T, **close)
    np.testing.assert_allclose(out.Z, z3.T, **close)
    np.testing.assert_allclose(tr.P, yhat.T, **close)
    np.testing.assert_allclose(out.A, yhat.T, **close)
    # Our dZ carries the 1/m of the mean (the loss's dZ); the tutorial applies it in dW, db.
    np.testing.assert_allclose(out.dZ, dZ3.T / m, **close)
    np.testing.assert_allclose(h.dA, dA2.T / m, **close)
    np.testing.assert_allclose(h.dZ, dZ2.T / m, **close)
    np.testing.assert_allclose(out.dW, dW2, **close)
    np.testing.assert_allclose(out.db, db2, **close)
    np.testing.assert_allclose(h.dW, dW1, **close)
    np.testing.assert_allclose(h.db, db1, **close)
    assert tr.loss == pytest.approx(data_loss, rel=1e-12)
    assert tr.l2 == pytest.approx(l2_term, rel=1e-12)
    assert tr.J == pytest.approx(data_loss + l2_term, rel=1e-12)
    assert net.loss_and_grads(X, labels)[0] == pytest.approx(tr.J, rel=1e-14)


def test_trace_without_labels_is_forward_only_and_refuses_two_seeds():
    net = Network([12, 7, 4], "tanh", "xavier", seed=1)
    X, y = _batch()
    tr = net.trace(X)
    assert tr.J is None and tr.dX is None and all(t.dZ is None for t in tr.layers)
    np.testing.assert_allclose(tr.P, net.forward(X), rtol=1e-6)
    with pytest.raises(ValueError, match="not both"):
        net.trace(X, y, seed_class=0)
    with pytest.raises(ValueError, match="seed_class"):
        net.trace(X, seed_class=4)


# ------------------------------------------------------------------ explain
def _explain_by_hand(net, x):
    """The former three passes: forward for P, forward for the hidden A_l, forward + backward of
    the predicted score, written here without Network's internals (evaluation mode)."""
    p = {k: v.astype(np.float64) for k, v in net.params.items()}
    g = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
         "tanh": np.tanh}[net.activation]
    dg = {"relu": lambda a: (a > 0) * 1.0, "sigmoid": lambda a: a * (1 - a),
          "tanh": lambda a: 1 - a * a}[net.activation]
    A, hidden, scale = x.astype(np.float32).astype(np.float64), [], []
    for l in range(1, net.L):
        Z = A @ p[f"W{l}"].T
        if net.batch_norm:
            s = p[f"gamma{l}"] / np.sqrt(net.buffers[f"var{l}"].astype(np.float64) + 1e-5)
            Z = (Z - net.buffers[f"mean{l}"]) * s + p[f"beta{l}"]
            scale.append(s)
        else:
            Z = Z + p[f"b{l}"]
            scale.append(1.0)
        A = g(Z)
        hidden.append(A)
    ZL = A @ p[f"W{net.L}"].T + p[f"b{net.L}"]
    probs = np.exp(ZL - ZL.max()) / np.exp(ZL - ZL.max()).sum()
    pred = int(np.argmax(probs))
    d = p[f"W{net.L}"][pred]                          # d Z_L[pred] / d A_{L-1}
    for l in range(net.L - 1, 0, -1):
        d = (d * dg(hidden[l - 1]) * scale[l - 1]) @ p[f"W{l}"]
    return probs, pred, hidden, d


@pytest.mark.parametrize("which", ["shipped", "sigmoid", "batch_norm"])
def test_explain_is_one_trace_with_the_former_values(sample, which):
    if which == "shipped":
        net = load_model(SHIPPED)
    elif which == "sigmoid":
        net = Network([784, 30, 20, 10], "sigmoid", "xavier", seed=3)
    else:
        net = Network([784, 24, 10], "tanh", "xavier", batch_norm=True, seed=3)
        X = to_float(sample.x_train[:200])
        for _ in range(5):                            # running averages away from 0 and 1
            net.loss_and_grads(X, sample.y_train[:200])
    x = to_float(sample.x_test[3:4])[0]
    ex = explain(net, x)
    probs, pred, hidden, saliency = _explain_by_hand(net, x)
    assert ex.prediction == pred and ex.probs.dtype == np.float32
    np.testing.assert_allclose(ex.probs, probs, rtol=1e-4, atol=1e-6)
    assert ex.confidence == pytest.approx(probs[pred], rel=1e-4)
    assert len(ex.hidden) == len(hidden)
    for a, b in zip(ex.hidden, hidden):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    scale = np.abs(saliency).max()
    np.testing.assert_allclose(ex.saliency, saliency, rtol=1e-3, atol=1e-4 * scale)


# ------------------------------------------------------------------ statistics
def _inactive_by_hand(activation, A):
    if activation in ("relu", "leaky_relu"):
        return float(np.mean(np.all(A <= 0, axis=0)))      # dead: fired for no example
    if activation == "sigmoid":
        return float(np.mean((A < 0.02) | (A > 0.98)))
    return float(np.mean(np.abs(A) > 0.96))


def _forward_by_hand(net, X, masks=None):
    """Hidden g(Z_l) (before any dropout mask) and logits in float64, no batch norm; with
    ``masks`` the next layer reads g(Z_l) * mask (training mode with dropout)."""
    g = {"relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
         "tanh": np.tanh, "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z)}[net.activation]
    A, hidden = np.asarray(X, np.float64), []
    for l in range(1, net.L):
        A = g(A @ net.params[f"W{l}"].T + net.params[f"b{l}"])
        hidden.append(A)
        if masks is not None:
            A = A * masks[l - 1]
    return hidden, A @ net.params[f"W{net.L}"].T + net.params[f"b{net.L}"]


@pytest.mark.parametrize("dropout", [0.0, 0.5])
@pytest.mark.parametrize("activation", ACTS)
def test_mini_batch_statistics_equal_values_computed_apart(sample, activation, dropout):
    net = Network([784, 40, 20, 10], activation, "seed" if activation == "sigmoid" else "he",
                  dropout=dropout, seed=4, dtype="float64")
    net.params["W1"] *= 30 if activation == "sigmoid" else 1  # some saturated sigmoid units
    X, y = to_float(sample.x_train[:128], np.float64), sample.y_train[:128]
    masks = None
    if dropout:   # the training-mode pass's masks: the same generator state
        masks = [t.mask for t in net.trace(X, train=True, rng=np.random.default_rng(1)).layers[:-1]]
    hidden, ZL = _forward_by_hand(net, X, masks)   # the units' g(Z) before their mask
    _, _, stats = net.loss_and_grads(X, y, rng=np.random.default_rng(1), stats=True)
    assert stats.m == 128 and stats.accuracy == np.mean(np.argmax(ZL, axis=1) == y)
    assert stats.inactive == pytest.approx([_inactive_by_hand(activation, A) for A in hidden],
                                           abs=1e-12)
    assert dropout or any(0 < s < 1 for s in stats.inactive)   # not a trivial 0 or 1


@pytest.mark.parametrize("l2", [0.0, 0.01])   # 0: blocked full batch; > 0: the dense one
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_full_batch_statistics_recorded_by_the_trainer_equal_values_computed_apart(
        sample, activation, l2):
    ds = Dataset("mnist-sample", sample.x_train[:1500], sample.y_train[:1500],
                 sample.x_test[:100], sample.y_test[:100], sample.class_names, "held-out")
    cfg = TrainConfig(hidden=(32, 16), activation=activation, init="he" if activation == "relu"
                      else "xavier", optimizer="adam", lr=0.01, batch_size=0, l2=l2, epochs=50,
                      seed=3)
    tr = Trainer(cfg, ds, eval_every=None, dtype="float64")
    for _ in range(3):
        before = tr.net.copy()                        # the parameters the step measures
        snap = tr.run(max_steps=1)
        hidden, ZL = _forward_by_hand(before, to_float(ds.x_train, np.float64))
        assert snap.last_acc == pytest.approx(np.mean(np.argmax(ZL, axis=1) == ds.y_train),
                                              abs=1e-12)
        np.testing.assert_allclose(snap.history["inactive"][-1],
                                   [_inactive_by_hand(activation, A) for A in hidden], atol=1e-6)
