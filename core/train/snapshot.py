"""Snapshot: a frozen, plain-data picture of a training run for readers in other threads."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from core.config import TrainConfig
from core.metrics import histogram
from core.train.notes import Note

DEEPER_MAX = 256  # deeper weight matrices are copied when both sides are <= 256


@dataclass(frozen=True)
class Snapshot:
    """A consistent, read-only copy of a trainer's state.

    status: ready, running, paused, finished, diverged or stopped (core.train.TERMINAL: the last
    three); note: a core.train.notes.Note (code + params) saying why, for the reader to word.

    history: float32 arrays, about ``history_points`` rows at most: "step" (T,), "loss" (T,),
    "acc" (T,), "grad_rms" / "weight_rms" / "update_ratio" (T, L), "inactive" (T, L-1),
    "eval_step" / "eval_loss" / "eval_acc" / "train_eval_acc" (E,).
    grad_hist / weight_hist: [(counts (40,), edges (41,))] per weight layer at the latest step,
    computed on first use: only the histogram chart needs them, and they cost ~5 ms of the reader's
    time per snapshot (time the trainer thread loses to the GIL while a dashboard polls).
    """

    version: int
    status: str
    note: Note
    step: int
    epoch: float
    epochs: int
    lr: float
    samples_per_s: float
    batch_size: int
    config: TrainConfig
    last_loss: float | None
    last_acc: float | None
    eval_loss: float | None
    eval_acc: float | None
    test_split_name: str
    layer_names: list
    inactive_label: str
    history: dict
    W1: np.ndarray
    deeper: dict
    weights: dict = field(repr=False)        # name -> copy of each weight matrix
    grads: dict | None = field(repr=False)   # name -> copy of its latest gradient (None before)

    @cached_property
    def weight_hist(self):
        return [histogram(self.weights[n]) for n in self.layer_names]

    @cached_property
    def grad_hist(self):
        return [histogram(self.grads[n] if self.grads else np.zeros(1)) for n in self.layer_names]


def make_snapshot(state):
    """Snapshot from ``TrainingSteps._copy_state()``'s copies (taken under the trainer's lock)."""
    state = dict(state)
    weights, names = state["weights"], state["layer_names"]
    state["W1"] = weights["W1"]
    state["deeper"] = {n: weights[n] for n in names[1:] if max(weights[n].shape) <= DEEPER_MAX}
    return Snapshot(**state)
