"""The tutorial's back-propagation network, grown to any depth.

Rows are examples.  The tutorial writes one example as a column vector and a layer as rows of
units (z = W x + b); we stack m examples as the rows of X, so the same layer reads Z = X W^T + b
and every equation below is the tutorial's, transposed.  W_l keeps the tutorial's shape
(n_l, n_{l-1}); b_l is (n_l,).

Forward, layer l = 1 (first hidden) ... L (output):
    Z_l = A_{l-1} W_l^T + b_l                  (A_0 = X)                          (m, n_l)
    hidden layers, only with batch_norm=True (no b_l then: the mean subtraction cancels it and
    beta_l takes its role, Ioffe & Szegedy 2015):
        Zhat_l = (Z_l - mu_l) / sqrt(var_l + eps)
    A_l = g(Z_l)                               hidden layers: sigmoid / tanh / relu / leaky_relu;
                                               g(gamma_l Zhat_l + beta_l) with batch norm
    A_l <- A_l * M_l                           inverted dropout, training mode, dropout > 0
    P   = softmax(Z_L)
    J   = -1/m sum_i log P[i, y_i]  +  lam/(2m) sum_l ||W_l||^2     (data loss + L2 term)

Backward (Y = one-hot labels):
    dZ_L     = (P - Y) / m            the 1/m of the mean lives here, in the loss's dZ
                                      (core/losses.py:softmax_cross_entropy), and nowhere else
    dW_l     = dZ_l^T A_{l-1}  (+ lam/m W_l with L2)          (n_l, n_{l-1})
    db_l     = sum over the rows of dZ_l                      (n_l,)
    dA_{l-1} = dZ_l W_l                                       (m, n_{l-1})
    dropout:     dA_{l-1} <- dA_{l-1} * M_{l-1}
    dZ_{l-1} = dA_{l-1} * g'(Z_{l-1})                         elementwise; g' is read from A
    batch norm:  with dS = dA_{l-1} * g' (the derivative at the activation's input),
                 dgamma = sum_i dS_i Zhat_i,  dbeta = sum_i dS_i,
                 dZ = inv_std/m (m dS gamma - sum_i dS gamma - Zhat sum_i (dS gamma Zhat))
                 (core/layers.py:batchnorm_backward; in evaluation mode dZ = dS gamma inv_std)
Since the 1/m sits in dZ_L, the sums over examples above are the batch means the tutorial writes
as (1/m) dZ3 a2^T.

One code path: ``loss_and_grads`` (training: reused buffers, nothing copied) and ``trace``
(everything kept, for looking inside) both run ``_forward`` and ``_backward``; ``keep=True`` only
copies Z before the activation overwrites it in place and keeps dA, dZ that training drops.
"""
from __future__ import annotations

import numpy as np

from .layers import (ACTIVATIONS, affine_backward, affine_forward, batchnorm_backward,
                     batchnorm_backward_eval, batchnorm_forward, dropout_backward, dropout_forward)
from .losses import l2_penalty, softmax, softmax_cross_entropy
from .errors import Interrupted
from .trace import LayerTrace, StepStats, Trace

__all__ = ["Network", "Trace", "LayerTrace", "StepStats", "init_weight", "INITS", "DTYPES",
           "FAULTS"]

