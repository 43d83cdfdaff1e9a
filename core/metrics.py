"""What the charts show, computed as plain numbers: accuracy, confusion matrix, per-layer sizes."""
from __future__ import annotations

import math

import numpy as np


def accuracy(y_true, y_pred):
    """Share of equal labels, in [0, 1]."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(y_true == y_pred)) if y_true.size else 0.0


def confusion_matrix(y_true, y_pred, n_classes=10):
    """C (k, k) int64 with C[i, j] = number of examples of true class i predicted as j."""
    y_true = np.asarray(y_true, dtype=np.intp)
    y_pred = np.asarray(y_pred, dtype=np.intp)
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes).astype(np.int64)


def per_class_accuracy(C):
    """Diagonal over row sums of a confusion matrix: (k,) floats (NaN for an empty class)."""
    C = np.asarray(C, dtype=np.float64)
    totals = C.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(C) / totals, np.nan)


def rms(a):
    """Root mean square of all entries: sqrt(sum a^2 / size)."""
    return math.sqrt(float(np.vdot(a, a)) / a.size) if a.size else 0.0


def layer_rms(arrays, names):
    """[rms(arrays[n]) for n in names]: per-layer size as RMS per weight, so a layer with many
    weights does not look strong merely because it is big."""
    return [rms(arrays[n]) for n in names]


def update_ratio(update_rms, weight_rms):
    """Update-to-weight ratio of one layer: RMS of the applied update / RMS of the weights.

    A healthy rule of thumb is around 1e-3; 1e-1 and above means the step is too large.
    Weights all zero (weight RMS 0), the one convention used everywhere (trainer and charts):
      0/0 -> 0.0   nothing there and nothing moved: the step changed nothing.  A number, not
                   NaN, so the bounded history can average it (one NaN would blank a whole
                   bucket of merged steps) and the divergence guard can compare it;
      u/0 -> inf   (u > 0) a step that moves weights of size 0 is unboundedly large relative
                   to them: the guard then backs up before the next step, as after any large one.
    """
    if weight_rms > 0:
        return update_rms / weight_rms
    if update_rms == 0:
        return 0.0
    return math.inf if update_rms > 0 else math.nan


def update_ratios(update_rms, weight_rms):
    """[update_ratio(u, w)] per layer, for two lists of per-layer RMS values."""
    return [update_ratio(u, w) for u, w in zip(update_rms, weight_rms)]


def histogram(values, bins=40, symmetric=True):
    """(counts (bins,), edges (bins + 1,)) of the finite entries of ``values``.

    ``symmetric`` centres the range on 0, so weights and gradients show their sign balance.
    """
    v = np.asarray(values).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.zeros(bins, np.int64), np.linspace(-1.0, 1.0, bins + 1)
    lo, hi = float(v.min()), float(v.max())
    if symmetric:
        hi = max(abs(lo), abs(hi))
        lo = -hi
    if hi <= lo:
        hi, lo = lo + 1e-12, lo - 1e-12
    counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
    return counts.astype(np.int64), edges


def top_mistakes(y_true, probs, limit=None):
    """Indices of misclassified rows, most confident mistakes first.

    probs (m, k) -> (indices (n,), predicted (n,), confidence (n,)) for the n mistakes.
    """
    pred = np.argmax(probs, axis=1)
    conf = probs[np.arange(len(pred)), pred]
    wrong = np.flatnonzero(pred != np.asarray(y_true))
    order = wrong[np.argsort(-conf[wrong], kind="stable")]
    if limit is not None:
        order = order[:limit]
    return order, pred[order], conf[order]


def ema(y: np.ndarray, weight: float = 0.9) -> np.ndarray:
    """Exponential moving average with start-up bias correction (as TensorBoard smooths):

        s_t = weight * s_(t-1) + (1 - weight) * y_t,  s_0 = 0,  shown value s_t / (1 - weight^t)

    NaN / inf inputs are skipped (the previous value is carried). Returns float32 of y's length.
    """
    y = np.asarray(y, dtype=np.float64)
    out = np.empty(y.shape, dtype=np.float32)
    s, n = 0.0, 0
    for i, v in enumerate(y):
        if math.isfinite(v):
            s = weight * s + (1.0 - weight) * v
            n += 1
        out[i] = s / (1.0 - weight ** n) if n else np.nan
    return out
