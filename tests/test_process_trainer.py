"""ProcessTrainer: a run in a child process that reads and steers like a Trainer, keeps what it
learnt after its process has gone, and leaves no process behind."""
import gc
import io
import os
import pickle
import signal
import time

import numpy as np
import pytest

from core.config import TrainConfig
from core.errors import CodedError
from core.train import Trainer, wire
from core.train import process as process_module
from core.train.process import ProcessTrainer
from core.train.record import RunRecord
from helpers import sample_slice, steps_from_threads, wait_until

SMALL = TrainConfig(hidden=(32,), activation="relu", init="he", optimizer="adam", lr=0.003,
                    batch_size=64, epochs=1000, seed=1, pace="full")


@pytest.fixture(scope="module")
def small():
    return sample_slice(2000, 500)


@pytest.fixture
def made():
    """ProcessTrainers made by a test, closed afterwards."""
    out = []
    yield out
    for tr in out:
        tr.close()


def _exited(pid):
    """Whether process ``pid`` has ended (gone, or a zombie nobody has waited for yet)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return "zombie" in f.read()
    except FileNotFoundError:
        return True


def test_the_same_seed_trains_the_same_run_in_a_process_as_in_a_thread(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    ref = Trainer(SMALL, small)
    theirs, ours = tr.run(max_steps=40), ref.run(max_steps=40)
    assert theirs.step == ours.step == 40
    for key in ("loss", "acc", "grad_rms", "eval_acc"):
        np.testing.assert_array_equal(theirs.history[key], ours.history[key])
    net = tr.copy_network()
    for name, value in ref.net.params.items():
        np.testing.assert_array_equal(net.params[name], value)


def test_controls_from_another_thread_pause_step_resume_and_stop_the_child(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    assert tr.status == "ready" and tr.snapshot().step == 0 and tr.alive
    tr.start()
    wait_until(lambda: tr.snapshot().step >= 5)
    tr.pause()
    held = tr.snapshot().step
    assert tr.status == "paused" and tr.step_count == held
    time.sleep(0.3)
    assert tr.snapshot().step == held
    assert tr.step() == held + 1 and tr.snapshot().step == held + 1
    assert steps_from_threads(tr) == [held + 2, held + 3, held + 4]
    tr.resume()
    wait_until(lambda: tr.snapshot().step > held + 10)
    tr.stop()
    assert tr.status == "stopped"
    wait_until(lambda: not tr.alive, timeout=5)     # an ended run holds no process ...
    final = tr.snapshot()
    assert final.status == "stopped" and final.note.code == "stopped"
    # ... and what it learnt stays readable here
    assert tr.step() == final.step and tr.start() is None and tr.snapshot().step == final.step
    net, opt, step = tr.copy_optimizer()
    assert step == final.step and opt.t == final.step
    np.testing.assert_array_equal(net.params["W1"], final.weights["W1"])
    assert tr.train_seconds > 0 and tr.net.sizes == [784, 32, 10]


def test_a_bad_value_raises_the_same_coded_error_and_changes_nothing(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    tr.step()
    with pytest.raises(CodedError, match="lr must be a number from") as err:
        tr.set_hparams(lr=-1)
    assert err.value.code == "config.invalid" and err.value.problems[0].field == "lr"
    with pytest.raises(ValueError):
        tr.set_pace("warp")
    tr.set_hparams(lr=0.02)
    tr.step()
    snap = tr.snapshot()
    assert snap.lr == pytest.approx(0.02) and snap.config.pace == "full"
    assert tr.config.lr == pytest.approx(0.02)


def test_readers_polling_a_running_run_share_one_copy_per_tenth_of_a_second(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    tr.start()
    wait_until(lambda: tr.snapshot().step > 3)
    time.sleep(process_module.SNAPSHOT_MIN_S)
    first = tr.snapshot()
    assert all(tr.snapshot() is first for _ in range(20))     # one copy for many readers
    time.sleep(process_module.SNAPSHOT_MIN_S * 1.5)
    later = tr.snapshot()
    assert later is not first and later.step > first.step     # and a new one when due
    tr.pause()                                                 # a control: asked again at once
    assert tr.snapshot().status == "paused"


def test_a_paused_run_sends_its_snapshot_once(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    tr.step()
    first = tr.snapshot()
    time.sleep(process_module.SNAPSHOT_MIN_S * 1.5)
    assert tr.snapshot() is first     # the child answered "unchanged": the same object


def test_heartbeats_reach_the_child_and_an_unwatched_run_pauses(small, made, monkeypatch):
    monkeypatch.setattr(process_module, "TOUCH_EVERY_S", 0.05)
    watched = ProcessTrainer(SMALL.replace(pace="class"), small, idle_pause_s=0.6)
    unwatched = ProcessTrainer(SMALL.replace(pace="class"), small, idle_pause_s=0.6)
    made += [watched, unwatched]
    watched.start(), unwatched.start()
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        watched.touch()
        time.sleep(0.02)
    assert watched.status == "running" and not watched.idle_paused
    assert unwatched.status == "paused" and unwatched.idle_paused
    assert unwatched.note.code == "paused_idle"


def test_a_run_that_finishes_on_its_own_lets_its_process_go(small, made):
    tr = ProcessTrainer(SMALL.replace(epochs=1), small)
    made.append(tr)
    tr.start()
    wait_until(lambda: tr.status == "finished")
    wait_until(lambda: not tr.alive, timeout=5)
    record = RunRecord.from_trainer(tr, name="one epoch")
    assert record.status == "finished" and record.steps == tr.snapshot().step > 0
    assert len(record.epoch_history) == 1 and record.model.sizes == (784, 32, 10)


def test_a_killed_process_reads_as_stopped_with_the_reason(small, made):
    tr = ProcessTrainer(SMALL, small)
    made.append(tr)
    tr.start()
    wait_until(lambda: tr.snapshot().step > 3)
    before = tr.snapshot()
    os.kill(tr.pid, signal.SIGKILL)
    wait_until(lambda: tr.status == "stopped")
    assert tr.note.code == "error" and "exit code -9" in tr.note.params["error"]
    assert "exit code -9" in str(tr.error)
    after = tr.snapshot()
    assert after.status == "stopped" and after.version > before.version
    with pytest.raises(RuntimeError, match="exit code -9"):
        tr.copy_network()
    assert RunRecord.from_trainer(tr).status == "stopped"   # the session can still keep it


def test_a_forgotten_run_ends_its_process(small):
    tr = ProcessTrainer(SMALL, small)
    tr.start()
    pid = tr.pid
    del tr
    gc.collect()
    wait_until(lambda: _exited(pid), timeout=5)


def test_a_trainer_that_cannot_be_built_raises_here_and_leaves_no_process(small):
    with pytest.raises(TypeError, match="TrainConfig"):
        ProcessTrainer({"lr": 0.1}, small)
    before = set(os.listdir("/proc"))
    with pytest.raises(TypeError, match="bogus"):
        ProcessTrainer(SMALL, small, bogus=1)
    gc.collect()
    wait_until(lambda: not any(pid.isdigit() and not _exited(int(pid)) and _is_worker(pid)
                          for pid in set(os.listdir("/proc")) - before), timeout=5)


def _is_worker(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"core.train.worker" in f.read()
    except OSError:
        return False


def test_a_message_cut_short_is_an_end_of_stream_not_garbage():
    buffer = io.BytesIO()
    wire.send(buffer, {"W1": np.arange(6.0)})
    whole = buffer.getvalue()
    got = wire.recv(io.BytesIO(whole))
    np.testing.assert_array_equal(got["W1"], np.arange(6.0))
    with pytest.raises(EOFError):
        wire.recv(io.BytesIO(whole[:-1]))
    with pytest.raises(EOFError):
        wire.recv(io.BytesIO(b""))


def test_a_coded_error_survives_pickling_with_its_code_params_and_problems():
    err = CodedError("model.too_wide", "too wide", units=100000)
    err.problems = ["x"]
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is CodedError and back.code == "model.too_wide"
    assert back.params == {"units": 100000} and back.problems == ["x"] and str(back) == "too wide"


def test_the_app_trains_in_a_process_unless_told_to_use_a_thread(small, monkeypatch):
    from viz import shared
    monkeypatch.delenv(shared.TRAINER_ENV, raising=False)
    tr = shared.new_trainer(SMALL, small)
    try:
        assert isinstance(tr, ProcessTrainer) and tr.alive
    finally:
        tr.close()
    monkeypatch.setenv(shared.TRAINER_ENV, "thread")
    assert type(shared.new_trainer(SMALL, small)) is Trainer
    monkeypatch.setenv(shared.TRAINER_ENV, "fork")
    with pytest.raises(ValueError, match="BACKPROP_LAB_TRAINER"):
        shared.new_trainer(SMALL, small)
