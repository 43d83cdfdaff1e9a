"""What a run records: the per-step and per-evaluation histories (bounded) and the epochs."""
from __future__ import annotations

import numpy as np

from core.train.history import BucketHistory

# Epoch records kept at most.  A full-batch run ends an epoch at every step, and one trained
# "until paused" for a lesson makes tens of thousands: past this, every other record is dropped
# (each keeps its own "epoch" and "step"), so memory stays bounded as the step histories do,
# while every epoch of the article's 2,000-epoch recipe is kept.
MAX_EPOCH_ROWS = 10_000


class RunRecords:
    """Bounded histories of a run with L weight layers, and one dict per finished epoch (at most
    MAX_EPOCH_ROWS; then every other one, the latest always kept).

    steps: "step", "loss", "acc", "grad_rms" / "weight_rms" / "update_ratio" (L each),
    "inactive" (L - 1);  evals: "eval_step", "eval_loss", "eval_acc", "train_eval_acc".
    """

    def __init__(self, L, history_points):
        self.steps = BucketHistory({"step": 0, "loss": 0, "acc": 0, "grad_rms": L,
                                    "weight_rms": L, "update_ratio": L, "inactive": L - 1},
                                   history_points)
        self.evals = BucketHistory({"eval_step": 0, "eval_loss": 0, "eval_acc": 0,
                                    "train_eval_acc": 0}, history_points)
        self.epochs = []                # one dict per finished epoch (the CLI's metrics file)
        self._epoch_sum = np.zeros(3)   # loss, acc, steps within the current epoch
        self.last = None                # (loss, acc) of the latest step
        self.last_grads = None          # its gradients

    def add_step(self, step, loss, acc, grad_rms, weight_rms, ratio, inactive, grads):
        self.steps.append(np.array([step, loss, acc, *grad_rms, *weight_rms, *ratio, *inactive]))
        self._epoch_sum += (loss, acc, 1)
        self.last, self.last_grads = (loss, acc), grads

    def add_eval(self, evaluation):
        """evaluation = (step, loss, acc, train_acc)."""
        self.evals.append(np.array(evaluation, dtype=np.float64))

    def end_epoch(self, epoch, step, lr, seconds, evaluation):
        """Close the epoch: mean loss and accuracy of its steps, and ``evaluation`` (step, loss,
        acc, train_acc) if it is of this step, else Nones."""
        s = self._epoch_sum
        steps = max(s[2], 1)
        _, eval_loss, eval_acc, train_acc = evaluation or (None,) * 4
        self.epochs.append({
            "epoch": epoch, "step": step, "lr": lr, "loss": s[0] / steps, "acc": s[1] / steps,
            "eval_loss": eval_loss, "eval_acc": eval_acc, "train_eval_acc": train_acc,
            "seconds": seconds})
        if len(self.epochs) > MAX_EPOCH_ROWS:
            self.epochs = self.epochs[::-1][::2][::-1]   # every other one, from the latest back
        self._epoch_sum[:] = 0.0

    def arrays(self):
        """Copies of both histories as one dict of float32 arrays."""
        out = self.steps.arrays()
        out.update(self.evals.arrays())
        return out
