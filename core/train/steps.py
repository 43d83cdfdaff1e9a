"""One training step and everything it records, without threads (the Trainer adds those).

A step, as ``TrainingSteps._step_once`` does it:
    lr  = scheduled_lr(schedule, lr0, epoch)              epoch is fractional: samples seen / n
    batch = the next batch (batches.py: shuffled, full, augmented)
    J, dJ/dparam, StepStats = batch.loss_and_grads(net)   accuracy and inactive units of the
                                                          batch's own training-mode pass
    statistics measured BEFORE the update: gradient RMS and weight RMS per layer
    guard (guard.py): J or a statistic not finite, or J exploded -> "diverged", parameters restored
    optimizer step (updates params in place, returns the RMS of each update)
    update/weight ratio = update RMS / weight RMS (core.metrics.update_ratios)
then the records (records.py), the throughput (meter.py) and, when due, a held-out evaluation
(evaluation.py).  Same seed, same history: the shuffling and augmentation generators derive from
config.seed, as do the weights and the dropout masks (inside Network).
"""
from __future__ import annotations

import math
import time

import numpy as np

from core.config import TrainConfig
from core.errors import Interrupted
from core.metrics import layer_rms, update_ratios
from core.network import Network
from core.optim import make_optimizer, scheduled_lr
from core.train.batches import BatchStream
from core.train.evaluation import Evaluator
from core.train.guard import DivergenceGuard, suggest_lr
from core.train.meter import Throughput
from core.train.notes import Note
from core.train.records import RunRecords

TERMINAL = ("finished", "diverged", "stopped")


def build_network(config, dtype="float32"):
    """The Network a config describes (weights drawn from config.seed)."""
    return Network(config.layer_sizes(), activation=config.activation, init=config.init,
                   l2=config.l2, dropout=config.dropout, batch_norm=config.batch_norm,
                   seed=config.seed, dtype=dtype)


