"""The tutorial's back-propagation network, grown to any depth.

Layer l (1 = first hidden, L = output) computes, with rows as examples:
    Z_l = A_{l-1} W_l^T + b_l                (A_0 = X)
    Z_l <- BN(Z_l; gamma_l, beta_l)           hidden layers, only with batch_norm=True
    A_l = g(Z_l)                              hidden layers: sigmoid / tanh / relu / leaky_relu
    A_l <- dropout(A_l)                       hidden layers, training mode, dropout > 0
    P   = softmax(Z_L),  J = cross-entropy(P, y) + lam / (2m) sum_l ||W_l||^2
W_l has shape (n_l, n_{l-1}) and b_l (n_l,), as in the tutorial.  With batch norm the hidden layers
have no bias: the mean subtraction cancels any b_l, and beta_l takes its role (Ioffe & Szegedy, 2015).
"""
from __future__ import annotations

import numpy as np

from .layers import (ACTIVATIONS, affine_backward, affine_forward, batchnorm_backward,
                     batchnorm_forward, dropout_backward, dropout_forward)
from .losses import l2_penalty, softmax, softmax_cross_entropy

INITS = ("seed", "xavier", "he")
DTYPES = ("float32", "float64")


def init_weight(init, n_out, n_in, rng, dtype):
    """One weight matrix (n_out, n_in) drawn from N(0, s^2) with s set by ``init``.

    "seed":   s = 0.01 (the tutorial's randn * 0.01)
    "xavier": s = sqrt(2 / (n_in + n_out))  (Glorot & Bengio: keeps the variance through layers)
    "he":     s = sqrt(2 / n_in)            (He et al.: the same for ReLU, which zeroes half)
    """
    scale = {"seed": 0.01,
             "xavier": np.sqrt(2.0 / (n_in + n_out)),
             "he": np.sqrt(2.0 / n_in)}[init]
    return (rng.standard_normal((n_out, n_in)) * scale).astype(dtype)


def _check_choice(what, value, options):
    if value not in options:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, options))}; got {value!r}")


def check_hyperparameters(sizes, activation, init, l2, dropout, dtype):
    """Raise ValueError with a clear sentence for any value the network cannot use."""
    if len(sizes) < 2 or any(not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(f"layer sizes must be at least two positive integers (input, ..., output); "
                         f"got {list(sizes)!r}")
    _check_choice("activation", activation, tuple(ACTIVATIONS))
    _check_choice("init", init, INITS)
    _check_choice("dtype", dtype, DTYPES)
    if not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"L2 strength must be a finite number >= 0; got {l2!r}")
    if not (0 <= dropout < 1):
        raise ValueError(f"dropout is the probability of dropping a unit and must be in [0, 1); "
                         f"got {dropout!r}")


