"""Tests for the holes a mutation audit found: each fails on a one-line bug that passed every
other test (listed per test).  Pinned numbers are the documented ones (docstrings, README)."""
import inspect
import math
from pathlib import Path

import numpy as np
import pytest

from core.config import TrainConfig
from core.data import Dataset, load_dataset
from core.data import augment as aug
from core.evaluate import explain
from core.gradcheck import numerical_gradient, relative_error
from core.io import load_model
from core.layers import batchnorm_forward
from core.network import Network, init_weight
from core.optim import make_optimizer
from core.train import Trainer, build_network
from core.train.cli import CLI_PRESETS, SHIPPED

SHIPPED_FILE = Path(__file__).resolve().parents[1] / "core" / "assets" / "default_model.npz"


# --------------------------------------------------------------------------- batch norm
# Mutation caught: batchnorm_forward's running-average momentum 0.9 -> anything else.
BN_MOMENTUM = 0.9  # running <- 0.9 running + 0.1 batch (core/layers.py docstring)


def test_batchnorm_forward_running_averages_by_hand():
    rng = np.random.default_rng(0)
    Z1, Z2 = rng.normal(3.0, 2.0, (40, 5)), rng.normal(-1.0, 0.5, (40, 5))
    running = {"mean": np.zeros(5), "var": np.ones(5)}
    batchnorm_forward(Z1, np.ones(5), np.zeros(5), True, running)
    batchnorm_forward(Z2, np.ones(5), np.zeros(5), True, running)
    m = BN_MOMENTUM
    mu1, mu2 = Z1.mean(axis=0), Z2.mean(axis=0)
    var1, var2 = Z1.var(axis=0), Z2.var(axis=0)  # biased (1/m): the batch statistic itself
    assert np.allclose(running["mean"], m * (m * 0 + (1 - m) * mu1) + (1 - m) * mu2,
                       rtol=1e-12, atol=1e-12)
    assert np.allclose(running["var"], m * (m * 1 + (1 - m) * var1) + (1 - m) * var2,
                       rtol=1e-12, atol=1e-12)


def test_network_running_averages_after_two_training_passes_by_hand():
    """Two loss_and_grads passes with an SGD step between them: the running mean/var of the
    hidden layer are exactly 0.9/0.1 averages of the two batches' statistics of Z1 = X W1^T."""
    net = Network([6, 4, 3], activation="tanh", init="xavier", batch_norm=True, seed=2,
                  dtype="float64")
    rng = np.random.default_rng(5)
    batches = [(rng.random((30, 6)) * 4, rng.integers(0, 3, 30)) for _ in range(2)]
    opt = make_optimizer("sgd", lr=0.5)
    mean, var = np.zeros(4), np.ones(4)
    for X, y in batches:
        Z = X @ net.params["W1"].T  # no bias in batch-norm layers
        mean = BN_MOMENTUM * mean + (1 - BN_MOMENTUM) * Z.mean(axis=0)
        var = BN_MOMENTUM * var + (1 - BN_MOMENTUM) * Z.var(axis=0)
        _, grads = net.loss_and_grads(X, y)
        opt.step(net.params, grads)
    assert not np.allclose(batches[0][0] @ net.params["W1"].T, Z)  # the step changed W1
    assert np.allclose(net.buffers["mean1"], mean, rtol=1e-12, atol=1e-12)
    assert np.allclose(net.buffers["var1"], var, rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------- eval-mode gradients
# Mutation caught: Network._backward's evaluation-mode batch norm without inv_std
# (dZ = dZ * gamma instead of dZ * gamma * inv_std): the Draw page's saliency for BN models.
def _trained_bn_net(sizes, activation, seed):
    """A float64 batch-norm network after 25 SGD steps: gamma != 1, beta != 0 and running
    averages far from their initial 0 / 1 (inputs scaled so Z's variance is well above 1)."""
    net = Network(sizes, activation=activation, init="xavier", batch_norm=True, seed=seed,
                  dtype="float64")
    rng = np.random.default_rng(seed)
    opt = make_optimizer("sgd", lr=0.3)
    for _ in range(25):
        X = rng.random((32, sizes[0])) * 3
        _, grads = net.loss_and_grads(X, rng.integers(0, sizes[-1], 32))
        opt.step(net.params, grads)
    assert np.abs(net.buffers["mean1"]).mean() > 0.05
    for l in range(1, net.L):
        assert np.abs(net.buffers[f"var{l}"] - 1).mean() > 0.1  # inv_std far from 1
        assert np.abs(net.params[f"gamma{l}"] - 1).max() > 1e-3
    return net


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_eval_mode_input_gradient_of_a_batchnorm_network_matches_finite_differences(activation):
    net = _trained_bn_net([10, 7, 6, 4], activation, seed=3)
    X = np.random.default_rng(8).random((3, 10)) * 3
    classes = net.predict(X)
    analytic = net.input_gradient(X, classes)
    for i, c in enumerate(classes):
        x = X[i:i + 1].copy()
        num = numerical_gradient(lambda: float(net.logits(x)[0, c]), x, h=1e-6)
        assert relative_error(analytic[i:i + 1], num) <= 1e-6


def test_explain_saliency_of_a_batchnorm_network_matches_finite_differences():
    net = _trained_bn_net([784, 12, 10], "tanh", seed=4)
    x = np.random.default_rng(9).random(784).astype(np.float32)  # explain reads float32 pixels
    ex = explain(net, x)
    x64 = x.astype(np.float64)[None]
    num = numerical_gradient(lambda: float(net.logits(x64)[0, ex.prediction]), x64, h=1e-6)[0]
    assert relative_error(ex.saliency, num) <= 1e-6


# --------------------------------------------------------------------------- initial weights
# Mutation caught: any change of the three scales in core/network.py init_weight.
DOCUMENTED_SCALE = {
    "seed": lambda n_in, n_out: 0.01,
    "xavier": lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)),
    "he": lambda n_in, n_out: math.sqrt(2 / n_in),
}


