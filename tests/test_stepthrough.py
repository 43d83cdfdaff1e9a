"""core/stepthrough.py and the gradient check a class watches (core/gradcheck.py:check_layers)."""
import copy

import numpy as np
import pytest

from core.gradcheck import PASS_TOLERANCE, check_layers
from core.network import FAULTS, Network
from core.optim import make_optimizer
from core.stepthrough import (activation_derivative, dot_terms, one_step, pick_example,
                              softmax_parts, stage_plan, unit_slice)


def _data(m=10, n=784, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((m, n)) * (rng.random((m, n)) < 0.2)
    return X, rng.integers(0, 10, m)


def _tutorial(dtype="float64", **kw):
    return Network([784, 16, 10], seed=3, dtype=dtype, **kw)


@pytest.mark.parametrize("name,kw", [("sgd", {}), ("momentum", {"momentum": 0.9}),
                                     ("rmsprop", {}), ("adam", {})])
def test_the_after_loss_is_a_real_optimizer_step_on_a_copy(name, kw):
    net = _tutorial(l2=0.3)
    X, y = _data(1)
    story = one_step(net, X[0], y[0], name, 0.5, **kw)
    # independent replay: training-mode gradients (no dropout/batch norm: same as evaluation)
    ref = net.copy()
    J, grads = ref.loss_and_grads(X[:1], y[:1])
    make_optimizer(name, 0.5, **kw).step(ref.params, grads)
    assert story.loss_before == pytest.approx(J, rel=1e-12)
    assert story.loss_after == pytest.approx(ref.trace(X[:1], y[:1]).J, rel=1e-12)
    for k, upd in story.updates.items():
        np.testing.assert_allclose(upd.new, ref.params[k], rtol=0, atol=1e-14)
        np.testing.assert_array_equal(upd.delta, upd.new - upd.old)
        np.testing.assert_array_equal(upd.old, net.params[k])   # the network given is unchanged


def test_momentum_buffer_before_and_after_and_the_live_state_is_used_not_changed():
    net = _tutorial()
    X, y = _data(2)
    opt = make_optimizer("momentum", 0.1, momentum=0.8)
    _, grads = net.copy().loss_and_grads(X[1:], y[1:])
    opt.step(net.copy().params, grads)            # a buffer from an earlier step
    v0 = opt.state[("v", "W1")].copy()
    story = one_step(net, X[0], y[0], "sgd", 9.0, optimizer_state=opt)
    up = story.updates["W1"]
    assert story.optimizer == "momentum" and story.lr == 0.1 and story.t == 2
    np.testing.assert_array_equal(up.state_before["v"], v0)
    np.testing.assert_allclose(up.state_after["v"], 0.8 * v0 + 0.2 * up.grad, atol=1e-15)
    np.testing.assert_allclose(up.delta, -0.1 * up.state_after["v"], atol=1e-15)
    np.testing.assert_array_equal(opt.state[("v", "W1")], v0)   # the given state untouched


def test_adam_bias_correction_and_corrected_moments():
    net = _tutorial()
    X, y = _data(1)
    story = one_step(net, X[0], y[0], "adam", 0.01)
    up = story.updates["W2"]
    assert story.c1 == pytest.approx(0.1) and story.c2 == pytest.approx(0.001)
    np.testing.assert_allclose(up.corrected["m_hat"], up.grad, rtol=1e-12)
    np.testing.assert_allclose(up.corrected["v_hat"], up.grad ** 2, rtol=1e-9)
    assert up.state_before["m"] is None


def test_notes_say_batch_norm_and_dropout_are_in_evaluation_mode():
    X, y = _data(1)
    assert one_step(_tutorial(), X[0], y[0], "sgd", 0.1).notes == ()
    net = Network([784, 8, 10], batch_norm=True, dropout=0.5, dtype="float64")
    story = one_step(net, X[0], y[0], "sgd", 0.1)
    assert story.notes == ("batch_norm_eval", "dropout_off")
    assert story.before.train is False


def test_stage_plan_of_the_tutorial_network_has_twelve_stages():
    plan = stage_plan(2)
    assert len(plan) == 12 and plan[0] == ("input", 0) and plan[-1] == ("after", 0)
    assert plan[5:9] == (("dZ_out", 2), ("grads", 2), ("dA", 1), ("dZ", 1))
    assert len(stage_plan(3)) == 16   # +1 forward, +3 backward per hidden layer


def test_softmax_parts_add_up_to_the_trace():
    net = _tutorial()
    X, y = _data(1)
    tr = net.trace(X, y)
    parts = softmax_parts(tr.layers[-1].Z[0])
    np.testing.assert_allclose(parts.p, tr.P[0], rtol=1e-12)
    assert parts.shifted.max() == 0 and parts.total == pytest.approx(parts.e.sum())


def test_unit_slice_follows_one_hidden_unit_and_g_prime_is_the_activation_s():
    net = _tutorial()
    X, y = _data(1)
    story = one_step(net, X[0], y[0], "sgd", 0.1)
    u = unit_slice(net, story, 1, 5)
    t = story.before.layers[0]
    assert u.z == t.Z[0, 5] and u.a == t.A[0, 5]
    assert u.gprime == pytest.approx(u.a * (1 - u.a)) and u.dZ == pytest.approx(u.dA * u.gprime)
    np.testing.assert_array_equal(u.dW, story.updates["W1"].grad[5])
    relu = Network([4, 3, 2], activation="relu")
    np.testing.assert_array_equal(activation_derivative(relu, np.array([0.0, 2.0])), [0, 1])
    with pytest.raises(ValueError):
        unit_slice(net, story, 2, 0)


def test_dot_terms_write_out_w_dot_a_plus_b():
    d = dot_terms([1.0, 2.0, 3.0, 4.0], [0.0, 0.5, 0.0, 2.0], b=1.0, count=1)
    assert list(d.indices) == [1] and d.nonzero == 2 and d.total == 9.0 and d.z == 10.0


def test_pick_example_finds_a_digit_and_a_misread_one():
    net = _tutorial()
    X, y = _data(30)
    rng = np.random.default_rng(0)
    assert y[pick_example(net, X, y, "digit", rng, digit=int(y[3]))] == y[3]
    i = pick_example(net, X, y, "wrong", rng)
    assert net.predict(X[i:i + 1])[0] != y[i]
    assert pick_example(net, X, y, "digit", rng, digit=42) is None


# ------------------------------------------------------------------ the gradient check
@pytest.mark.parametrize("kw", [{}, {"activation": "relu", "init": "he", "l2": 0.2},
                                {"activation": "tanh", "batch_norm": True, "dropout": 0.3}])
def test_the_check_passes_on_a_correct_network(kw):
    X, y = _data()
    checks = check_layers(Network([784, 24, 12, 10], seed=2, **kw), X, y,
                          rng=np.random.default_rng(1))
    assert len(checks) == 3
    for c in checks:
        assert c.passed and c.rel_error <= PASS_TOLERANCE, (c.l, c.rel_error)
        assert len(c.numeric) >= 20 and np.any(c.backprop != 0)


def test_forgetting_g_prime_fails_the_hidden_layers_only():
    X, y = _data()
    checks = check_layers(_tutorial(dtype="float32"), X, y, fault="no_sigma_prime")
    assert not checks[0].passed and checks[1].passed
    assert checks[0].rel_error > 0.1


def test_forgetting_one_over_m_fails_every_layer_but_not_with_one_example():
    X, y = _data()
    checks = check_layers(_tutorial(), X, y, fault="no_one_over_m")
    assert not any(c.passed for c in checks)
    assert checks[1].rel_error == pytest.approx(9 / 11, rel=1e-6)   # m times too big: (m-1)/(m+1)
    assert all(c.passed for c in check_layers(_tutorial(), X[:1], y[:1], fault="no_one_over_m"))


def test_faults_change_nothing_in_training():
    X, y = _data()
    net = _tutorial()
    J, grads = net.copy().loss_and_grads(X, y)
    for fault in FAULTS:
        tr = net.trace(X, y, fault=fault)
        assert tr.J == pytest.approx(J, rel=1e-12)
    J2, grads2 = net.copy().loss_and_grads(X, y)
    assert J2 == J and all(np.array_equal(grads[k], grads2[k]) for k in grads)
    clean = net.trace(X, y).grads
    assert all(np.allclose(clean[k], grads[k], rtol=1e-12, atol=0) for k in grads)
    with pytest.raises(ValueError):
        net.trace(X, y, fault="no_such_fault")
    with pytest.raises(ValueError):
        net.trace(X, fault="no_sigma_prime")


def test_trainer_copies_network_and_optimizer_together():
    from core.config import TrainConfig
    from core.data import load_dataset
    from core.train import Trainer
    tr = Trainer(TrainConfig(optimizer="momentum", hidden=(16,)), load_dataset("mnist-sample"))
    tr.run(max_steps=2)
    net, opt, step = tr.copy_optimizer()
    assert step == 2 and opt.t == 2 and opt is not tr.opt
    np.testing.assert_array_equal(opt.state[("v", "W1")], tr.opt.state[("v", "W1")])
    opt.state[("v", "W1")] += 1
    assert not np.array_equal(opt.state[("v", "W1")], tr.opt.state[("v", "W1")])
    np.testing.assert_array_equal(net.params["W1"], tr.net.params["W1"])


def test_busiest_unit_has_the_largest_dz():
    from core.stepthrough import busiest_unit
    net = Network([784, 16, 10], activation="relu", init="he", seed=1, dtype="float64")
    X, y = _data(1)
    story = one_step(net, X[0], y[0], "sgd", 0.1)
    dZ = story.before.layers[0].dZ[0]
    assert abs(dZ[busiest_unit(story)]) == np.abs(dZ).max() > 0


def test_network_loss_is_the_trace_s_J_without_a_backward_pass():
    net = Network([784, 16, 10], l2=0.5, batch_norm=True, dropout=0.4, seed=1, dtype="float64")
    X, y = _data(4)
    assert net.loss(X, y) == pytest.approx(net.trace(X, y).J, rel=1e-14)
    assert net.loss(X, y) != pytest.approx(net.trace(X, y).loss, rel=1e-6)   # L2 included
