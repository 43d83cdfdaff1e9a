"""Softmax cross-entropy (fused, stable) and the tutorial's L2 penalty."""
from __future__ import annotations

import numpy as np


def softmax(Z):
    """Row-wise softmax probabilities, (m, k) -> (m, k), each row summing to 1."""
    P = Z - Z.max(axis=1, keepdims=True)
    np.exp(P, out=P)
    P /= P.sum(axis=1, keepdims=True)
    return P


def softmax_cross_entropy(Z, y):
    """Mean cross-entropy of softmax(Z) against integer labels, and its gradient.

    Z (m, k) logits, y (m,) ints in [0, k).
    J = -1/m sum_i log p_{i, y_i}
    dJ/dZ = (P - Y) / m   where Y is the one-hot matrix of y (the tutorial's dZ2 = A2 - Y, / m).
    Returns (J: float, dZ (m, k), P (m, k)).
    """
    m = Z.shape[0]
    rows = np.arange(m)
    # One pass of log-sum-exp serves the loss, P and the gradient (a log-softmax and a softmax
    # would each redo it): shifted = Z - row max keeps every exponent <= 0, so +-1e4 logits stay finite.
    shifted = Z - Z.max(axis=1, keepdims=True)
    shifted_y = shifted[rows, y]  # the true class's shifted logit, (m,)
    P = np.exp(shifted, out=shifted)
    sum_exp = P.sum(axis=1)
    # log p_{i, y_i} = shifted_{i, y_i} - log sum_j exp(shifted_ij)
    J = float(np.mean(np.log(sum_exp) - shifted_y))
    P /= sum_exp[:, None]
    dZ = P * (1.0 / m)
    dZ[rows, y] -= 1.0 / m
    return J, dZ, P


def l2_penalty(weights, lam, m):
    """The tutorial's L2 term: lam / (2 m) * sum_l ||W_l||_F^2 over weight matrices only.

    Its gradient with respect to each W_l is lam / m * W_l (see ``Network.loss_and_grads``).
    """
    if lam == 0:
        return 0.0
    total = sum(float(np.vdot(W, W)) for W in weights)
    return lam / (2.0 * m) * total