class Network:
    """A fully connected classifier: ``sizes = [n_in, hidden..., n_out]``.

    ``params``  dict of live arrays "W1", "b1", ..., ("gamma1", "beta1", ... with batch norm);
                changing an entry in place changes the network.
    ``buffers`` batch-norm running averages "mean1", "var1", ... (state, not trained parameters).
    ``l2`` and ``dropout`` (probability of dropping a hidden unit) may be changed between steps.
    """

    def __init__(self, sizes, activation="sigmoid", init="seed", l2=0.0, dropout=0.0,
                 batch_norm=False, seed=0, dtype="float32"):
        sizes = [int(n) if isinstance(n, (int, np.integer)) else n for n in sizes]
        check_hyperparameters(sizes, activation, init, l2, dropout, dtype)
        self.sizes = sizes
        self.activation = activation
        self.act = ACTIVATIONS[activation]
        self.init = init
        self.l2 = float(l2)
        self.dropout = float(dropout)
        self.batch_norm = bool(batch_norm)
        self.seed = int(seed)
        self.dtype = np.dtype(dtype)
        # Two independent streams from one seed: initial weights, and dropout masks.
        init_ss, drop_ss = np.random.SeedSequence(self.seed).spawn(2)
        self.rng = np.random.default_rng(drop_ss)
        self.params = {}
        self.buffers = {}
        self._init_params(np.random.default_rng(init_ss))
        # Hidden activations of the last training pass, for statistics.  They live in the training
        # buffers (see _buffer): read them before the next training step, or copy them.
        self.last_hidden = []
        self.last_logits = None
        self._workspace = {}  # training-pass buffers reused from step to step (see _buffer)

    # ------------------------------------------------------------------ structure
    @property
    def L(self):
        """Number of weight layers (hidden layers + output layer)."""
        return len(self.sizes) - 1

    def _init_params(self, rng):
        for l in range(1, self.L + 1):
            n_in, n_out = self.sizes[l - 1], self.sizes[l]
            self.params[f"W{l}"] = init_weight(self.init, n_out, n_in, rng, self.dtype)
            hidden = l < self.L
            if self.batch_norm and hidden:
                self.params[f"gamma{l}"] = np.ones(n_out, self.dtype)
                self.params[f"beta{l}"] = np.zeros(n_out, self.dtype)
                self.buffers[f"mean{l}"] = np.zeros(n_out, self.dtype)
                self.buffers[f"var{l}"] = np.ones(n_out, self.dtype)
            else:
                self.params[f"b{l}"] = np.zeros(n_out, self.dtype)

    def weight_names(self):
        """["W1", ..., "WL"]: the matrices the L2 term and the per-layer charts use."""
        return [f"W{l}" for l in range(1, self.L + 1)]

    def architecture(self):
        """Plain dict of everything needed to rebuild this network (saved with the model)."""
        return {"sizes": list(self.sizes), "activation": self.activation, "init": self.init,
                "l2": self.l2, "dropout": self.dropout, "batch_norm": self.batch_norm,
                "seed": self.seed, "dtype": self.dtype.name}

    def copy(self):
        """A deep copy (parameters, buffers and dropout generator state)."""
        other = Network.__new__(Network)
        other.__dict__.update(self.__dict__)
        other.sizes = list(self.sizes)
        other.params = {k: v.copy() for k, v in self.params.items()}
        other.buffers = {k: v.copy() for k, v in self.buffers.items()}
        other.rng = np.random.default_rng()
        other.rng.bit_generator.state = self.rng.bit_generator.state
        other.last_hidden = []
        other._workspace = {}  # never share buffers: the copy may train in another thread
        return other

    def _buffer(self, name, m, n):
        """An (m, n) array of the network's dtype, the same one at every training step.

        loss_and_grads writes each hidden layer's Z_l (= A_l), dA_l and dZ_l into these instead of
        new arrays: at full batch each is megabytes, and fresh ones cost the kernel page faults
        (~10% of a 10,000-example step, see benchmarks/bench_step.py).  Replaced when the batch
        size changes.  Gradients, and everything returned outside training, stay fresh arrays.
        """
        buf = self._workspace.get(name)
        if buf is None or buf.shape != (m, n):
            buf = self._workspace[name] = np.empty((m, n), self.dtype)
        return buf

    def _as_input(self, X):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"input must have shape (m, {self.sizes[0]}); got {X.shape}")
        return np.ascontiguousarray(X, dtype=self.dtype)

    # ------------------------------------------------------------------ forward
    def _forward(self, X, train, rng=None, reuse=False):
        """Logits Z_L (m, n_out) and the per-layer caches backward needs.

        reuse: write hidden layers into the network's training buffers (loss_and_grads only).
        """
        p = self.params
        caches = []
        A = X
        for l in range(1, self.L):
            bn = self.batch_norm
            out = self._buffer(f"Z{l}", len(X), self.sizes[l]) if reuse else None
            Z, aff = affine_forward(A, p[f"W{l}"], None if bn else p[f"b{l}"], out=out)
            bn_cache = None
            if bn:
                running = {"mean": self.buffers[f"mean{l}"], "var": self.buffers[f"var{l}"]}
                Z, bn_cache = batchnorm_forward(Z, p[f"gamma{l}"], p[f"beta{l}"], train, running)
            A = self.act.forward(Z)
            mask = None
            if train and self.dropout > 0:
                hidden = A
                A, mask = dropout_forward(A, self.dropout, rng if rng is not None else self.rng)
                A_for_grad = hidden
            else:
                A_for_grad = A
            caches.append((aff, bn_cache, A_for_grad, mask))
        ZL, aff = affine_forward(A, p[f"W{self.L}"], p[f"b{self.L}"])
        caches.append((aff, None, None, None))
        return ZL, caches

    def logits(self, X, train=False, rng=None):
        """Z_L (m, n_out): the scores before softmax."""
        return self._forward(self._as_input(X), train, rng)[0]

    def forward(self, X, train=False, rng=None):
        """Class probabilities softmax(Z_L), (m, n_out).  X (m, n_in)."""
        return softmax(self.logits(X, train, rng))

    def predict(self, X):
        """Most probable class per row, (m,) int64."""
        return np.argmax(self.logits(X), axis=1)

    def hidden_activations(self, X):
        """[A_1, ..., A_{L-1}] in evaluation mode, each (m, n_l): which hidden units fire."""
        _, caches = self._forward(self._as_input(X), train=False)
        return [c[2] for c in caches[:-1]]

    # ------------------------------------------------------------------ backward
    def _backward(self, dZL, caches, train, need_dX=False, reuse=False):
        """Chain rule from dJ/dZ_L down to layer 1.  Returns (grads dict, dX or None).

        reuse: write dA_l and dZ_l of hidden layers into the training buffers (loss_and_grads).
        """
        grads = {}
        dZ = dZL
        m = len(dZL)
        for l in range(self.L, 0, -1):
            aff, _, _, _ = caches[l - 1]
            hidden_below = l > 1  # dA here is dJ/dA_{l-1} of a hidden layer
            dX_out = None
            if reuse and hidden_below:
                dX_out = self._buffer(f"dA{l - 1}", m, self.sizes[l - 1])
            dA, dW, db = affine_backward(dZ, aff, need_dX=(hidden_below or need_dX), dX_out=dX_out)
            grads[f"W{l}"] = dW
            if f"b{l}" in self.params:
                grads[f"b{l}"] = db
            if l == 1:
                return grads, dA
            _, bn_cache, A, mask = caches[l - 2]
            if mask is not None:
                dA = dropout_backward(dA, mask)
            out = self._buffer(f"dZ{l - 1}", m, self.sizes[l - 1]) if reuse else None
            dZ = self.act.backward(dA, A, out=out)
            if bn_cache is not None:
                if train:
                    dZ, grads[f"gamma{l - 1}"], grads[f"beta{l - 1}"] = batchnorm_backward(dZ, bn_cache)
                else:  # running statistics are constants: BN is an affine map per unit
                    _, gamma, inv_std = bn_cache
                    dZ = dZ * (gamma * inv_std)
        return grads, None

    def loss_and_grads(self, X, y, rng=None):
        """Training-mode loss J and dJ/dparam for every entry of ``params``.

        X (m, n_in), y (m,) int labels.  Dropout masks come from ``rng`` (default: the network's
        own generator); batch norm uses batch statistics and updates its running averages.
        L2: J += lam/(2m) sum ||W_l||^2 and dJ/dW_l += lam/m W_l (weights only, not b, gamma, beta).
        The returned gradients are new arrays; the hidden layers' intermediates go to buffers the
        network reuses at its next training step (one training pass at a time per network).
        """
        X = self._as_input(X)
        y = np.asarray(y, dtype=np.intp)
        m = X.shape[0]
        ZL, caches = self._forward(X, train=True, rng=rng, reuse=True)
        J, dZL, _ = softmax_cross_entropy(ZL, y)
        grads, _ = self._backward(dZL, caches, train=True, reuse=True)
        if self.l2 > 0:
            J += l2_penalty([self.params[w] for w in self.weight_names()], self.l2, m)
            for w in self.weight_names():
                grads[w] += (self.l2 / m) * self.params[w]
        self.last_hidden = [c[2] for c in caches[:-1]]
        self.last_logits = ZL  # training-mode logits of this batch: its accuracy costs no pass
        return J, grads

    def activation_stats(self):
        """Share of saturated (sigmoid/tanh) or dead (ReLU) units per hidden layer, from the last
        training pass: list of floats in [0, 1], one per hidden layer."""
        return [self.act.inactive_share(A) for A in self.last_hidden]

    def input_gradient(self, X, classes):
        """d Z_L[i, classes[i]] / d X[i]: how each input pixel moves the chosen class's score.

        Evaluation mode (no dropout, running batch-norm statistics).  X (m, n_in), classes (m,)
        ints -> (m, n_in).  This is the saliency map: our own backward pass, seeded with a one-hot
        dJ/dZ_L instead of the loss gradient.
        """
        X = self._as_input(X)
        classes = np.asarray(classes, dtype=np.intp).reshape(-1)
        ZL, caches = self._forward(X, train=False)
        seed = np.zeros_like(ZL)
        seed[np.arange(len(classes)), classes] = 1.0
        _, dX = self._backward(seed, caches, train=False, need_dX=True)
        return dX

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, X, y, batch=2048):
        """(mean cross-entropy, accuracy) in evaluation mode, in chunks to bound memory.

        The loss is the data term only (no L2), so held-out and training curves compare directly.
        """
        y = np.asarray(y, dtype=np.intp)
        total, correct = 0.0, 0
        for i in range(0, len(y), batch):
            ZL = self.logits(X[i:i + batch])
            J, _, _ = softmax_cross_entropy(ZL, y[i:i + batch])
            total += J * len(ZL)
            correct += int(np.sum(np.argmax(ZL, axis=1) == y[i:i + batch]))
        n = max(len(y), 1)
        return total / n, correct / n
