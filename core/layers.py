"""Layers as forward/backward pairs of pure functions.

Conventions (as in the tutorial, but with rows as samples):
    X, A : (m, n_in)   m examples, one per row
    W    : (n_out, n_in)
    b    : (n_out,)
    Z    : (m, n_out)   Z = X W^T + b
Every ``*_forward`` returns ``(out, cache)``; every ``*_backward`` takes the upstream gradient and
that cache and returns the gradients of its inputs. Nothing here keeps state between calls.
"""
from __future__ import annotations

import numpy as np


# --------------------------------------------------------------------------- affine
def affine_forward(X, W, b=None, out=None):
    """Z = X W^T + b.  X (m, n_in), W (n_out, n_in), b (n_out,) or None -> Z (m, n_out).

    ``out``: an (m, n_out) array to write Z into instead of a new one (a reused buffer).
    """
    Z = np.matmul(X, W.T, out=out)  # BLAS reads W transposed without copying it
    if b is not None:
        Z += b
    return Z, (X, W)


def affine_backward(dZ, cache, need_dX=True, dX_out=None):
    """Chain rule through Z = X W^T + b.

    dZ (m, n_out) -> dX = dZ W (m, n_in) [None when not needed: the input layer's dX is waste],
    dW = dZ^T X (n_out, n_in), db = sum over the batch of dZ (n_out,).
    ``dX_out``: an (m, n_in) array to write dX into instead of a new one.
    """
    X, W = cache
    dW = dZ.T @ X
    # db = 1^T dZ as a BLAS matrix-vector product: 2-8x faster than dZ.sum(axis=0) (which adds
    # row after row) and with less rounding error, as BLAS keeps several partial sums.
    db = np.ones(len(dZ), dZ.dtype) @ dZ
    dX = np.matmul(dZ, W, out=dX_out) if need_dX else None
    return dX, dW, db


# --------------------------------------------------------------------------- activations
class Activation:
    """One nonlinearity: ``forward(Z) -> A`` and ``backward(dA, A, out=None) -> dZ``.

    ``forward`` may overwrite Z (it is the affine layer's fresh output).  ``backward`` needs only A
    (not Z) for all four, which saves keeping Z alive; it writes dZ into ``out`` when given (an
    array shaped like A, not dA itself) and never changes dA or A.
    What the charts call saturated (sigmoid/tanh: derivative nearly 0) or dead (ReLU: a unit that
    is 0 for every example of the batch) has one home here:
        ``inactive(A)``  (m, n) bool, the entries where the unit passes on (almost) no gradient
        ``inactive_counts(A)``  (n,) int32: per unit, how many of the m examples find it inactive
        ``inactive_share_from_counts(counts, m)``  the share, from those counts: counts of parts
                         of a batch add up, shares (ReLU's) would not
        ``inactive_share(A)``  the two together
    """

    name = ""
    inactive_label = "saturated"
    per_unit = False  # share of units inactive for every example (dead) instead of entries

    def forward(self, Z):
        raise NotImplementedError

    def backward(self, dA, A, out=None):
        raise NotImplementedError

    def inactive(self, A):
        raise NotImplementedError

    def inactive_counts(self, A):
        # Summing the bool mask as uint8 into int32 is ~2x faster than count_nonzero(axis=0).
        return self.inactive(A).view(np.uint8).sum(axis=0, dtype=np.int32)

    def inactive_share_from_counts(self, counts, m):
        counts = np.asarray(counts)
        if counts.size == 0 or m == 0:
            return 0.0
        if self.per_unit:
            return float(np.mean(counts == m))
        return float(counts.sum() / (m * counts.size))

    def inactive_share(self, A):
        return self.inactive_share_from_counts(self.inactive_counts(A), len(A))


class Sigmoid(Activation):
    """A = 1 / (1 + e^-Z);  dA/dZ = A (1 - A)."""

    name = "sigmoid"

    def forward(self, Z):
        # For z << 0, e^-z overflows to inf and 1/(1+inf) = 0, the correct limit: the overflow
        # warning is silenced, not the result.  (The tanh form loses relative precision there.)
        with np.errstate(over="ignore"):
            A = np.negative(Z, out=Z)
            np.exp(A, out=A)
        A += 1.0
        return np.reciprocal(A, out=A)

    def backward(self, dA, A, out=None):
        dZ = np.subtract(1.0, A, out=out)  # one array, then in place: no temporaries
        dZ *= A
        dZ *= dA
        return dZ

    def inactive(self, A):
        # sigma'(z) = A(1-A) < 0.0196 when A < 0.02 or A > 0.98: the unit passes on < 8% of the
        # gradient it could pass at z = 0 (0.25).
        return (A < 0.02) | (A > 0.98)


