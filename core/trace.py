"""What one pass through a Network shows: named records, no behaviour.

    Trace      = Network.trace(X, y): every layer's Z, A (and dA, dZ, dW, db ... with a backward
                 pass), P = softmax(Z_L), the data loss and the L2 term apart
    LayerTrace = one layer of it
    StepStats  = what a training pass measures on its own batch for the charts (accuracy,
                 inactive units), returned by Network.loss_and_grads(..., stats=True)
Shapes use m = examples (rows), n_l = units of layer l.  The equations are in core/network.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .layers import ACTIVATIONS


@dataclass(frozen=True, eq=False)
class LayerTrace:
    """Layer l (1 = first hidden, L = output) of one pass; None where a value does not apply.

    Z      (m, n_l)  A_{l-1} W_l^T + b_l, before batch norm and activation
    Zhat   (m, n_l)  batch norm's normalised Z (hidden layers, batch_norm=True); the activation
                     then reads gamma_l Zhat + beta_l instead of Z
    A      (m, n_l)  the layer's output: g(...) * mask for a hidden layer (what layer l+1 reads),
                     P = softmax(Z_L) for the output layer
    mask   (m, n_l)  inverted-dropout mask M_l (0 or 1/(1-p)), training mode with dropout only
    dA     (m, n_l)  d(seed)/dA_l, hidden layers, before the dropout mask is applied
    dZ     (m, n_l)  d(seed)/dZ_l;  dZ_L = (P - Y)/m for the loss
    dW     (n_l, n_{l-1}) = dZ_l^T A_{l-1} (+ lam/m W_l with L2);  db (n_l,) = sum_i dZ_l
                     (None with batch norm, whose hidden layers have no b)
    dgamma, dbeta (n_l,)  batch norm's parameter gradients
    """

    l: int
    Z: np.ndarray
    A: np.ndarray
    Zhat: np.ndarray | None = None
    mask: np.ndarray | None = None
    dA: np.ndarray | None = None
    dZ: np.ndarray | None = None
    dW: np.ndarray | None = None
    db: np.ndarray | None = None
    dgamma: np.ndarray | None = None
    dbeta: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class Trace:
    """One forward (and, with labels or a seed class, backward) pass, every value kept.

    X (m, n_0) the input as the network read it; y (m,) labels or None; train: training mode
    (dropout masks drawn, batch statistics used and running averages updated) or evaluation mode.
    layers: LayerTrace for l = 1 ... L; P (m, k) = softmax(Z_L).
    loss: the data term -1/m sum_i log P[i, y_i];  l2: lam/(2m) sum_l ||W_l||^2;  J = loss + l2
    (None without labels).
    seed_class (m,): when given instead of labels, the backward pass starts from d Z_L[i, c_i]
    (a one-hot dZ_L: the class's score before softmax), so every d* field is a derivative of that
    score, not of J.  dX (m, n_0): the derivative of the seed (J or the score) with respect to X.
    """

    X: np.ndarray
    y: np.ndarray | None
    train: bool
    layers: tuple
    P: np.ndarray
    loss: float | None = None
    l2: float | None = None
    seed_class: np.ndarray | None = None
    dX: np.ndarray | None = None

    @property
    def J(self):
        """Total loss: data loss + L2 term (None without labels)."""
        return None if self.loss is None else self.loss + self.l2

    @property
    def hidden(self):
        """[A_1, ..., A_{L-1}]: the hidden layers' outputs."""
        return [t.A for t in self.layers[:-1]]

    @property
    def grads(self):
        """{"W1": dW_1, "b1": db_1, "gamma1": ..., ...}: the same keys as Network.params."""
        out = {}
        for t in self.layers:
            for name, g in (("W", t.dW), ("b", t.db), ("gamma", t.dgamma), ("beta", t.dbeta)):
                if g is not None:
                    out[f"{name}{t.l}"] = g
        return out


@dataclass(frozen=True, eq=False)
class StepStats:
    """What a training pass measured on its own batch, before the update.

    m: examples; correct: how many the training-mode logits Z_L classify right (argmax = label);
    inactive_counts: per hidden layer an (n_l,) int array, for each unit the number of the m
    examples for which it is inactive (Activation.inactive_counts; read before dropout);
    activation: the name of g, whose rule turns counts into a share.  Counts (not shares) are
    kept so that the parts of a batch computed apart add up exactly (``merge``).
    """

    m: int
    correct: int
    inactive_counts: tuple
    activation: str

    @property
    def accuracy(self):
        """Share of the batch classified right, in [0, 1]."""
        return self.correct / self.m

    @property
    def inactive(self):
        """Per hidden layer, the share of saturated (sigmoid/tanh) or dead (ReLU) units."""
        act = ACTIVATIONS[self.activation]
        return [act.inactive_share_from_counts(c, self.m) for c in self.inactive_counts]

    @staticmethod
    def merge(parts):
        """The StepStats of a batch computed in parts (disjoint rows): counts add up."""
        parts = list(parts)
        counts = tuple(np.sum(layer, axis=0) for layer in zip(*(p.inactive_counts for p in parts)))
        return StepStats(sum(p.m for p in parts), sum(p.correct for p in parts), counts,
                         parts[0].activation)
