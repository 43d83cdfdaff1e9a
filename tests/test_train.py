"""The Trainer: determinism, live controls from another thread, divergence guard, bounded history,
snapshots, the shipped model.  Small networks on slices of the bundled sample keep this fast."""
import math
import time
from pathlib import Path

import numpy as np
import pytest

from core.config import PRESETS, TrainConfig
from core.data import Dataset, load_dataset, to_float
from core.train.fullbatch import BlockedFullBatch
from core.train.history import BucketHistory
from core.io import load_model
from core.network import Network
from helpers import steps_from_threads, trainers, wait_until  # noqa: F401 (a fixture)
from core.train import Note, Snapshot, Trainer, english
from core.train.notes import REASONS

SHIPPED = Path(__file__).resolve().parents[1] / "core" / "assets" / "default_model.npz"
SMALL = TrainConfig(hidden=(32,), activation="relu", init="he", optimizer="adam", lr=0.003,
                    batch_size=64, epochs=3, seed=1)


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist-sample")


@pytest.fixture(scope="module")
def small(sample):
    """2,000 training digits, 500 held out: a few ms per epoch."""
    return Dataset("mnist-sample", sample.x_train[:2000], sample.y_train[:2000],
                   sample.x_test[:500], sample.y_test[:500], sample.class_names, "held-out")


# ---------------------------------------------------------------- determinism
def test_same_seed_same_history_and_weights(small):
    cfg = SMALL.replace(dropout=0.2, augment=True, epochs=1)
    a, b = Trainer(cfg, small, eval_every=10), Trainer(cfg, small, eval_every=10)
    sa, sb = a.run(), b.run()
    assert sa.step == sb.step == 32
    assert sa.history.keys() == sb.history.keys()
    for key in sa.history:
        np.testing.assert_array_equal(sa.history[key], sb.history[key], err_msg=key)
    np.testing.assert_array_equal(a.net.params["W1"], b.net.params["W1"])
    c = Trainer(cfg.replace(seed=2), small, eval_every=10).run()
    assert not np.array_equal(sa.history["loss"], c.history["loss"])


def test_history_rows_follow_the_contract(small):
    cfg = SMALL.replace(hidden=(32, 16), epochs=1)
    snap = Trainer(cfg, small, eval_every=8).run()
    assert isinstance(snap, Snapshot) and snap.status == "finished"
    h, T, L = snap.history, 32, 3
    assert h["step"].dtype == np.float32 and h["step"].shape == (T,)
    np.testing.assert_array_equal(h["step"], np.arange(1, T + 1))
    for key in ("grad_rms", "weight_rms", "update_ratio"):
        assert h[key].shape == (T, L) and np.all(h[key] > 0), key
    assert h["inactive"].shape == (T, L - 1)
    np.testing.assert_array_equal(h["eval_step"], [8, 16, 24, 32])  # every 8 and the epoch end
    assert np.all((h["eval_acc"] > 0.1) & (h["eval_acc"] <= 1))
    assert h["train_eval_acc"].shape == (4,) and snap.eval_acc == pytest.approx(h["eval_acc"][-1])
    assert snap.layer_names == ["W1", "W2", "W3"] and snap.inactive_label == "dead"
    assert snap.W1.shape == (32, 784) and set(snap.deeper) == {"W2", "W3"}
    assert len(snap.grad_hist) == len(snap.weight_hist) == L
    counts, edges = snap.weight_hist[0]
    assert counts.sum() == 32 * 784 and len(edges) == len(counts) + 1
    # Update ratio = update RMS / weight RMS: an Adam step moves each weight by at most ~lr
    # (0.003), and the output layer's gradient is dense, so its first update is ~lr per weight.
    update = h["update_ratio"] * h["weight_rms"]
    assert np.all(update <= 0.003 * 1.01) and update[0, 2] == pytest.approx(0.003, rel=0.1)


def test_epoch_and_lr_schedule_follow_the_fractional_epoch(small):
    cfg = SMALL.replace(optimizer="sgd", lr=0.1, schedule="step", step_size=1, step_gamma=0.5,
                        batch_size=500, epochs=2)
    tr = Trainer(cfg, small, eval_every=None)
    snap = tr.run(max_steps=3)
    assert snap.epoch == pytest.approx(0.75) and snap.lr == pytest.approx(0.1)
    snap = tr.run(max_steps=2)          # step 5 starts epoch 1: lr halves
    assert snap.epoch == pytest.approx(1.25) and snap.lr == pytest.approx(0.05)
    assert [e["epoch"] for e in tr.epoch_history] == [1]


