"""Each update rule's first steps against numbers computed by hand, and the schedules."""
import math

import numpy as np
import pytest

from core.optim import OPTIMIZERS, make_optimizer, scheduled_lr


def _run(opt, grads_seq, w0=1.0):
    params = {"W1": np.array([w0], dtype=np.float64)}
    out = []
    for g in grads_seq:
        opt.step(params, {"W1": np.array([g], dtype=np.float64)})
        out.append(float(params["W1"][0]))
    return out


def test_sgd():
    # W = 1 - 0.1*0.5 = 0.95, then 0.95 - 0.1*(-1) = 1.05
    assert _run(make_optimizer("sgd", lr=0.1), [0.5, -1.0]) == pytest.approx([0.95, 1.05])


def test_momentum_in_the_tutorials_form():
    # v1 = 0.1*0.5 = 0.05, W = 1 - 0.2*0.05 = 0.99
    # v2 = 0.9*0.05 + 0.1*1.0 = 0.145, W = 0.99 - 0.2*0.145 = 0.961
    opt = make_optimizer("momentum", lr=0.2, momentum=0.9)
    assert _run(opt, [0.5, 1.0]) == pytest.approx([0.99, 0.961])


def test_rmsprop():
    # s1 = 0.1*4 = 0.4, W = 1 - 0.01*2/(sqrt(0.4)+1e-8) = 0.968377...
    opt = make_optimizer("rmsprop", lr=0.01, rho=0.9)
    expected1 = 1 - 0.01 * 2 / (math.sqrt(0.4) + 1e-8)
    # s2 = 0.9*0.4 + 0.1*1 = 0.46
    expected2 = expected1 - 0.01 * 1 / (math.sqrt(0.46) + 1e-8)
    assert _run(opt, [2.0, 1.0]) == pytest.approx([expected1, expected2], rel=1e-12)


def test_adam_with_bias_correction():
    # step 1: m = 0.1 g, v = 0.001 g^2; mhat = g, vhat = g^2 -> W -= lr * g/(|g| + eps) = lr
    opt = make_optimizer("adam", lr=0.01)
    g1, g2 = 3.0, -1.0
    w1 = 1 - 0.01 * 3.0 / (3.0 + 1e-8)
    m = 0.9 * 0.3 + 0.1 * g2
    v = 0.999 * 0.009 + 0.001 * g2 ** 2
    mhat, vhat = m / (1 - 0.9 ** 2), v / (1 - 0.999 ** 2)
    w2 = w1 - 0.01 * mhat / (math.sqrt(vhat) + 1e-8)
    assert _run(opt, [g1, g2]) == pytest.approx([w1, w2], rel=1e-12)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_step_returns_update_rms_and_lr_is_live(name):
    opt = make_optimizer(name, lr=0.1)
    params = {"W1": np.ones((2, 2), np.float32)}
    rms = opt.step(params, {"W1": np.full((2, 2), 0.5, np.float32)})
    assert rms["W1"] == pytest.approx(float(np.sqrt(np.mean((1 - params["W1"]) ** 2))), rel=1e-5)
    assert params["W1"].dtype == np.float32
    opt.lr = 0.0001
    before = params["W1"].copy()
    small = opt.step(params, {"W1": np.full((2, 2), 0.5, np.float32)})["W1"]
    assert small < rms["W1"] and not np.array_equal(before, params["W1"])


@pytest.mark.parametrize("kwargs", [{"lr": 0}, {"lr": -1}, {"lr": float("nan")}])
def test_bad_learning_rate(kwargs):
    with pytest.raises(ValueError, match="learning rate"):
        make_optimizer("sgd", **kwargs)


def test_unknown_optimizer():
    with pytest.raises(ValueError, match="optimizer must be one of"):
        make_optimizer("lbfgs", lr=0.1)


def test_schedules():
    assert scheduled_lr("constant", 0.5, 7) == 0.5
    assert scheduled_lr("inverse_time", 0.5, 4, decay=0.25) == pytest.approx(0.25)
    assert scheduled_lr("step", 0.8, 25, step_size=10, gamma=0.5) == pytest.approx(0.2)
    assert scheduled_lr("cosine", 1.0, 0, total_epochs=10) == pytest.approx(1.0)
    assert scheduled_lr("cosine", 1.0, 5, total_epochs=10) == pytest.approx(0.5)
    assert scheduled_lr("cosine", 1.0, 12, total_epochs=10) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="schedule"):
        scheduled_lr("warmup", 1.0, 0)
