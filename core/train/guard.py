"""The divergence guard: notice a step that blew up, and put back the last sane parameters.

A step diverged when its loss, a gradient RMS or a weight RMS is not finite, or its loss exceeds
max(EXPLODE ln k, 10 x the first loss) (see ``DivergenceGuard.check``); the optimizer's update
diverged when its RMS is not finite.  Backups are cheap insurance taken before an update: before
the first, after a step whose update/weight ratio exceeded DANGER_RATIO (as before a blow-up), and
at least every BACKUP_EVERY steps.
"""
from __future__ import annotations

import math

EXPLODE = 50.0           # loss > EXPLODE * ln(k) counts as divergence
DANGER_RATIO = 0.1       # after a step whose update/weight ratio exceeded this, back up first
BACKUP_EVERY = 50        # ... and at least every this many steps


def suggest_lr(lr):
    """A learning rate 10x smaller, to one significant figure: the advice after a divergence."""
    x = lr / 10.0
    return float(f"{x:.1g}")


class DivergenceGuard:
    """Checks each step and keeps a backup of the parameters (params and buffers dicts)."""

    def __init__(self):
        self.first_loss = None
        self.backup = None           # (params, buffers) copies
        self.backup_step = -1        # the step after which those parameters were taken
        self.max_ratio = math.inf    # the first step is always guarded

    def check(self, loss, grad_rms, weight_rms, n_classes):
        """None, or (reason code, extra params) for this step's numbers.

        Non-finite values are divergence by definition.  A finite loss above 50 ln(k) (115 for
        10 classes; the untrained network starts at ln k = 2.3) also counts: the network then gives
        the right class a probability of about e^-115 on average, which only blown-up weights do.
        With ReLU such a network often sits there with dead units and finite numbers forever, so
        waiting for NaN would never stop it.  Healthy runs measured here stay below 10.
        """
        if not math.isfinite(loss):
            return "loss_nan", {}
        if not all(map(math.isfinite, grad_rms)):
            return "grads_nan", {}
        if not all(map(math.isfinite, weight_rms)):
            return "weights_nan", {}
        if self.first_loss is None:
            self.first_loss = loss
        if loss > max(EXPLODE * math.log(n_classes), 10.0 * self.first_loss):
            return "loss_exploded", {"loss": float(loss), "first_loss": float(self.first_loss)}
        return None

    def before_update(self, step, params, buffers):
        """Back up the parameters of step - 1 if the last update was large or the backup old."""
        if self.max_ratio > DANGER_RATIO or step - self.backup_step > BACKUP_EVERY:
            self.backup = ({k: v.copy() for k, v in params.items()},
                           {k: v.copy() for k, v in buffers.items()})
            self.backup_step = step - 1

    def after_update(self, ratios):
        self.max_ratio = max(ratios) if ratios else 0.0

    def restore(self, step, params, buffers):
        """Put the backup back in place; returns the step whose parameters these are (at most
        BACKUP_EVERY steps old; one step old when the previous update was large).  Without a
        backup the parameters were never updated: step - 1."""
        if self.backup is None:
            return step - 1
        saved_params, saved_buffers = self.backup
        for k, v in saved_params.items():
            params[k][...] = v
        for k, v in saved_buffers.items():
            buffers[k][...] = v
        return self.backup_step