def test_full_batch_takes_one_step_per_epoch(small):
    cfg = SMALL.replace(optimizer="sgd", lr=0.5, batch_size=0, epochs=4)
    tr = Trainer(cfg, small)
    snap = tr.run()
    assert snap.step == 4 and snap.epoch == 4 and snap.batch_size == 2000
    assert snap.status == "finished" and snap.history["eval_step"][-1] == 4
    assert [round(e["epoch"]) for e in tr.epoch_history] == [1, 2, 3, 4]


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_blocked_full_batch_equals_the_dense_full_batch(small, activation):
    """core/fullbatch.py skips never-inked pixels; the numbers must not change (float64)."""
    net = Network([784, 48, 24, 10], activation, "xavier", seed=4, dtype="float64")
    x, y = small.x_train[:1200], small.y_train[:1200]
    fb = BlockedFullBatch(net, x, y, to_float, block=250)
    assert len(fb.blocks) == 5 and max(len(b[0]) for b in fb.blocks) < 784
    J, grads, stats = net.loss_and_grads(to_float(x, np.float64), y, stats=True)
    J2, grads2, stats2 = fb.loss_and_grads(net)
    assert J2 == pytest.approx(J, rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads2[k], grads[k], rtol=1e-10, atol=1e-14, err_msg=k)
    assert (stats2.m, stats2.correct) == (stats.m, stats.correct) == (1200, stats.correct)
    assert stats2.accuracy == _train_accuracy(net, x, y)
    assert stats2.inactive == pytest.approx(stats.inactive, abs=1e-12)
    for c2, c in zip(stats2.inactive_counts, stats.inactive_counts):
        np.testing.assert_array_equal(c2, c)


# ---------------------------------------------------------------- live control
def test_pause_step_resume_stop_from_another_thread(small, trainers):
    tr = trainers(SMALL.replace(epochs=1000), small)
    tr.start()
    wait_until(lambda: tr.snapshot().step >= 5)
    tr.pause()
    held = tr.snapshot().step
    assert tr.status == "paused"
    cpu = time.process_time()
    time.sleep(0.3)
    assert tr.snapshot().step == held               # pause holds ...
    assert time.process_time() - cpu < 0.1          # ... without spinning
    assert tr.step() == held + 1                    # exactly one mini-batch
    time.sleep(0.1)
    assert tr.snapshot().step == held + 1 and tr.status == "paused"
    results = steps_from_threads(tr)
    assert tr.snapshot().step == held + 4 and results[-1] == held + 4
    tr.resume()
    wait_until(lambda: tr.snapshot().step > held + 10)
    tr.stop()
    tr.join(timeout=10)
    assert tr.status == "stopped" and not tr._thread.is_alive()
    final = tr.snapshot().step
    assert tr.step() == final and tr.start() is None and tr.snapshot().step == final


def test_step_from_ready_starts_paused(small, trainers):
    tr = trainers(SMALL, small)
    first = tr.snapshot()
    assert first.step == 0 and first.status == "ready" and first.eval_acc is None
    assert first.history["loss"].shape == (0,) and len(first.grad_hist) == 2
    assert tr.step() == 1 and tr.status == "paused"
    snap = tr.snapshot()
    assert snap.step == 1 and snap.last_loss == pytest.approx(snap.history["loss"][0])


def test_set_hparams_applies_from_the_next_step_and_rejects_bad_values(small, trainers):
    tr = trainers(SMALL.replace(optimizer="momentum", lr=0.1), small)
    tr.step()
    with pytest.raises(ValueError, match="lr must be a number from"):
        tr.set_hparams(lr=-1)
    with pytest.raises(ValueError):
        tr.set_hparams(momentum=1.5)
    with pytest.raises(ValueError):
        tr.set_hparams(batch_size="many")
    tr.set_hparams(lr=0.02, momentum=0.5, l2=0.1, dropout=0.3, batch_size=100)
    assert tr.snapshot().lr == pytest.approx(0.1)  # not before the next step
    tr.step()
    snap = tr.snapshot()
    assert snap.lr == pytest.approx(0.02) and snap.batch_size == 100
    assert tr.opt.momentum == 0.5 and tr.net.l2 == 0.1 and tr.net.dropout == 0.3
    assert snap.config == SMALL.replace(optimizer="momentum", lr=0.02, momentum=0.5, l2=0.1,
                                        dropout=0.3, batch_size=100)
    assert snap.epoch == pytest.approx((64 + 100) / 2000)


def test_snapshots_and_copies_are_consistent_while_training(small, trainers):
    tr = trainers(SMALL.replace(hidden=(64, 32), epochs=1000), small, history_points=50)
    tr.start()
    last = -1
    for _ in range(30):
        snap = tr.snapshot()
        assert snap.version >= last
        last = snap.version
        rows = {len(snap.history[k]) for k in ("step", "loss", "acc", "grad_rms", "inactive")}
        assert len(rows) == 1 and max(rows) <= 51
        net = tr.copy_network()
        assert all(np.isfinite(v).all() for v in net.params.values())
        time.sleep(0.005)
    assert tr.snapshot().step > 0