@pytest.mark.parametrize("init", sorted(DOCUMENTED_SCALE))
def test_initial_weight_scale_is_the_documented_one(init):
    """Sample std of a 300x700 layer (210,000 draws: std error ~0.2%) within 2% of the scale."""
    n_in, n_out = 700, 300
    W = init_weight(init, n_out, n_in, np.random.default_rng(0), np.float64)
    assert W.shape == (n_out, n_in)
    assert W.std() == pytest.approx(DOCUMENTED_SCALE[init](n_in, n_out), rel=0.02)
    assert abs(W.mean()) < 0.02 * W.std()


@pytest.mark.parametrize("init", sorted(DOCUMENTED_SCALE))
def test_network_layers_use_the_documented_scale(init):
    net = Network([700, 300, 10], activation="relu", init=init, seed=1, dtype="float64")
    for l, (n_in, n_out) in enumerate([(700, 300), (300, 10)], start=1):
        expected = DOCUMENTED_SCALE[init](n_in, n_out)
        # the 10x300 output layer has 3,000 draws: std error ~1.3%, so a looser bound
        assert net.params[f"W{l}"].std() == pytest.approx(expected, rel=0.02 if l == 1 else 0.05)
        assert not net.params[f"b{l}"].any()


# --------------------------------------------------------------------------- augmentation defaults
# Mutation caught: any change of augment.DEFAULTS (e.g. rotation 15 -> 45 degrees), which is what
# the Trainer uses for config.augment=True.  The README documents these numbers.
PINNED_AUGMENT = {"shift": 2.0, "rotate": 15.0, "scale": 0.15, "shear": 0.15, "elastic": 0.0,
                  "elastic_sigma": 4.0}


def test_augment_defaults_are_the_documented_numbers():
    assert aug.DEFAULTS == PINNED_AUGMENT
    params = inspect.signature(aug.augment).parameters
    assert {k: params[k].default for k in PINNED_AUGMENT} == PINNED_AUGMENT


def test_trainer_with_augment_on_uses_the_documented_defaults(monkeypatch):
    sample = load_dataset("mnist-sample")
    small = Dataset("mnist-sample", sample.x_train[:256], sample.y_train[:256],
                    sample.x_test[:64], sample.y_test[:64], sample.class_names, "held-out")
    calls = []
    real = aug.augment

    def recording(X, rng, **kwargs):
        calls.append(kwargs)
        return real(X, rng, **kwargs)

    monkeypatch.setattr(aug, "augment", recording)
    cfg = TrainConfig(hidden=(8,), batch_size=64, epochs=1, augment=True)
    Trainer(cfg, small, eval_every=None).run(max_steps=2)
    assert len(calls) == 2
    for kwargs in calls:
        used = {**{k: p.default for k, p in inspect.signature(real).parameters.items()
                   if p.default is not inspect.Parameter.empty and k != "out"}, **kwargs}
        assert used == PINNED_AUGMENT


# --------------------------------------------------------------------------- the shipped recipe
# Mutations caught: SHIPPED's seed or epochs (or any other field) changed without rebuilding
# core/assets/default_model.npz.  A full rebuild takes ~12-20 s, too slow for the unit suite;
# the file stores the recipe it was built with, and its weights still correlate with the
# initial weights SHIPPED draws (r ~ 0.75-0.91 per layer; ~0 for any other seed).
@pytest.fixture(scope="module")
def shipped_net():
    return load_model(SHIPPED_FILE)


def test_shipped_file_stores_the_shipped_recipe(shipped_net):
    meta = shipped_net.metadata
    assert CLI_PRESETS["shipped"] is SHIPPED
    assert meta["config"] == SHIPPED.to_query()
    assert TrainConfig.from_query(meta["config"]) == SHIPPED
    assert meta["seed"] == SHIPPED.seed and meta["epochs"] == SHIPPED.epochs
    assert meta["dataset"] == SHIPPED.dataset
    assert meta["steps"] == SHIPPED.epochs * math.ceil(meta["train_examples"] / SHIPPED.batch_size)
    assert meta["command"] == "python -m core.train --preset shipped --out core/assets/default_model.npz"


def test_shipped_file_architecture_is_the_shipped_recipe(shipped_net):
    assert shipped_net.sizes == SHIPPED.layer_sizes()
    assert shipped_net.activation == SHIPPED.activation and shipped_net.init == SHIPPED.init
    assert shipped_net.seed == SHIPPED.seed
    assert shipped_net.batch_norm == SHIPPED.batch_norm
    assert shipped_net.dropout == SHIPPED.dropout and shipped_net.l2 == SHIPPED.l2


def test_shipped_weights_grew_from_the_shipped_recipes_initial_weights(shipped_net):
    start = build_network(SHIPPED)
    other = build_network(SHIPPED.replace(seed=SHIPPED.seed + 1))
    for name in start.weight_names():
        r = np.corrcoef(start.params[name].ravel(), shipped_net.params[name].ravel())[0, 1]
        r_other = np.corrcoef(other.params[name].ravel(), shipped_net.params[name].ravel())[0, 1]
        assert r > 0.5 and abs(r_other) < 0.05, (name, r, r_other)
