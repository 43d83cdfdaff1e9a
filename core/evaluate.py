"""What the Draw and Evaluate pages show, computed as plain numbers and uint8 images.

    evaluate_split(net, x, y)  -> EvalReport   predictions, probabilities, confusion matrix,
                                               per-class accuracy, mistakes most-confident first
    explain(net, x784)         -> Explanation  P(class), prediction, hidden activations A_l and the
                                               saliency dZ_L[pred] / dX from our own backward pass
Images for display (all uint8, no plotting library): ``digit_image`` (784,) -> (28, 28),
``activation_tiles`` (one square per hidden unit), ``saliency_rgb`` (red/blue, the colours of
core.render's weight pictures; enlarge with ``core.render.upscale``).  Putting a digit onto a
canvas-size image and decoding an uploaded picture live in ``core.digit_images``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import render
from .metrics import accuracy, confusion_matrix, per_class_accuracy, top_mistakes

SIDE = 28


# ---------------------------------------------------------------------------------------- report
@dataclass(frozen=True, eq=False)
class EvalReport:
    """One network measured on one labelled split (n examples, k classes).

    y_true, y_pred (n,) int64; probs (n, k) float32; confusion (k, k) int64 with
    confusion[i, j] = #(true i, predicted j); per_class (k,) float (NaN for an absent class);
    mistakes / mistake_pred / mistake_conf (e,): the wrong rows, most confident first.
    """

    split_name: str
    y_true: np.ndarray = field(repr=False)
    y_pred: np.ndarray = field(repr=False)
    probs: np.ndarray = field(repr=False)
    confusion: np.ndarray = field(repr=False)
    per_class: np.ndarray = field(repr=False)
    accuracy: float = 0.0
    mistakes: np.ndarray = field(default=None, repr=False)
    mistake_pred: np.ndarray = field(default=None, repr=False)
    mistake_conf: np.ndarray = field(default=None, repr=False)

    @property
    def n(self):
        """Number of examples in the split."""
        return len(self.y_true)

    def cell(self, true_class, pred_class, limit=None):
        """Row indices with label ``true_class`` predicted as ``pred_class`` (a confusion-matrix
        cell), most confident first."""
        idx = np.flatnonzero((self.y_true == true_class) & (self.y_pred == pred_class))
        conf = self.probs[idx, pred_class]
        idx = idx[np.argsort(-conf, kind="stable")]
        return idx if limit is None else idx[:limit]


def predict_proba(net, X, batch=2048):
    """P = softmax(Z_L) for every row of X (m, 784) floats, in chunks to bound memory.
    Returns (m, k) float32."""
    if len(X) == 0:
        return np.zeros((0, net.sizes[-1]), np.float32)
    return np.concatenate([net.forward(X[i:i + batch]) for i in range(0, len(X), batch)]
                          ).astype(np.float32, copy=False)


def evaluate_split(net, x, y, split_name="held-out"):
    """Measure ``net`` on images x (n, 784), uint8 0..255 or floats in [0, 1], labels y (n,)."""
    x = np.asarray(x)
    X = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else np.asarray(x, np.float32)
    y_true = np.asarray(y, dtype=np.int64)
    if len(X) != len(y_true):
        raise ValueError(f"{len(X)} images but {len(y_true)} labels")
    probs = predict_proba(net, X)
    k = probs.shape[1]
    y_pred = np.argmax(probs, axis=1).astype(np.int64)
    C = confusion_matrix(y_true, y_pred, k)
    idx, pred, conf = top_mistakes(y_true, probs)
    return EvalReport(split_name, y_true, y_pred, probs, C, per_class_accuracy(C),
                      accuracy(y_true, y_pred), idx, pred.astype(np.int64), conf)


def check_compatible(net, n_inputs=SIDE * SIDE, n_classes=10):
    """Raise ValueError with a sentence unless ``net`` reads n_inputs pixels and answers
    n_classes classes."""
    if net.sizes[0] != n_inputs or net.sizes[-1] != n_classes:
        raise ValueError(f"this model reads {net.sizes[0]} inputs and answers {net.sizes[-1]} "
                         f"classes, but the digits here have {n_inputs} pixels and "
                         f"{n_classes} classes")


# --------------------------------------------------------------------------------------- explain
@dataclass(frozen=True, eq=False)
class Explanation:
    """Why the network answered as it did for one input x (784,).

    probs (k,) float; prediction int; confidence = probs[prediction];
    hidden: [A_1 (n_1,), ..., A_{L-1}] activations in evaluation mode;
    saliency (784,) = dZ_L[prediction] / dx, the gradient of the predicted class's score
    (the logit, before softmax) with respect to each input pixel.
    """

    probs: np.ndarray
    prediction: int
    confidence: float
    hidden: list
    saliency: np.ndarray


def explain(net, x784):
    """Forward pass, hidden activations and saliency for one image x (784,) floats in [0, 1]."""
    X = np.asarray(x784, dtype=np.float32).reshape(1, -1)
    probs = net.forward(X)[0]
    pred = int(np.argmax(probs))
    hidden = [A[0].copy() for A in net.hidden_activations(X)]
    saliency = net.input_gradient(X, [pred])[0]
    return Explanation(probs.astype(np.float32), pred, float(probs[pred]), hidden,
                       saliency.astype(np.float32))


# ---------------------------------------------------------------------------------------- images
def digit_image(x784):
    """(784,) pixels (uint8, or floats in [0, 1]) -> (28, 28) uint8, 255 = ink."""
    x = np.asarray(x784)
    if x.size != SIDE * SIDE:
        raise ValueError(f"a digit has {SIDE * SIDE} pixels; got {x.size}")
    if x.dtype != np.uint8:
        x = np.round(np.clip(x.astype(np.float32), 0.0, 1.0) * 255.0).astype(np.uint8)
    return x.reshape(SIDE, SIDE)


def activation_levels(a, activation):
    """Map hidden activations to [0, 1] brightness for display, by the activation's range:
    sigmoid already is in [0, 1]; tanh (-1..1) -> (a + 1) / 2; ReLU-like -> a / max(a)."""
    a = np.asarray(a, dtype=np.float32)
    if activation == "sigmoid":
        return np.clip(a, 0.0, 1.0)
    if activation == "tanh":
        return np.clip((a + 1.0) / 2.0, 0.0, 1.0)
    peak = float(a.max()) if a.size else 0.0
    return np.clip(a / peak, 0.0, 1.0) if peak > 0 else np.zeros_like(a)


def grid_shape(n, max_cols=32):
    """(rows, cols) of a grid for n tiles about twice as wide as tall, at most ``max_cols`` wide."""
    cols = min(max_cols, max(1, math.ceil(math.sqrt(n * 2))))
    return math.ceil(n / cols), cols


def tile_size(n, width=400, gap=2, smallest=6, largest=24):
    """Tile side in pixels so that a grid of n tiles is about ``width`` pixels wide."""
    cols = grid_shape(n)[1]
    return int(min(largest, max(smallest, width // cols - gap)))


def activation_tiles(levels, tile=14, gap=2, max_cols=32):
    """One grey square per hidden unit, brightness = level in [0, 1], laid out row by row
    (unit j at row j // cols, column j % cols).  Unused grid cells stay dark blue so a dark unit
    and a missing one are told apart.  Returns (H, W, 3) uint8."""
    levels = np.asarray(levels, dtype=np.float32).ravel()
    n = len(levels)
    rows, cols = grid_shape(n, max_cols)
    cells = np.empty((rows * cols, 3), np.uint8)
    cells[:n] = np.round(np.clip(levels, 0, 1) * 255).astype(np.uint8)[:, None]
    cells[n:] = (10, 20, 60)                     # unused cells
    step = tile + gap
    out = np.empty((rows * step + gap, cols * step + gap, 3), np.uint8)
    out[...] = (40, 40, 40)                      # grid lines
    # Pixel rows/columns covered by tiles: tile r spans gap + r*step .. gap + r*step + tile - 1.
    ys = (gap + step * np.arange(rows)[:, None] + np.arange(tile)).ravel()
    xs = (gap + step * np.arange(cols)[:, None] + np.arange(tile)).ravel()
    out[np.ix_(ys, xs)] = render.upscale(cells.reshape(rows, cols, 3), tile)
    return out


def saliency_rgb(saliency, percentile=99.0):
    """(784,) signed gradient -> (28, 28, 3) uint8 in the app's diverging colours: red where more
    ink would raise the predicted class's score, blue where it would lower it, white where the
    pixel does not matter.  Scaled so the ``percentile``-th |value| is full colour (a handful of
    extreme pixels would otherwise wash out the rest)."""
    s = np.asarray(saliency, dtype=np.float32).reshape(SIDE, SIDE)
    scale = float(np.percentile(np.abs(s), percentile))
    if scale <= 0:
        scale = float(np.abs(s).max())
    return render.diverging_rgb(s / scale if scale > 0 else s)