INITS = ("seed", "xavier", "he")
# Teaching-only mistakes ``Network.trace(..., fault=...)`` can make in its backward pass, so a
# gradient check can be watched failing (core/stepthrough.py:check_layers).  Training never uses
# them: loss_and_grads has no such option.
#   "no_sigma_prime": dZ_{l-1} = dA_{l-1}, forgetting the factor g'(Z_{l-1}) of the chain rule
#   "no_one_over_m":  dZ_L = P - Y, forgetting the 1/m of the mean (changes nothing when m = 1)
FAULTS = ("no_sigma_prime", "no_one_over_m")
DTYPES = ("float32", "float64")
# Long passes (evaluation of a split, a large training batch) run in chunks of rows, so that
# memory stays bounded and a Pause waits at most one chunk: CHUNK_BYTES of activations and about
# CHUNK_FLOPS of arithmetic (~0.05 s on one core) per chunk, at most MAX_CHUNK_ROWS rows.
CHUNK_BYTES = 8 << 20
CHUNK_FLOPS = 2e9
MAX_CHUNK_ROWS = 2048


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
    ``loss_and_grads`` trains; ``trace`` shows every value of one pass; ``logits`` / ``forward``
    / ``predict`` / ``evaluate`` answer.
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
    def _forward(self, X, train, rng=None, reuse=False, keep=False):
        """Logits Z_L (m, n_out), the per-layer caches backward needs, and the kept values.

        reuse: write hidden layers into the network's training buffers (loss_and_grads only).
        keep:  also return, per layer, a dict of the values a Trace shows ({"Z", "A", "Zhat",
               "mask"}); Z is copied first, because the activation overwrites it in place.
               Otherwise None, and nothing is copied.
        """
        p = self.params
        caches, kept = [], ([] if keep else None)
        A = X
        for l in range(1, self.L):
            bn = self.batch_norm
            out = self._buffer(f"Z{l}", len(X), self.sizes[l]) if reuse else None
            Z, aff = affine_forward(A, p[f"W{l}"], None if bn else p[f"b{l}"], out=out)
            record = {"l": l, "Z": Z.copy()} if keep else None
            bn_cache = None
            if bn:
                running = {"mean": self.buffers[f"mean{l}"], "var": self.buffers[f"var{l}"]}
                Z, bn_cache = batchnorm_forward(Z, p[f"gamma{l}"], p[f"beta{l}"], train, running)
            G = self.act.forward(Z)  # g(Z): what backward and the statistics read
            A, mask = G, None
            if train and self.dropout > 0:
                A, mask = dropout_forward(G, self.dropout, rng if rng is not None else self.rng)
            caches.append((aff, bn_cache, G, mask))
            if keep:
                record.update(A=A, mask=mask, Zhat=None if bn_cache is None else bn_cache[0])
                kept.append(record)
        ZL, aff = affine_forward(A, p[f"W{self.L}"], p[f"b{self.L}"])
        caches.append((aff, None, None, None))
        if keep:
            kept.append({"l": self.L, "Z": ZL})
        return ZL, caches, kept

    def logits(self, X, train=False, rng=None):
        """Z_L (m, n_out): the scores before softmax."""
        return self._forward(self._as_input(X), train, rng)[0]

    def forward(self, X, train=False, rng=None):
        """Class probabilities softmax(Z_L), (m, n_out).  X (m, n_in)."""
        return softmax(self.logits(X, train, rng))

    def predict(self, X):
        """Most probable class per row, (m,) int64."""
        return np.argmax(self.logits(X), axis=1)

    # ------------------------------------------------------------------ backward
    def _backward(self, dZL, caches, train, need_dX=False, reuse=False, kept=None, fault=None):
        """Chain rule from dZ_L down to layer 1 (equations: module docstring).

        fault="no_sigma_prime" skips the g' factor (teaching only: see FAULTS).
        Returns (grads dict, dX or None).  reuse: write dA_l and dZ_l of hidden layers into the
        training buffers (loss_and_grads).  kept: _forward's per-layer dicts, to which dA, dZ, dW,
        db, dgamma, dbeta are added (nothing is copied: without reuse every one is a new array).
        """
        grads = {}
        dZ = dZL
        m = len(dZL)
        for l in range(self.L, 0, -1):
            aff = caches[l - 1][0]
            hidden_below = l > 1  # dA here is dJ/dA_{l-1} of a hidden layer
            dX_out = None
            if reuse and hidden_below:
                dX_out = self._buffer(f"dA{l - 1}", m, self.sizes[l - 1])
            dA, dW, db = affine_backward(dZ, aff, need_dX=(hidden_below or need_dX), dX_out=dX_out)
            grads[f"W{l}"] = dW
            has_b = f"b{l}" in self.params
            if has_b:
                grads[f"b{l}"] = db
            if kept is not None:
                kept[l - 1].update(dZ=dZ, dW=dW, db=db if has_b else None)
            if l == 1:
                return grads, dA
            _, bn_cache, G, mask = caches[l - 2]
            if kept is not None:
                kept[l - 2]["dA"] = dA
            if mask is not None:
                dA = dropout_backward(dA, mask)
            out = self._buffer(f"dZ{l - 1}", m, self.sizes[l - 1]) if reuse else None
            if fault == "no_sigma_prime":
                dZ = dA.copy()  # the deliberate mistake: dZ = dA, no g'(Z)
            else:
                dZ = self.act.backward(dA, G, out=out)
            if bn_cache is not None:
                bn_backward = batchnorm_backward if train else batchnorm_backward_eval
                dZ, dgamma, dbeta = bn_backward(dZ, bn_cache)
                grads[f"gamma{l - 1}"], grads[f"beta{l - 1}"] = dgamma, dbeta
                if kept is not None:
                    kept[l - 2].update(dgamma=dgamma, dbeta=dbeta)
        return grads, None

    def _loss_pass(self, X, y, train, rng=None, reuse=False, keep=False, need_dX=False, l2=True,
                   fault=None):
        """The one implementation of J and its gradients, for loss_and_grads and trace.

        Returns (data loss, L2 term, grads, dX, Z_L, P, caches, kept).  L2 (add_l2) adds lam/m W_l
        to each dW_l in place: kept dW include it too.  l2=False leaves it out (a chunk of a larger
        batch: the caller adds it once for the whole batch).  fault: a teaching-only mistake of
        FAULTS (trace only), None for the real gradients.
        """
        m = X.shape[0]
        ZL, caches, kept = self._forward(X, train, rng=rng, reuse=reuse, keep=keep)
        loss, dZL, P = softmax_cross_entropy(ZL, y)  # dZL = (P - Y) / m: the only 1/m
        if fault == "no_one_over_m":
            dZL = dZL * m  # the deliberate mistake: P - Y without the 1/m of the mean
        grads, dX = self._backward(dZL, caches, train, need_dX=need_dX, reuse=reuse, kept=kept,
                                   fault=fault)
        l2_term = self.add_l2(grads, m) if l2 else 0.0
        return loss, l2_term, grads, dX, ZL, P, caches, kept

    def add_l2(self, grads, m):
        """The L2 term lam/(2m) sum_l ||W_l||^2 of J, after adding its gradient lam/m W_l to each
        grads["W_l"] in place (weights only, not b, gamma, beta).  m: the batch's examples."""
        if self.l2 > 0:
            for w in self.weight_names():
                grads[w] += (self.l2 / m) * self.params[w]
        return l2_penalty([self.params[w] for w in self.weight_names()], self.l2, m)

    def _labels(self, y, m):
        y = np.asarray(y, dtype=np.intp).reshape(-1)
        if len(y) != m:
            raise ValueError(f"{m} examples but {len(y)} labels")
        return y

    def loss_and_grads(self, X, y, rng=None, stats=False, l2=True):
        """Training-mode loss J and dJ/dparam for every entry of ``params``.

        X (m, n_in), y (m,) int labels.  Dropout masks come from ``rng`` (default: the network's
        own generator); batch norm uses batch statistics and updates its running averages.
        J = data loss + lam/(2m) sum ||W_l||^2.  Returns (J, grads), or with ``stats=True``
        (J, grads, StepStats): this batch's accuracy from the training-mode logits and the
        inactive units per hidden layer, at no extra pass.  The gradients are new arrays; the
        hidden layers' intermediates go to buffers the network reuses at its next training step
        (one training pass at a time per network).  ``l2=False``: the data term only (see
        ``add_l2``), for one chunk of a larger batch.
        """
        X = self._as_input(X)
        y = self._labels(y, len(X))
        loss, l2_term, grads, _, ZL, _, caches, _ = self._loss_pass(X, y, True, rng, reuse=True,
                                                                    l2=l2)
        J = loss + l2_term
        if not stats:
            return J, grads
        return J, grads, self._step_stats(ZL, y, caches)

    def _step_stats(self, ZL, y, caches):
        correct = int(np.count_nonzero(np.argmax(ZL, axis=1) == y))
        counts = tuple(self.act.inactive_counts(c[2]) for c in caches[:-1])
        return StepStats(len(y), correct, counts, self.activation)

    # ------------------------------------------------------------------ looking inside
    def trace(self, X, y=None, train=False, *, seed_class=None, rng=None, fault=None):
        """One pass with every value kept: a Trace (core/trace.py) of Z, A, P, dA, dZ, dW, ...

        X (m, n_in).  What is back-propagated:
          y (m,) labels      -> J = data loss + L2 term, as loss_and_grads (same code, same dW)
          seed_class         -> the score Z_L[i, c_i] before softmax, seeded as a one-hot dZ_L:
                                an int or (m,) ints, or "predicted" (c_i = argmax_j Z_L[i, j]);
                                dX is then the saliency of the input
          neither            -> forward only
        train: training mode (dropout from ``rng``, batch statistics, running averages updated,
        as a training step) or evaluation mode (the default).  The values are new arrays, never
        the training buffers.
        fault: None, or one of FAULTS (with y): a deliberately wrong backward pass, for teaching
        what a gradient check catches; the forward values and J are unchanged.
        """
        X = self._as_input(X)
        if fault is not None and (fault not in FAULTS or y is None):
            raise ValueError(f"fault must be one of {', '.join(FAULTS)} and needs labels y; "
                             f"got {fault!r}")
        if y is not None and seed_class is not None:
            raise ValueError("trace back-propagates either the loss (y) or a class score "
                             "(seed_class), not both")
        loss = l2_term = classes = dX = None
        if y is not None:
            y = self._labels(y, len(X))
            loss, l2_term, _, dX, ZL, P, _, kept = self._loss_pass(X, y, train, rng, keep=True,
                                                                   need_dX=True, fault=fault)
        else:
            ZL, caches, kept = self._forward(X, train, rng=rng, keep=True)
            P = softmax(ZL)
            if seed_class is not None:
                classes = self._seed_classes(seed_class, ZL)
                seed = np.zeros_like(ZL)
                seed[np.arange(len(X)), classes] = 1.0  # d Z_L[i, c_i] / d Z_L
                _, dX = self._backward(seed, caches, train, need_dX=True, kept=kept)
        kept[-1]["A"] = P
        layers = tuple(LayerTrace(**record) for record in kept)
        return Trace(X, y, bool(train), layers, P, loss, l2_term, classes, dX)

    def loss(self, X, y):
        """J = data loss + L2 term of a forward pass alone (evaluation mode), as trace(X, y).J
        gives it without the backward pass: what a numerical gradient evaluates many times."""
        X = self._as_input(X)
        y = self._labels(y, len(X))
        J, _, _ = softmax_cross_entropy(self._forward(X, False)[0], y)
        return J + l2_penalty([self.params[w] for w in self.weight_names()], self.l2, len(X))

    @staticmethod
    def _seed_classes(seed_class, ZL):
        if isinstance(seed_class, str):
            if seed_class != "predicted":
                raise ValueError(f"seed_class must be class numbers or 'predicted'; "
                                 f"got {seed_class!r}")
            return np.argmax(ZL, axis=1)
        classes = np.broadcast_to(np.asarray(seed_class, dtype=np.intp).reshape(-1), len(ZL))
        if np.any((classes < 0) | (classes >= ZL.shape[1])):
            raise ValueError(f"seed_class must be in [0, {ZL.shape[1]}); got {seed_class!r}")
        return classes.copy()

    def input_gradient(self, X, classes):
        """d Z_L[i, classes[i]] / d X[i]: how each input pixel moves the chosen class's score.

        Evaluation mode (no dropout, running batch-norm statistics).  X (m, n_in), classes (m,)
        ints -> (m, n_in).  This is the saliency map: ``trace(X, seed_class=classes).dX``.
        """
        return self.trace(X, seed_class=classes).dX

    # ------------------------------------------------------------------ evaluation
    def chunk_rows(self, backward=False):
        """Rows per chunk of a long pass: the most (1 to MAX_CHUNK_ROWS) whose activations fit
        CHUNK_BYTES and whose work fits CHUNK_FLOPS.  Forward only: n_1 + ... + n_L floats and
        2 x (weights) flops per row; with the backward pass about 3x the floats (Z/A, dA, dZ) and
        6 x (weights) flops."""
        n_weights = sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        per_row_bytes = sum(self.sizes[1:]) * self.dtype.itemsize * (3 if backward else 1)
        per_row_flops = (6 if backward else 2) * n_weights
        return int(max(1, min(MAX_CHUNK_ROWS, CHUNK_BYTES // per_row_bytes,
                              CHUNK_FLOPS // per_row_flops)))

    def evaluate(self, X, y, rows=None, cancel=None):
        """(mean cross-entropy, accuracy) in evaluation mode, in chunks of ``rows`` (default
        chunk_rows()) to bound memory.  ``cancel()`` is asked between chunks; when it answers
        True, core.errors.Interrupted is raised (nothing was changed).

        The loss is the data term only (no L2), so held-out and training curves compare directly.
        """
        y = np.asarray(y, dtype=np.intp)
        rows = rows or self.chunk_rows()
        total, correct = 0.0, 0
        for i in range(0, len(y), rows):
            if cancel is not None and cancel():
                raise Interrupted("evaluation")
            ZL = self.logits(X[i:i + rows])
            J, _, _ = softmax_cross_entropy(ZL, y[i:i + rows])
            total += J * len(ZL)
            correct += int(np.sum(np.argmax(ZL, axis=1) == y[i:i + rows]))
        n = max(len(y), 1)
        return total / n, correct / n
