"""Pace (core.config.PACES) and "train until paused": the background loop holds a step rate
without holding the lock, the pace changes live, and a run without an epoch limit keeps going.
Step rates are counted steps over a sleep; no assertion is made on how long anything took."""
import time

import pytest

from core.config import PACES, TrainConfig
from core.data import Dataset, load_dataset
from helpers import trainers  # noqa: F401 (a fixture)
from core.train import Trainer

TINY = TrainConfig(hidden=(8,), activation="relu", init="he", optimizer="sgd", lr=0.05,
                   batch_size=32, epochs=1000, seed=3)


@pytest.fixture(scope="module")
def tiny():
    s = load_dataset("mnist-sample")
    return Dataset("mnist-sample", s.x_train[:640], s.y_train[:640], s.x_test[:100],
                   s.y_test[:100], s.class_names, "held-out")


def _steps_in(tr, seconds):
    """Steps the running trainer takes during ``seconds`` of the caller's sleep."""
    before = tr.step_count
    time.sleep(seconds)
    return tr.step_count - before


def test_slow_pace_takes_far_fewer_steps_than_full_speed(tiny, trainers):
    slow = trainers(TINY.replace(pace="slow"), tiny, eval_every=None)
    slow.start()
    n_slow = _steps_in(slow, 2.0)
    slow.pause()
    full = trainers(TINY, tiny, eval_every=None)
    full.start()
    n_full = _steps_in(full, 2.0)
    full.pause()
    # 2 steps/s for 2 s: 4 or 5 steps (one booked at each half second), however busy the machine
    assert 2 <= n_slow <= PACES["slow"] * 2.0 + 2
    assert n_full >= 10 * n_slow


def test_the_pace_changes_while_it_runs_and_pause_still_gets_in(tiny, trainers):
    tr = trainers(TINY.replace(pace="slow"), tiny, eval_every=None)
    tr.start()
    time.sleep(0.3)
    tr.set_pace("full")
    assert tr.pace == "full" and tr.snapshot().config.pace == "full"
    n_full = _steps_in(tr, 1.0)
    tr.set_pace("slow")
    time.sleep(0.6)   # the step booked under full speed, then the slow rate
    n_slow = _steps_in(tr, 1.0)
    assert n_full >= 5 * max(n_slow, 1)
    tr.pause()   # the loop sleeps between slow steps without the lock: Pause gets in
    assert tr.status == "paused"
    held = tr.step_count
    time.sleep(0.7)
    assert tr.step_count == held


def test_a_step_is_not_held_back_by_the_pace(tiny, trainers):
    tr = trainers(TINY.replace(pace="slow"), tiny, eval_every=None)
    for _ in range(4):   # four Steps in a row, each waiting for its batch: not 2 s apart
        tr.step(timeout=10)
    assert tr.step_count == 4


def test_an_unknown_pace_is_refused_and_nothing_changes(tiny, trainers):
    tr = trainers(TINY.replace(pace="class"), tiny, eval_every=None)
    with pytest.raises(ValueError, match="pace"):
        tr.set_pace("warp")
    assert tr.pace == "class"


def test_headless_run_ignores_the_pace(tiny):
    tr = Trainer(TINY.replace(pace="slow", epochs=1), tiny, eval_every=None)
    snap = tr.run()   # 20 steps: at the slow pace this would take 10 s
    assert snap.status == "finished" and snap.step == 20


def test_until_paused_runs_past_its_epochs_and_pauses_on_request(tiny, trainers):
    cfg = TINY.replace(epochs=1, until_paused=True)
    assert Trainer(TINY.replace(epochs=1), tiny, eval_every=None).run().status == "finished"
    tr = trainers(cfg, tiny, eval_every=None)
    tr.start()
    deadline = time.monotonic() + 90   # generous: other tests' threads may share the cores
    while tr.snapshot().step < 60 and time.monotonic() < deadline:   # 3 epochs of 20 steps
        time.sleep(0.05)
    snap = tr.snapshot()          # under the lock: step and epoch of one moment
    assert snap.status == "running" and snap.epoch >= 3, (snap.status, snap.step, snap.epoch)
    tr.pause()
    assert tr.status == "paused"
    assert len(tr.epoch_history) >= 3   # every epoch still recorded


def test_until_paused_can_be_switched_on_while_it_runs(tiny, trainers):
    tr = trainers(TINY.replace(epochs=2, pace="slow"), tiny, eval_every=None)
    tr.start()
    tr.set_hparams(until_paused=True)
    tr.set_pace("full")
    deadline = time.monotonic() + 30
    while tr.step_count < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert tr.status == "running" and tr.config.until_paused


def test_the_paced_wait_leaves_the_lock_free(tiny, trainers):
    tr = trainers(TINY.replace(pace="slow"), tiny, eval_every=None)
    tr.start()
    time.sleep(0.1)
    free = 0
    for _ in range(20):   # between slow steps the loop waits in Condition.wait, lock released
        if tr._lock.acquire(blocking=False):
            tr._lock.release()
            free += 1
        time.sleep(0.05)
    assert free >= 15