class TrainingSteps:
    """Network + optimizer + its parts (batches, guard, records, evaluator, meter) for one run.

    status: one of ready, running, paused, finished, diverged, stopped; note: a Note saying why.
    """

    def __init__(self, config: TrainConfig, dataset, *, eval_every=50, history_points=600,
                 dtype="float32"):
        if not isinstance(config, TrainConfig):
            raise TypeError("config must be a TrainConfig")
        self.config = config
        self.dataset = dataset
        self.dtype = np.dtype(dtype)
        self.evaluator = Evaluator(dataset, self.dtype, eval_every)
        self.batches = BatchStream(dataset.x_train, dataset.y_train, config.seed, self.dtype)
        self.net = build_network(config, dtype)
        self.opt = make_optimizer(config.optimizer, config.lr, momentum=config.momentum)
        self._names = self.net.weight_names()
        self.records = RunRecords(self.net.L, history_points)
        self.guard = DivergenceGuard()
        self.meter = Throughput()
        self._status, self._note = "ready", Note("ready", {})
        self._pending = None      # TrainConfig with new hyperparameters for the next step
        self._version, self._step = 0, 0
        self._lr = config.lr
        self._owed_eval = self._owed_epoch = False  # left by an interrupted evaluation

    def _bump(self):
        self._version += 1

    def _set_status(self, status, note):
        self._status, self._note = status, note
        self._bump()

    @property
    def status(self):
        """One of: ready, running, paused, finished, diverged, stopped."""
        return self._status

    @property
    def note(self):
        """The Note that goes with the status."""
        return self._note

    @property
    def step_count(self):
        return self._step

    @property
    def epoch(self):
        """Fractional epochs done: completed epochs + position in the current one."""
        return self.batches.epoch

    @property
    def n(self):
        """Training examples."""
        return self.batches.n

    @property
    def eval_every(self):
        return self.evaluator.eval_every

    @property
    def train_seconds(self):
        """Seconds spent in training steps (pauses and evaluations excluded)."""
        return self.meter.train_seconds

    @property
    def epoch_history(self):
        """One dict per finished epoch (the CLI's metrics file)."""
        return self.records.epochs

    @property
    def test_split_name(self):
        return self.evaluator.split_name

    @property
    def augment_params(self):
        """Parameters of the augmentation (core.data.augment), used when config.augment is on."""
        return self.batches.augment_params

    # ------------------------------------------------------------------ one step
    def _apply_pending(self):
        cfg = self._pending
        self._pending = None
        self.config = cfg
        if hasattr(self.opt, "momentum"):
            self.opt.momentum = cfg.momentum
        self.net.l2, self.net.dropout = cfg.l2, cfg.dropout

    def _interrupted(self):
        """Asked between the chunks of a long pass (a large batch, an evaluation): whether to stop
        it.  Never here; the Trainer lets readers in and answers for Pause and Stop."""
        return False

    def _step_once(self):
        """One training step with the lock held (see the module docstring).  Work owed by an
        interrupted step (an evaluation, an epoch's record) is done first; an interrupted pass
        changes nothing and its batch is taken again next time."""
        if not self._catch_up() or self._status in TERMINAL:
            return
        if self._pending is not None:
            self._apply_pending()
        t0 = time.perf_counter()
        cfg, net, names = self.config, self.net, self._names
        self._lr = scheduled_lr(cfg.schedule, cfg.lr, self.epoch, **cfg.schedule_kwargs())
        self.opt.lr = self._lr
        batch = self.batches.next(net, cfg)
        try:
            loss, grads, stats = batch.loss_and_grads(net, cancel=self._interrupted)
        except Interrupted:
            self.batches.rewind()
            return
        grad_rms, weight_rms = layer_rms(grads, names), layer_rms(net.params, names)
        self._step += 1
        problem = self.guard.check(loss, grad_rms, weight_rms, net.sizes[-1])
        if problem:
            return self._diverge(*problem)
        self.guard.before_update(self._step, net.params, net.buffers)
        update = self.opt.step(net.params, grads)
        if not all(math.isfinite(u) for u in update.values()):
            return self._diverge("update_nan", {})
        ratio = update_ratios([update[n] for n in names], weight_rms)
        self.guard.after_update(ratio)
        self.records.add_step(self._step, loss, stats.accuracy, grad_rms, weight_rms, ratio,
                              stats.inactive, grads)
        self._after_step(batch.m, time.perf_counter() - t0)

    def _after_step(self, m, seconds):
        self.meter.add(m, seconds)
        epoch_end = self.batches.end_epoch()
        due = self.evaluator.due(self._step, m == self.n, epoch_end)
        self._owed_eval |= due or self._epochs_reached()
        self._owed_epoch |= epoch_end
        self._catch_up()
        self._bump()

    def _epochs_reached(self):
        """Whether the run has done its epochs and ends (never when it trains until paused)."""
        return not self.config.until_paused and self.batches.epochs_done >= self.config.epochs

    def _catch_up(self):
        """Do the owed evaluation, then the owed epoch record (which uses it).  False when the
        evaluation was interrupted: it stays owed."""
        if self._owed_eval:
            try:
                self._evaluate()
            except Interrupted:
                return False
            self._owed_eval = False
        if self._owed_epoch:
            self._owed_epoch = False
            self._end_epoch()
        return True

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self):
        evaluation = self.evaluator.run(self.net, self._step, cancel=self._interrupted)
        self.records.add_eval(evaluation)
        self._bump()
        if not math.isfinite(evaluation[1]):
            self._diverge("eval_nan", {})

    def _end_epoch(self):
        done = self.batches.epochs_done
        latest = self.evaluator.latest if self.evaluator.fresh(self._step) else None
        self.records.end_epoch(done, self._step, self._lr, self.train_seconds, latest)
        if self._epochs_reached() and self._status not in TERMINAL:
            self._set_status("finished", Note("finished", {
                "epochs": done, "split": self.test_split_name,
                "accuracy": float(self.evaluator.latest[2])}))

    # ------------------------------------------------------------------ divergence
    def _diverge(self, reason, extra):
        """Stop as "diverged" and put back the guard's backup: the last parameters whose loss
        passed the checks."""
        kept = self.guard.restore(self._step, self.net.params, self.net.buffers)
        lr = self.config.lr
        self._set_status("diverged", Note("diverged", {
            "step": self._step, "reason": reason, "lr": lr, "suggested_lr": suggest_lr(lr),
            "kept_step": kept, **extra}))

    def _copy_state(self):
        """Plain copies of everything a Snapshot shows (call with the lock held)."""
        rec = self.records
        last_loss, last_acc = rec.last if rec.last else (None, None)
        latest = self.evaluator.latest
        eval_loss, eval_acc = latest[1:3] if latest else (None, None)
        grads = ({n: np.array(rec.last_grads[n], dtype=np.float32) for n in self._names}
                 if rec.last_grads else None)
        return dict(
            version=self._version, status=self._status, note=self._note,
            step=self._step, epoch=self.epoch, epochs=self.config.epochs, lr=self._lr,
            samples_per_s=self.meter.rate, batch_size=self.batches.batch_size(self.config),
            config=self.config, last_loss=last_loss, last_acc=last_acc, eval_loss=eval_loss,
            eval_acc=eval_acc, test_split_name=self.test_split_name,
            layer_names=list(self._names), inactive_label=self.net.act.inactive_label,
            history=rec.arrays(),
            weights={n: np.array(self.net.params[n], dtype=np.float32) for n in self._names},
            grads=grads)