class Tanh(Activation):
    """A = tanh(Z);  dA/dZ = 1 - A^2."""

    name = "tanh"

    def forward(self, Z):
        return np.tanh(Z, out=Z)

    def backward(self, dA, A, out=None):
        dZ = np.multiply(A, A, out=out)  # 1 - A^2 built in one array, as in Sigmoid.backward
        np.subtract(1.0, dZ, out=dZ)
        dZ *= dA
        return dZ

    def inactive(self, A):
        # |A| > 0.96 means 1 - A^2 < 0.08: under 8% of the gradient at z = 0 gets through.
        return np.abs(A) > 0.96


class ReLU(Activation):
    """A = max(0, Z);  dA/dZ = 1 where Z > 0 (equivalently A > 0), else 0."""

    name = "relu"
    inactive_label = "dead"
    # A unit is dead for this batch if it fired for no example: no gradient reaches its weights.
    per_unit = True

    def forward(self, Z):
        return np.maximum(Z, 0, out=Z)

    def backward(self, dA, A, out=None):
        return np.multiply(dA, A > 0, out=out)

    def inactive(self, A):
        return ~(A > 0)


class LeakyReLU(ReLU):
    """A = Z if Z > 0 else alpha Z;  dA/dZ = 1 or alpha.  alpha = 0.01.  Dead as for ReLU: the
    unit is negative for every example (it still passes alpha of the gradient)."""

    name = "leaky_relu"
    alpha = 0.01

    def forward(self, Z):
        return np.where(Z > 0, Z, self.alpha * Z)

    def backward(self, dA, A, out=None):
        return np.multiply(dA, np.where(A > 0, 1.0, self.alpha).astype(dA.dtype, copy=False),
                           out=out)


ACTIVATIONS = {cls.name: cls() for cls in (Sigmoid, Tanh, ReLU, LeakyReLU)}


# --------------------------------------------------------------------------- batch norm
def batchnorm_forward(Z, gamma, beta, train, running, momentum=0.9, eps=1e-5):
    """Batch normalisation of each column (unit) of Z.

    Z (m, n), gamma (n,), beta (n,).  ``running`` is a dict with "mean" and "var" (n,) arrays,
    updated in place in training mode:  running <- momentum * running + (1 - momentum) * batch.
    train:  mu = mean_i Z_i,  var = mean_i (Z_i - mu)^2,  Zhat = (Z - mu) / sqrt(var + eps)
    eval:   the same with the running averages in place of the batch statistics.
    out = gamma * Zhat + beta.
    """
    if train:
        mu = Z.mean(axis=0)
        Zc = Z - mu
        var = np.mean(Zc * Zc, axis=0)
        running["mean"] *= momentum
        running["mean"] += (1 - momentum) * mu
        running["var"] *= momentum
        running["var"] += (1 - momentum) * var
    else:
        Zc = Z - running["mean"]
        var = running["var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    Zhat = Zc * inv_std
    out = Zhat * gamma + beta
    return out, (Zhat, gamma, inv_std)


def batchnorm_backward(dout, cache):
    """Backward of training-mode batch norm (the batch statistics depend on every example).

    dout (m, n) -> dZ (m, n), dgamma (n,), dbeta (n,), with
    dZ = inv_std / m * (m dZhat - sum_i dZhat - Zhat * sum_i dZhat * Zhat),  dZhat = dout * gamma.
    """
    Zhat, gamma, inv_std = cache
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = np.sum(dout * Zhat, axis=0)
    dZhat = dout * gamma
    dZ = (inv_std / m) * (m * dZhat - dZhat.sum(axis=0) - Zhat * np.sum(dZhat * Zhat, axis=0))
    return dZ, dgamma, dbeta


def batchnorm_backward_eval(dout, cache):
    """Backward of evaluation-mode batch norm: the running statistics are constants, so
    out = gamma (Z - mean) inv_std + beta is an affine map per unit.

    dout (m, n) -> dZ = dout * gamma * inv_std (m, n), dgamma = sum_i dout Zhat, dbeta = sum_i dout.
    """
    Zhat, gamma, inv_std = cache
    return dout * (gamma * inv_std), np.sum(dout * Zhat, axis=0), dout.sum(axis=0)


# --------------------------------------------------------------------------- dropout
def dropout_forward(A, p_drop, rng):
    """Inverted dropout.  ``p_drop`` is the probability of DROPPING a unit (0 = no dropout).

    mask = (u >= p_drop) / (1 - p_drop), u ~ U[0, 1) from the explicit generator ``rng``;
    out = A * mask.  Scaling at training time keeps E[out] = A, so evaluation needs no change.
    """
    keep = 1.0 - p_drop
    mask = (rng.random(A.shape, dtype=A.dtype) >= p_drop).astype(A.dtype)
    mask /= keep
    return A * mask, mask


def dropout_backward(dout, mask):
    """dA = dout * mask (the same units are dropped on the way back)."""
    return dout * mask
