"""Snapshot: a frozen, plain-data picture of a training run for readers in other threads."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import TrainConfig
from .metrics import histogram

DEEPER_MAX = 256  # deeper weight matrices are copied when both sides are <= 256


@dataclass(frozen=True)
class Snapshot:
    """A consistent, read-only copy of a trainer's state (fields: see CONTRACTS.md).

    history: float32 arrays, about ``history_points`` rows at most: "step" (T,), "loss" (T,),
    "acc" (T,), "grad_rms" / "weight_rms" / "update_ratio" (T, L), "inactive" (T, L-1),
    "eval_step" / "eval_loss" / "eval_acc" / "train_eval_acc" (E,).
    grad_hist / weight_hist: [(counts (40,), edges (41,))] per weight layer at the latest step.
    """

    version: int
    status: str
    message: str
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
    grad_hist: list
    weight_hist: list
    W1: np.ndarray
    deeper: dict


def make_snapshot(state):
    """Snapshot from ``TrainingSteps._copy_state()``'s copies (histograms computed here, after
    the trainer's lock is released: they cost milliseconds, the copies microseconds)."""
    state = dict(state)
    weights, grads = state.pop("weights"), state.pop("grads")
    names = state["layer_names"]
    state["weight_hist"] = [histogram(weights[n]) for n in names]
    state["grad_hist"] = [histogram(grads[n] if grads else np.zeros(1)) for n in names]
    state["W1"] = weights["W1"]
    state["deeper"] = {n: weights[n] for n in names[1:] if max(weights[n].shape) <= DEEPER_MAX}
    return Snapshot(**state)
