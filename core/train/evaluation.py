"""Held-out evaluation of a run: the data it uses, when it is due, what it measured.

Every ``eval_every`` steps and at each epoch's end; with full batches every step ends an epoch,
and evaluating each one would cost ~25% of the tutorial's run, so full-batch runs evaluate every
``eval_every`` steps (FULL_BATCH_EVAL_EVERY if None) and at the end of the run.
"""
from __future__ import annotations

import numpy as np

from core.data import to_float

TRAIN_EVAL_SIZE = 2000   # fixed training subset evaluated next to the held-out set
FULL_BATCH_EVAL_EVERY = 50


class Evaluator:
    """Evaluation-mode loss and accuracy on the held-out split and a fixed training subset."""

    def __init__(self, dataset, dtype, eval_every):
        if eval_every is not None and int(eval_every) < 1:
            raise ValueError(f"eval_every must be >= 1 step (or None: epoch ends only); "
                             f"got {eval_every!r}")
        self.eval_every = None if eval_every is None else int(eval_every)
        # Held-out data and a fixed training subset are evaluated often: convert them once.
        self.X_test = to_float(dataset.x_test, dtype)
        self.y_test = np.asarray(dataset.y_test, dtype=np.intp)
        k = min(TRAIN_EVAL_SIZE, len(dataset.y_train))
        self.X_sub = to_float(dataset.x_train[:k], dtype)
        self.y_sub = np.asarray(dataset.y_train[:k], dtype=np.intp)
        self.split_name = getattr(dataset, "test_split_name", "held-out")
        self.latest = None  # (step, loss, acc, train_acc) of the latest evaluation

    def due(self, step, full_batch, epoch_end):
        """Whether step ``step`` (just taken) is followed by an evaluation."""
        if full_batch:
            return step % (self.eval_every or FULL_BATCH_EVAL_EVERY) == 0
        return epoch_end or bool(self.eval_every) and step % self.eval_every == 0

    def fresh(self, step):
        """Whether the latest evaluation is of step ``step``."""
        return self.latest is not None and self.latest[0] == step

    def run(self, net, step, cancel=None):
        """Evaluate ``net`` now: (step, loss, acc, train_acc), also kept as ``latest``.
        ``cancel`` is asked between chunks (Network.evaluate): core.errors.Interrupted then."""
        loss, acc = net.evaluate(self.X_test, self.y_test, cancel=cancel)
        train_acc = net.evaluate(self.X_sub, self.y_sub, cancel=cancel)[1]
        self.latest = (step, loss, acc, train_acc)
        return self.latest
