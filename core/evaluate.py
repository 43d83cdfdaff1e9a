"""What the Draw and Evaluate pages show, computed as plain numbers.

    evaluate_split(net, x, y)  -> EvalReport   predictions, probabilities, confusion matrix,
                                               per-class accuracy, mistakes most-confident first
    explain(net, x784)         -> Explanation  P(class), prediction, hidden activations A_l and the
                                               saliency dZ_L[pred] / dX: one Network.trace
The pictures made of these numbers (digit image, unit tiles, saliency colours) are drawn by
viz/figures/images.py; a digit put onto a canvas and an uploaded picture come from core.data.images.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .metrics import accuracy, confusion_matrix, per_class_accuracy, top_mistakes

from core.data import N_PIXELS


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


def predict_proba(net, X, rows=None):
    """P = softmax(Z_L) for every row of X (m, 784): uint8 0..255 (scaled by 1/255 chunk by
    chunk) or floats in [0, 1].  Evaluation mode, in chunks of ``rows`` (default net.chunk_rows())
    so that memory stays bounded whatever m and the network's width; nothing of a chunk is kept
    but its probabilities.  Returns (m, k) float32."""
    X = np.asarray(X)
    rows = net.chunk_rows() if rows is None else int(rows)
    P = np.empty((len(X), net.sizes[-1]), np.float32)
    for i in range(0, len(X), rows):
        chunk = X[i:i + rows]
        if chunk.dtype == np.uint8:
            chunk = chunk.astype(np.float32) / 255.0
        P[i:i + rows] = net.forward(chunk)
    return P


def evaluate_split(net, x, y, split_name="held-out"):
    """Measure ``net`` on images x (n, 784), uint8 0..255 or floats in [0, 1], labels y (n,)."""
    x = np.asarray(x)
    if x.dtype != np.uint8:
        x = np.asarray(x, np.float32)
    y_true = np.asarray(y, dtype=np.int64)
    if len(x) != len(y_true):
        raise ValueError(f"{len(x)} images but {len(y_true)} labels")
    probs = predict_proba(net, x)
    k = probs.shape[1]
    y_pred = np.argmax(probs, axis=1).astype(np.int64)
    C = confusion_matrix(y_true, y_pred, k)
    idx, pred, conf = top_mistakes(y_true, probs)
    return EvalReport(split_name, y_true, y_pred, probs, C, per_class_accuracy(C),
                      accuracy(y_true, y_pred), idx, pred.astype(np.int64), conf)


def check_compatible(net, n_inputs=N_PIXELS, n_classes=10):
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
    """Prediction, hidden activations and saliency for one image x (784,) floats in [0, 1].

    One evaluation-mode trace, back-propagating the predicted class's score Z_L[pred] (not the
    loss): its P gives probs, its hidden A_l the activations, its dX the saliency.
    """
    X = np.asarray(x784, dtype=np.float32).reshape(1, -1)
    tr = net.trace(X, seed_class="predicted")
    probs, pred = tr.P[0], int(tr.seed_class[0])
    return Explanation(probs.astype(np.float32), pred, float(probs[pred]),
                       [A[0] for A in tr.hidden], tr.dX[0].astype(np.float32))
