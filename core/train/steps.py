"""One training step and everything it records, without threads (the Trainer adds those).

A step, as ``TrainingSteps._step_once`` does it:
    lr  = scheduled_lr(schedule, lr0, epoch)              epoch is fractional: samples seen / n
    X_b = next batch of the shuffled training set (augmented if config.augment)
    J, dJ/dparam = net.loss_and_grads(X_b, y_b)
    statistics measured BEFORE the update: gradient RMS and weight RMS per layer, inactive share
    guard: J or a statistic not finite, or J > 50 ln(k)  ->  status "diverged", parameters restored
    optimizer step (updates params in place, returns the RMS of each update)
    update/weight ratio = update RMS / weight RMS
Held-out evaluation every ``eval_every`` steps and at each epoch's end (full batch: see
FULL_BATCH_EVAL_EVERY).  Same seed, same history:
the shuffling and augmentation generators derive from config.seed, as do the weights and the
dropout masks (inside Network).
"""
from __future__ import annotations

import math
import time

import numpy as np

from core.config import TrainConfig
from core.data import augment as aug
from core.data import to_float
from core.metrics import rms
from core.network import Network
from core.optim import make_optimizer, scheduled_lr
from core.train import fullbatch
from core.train.history import BucketHistory

TERMINAL = ("finished", "diverged", "stopped")
TRAIN_EVAL_SIZE = 2000   # fixed training subset evaluated next to the held-out set
EXPLODE = 50.0           # loss > EXPLODE * ln(k) counts as divergence (see _divergence)
DANGER_RATIO = 0.1       # after a step whose update/weight ratio exceeded this, back up first
BACKUP_EVERY = 50        # ... and at least every this many steps
# With full batches every step ends an epoch; evaluating each one would cost ~25% of the tutorial's
# run, so full-batch runs evaluate every eval_every steps (this many if None) and at the end.
FULL_BATCH_EVAL_EVERY = 50


def build_network(config, dtype="float32"):
    """The Network a config describes (weights drawn from config.seed)."""
    return Network(config.layer_sizes(), activation=config.activation, init=config.init,
                   l2=config.l2, dropout=config.dropout, batch_norm=config.batch_norm,
                   seed=config.seed, dtype=dtype)


def suggest_lr(lr):
    """A learning rate 10x smaller, to one significant figure: the advice after a divergence."""
    x = lr / 10.0
    return float(f"{x:.1g}")