def test_idle_trainer_pauses_exits_and_only_a_resume_restarts_it(small, trainers):
    tr = trainers(SMALL.replace(epochs=1000), small, idle_pause_s=0.3, idle_stop_s=0.6)
    tr.start()
    wait_until(lambda: tr.status == "paused")
    note = tr.snapshot().note
    assert note.code == "paused_idle" and note.params["seconds"] == 0.3
    wait_until(lambda: not tr._thread.is_alive())
    assert tr.snapshot().note == Note("released_idle", {"step": tr.step_count, "seconds": 0.6})
    held = tr.snapshot().step
    assert tr.idle_paused
    tr.touch()                       # a heartbeat alone never resumes: the app's gate decides
    time.sleep(0.1)
    assert tr.status == "paused" and tr.idle_paused and tr.snapshot().step == held
    tr.resume()
    assert tr.status == "running" and not tr.idle_paused
    wait_until(lambda: tr.snapshot().step > held)


# ---------------------------------------------------------------- divergence
def test_learning_rate_100_diverges_and_keeps_finite_parameters(sample):
    tr = Trainer(PRESETS["too-high-lr"].replace(lr=100.0), sample)
    snap = tr.run()
    assert snap.status == "diverged"
    note = snap.note
    assert note.code == "diverged" and note.params["step"] == snap.step
    assert note.params["lr"] == 100.0 and note.params["suggested_lr"] == 10.0
    assert note.params["reason"] in REASONS
    assert "learning rate" in english(note) and f"step {snap.step}" in english(note)
    assert all(np.isfinite(v).all() for v in tr.net.params.values())
    loss, acc = tr.net.evaluate(to_float(sample.x_test[:200]), sample.y_test[:200])
    assert math.isfinite(loss)
    assert tr.run().status == "diverged"  # an ended run stays ended


def test_nan_in_the_weights_is_caught_and_the_last_finite_parameters_restored(small):
    cfg = SMALL.replace(optimizer="sgd", lr=0.05)
    tr = Trainer(cfg, small)
    tr.run(max_steps=60)
    tr.net.params["W2"][0, 0] = np.nan
    snap = tr.run(max_steps=5)
    assert snap.status == "diverged" and snap.note.params["step"] == 61
    kept = tr.guard.backup_step
    assert snap.note.params["reason"] == "loss_nan" and snap.note.params["kept_step"] == kept
    assert 0 < kept <= 60 and f"parameters of step {kept}" in english(snap.note)
    replay = Trainer(cfg, small)   # same seed: the same parameters at step `kept`
    replay.run(max_steps=kept)
    for k, v in tr.net.params.items():
        np.testing.assert_array_equal(v, replay.net.params[k], err_msg=k)


# ---------------------------------------------------------------- bounded history
def test_bucket_history_stays_bounded_and_keeps_means_over_100000_steps():
    h = BucketHistory({"step": 0, "pair": 2}, capacity=600)
    for i in range(1, 100_001):
        h.append(np.array([i, i, -i], dtype=np.float64))
    out = h.arrays()
    assert 300 <= len(out["step"]) <= 601 and out["pair"].shape == (len(out["step"]), 2)
    bucket = h.bucket
    assert 100_000 // 600 <= bucket <= 100_000 // 300 + 1
    # every complete row is the mean of `bucket` consecutive steps: evenly spaced centres
    full = out["step"][:-1] if h.total % bucket else out["step"]
    np.testing.assert_allclose(np.diff(full), bucket, rtol=1e-6)
    assert full[0] == pytest.approx((bucket + 1) / 2)
    np.testing.assert_allclose(out["pair"][:, 1], -out["pair"][:, 0])
    assert out["step"][-1] > 99_000     # the newest steps are shown


def test_bucket_history_keeps_an_open_bucket_visible():
    h = BucketHistory({"x": 0}, capacity=4)
    for v in (1, 2, 3, 4, 5):
        h.append(np.array([v]))
    # 4 rows filled -> merged to 2 of width 2; then 5 opens a new bucket
    np.testing.assert_array_equal(h.arrays()["x"], [1.5, 3.5, 5.0])


# ---------------------------------------------------------------- accuracy
def test_accuracy_floor_on_the_bundled_sample_after_two_epochs(sample):
    snap = Trainer(PRESETS["fast-demo"].replace(epochs=2), sample, eval_every=None).run()
    assert snap.status == "finished" and snap.test_split_name == "held-out"
    assert snap.eval_acc >= 0.90


