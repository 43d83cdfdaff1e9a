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