class TrainingSteps:
    """Network + optimizer + shuffled data cursor + histories for one run; see module doc."""

    def __init__(self, config: TrainConfig, dataset, *, eval_every=50, history_points=600,
                 dtype="float32"):
        if not isinstance(config, TrainConfig):
            raise TypeError("config must be a TrainConfig")
        if eval_every is not None and int(eval_every) < 1:
            raise ValueError(f"eval_every must be >= 1 step (or None: epoch ends only); "
                             f"got {eval_every!r}")
        self.config = config
        self.dataset = dataset
        self.eval_every = None if eval_every is None else int(eval_every)
        self.dtype = np.dtype(dtype)
        self.net = build_network(config, dtype)
        self.opt = make_optimizer(config.optimizer, config.lr, momentum=config.momentum)
        self._names = self.net.weight_names()
        self._init_data(dataset)
        # Independent streams from the seed (the network draws its own weights and dropout masks).
        shuffle_ss, augment_ss = np.random.SeedSequence([config.seed, 0x7472]).spawn(2)
        self._shuffle_rng = np.random.default_rng(shuffle_ss)
        self._augment_rng = np.random.default_rng(augment_ss)
        self._perm, self._pos, self._epochs_done = None, 0, 0
        L = self.net.L
        self._hist = BucketHistory({"step": 0, "loss": 0, "acc": 0, "grad_rms": L,
                                    "weight_rms": L, "update_ratio": L, "inactive": L - 1},
                                   history_points)
        self._eval_hist = BucketHistory({"eval_step": 0, "eval_loss": 0, "eval_acc": 0,
                                         "train_eval_acc": 0}, history_points)
        self.augment_params = dict(aug.DEFAULTS)  # used when config.augment is on
        self.epoch_history = []  # one dict per finished epoch (the CLI's metrics file)
        self._epoch_sum = np.zeros(3)  # loss, acc, steps within the current epoch
        self._status, self._message = "ready", "Ready to train."
        self._pending = None      # TrainConfig with new hyperparameters for the next step
        self._version, self._step = 0, 0
        self._lr = config.lr
        self._last = None         # (loss, acc) of the latest step
        self._eval = None         # (step, loss, acc, train_acc) of the latest evaluation
        self._last_grads = None
        self._backup, self._backup_step = None, -1
        self._max_ratio = math.inf  # the first step is always guarded
        self._first_loss = None
        self._train_seconds = 0.0
        self._rate, self._rate_mark, self._last_step_end = 0.0, None, 0.0

    def _init_data(self, ds):
        self._x_u8, self._y = ds.x_train, np.asarray(ds.y_train, dtype=np.intp)
        self.n = len(self._y)
        if self.n == 0:
            raise ValueError("the training set is empty")
        self._X_full = None  # float copy of the whole training set, made only for full batches
        self._blocked = None  # the same, cut into column-compacted blocks (core/fullbatch.py)
        # Held-out data and a fixed training subset are evaluated often: convert them once.
        self._X_test = to_float(ds.x_test, self.dtype)
        self._y_test = np.asarray(ds.y_test, dtype=np.intp)
        k = min(TRAIN_EVAL_SIZE, self.n)
        self._X_sub, self._y_sub = to_float(ds.x_train[:k], self.dtype), self._y[:k]
        self.test_split_name = getattr(ds, "test_split_name", "held-out")

    def _bump(self):
        self._version += 1

    def _set_status(self, status, message):
        self._status, self._message = status, message
        self._bump()

    @property
    def status(self):
        """One of: ready, running, paused, finished, diverged, stopped."""
        return self._status

    @property
    def step_count(self):
        return self._step

    @property
    def train_seconds(self):
        """Seconds spent in training steps (pauses and evaluations excluded)."""
        return self._train_seconds

    # ------------------------------------------------------------------ one step
    @property
    def epoch(self):
        """Fractional epochs done: completed epochs + position in the current one."""
        return self._epochs_done + self._pos / self.n

    def _batch_size(self):
        bs = self.config.batch_size
        return self.n if bs == 0 or bs >= self.n else bs

    def _next_batch(self):
        """(X_b float, y_b) for this step; advances the position in the shuffled epoch."""
        bs = self._batch_size()
        if bs == self.n and self._pos == 0:
            # Full batch: the order of the examples does not change their mean gradient.
            self._pos = self.n
            if fullbatch.eligible(self.net, self.config, self._x_u8.shape[1]):
                if self._blocked is None:
                    self._blocked = fullbatch.BlockedFullBatch(self.net, self._x_u8, self._y,
                                                               to_float)
                return None, self._y  # _forward_backward runs the blocks
            if self._X_full is None:
                self._X_full = to_float(self._x_u8, self.dtype)
            X, y = self._X_full, self._y
        else:
            if self._perm is None:
                self._perm = self._shuffle_rng.permutation(self.n)
            idx = self._perm[self._pos:self._pos + bs]
            self._pos += len(idx)
            # uint8 rows gathered then converted: faster than gathering float32 rows, and 4x
            # less memory than a float copy of the set (benchmarks/bench_train.py).
            X, y = to_float(np.take(self._x_u8, idx, axis=0), self.dtype), self._y[idx]
        if self.config.augment:
            X = aug.augment(X, self._augment_rng, **self.augment_params)
        return X, y

    def _apply_pending(self):
        cfg = self._pending
        self._pending = None
        self.config = cfg
        if hasattr(self.opt, "momentum"):
            self.opt.momentum = cfg.momentum
        self.net.l2, self.net.dropout = cfg.l2, cfg.dropout

    def _step_once(self):
        """One training step with the lock held (see the module docstring)."""
        if self._pending is not None:
            self._apply_pending()
        t0 = time.perf_counter()
        cfg, net, names = self.config, self.net, self._names
        self._lr = scheduled_lr(cfg.schedule, cfg.lr, self.epoch, **cfg.schedule_kwargs())
        self.opt.lr = self._lr
        loss, grads, y = self._forward_backward()
        acc = self._batch_accuracy(y)
        grad_rms = [rms(grads[n]) for n in names]
        weight_rms = [rms(net.params[n]) for n in names]
        inactive = net.activation_stats()
        self._step += 1
        problem = self._divergence(loss, grad_rms, weight_rms)
        if problem:
            return self._diverge(problem)
        if self._max_ratio > DANGER_RATIO or self._step - self._backup_step > BACKUP_EVERY:
            self._save_backup()  # cheap insurance: rare while training is healthy
        update = self.opt.step(net.params, grads)
        if not all(math.isfinite(u) for u in update.values()):
            return self._diverge("the update became infinite or NaN")
        ratio = [update[n] / w if w > 0 else 0.0 for n, w in zip(names, weight_rms)]
        self._max_ratio = max(ratio)
        self._last_grads, self._last = grads, (loss, acc)
        self._hist.append(np.array([self._step, loss, acc, *grad_rms, *weight_rms, *ratio,
                                    *inactive]))
        self._epoch_sum += (loss, acc, 1)
        self._after_step(len(y), time.perf_counter() - t0)

    def _forward_backward(self):
        """(J, grads, y_b) of the next batch."""
        X, y = self._next_batch()
        if X is None:  # full batch, computed block by block (core/fullbatch.py)
            loss, grads, hidden, y = self._blocked.loss_and_grads(self.net)
            self.net.last_hidden = hidden  # what activation_stats() reads
            return loss, grads, y
        loss, grads = self.net.loss_and_grads(X, y)
        return loss, grads, y

    def _batch_accuracy(self, y):
        """Accuracy of this step's training-mode forward pass (no extra pass over the batch)."""
        Z = getattr(self.net, "last_logits", None)
        if Z is None or len(Z) != len(y):
            # Output scores from the last hidden activations (before the output layer's update).
            A = self.net.last_hidden[-1]
            W, b = self.net.params[f"W{self.net.L}"], self.net.params[f"b{self.net.L}"]
            Z = A @ W.T + b
        return np.count_nonzero(np.argmax(Z, axis=1) == y) / len(y)

    def _after_step(self, m, seconds):
        self._train_seconds += seconds
        now = time.perf_counter()
        if self._rate_mark is None or now - self._last_step_end > 1.0:  # first step, or resumed
            self._rate_mark = (now - seconds, 0)
        t_mark, n_mark = self._rate_mark
        n_mark += m
        if now - t_mark >= 0.5 or self._rate == 0.0:  # samples/s over about the last second
            self._rate = n_mark / max(now - t_mark, 1e-9)
        self._rate_mark = (now, 0) if now - t_mark >= 0.5 else (t_mark, n_mark)
        self._last_step_end = now
        epoch_end = self._pos >= self.n
        if epoch_end:
            self._epochs_done += 1
            self._pos, self._perm = 0, None
        if m == self.n:  # full batch: every step ends an epoch
            due = self._step % (self.eval_every or FULL_BATCH_EVAL_EVERY) == 0
        else:
            due = epoch_end or bool(self.eval_every) and self._step % self.eval_every == 0
        if due or self._epochs_done >= self.config.epochs:
            self._evaluate()
        if epoch_end:
            self._end_epoch()
        self._bump()

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self):
        loss, acc = self.net.evaluate(self._X_test, self._y_test)
        train_acc = self.net.evaluate(self._X_sub, self._y_sub)[1]
        self._eval = (self._step, loss, acc, train_acc)
        self._eval_hist.append(np.array(self._eval, dtype=np.float64))
        self._bump()
        if not math.isfinite(loss):
            self._diverge("the held-out loss became NaN or infinite")

    def _end_epoch(self):
        s = self._epoch_sum
        steps = max(s[2], 1)
        fresh = self._eval is not None and self._eval[0] == self._step
        _, eval_loss, eval_acc, train_acc = self._eval if fresh else (None,) * 4
        self.epoch_history.append({
            "epoch": self._epochs_done, "step": self._step, "lr": self._lr,
            "loss": s[0] / steps, "acc": s[1] / steps, "eval_loss": eval_loss,
            "eval_acc": eval_acc, "train_eval_acc": train_acc, "seconds": self._train_seconds})
        self._epoch_sum[:] = 0.0
        if self._epochs_done >= self.config.epochs and self._status not in TERMINAL:
            self._set_status("finished", f"Finished {self._epochs_done:,} epochs: "
                                         f"{self.test_split_name} accuracy {self._eval[2]:.2%}.")

    # ------------------------------------------------------------------ divergence guard
    def _divergence(self, loss, grad_rms, weight_rms):
        """Why this step diverged, or "" if it did not.

        Non-finite values are divergence by definition.  A finite loss above 50 ln(k) (115 for
        10 classes; the untrained network starts at ln k = 2.3) also counts: the network then gives
        the right class a probability of about e^-115 on average, which only blown-up weights do.
        With ReLU such a network often sits there with dead units and finite numbers forever, so
        waiting for NaN would never stop it.  Healthy runs measured here stay below 10.
        """
        if not math.isfinite(loss):
            return "the loss became NaN or infinite"
        if not all(map(math.isfinite, grad_rms)):
            return "the gradients became NaN or infinite"
        if not all(map(math.isfinite, weight_rms)):
            return "the weights became NaN or infinite"
        if self._first_loss is None:
            self._first_loss = loss
        limit = EXPLODE * math.log(self.net.sizes[-1])
        if loss > max(limit, 10.0 * self._first_loss):
            return f"the loss exploded to {loss:.3g} (it started at {self._first_loss:.3g})"
        return ""

    def _save_backup(self):
        self._backup = ({k: v.copy() for k, v in self.net.params.items()},
                        {k: v.copy() for k, v in self.net.buffers.items()})
        self._backup_step = self._step - 1  # the parameters as they were after step - 1

    def _diverge(self, what):
        """Stop as "diverged" and put back the parameters saved by ``_save_backup``: the last
        ones whose loss passed the checks (at most BACKUP_EVERY steps old; one step old when the
        previous update was large, as before a blow-up)."""
        kept = self._step - 1  # no backup yet: the parameters were never updated
        if self._backup is not None:
            params, buffers = self._backup
            for k, v in params.items():
                self.net.params[k][...] = v
            for k, v in buffers.items():
                self.net.buffers[k][...] = v
            kept = self._backup_step
        lr = self.config.lr
        self._set_status("diverged", (
            f"Diverged at step {self._step:,}: {what}. The likely cause is a learning rate too "
            f"high for this network ({lr:g}); try {suggest_lr(lr):g}. The parameters of step "
            f"{kept:,}, the last that gave a finite, sane loss, were restored."))

    def _copy_state(self):
        """Plain copies of everything a Snapshot shows (call with the lock held)."""
        hist, ev = self._hist.arrays(), self._eval_hist.arrays()
        hist.update(ev)
        last_loss, last_acc = self._last if self._last else (None, None)
        eval_loss, eval_acc = self._eval[1:3] if self._eval else (None, None)
        grads = ({n: np.array(self._last_grads[n], dtype=np.float32) for n in self._names}
                 if self._last_grads else None)
        return dict(
            version=self._version, status=self._status, message=self._message,
            step=self._step, epoch=self.epoch, epochs=self.config.epochs, lr=self._lr,
            samples_per_s=self._rate, batch_size=self._batch_size(), config=self.config,
            last_loss=last_loss, last_acc=last_acc, eval_loss=eval_loss, eval_acc=eval_acc,
            test_split_name=self.test_split_name, layer_names=list(self._names),
            inactive_label=self.net.act.inactive_label, history=hist,
            weights={n: np.array(self.net.params[n], dtype=np.float32) for n in self._names},
            grads=grads)