def test_shipped_model_loads_and_reaches_its_stated_accuracy(sample):
    net = load_model(SHIPPED)
    meta = net.metadata
    assert meta["dataset"] == "mnist-sample" and meta["eval_split"] == "held-out"
    assert "python -m core.train" in meta["command"] and meta["train_seconds"] > 0
    loss, acc = net.evaluate(to_float(sample.x_test), sample.y_test)
    assert acc == pytest.approx(meta["eval_accuracy"], abs=1e-3)
    assert acc >= 0.975


# ---------------------------------------------------------------- step statistics
def _train_accuracy(net, x_uint8, y):
    """Training accuracy of ``net`` as it is now, computed apart from the trainer's statistics:
    no dropout nor batch norm here, so evaluation mode equals training mode."""
    Z = to_float(x_uint8, np.float64) @ net.params["W1"].T.astype(np.float64) + net.params["b1"]
    for l in range(2, net.L + 1):
        A = np.maximum(Z, 0.0) if net.activation == "relu" else 1 / (1 + np.exp(-Z))
        Z = A @ net.params[f"W{l}"].T.astype(np.float64) + net.params[f"b{l}"]
    return float(np.mean(np.argmax(Z, axis=1) == y))


def test_full_batch_accuracy_follows_the_run_when_l2_is_switched_off_while_it_runs(small):
    """Bug: with L2 > 0 the dense full-batch path ran; with L2 set to 0 the blocked path took over
    and never refreshed the logits the accuracy was read from, so the recorded accuracy froze."""
    cfg = SMALL.replace(optimizer="adam", lr=0.003, batch_size=0, l2=0.01, epochs=100)
    tr = Trainer(cfg, small, eval_every=None)
    seen = []
    for step in range(12):
        if step == 3:
            tr.set_hparams(l2=0.0)
        truth = _train_accuracy(tr.net, small.x_train, small.y_train)  # pre-update parameters
        snap = tr.run(max_steps=1)
        assert snap.last_acc == pytest.approx(truth, abs=1.5 / len(small.y_train)), step
        seen.append(truth)
    assert seen[-1] > seen[3] + 0.05  # the accuracy moves, so a frozen value cannot pass


# ---------------------------------------------------------------- one home per fact
def test_update_ratio_has_one_convention_for_zero_weights():
    from core.metrics import update_ratio, update_ratios
    assert update_ratio(0.3, 3.0) == pytest.approx(0.1)
    assert update_ratio(0.0, 0.0) == 0.0           # nothing there, nothing moved
    assert update_ratio(0.5, 0.0) == math.inf      # weights of size 0 moved: unboundedly large
    assert update_ratios([0.0, 0.2], [0.0, 2.0]) == [0.0, pytest.approx(0.1)]


def test_the_trainer_records_update_ratios_by_that_convention(small):
    tr = Trainer(SMALL.replace(hidden=(16, 8)), small)
    tr.net.params["W3"][...] = 0.0                 # its gradient dZ3^T A2 is not 0: it moves
    h = tr.run(max_steps=2).history
    assert h["weight_rms"][0, 2] == 0 and h["update_ratio"][0, 2] == math.inf
    assert np.isfinite(h["update_ratio"][1]).all()


@pytest.mark.parametrize("note,words", [
    (Note("ready", {}), "Ready to train."),
    (Note("paused", {"step": 1234}), "Paused at step 1,234."),
    (Note("paused_idle", {"step": 5, "seconds": 180.0}), "nobody has watched for 3 minutes"),
    (Note("released_idle", {"step": 5, "seconds": 30}), "thread was released"),
    (Note("finished", {"epochs": 3, "split": "test", "accuracy": 0.9712}), "test accuracy 97.12%"),
    (Note("diverged", {"step": 9, "reason": "loss_exploded", "lr": 3.0, "suggested_lr": 0.3,
                       "kept_step": 8, "loss": 200.0, "first_loss": 2.3}),
     "loss exploded to 200 (it started at 2.3)"),
    (Note("error", {"step": 2, "error": "boom"}), "error at step 2: boom"),
])
def test_notes_have_english_for_the_command_line(note, words):
    assert words in english(note)


def test_epoch_records_stay_bounded_and_keep_the_latest(monkeypatch):
    """A full-batch run trained until paused ends an epoch at every step: the records thin
    themselves instead of growing without bound, and each keeps its own epoch number."""
    from core.train import records
    monkeypatch.setattr(records, "MAX_EPOCH_ROWS", 8)
    rec = records.RunRecords(2, 10)
    for e in range(1, 30):
        rec.add_step(e, 1.0, 0.5, [0.1, 0.1], [1.0, 1.0], [0.01, 0.01], [0.0], None)
        rec.end_epoch(e, e, 0.1, float(e), None)
        assert len(rec.epochs) <= 8
        assert rec.epochs[-1]["epoch"] == e                    # the latest is always there
    kept = [r["epoch"] for r in rec.epochs]
    assert kept == sorted(kept) and len(set(kept)) == len(kept) and len(kept) >= 4
