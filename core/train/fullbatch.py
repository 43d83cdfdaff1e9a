"""Full-batch loss and gradients that skip the pixels an image never inks.

A digit covers ~19% of its 784 pixels, and a zero pixel adds nothing to Z1 = X W1^T nor to
dW1 = dZ1^T X.  So the full batch is cut into blocks of images that ink similar columns (sorted by
their leftmost and rightmost inked column and top row); each block keeps only the union U_b of the
pixels its images use (~430 of 784 for blocks of 500 MNIST digits) and runs the network on
X_b[:, U_b] with W1[:, U_b].  The batch mean is the size-weighted mean of the block means:

    J = sum_b (m_b / m) J_b        dW1[:, U_b] += (m_b / m) dW1_b        (other grads likewise)

which equals the dense full-batch result up to float rounding (tests/test_train.py checks it in
float64).  Used for full-batch runs without augmentation or batch norm (the tutorial's recipe):
there X is fixed, so the blocks are built once.  Batch norm would see block statistics instead of
the batch's, so it is excluded.  The L2 term is added once, for the whole batch (Network.add_l2).
Between blocks the caller may interrupt the pass (``cancel``), so a Pause never waits for a whole
full batch; networks so large that a block is too much work per chunk take the dense path, which
chunks by Network.chunk_rows.
"""
from __future__ import annotations

import numpy as np

from core.errors import Interrupted
from core.network import Network, StepStats

BLOCK = 500
from core.data import IMAGE_SIDE as SIDE  # noqa: E402


def eligible(net, config, n_features):
    """Whether the blocked path gives the same numbers as the dense one for this run."""
    return (n_features == SIDE * SIDE and not config.augment and not net.batch_norm
            and net.chunk_rows(backward=True) >= BLOCK)


def _order(ink):
    """Images sorted so that neighbours ink similar pixels."""
    img = ink.reshape(len(ink), SIDE, SIDE)
    cols, rows = img.any(axis=1), img.any(axis=2)
    first_col, last_col = cols.argmax(axis=1), SIDE - cols[:, ::-1].argmax(axis=1)
    return np.lexsort((rows.argmax(axis=1), first_col, last_col))


class BlockedFullBatch:
    """Exact full-batch ``loss_and_grads`` of ``net`` on fixed uint8 images X (m, 784).

    Each block has its own small Network whose parameters are the live network's arrays, except
    W1, which is gathered (W1[:, U_b]) before every pass.
    """

    def __init__(self, net, x_uint8, y, to_float, block=BLOCK):
        order = _order(x_uint8 > 0)
        self.m = len(y)
        self.blocks = []
        for start in range(0, self.m, block):
            idx = order[start:start + block]
            used = np.flatnonzero((x_uint8[idx] > 0).any(axis=0))
            if used.size == 0:
                used = np.arange(1)  # a block of blank images still needs one input column
            X = to_float(np.ascontiguousarray(x_uint8[idx][:, used]), net.dtype)
            sub = Network([len(used), *net.sizes[1:]], activation=net.activation,
                          init=net.init, dtype=net.dtype.name)
            self.blocks.append((used, X, np.asarray(y)[idx], sub))

    def loss_and_grads(self, net, cancel=None):
        """(J, grads, StepStats): the dense call's loss, gradients and statistics (accuracy and
        inactive units over all m examples: the blocks' counts add up).  ``cancel()`` is asked
        before each block; True raises core.errors.Interrupted (nothing was changed)."""
        W1 = net.params["W1"]
        loss = 0.0
        grads = {k: np.zeros_like(v) for k, v in net.params.items()}
        parts = []
        for used, X, y, sub in self.blocks:
            if cancel is not None and cancel():
                raise Interrupted("full batch")
            for k, v in net.params.items():
                if k != "W1":
                    sub.params[k] = v          # shared: the optimizer's updates show up here
            sub.params["W1"] = np.take(W1, used, axis=1)
            sub.dropout, sub.rng = net.dropout, net.rng
            J, g, stats = sub.loss_and_grads(X, y, stats=True)
            w = len(y) / self.m
            loss += w * J
            grads["W1"][:, used] += w * g["W1"]
            for k, gk in g.items():
                if k != "W1":
                    grads[k] += w * gk
            parts.append(stats)
        loss += net.add_l2(grads, self.m)
        return loss, grads, StepStats.merge(parts)
