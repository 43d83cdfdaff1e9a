"""The training batches of a run: a shuffled stream, the full batch, augmentation.

Each epoch visits the training set once in a fresh random order (generator from config.seed), in
batches of config.batch_size (0 or >= n: the full batch, in the data's order, since order does
not change a mean gradient).  A full batch without augmentation or batch norm runs block by
block, skipping never-inked pixels (core/train/fullbatch.py); any other batch larger than
Network.chunk_rows runs chunk by chunk (same mean, bounded memory).  Every batch answers
``loss_and_grads(net, cancel=None) -> (J, grads, StepStats)``; ``cancel()`` is asked between chunks
and True raises core.errors.Interrupted, after which ``BatchStream.rewind()`` puts the batch back.
Batch norm needs the statistics of the whole batch at once, so its batches are never chunked
(core.config bounds their size instead).
"""
from __future__ import annotations

import numpy as np

from core.data import augment as aug
from core.data import to_float
from core.errors import Interrupted
from core.train import fullbatch
from core.trace import StepStats


class DenseBatch:
    """Rows X (m, n_in) floats and labels y (m,) of one step."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    @property
    def m(self):
        return len(self.y)

    def loss_and_grads(self, net, cancel=None):
        """J, grads and StepStats of the batch: in one pass, or chunk by chunk when it has more
        rows than net.chunk_rows(backward=True): J = sum_c (m_c/m) J_c + L2, likewise the grads."""
        rows = net.chunk_rows(backward=True)
        if net.batch_norm or self.m <= rows:
            return net.loss_and_grads(self.X, self.y, stats=True)
        loss, grads, parts = 0.0, None, []
        for i in range(0, self.m, rows):
            if cancel is not None and cancel():
                raise Interrupted("batch")
            J, g, stats = net.loss_and_grads(self.X[i:i + rows], self.y[i:i + rows], stats=True,
                                             l2=False)
            w = stats.m / self.m
            loss += w * J
            if grads is None:
                grads = {k: w * v for k, v in g.items()}
            else:
                for k, v in g.items():
                    grads[k] += w * v
            parts.append(stats)
        loss += net.add_l2(grads, self.m)
        return loss, grads, StepStats.merge(parts)


class BatchStream:
    """Batches of ``x_uint8`` (n, n_in) / ``y`` (n,) in shuffled epochs; see module doc."""

    def __init__(self, x_uint8, y, seed, dtype):
        self.x_u8, self.y = x_uint8, np.asarray(y, dtype=np.intp)
        self.n = len(self.y)
        if self.n == 0:
            raise ValueError("the training set is empty")
        self.dtype = np.dtype(dtype)
        # Independent streams from the seed (the network draws its own weights and dropout masks).
        shuffle_ss, augment_ss = np.random.SeedSequence([seed, 0x7472]).spawn(2)
        self._shuffle_rng = np.random.default_rng(shuffle_ss)
        self._augment_rng = np.random.default_rng(augment_ss)
        self.augment_params = dict(aug.DEFAULTS)  # used when config.augment is on
        self._perm, self.pos, self.epochs_done = None, 0, 0
        self._X_full = None   # float copy of the whole training set, made only for full batches
        self._blocked = None  # the same, cut into column-compacted blocks (fullbatch.py)

    @property
    def epoch(self):
        """Fractional epochs done: completed epochs + position in the current one."""
        return self.epochs_done + self.pos / self.n

    def batch_size(self, config):
        bs = config.batch_size
        return self.n if bs == 0 or bs >= self.n else bs

    def next(self, net, config):
        """The next batch (DenseBatch or BlockedFullBatch); advances the position."""
        self._before = self.pos
        bs = self.batch_size(config)
        if bs == self.n and self.pos == 0:
            self.pos = self.n
            if fullbatch.eligible(net, config, self.x_u8.shape[1]):
                if self._blocked is None:
                    self._blocked = fullbatch.BlockedFullBatch(net, self.x_u8, self.y, to_float)
                return self._blocked
            if self._X_full is None:
                self._X_full = to_float(self.x_u8, self.dtype)
            X, y = self._X_full, self.y
        else:
            if self._perm is None:
                self._perm = self._shuffle_rng.permutation(self.n)
            idx = self._perm[self.pos:self.pos + bs]
            self.pos += len(idx)
            # uint8 rows gathered then converted: faster than gathering float32 rows, and 4x
            # less memory than a float copy of the set (benchmarks/bench_train.py).
            X, y = to_float(np.take(self.x_u8, idx, axis=0), self.dtype), self.y[idx]
        if config.augment:
            X = aug.augment(X, self._augment_rng, **self.augment_params)
        return DenseBatch(X, y)

    def rewind(self):
        """Put back the batch ``next`` gave last (its step was interrupted): the next call gives
        the same examples (augmented anew): the epoch's order, drawn already, stays."""
        self.pos = self._before

    def end_epoch(self):
        """True (and a new epoch begins) when the last batch finished the epoch."""
        if self.pos < self.n:
            return False
        self.epochs_done += 1
        self.pos, self._perm = 0, None
        return True
