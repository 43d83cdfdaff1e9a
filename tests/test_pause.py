"""Long passes run in chunks: the same numbers as one pass, a Pause that answers within a second
even on the largest run the budget allows, and a training gate that frees the slot of a run whose
page has gone."""
import time

import numpy as np
import pytest

import core.network as network
from helpers import sample_slice
from core.config import RUN_MEMORY_MB, TrainConfig
from core.data import Dataset, load_dataset
from core.errors import Interrupted
from core.network import Network
from core.train import Trainer
from core.train.batches import DenseBatch
from core.train.fullbatch import BlockedFullBatch
from core.train.steps import TrainingSteps
from viz.shared import TrainingGate


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist-sample")


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of a few dozen rows for a small network, so chunking is exercised cheaply."""
    monkeypatch.setattr(network, "CHUNK_FLOPS", 6 * 784 * 16 * 37)


def _batch(sample, m, dtype=np.float64):
    return sample.x_train[:m].astype(dtype) / 255.0, np.asarray(sample.y_train[:m])


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_a_chunked_batch_gives_the_one_pass_loss_gradients_and_statistics(sample, small_chunks,
                                                                         l2):
    net = Network([784, 16, 10], activation="relu", init="he", l2=l2, dtype="float64", seed=3)
    X, y = _batch(sample, 200)
    assert net.chunk_rows(backward=True) < 100                  # several chunks really run
    J, grads, stats = DenseBatch(X, y).loss_and_grads(net)
    J1, grads1, stats1 = net.loss_and_grads(X, y, stats=True)
    assert J == pytest.approx(J1, rel=1e-12)
    for k in grads1:
        np.testing.assert_allclose(grads[k], grads1[k], rtol=1e-10, atol=1e-14)
    assert (stats.m, stats.correct) == (stats1.m, stats1.correct)
    assert stats.inactive == stats1.inactive


def test_the_blocked_full_batch_now_takes_l2_too(sample):
    net = Network([784, 16, 10], activation="sigmoid", l2=0.5, dtype="float64", seed=1)
    x, y = sample.x_train[:1200], np.asarray(sample.y_train[:1200])
    from core.data import to_float
    blocked = BlockedFullBatch(net, x, y, to_float)
    J, grads, _ = blocked.loss_and_grads(net)
    J1, grads1 = net.loss_and_grads(to_float(x, np.float64), y)
    assert J == pytest.approx(J1, rel=1e-12)
    for k in grads1:
        np.testing.assert_allclose(grads[k], grads1[k], rtol=1e-9, atol=1e-13)


def test_a_pass_asked_to_stop_raises_between_chunks_and_changes_nothing(sample, small_chunks):
    net = Network([784, 16, 10], dtype="float64", seed=0)
    X, y = _batch(sample, 200)
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) == 3
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(Interrupted):
        DenseBatch(X, y).loss_and_grads(net, cancel=cancel)
    assert len(asked) == 3
    assert all(np.array_equal(before[k], net.params[k]) for k in before)
    with pytest.raises(Interrupted):
        net.evaluate(X, y, rows=50, cancel=lambda: True)


class _StopsOnce(TrainingSteps):
    """A run whose first pass is interrupted at its second chunk."""

    calls = 0

    def _interrupted(self):
        type(self).calls += 1
        return type(self).calls == 2


def test_an_interrupted_step_is_taken_again_with_the_same_batch(sample, small_chunks):
    small = sample_slice(600, 100)
    cfg = TrainConfig(hidden=(16,), batch_size=300, epochs=3, seed=4)
    plain, stopped = TrainingSteps(cfg, small), _StopsOnce(cfg, small)
    stopped._step_once()                                   # interrupted: nothing happens
    assert stopped.step_count == 0 and stopped.batches.pos == 0
    assert all(np.array_equal(plain.net.params[k], stopped.net.params[k])
               for k in plain.net.params)
    for _ in range(3):
        plain._step_once()
        stopped._step_once()
    assert plain.step_count == stopped.step_count == 3
    for k in plain.net.params:
        np.testing.assert_array_equal(plain.net.params[k], stopped.net.params[k])


class _LetsReadersInMidStep(Trainer):
    """At the first chunk boundary of a step it lets waiting readers in (the lock is released
    meanwhile), as when the page polls a snapshot during a long step."""

    let_in = False

    def _interrupted(self):
        if not self.let_in:
            self.let_in = True
            self._cond.notify_all()
            self._cond.wait(0.5)
        return super()._interrupted()


def test_step_returns_after_its_step_has_landed_even_when_readers_got_in_midway(sample,
                                                                              small_chunks):
    small = sample_slice(600, 100)
    cfg = TrainConfig(hidden=(16,), batch_size=300, epochs=3, seed=4)
    tr = _LetsReadersInMidStep(cfg, small)
    try:
        assert tr.step(timeout=10) == 1 == tr.step_count   # not 0: the step was still running
        assert tr.let_in and tr.status == "paused"
    finally:
        tr.stop()
        tr.join(5)


def _largest_allowed():
    """Near the top of the memory budget, with the slowest step the budget allows: three
    2,048-unit layers at full batch (a step is ~5e11 flops, some ten seconds on one core)."""
    cfg = TrainConfig(hidden=(2048, 2048, 2048), batch_size=0, epochs=2)
    assert cfg.problems() == []
    assert cfg.memory_estimate()["total_mb"] > 0.75 * RUN_MEMORY_MB
    return cfg


@pytest.mark.parametrize("control", ["pause", "stop"])
def test_pause_and_stop_answer_within_a_second_on_the_largest_allowed_run(sample, control):
    tr = Trainer(_largest_allowed(), sample)
    try:
        tr.start()
        time.sleep(0.8)                                     # well inside the first step
        assert tr.status == "running" and tr.step_count == 0
        t0 = time.perf_counter()
        getattr(tr, control)()
        waited = time.perf_counter() - t0
        assert tr.status == ("paused" if control == "pause" else "stopped")
        assert waited < 1.0, waited
        assert tr.step_count == 0                           # the interrupted step left no trace
    finally:
        tr.stop()
        tr.join(5)


def test_a_snapshot_does_not_wait_for_a_whole_long_step(sample):
    tr = Trainer(_largest_allowed(), sample)
    try:
        tr.start()
        time.sleep(0.8)
        t0 = time.perf_counter()
        snap = tr.snapshot()
        assert time.perf_counter() - t0 < 1.0 and snap.step == 0
    finally:
        tr.stop()
        tr.join(5)


# ---------------------------------------------------------------- the gate that frees itself
class _Run:
    """Stands in for a Trainer: the gate needs status, pause_idle and resume."""

    def __init__(self):
        self.status = "ready"
        self.idled = None

    def start(self):
        self.status = "running"
        return self

    def pause_idle(self, seconds):
        self.status, self.idled = "paused", seconds


def test_a_refused_start_builds_nothing():
    gate = TrainingGate(hold_s=15)
    first = _Run()
    monkey_cap = 1
    gate.cap = lambda: monkey_cap
    assert gate.admit(None, first.start) is None
    built = []
    assert gate.admit(None, lambda: built.append(_Run()) or built[-1].start()) == 1
    assert built == []                                     # refused before the action ran


def test_a_run_whose_page_has_gone_frees_its_slot_after_the_hold():
    gate = TrainingGate(hold_s=15)
    gate.cap = lambda: 1
    connected = {"a": True}
    a = _Run()
    assert gate.admit(None, a.start, watch=lambda: connected["a"]) is None
    now = time.monotonic()
    assert gate.sweep(now + 30) == 0 and a.status == "running"     # watched: kept
    connected["a"] = False
    assert gate.sweep(now + 31) == 0                               # gone, but not for long
    assert gate.sweep(now + 44) == 0 and a.status == "running"     # 14 s: still held
    assert gate.sweep(now + 45.5) == 1 and a.status == "paused" and a.idled >= 15
    b = _Run()
    assert gate.admit(None, b.start, watch=lambda: True) is None   # the slot is free again
    assert gate.admit(a, lambda: a.start(), watch=lambda: True) == 1   # a comes back: refused


def test_a_heartbeat_resumes_an_idle_paused_run_only_through_the_gate(sample):
    from viz.session import Session
    small = sample_slice(600, 100)
    gate = TrainingGate(hold_s=15)
    gate.cap = lambda: 1
    s = Session(TrainConfig(hidden=(16,), epochs=1000), load_dataset=lambda name: small)
    other = _Run()
    try:
        assert s.start_training(gate) is None
        s.trainer.pause_idle(20)
        assert s.trainer.idle_paused
        assert gate.admit(None, other.start) is None               # someone else took the slot
        s.heartbeat(gate)
        assert s.trainer.status == "paused"                        # the gate said no
        other.status = "paused"
        s.heartbeat(gate)
        assert s.trainer.status == "running"                       # now it may
    finally:
        if s.trainer is not None:
            s.trainer.stop()


def test_a_run_the_slow_heartbeat_resumes_makes_the_still_train_page_poll_again(monkeypatch):
    """The Train page draws a still panel while the run is paused and only a slow heartbeat
    fragment runs; when that heartbeat resumes an idle-paused run through the gate, the page must
    rerun so its live panel polls again (else it shows "paused" while the run trains)."""
    import streamlit as st
    from viz import session as session_module, shared
    from viz.panels import train_charts
    from viz.session import Session
    small = sample_slice(600, 100)
    gate = TrainingGate(hold_s=15)
    s = Session(TrainConfig(hidden=(16,), epochs=1000), load_dataset=lambda name: small)
    reruns = []
    monkeypatch.setattr(session_module, "current", lambda: s)
    monkeypatch.setattr(shared, "training_gate", lambda: gate)
    monkeypatch.setattr(st, "rerun", lambda **kw: reruns.append(kw))
    try:
        assert s.start_training(gate) is None
        s.trainer.pause_idle(20)
        train_charts._heartbeat(polling=False)          # a still panel, drawn while paused
        assert s.trainer.status == "running" and reruns == [{"scope": "app"}]
        train_charts._heartbeat(polling=True)           # the panel polls already: no rerun
        assert len(reruns) == 1
    finally:
        s.trainer.stop()
        s.trainer.join(5)


def test_a_headless_run_stopped_from_outside_returns_its_snapshot_evaluated_at_the_last_step():
    """Trainer.run: "pause()/stop() from another thread end it early", and the run is evaluated
    at its last step; after stop() that evaluation raised Interrupted out of run()."""
    tr = Trainer(TrainConfig(hidden=(16,), epochs=5, batch_size=100), sample_slice(1000, 200))
    snap = tr.run(max_steps=100, progress=lambda *a: tr.stop())   # stop() after the first step
    assert snap.status == "stopped" and snap.step == 1
    assert tr.evaluator.fresh(1) and snap.eval_acc is not None
