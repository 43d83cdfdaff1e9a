"""Numerical gradient checking by centred finite differences."""
from __future__ import annotations

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """dF/dx by centred differences: (f(x + h e_i) - f(x - h e_i)) / 2h for every entry i.

    ``f`` takes no argument and reads ``x`` (perturbed in place and restored).  Error O(h^2).
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        i = it.multi_index
        old = x[i].copy()
        x[i] = old + h
        f_plus = f()
        x[i] = old - h
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), Euclidean norms over the whole array (0 when both are 0).

    One number per parameter array, as in Ng's and CS231n's gradient checks.  An element-wise
    ratio would blow up rounding noise (~1e-11 here) on entries whose true gradient is ~0.
    """
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denom) if denom > 0 else 0.0


def check_network(net, X, y, h=1e-5, seed=0):
    """Compare ``net.loss_and_grads`` with centred differences for every parameter.

    Use a float64 network.  Dropout masks are drawn from a fresh generator with the same ``seed``
    for every evaluation, so the loss is a fixed function of the parameters.  Batch-norm running
    averages are restored afterwards.  Returns {name: relative error}.
    """
    saved = {k: v.copy() for k, v in net.buffers.items()}

    def loss():
        return net.loss_and_grads(X, y, rng=np.random.default_rng(seed))[0]

    try:
        _, grads = net.loss_and_grads(X, y, rng=np.random.default_rng(seed))
        return {name: relative_error(grads[name], numerical_gradient(loss, net.params[name], h))
                for name in net.params}
    finally:
        for k, v in saved.items():
            net.buffers[k][...] = v


# --------------------------------------------------------------------------- a check to watch
PASS_TOLERANCE = 1e-6   # relative error at or below this passes (float64)


class LayerCheck:
    """Layer l's sampled entries: names (k,) parameter names ("W1", "b1"), index (k,) flat
    indices into them, numeric (k,) centred differences, backprop (k,) the backward pass's
    values; rel_error over the k entries (relative_error); passed = rel_error <= tolerance."""

    def __init__(self, l, names, index, numeric, backprop, tolerance=PASS_TOLERANCE):
        self.l, self.names, self.index = l, names, index
        self.numeric, self.backprop = numeric, backprop
        self.rel_error = relative_error(backprop, numeric)
        self.passed = self.rel_error <= tolerance


def _sample(net, name, X, count, rng):
    """Flat indices of up to ``count`` entries of parameter ``name``.  For W1 only the columns of
    pixels inked in some example: the others have a zero gradient on both sides."""
    shape = net.params[name].shape
    if name == "W1":
        cols = np.flatnonzero(np.any(X != 0, axis=0))
        if len(cols):
            rows = rng.integers(0, shape[0], count)
            return np.ravel_multi_index((rows, rng.choice(cols, count)), shape)
    size = int(np.prod(shape))
    return rng.choice(size, min(count, size), replace=False)


def check_layers(net, X, y, per_layer=20, rng=None, fault=None, h=1e-4):
    """A gradient check a class can watch: per layer, a sample of ``per_layer`` weights (and as
    many biases / batch-norm parameters at most) of a float64 copy of ``net``, each with its
    centred difference (J(w + h) - J(w - h)) / 2h next to the backward pass's dJ/dw.

    Evaluation mode (deterministic: no dropout, running batch-norm statistics); J includes the
    L2 term.  X (m, n_0), y (m,).  h = 1e-4, not 1e-5: the rounding error of the difference,
    ~1e-16 J / h, must stay far below the first-layer gradients of a deep sigmoid network with the
    tutorial's 0.01 init (~1e-5, vanishing); at 1e-5 those fail a correct pass (rel. error 3e-6).  fault: one of core.network.FAULTS to make the backward pass
    wrong on purpose (the numerical side stays right).  Returns [LayerCheck for l = 1 ... L].
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    work = net.copy()
    work.dtype = np.dtype("float64")
    work.params = {k: v.astype(np.float64) for k, v in work.params.items()}
    work.buffers = {k: v.astype(np.float64) for k, v in work.buffers.items()}
    X = np.asarray(X, dtype=np.float64)
    grads = work.trace(X, y, fault=fault).grads
    checks = []
    for l in range(1, work.L + 1):
        names, index, numeric, backprop = [], [], [], []
        for kind in ("W", "b", "gamma", "beta"):
            name = f"{kind}{l}"
            if name not in work.params:
                continue
            flat = work.params[name].reshape(-1)   # a view: perturbing it perturbs the network
            for i in _sample(work, name, X, per_layer, rng):
                old = flat[i]
                flat[i] = old + h
                plus = work.loss(X, y)
                flat[i] = old - h
                minus = work.loss(X, y)
                flat[i] = old
                names.append(name)
                index.append(int(i))
                numeric.append((plus - minus) / (2 * h))
                backprop.append(float(grads[name].reshape(-1)[i]))
        checks.append(LayerCheck(l, names, np.array(index), np.array(numeric),
                                 np.array(backprop)))
    return checks
