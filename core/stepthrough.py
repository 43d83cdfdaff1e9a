"""One training step of a real network on one example, every number kept: the Inside page's story.

The tutorial's notation (one example as a column; our layer l is its W^(l), z^(l+1), a^(l+1)):
    z2 = W1 x + b1,  a2 = g(z2),  z3 = W2 a2 + b2,  yhat = softmax(z3),  J = -sum_j y_j log yhat_j
    dZ3 = yhat - y,  dW2 = dZ3 a2^T,  db2 = dZ3,  dA2 = W2^T dZ3,  dZ2 = dA2 * g'(z2),  dW1 = dZ2 x^T
    update (momentum):  v = beta v + (1 - beta) dW,  W -= lr v      (with m = 1 the 1/m is 1)

``one_step`` works on COPIES (the network and the optimizer given are never changed) and returns a
StepStory: Network.trace before the update (forward and backward, evaluation mode: with one
example batch norm uses its running statistics and dropout is off; ``notes`` says which applied),
the optimizer's update per parameter with its state before and after, and the trace after the
update (the loss on this example before and after).  The helpers below hand the page the other
numbers it shows (softmax written out, g'(z), one hidden unit's slice, a dot product's terms).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .optim import make_optimizer

__all__ = ["StepStory", "ParamUpdate", "SoftmaxParts", "UnitSlice", "DotTerms", "one_step",
           "stage_plan", "softmax_parts", "activation_derivative", "unit_slice", "dot_terms",
           "pick_example", "busiest_unit", "STATE_KEYS"]

# The optimizer's per-parameter state buffers (core/optim.py keys them (kind, name)).
STATE_KEYS = {"sgd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("m", "v")}


@dataclass(frozen=True, eq=False)
class ParamUpdate:
    """One parameter's update.  old, new, grad, delta = new - old: arrays of its shape.
    state_before / state_after: {"v": ...} (momentum), {"s": ...} (RMSProp), {"m", "v"} (Adam).
    corrected: Adam's bias-corrected {"m_hat": m / c1, "v_hat": v / c2} after the step, else {}."""

    name: str
    old: np.ndarray
    new: np.ndarray
    grad: np.ndarray
    delta: np.ndarray
    state_before: dict
    state_after: dict
    corrected: dict


@dataclass(frozen=True, eq=False)
class StepStory:
    """x (n_0,), y (int): the example.  before / after: Network.trace of it (evaluation mode)
    before and after the update; loss_before / loss_after: their J (data loss + L2 term).
    optimizer: its name; lr; hyper: {"momentum": beta} / {"beta1", "beta2", "eps"} / {"rho",
    "eps"}; t: the step number the update used (Adam's bias correction), c1 = 1 - beta1^t and
    c2 = 1 - beta2^t for Adam (None otherwise).  updates: {param name: ParamUpdate}.
    notes: codes of what differs from a training step: "batch_norm_eval" (one example: batch
    norm uses its running statistics), "dropout_off" (evaluation mode has no dropout).
    sq_norms: (||W_1||^2, ..., ||W_L||^2) before the update (the L2 term's parts); l2: lambda."""

    x: np.ndarray
    y: int
    before: object
    after: object
    optimizer: str
    lr: float
    hyper: dict
    t: int
    c1: float | None
    c2: float | None
    updates: dict
    notes: tuple
    sq_norms: tuple
    l2: float

    @property
    def loss_before(self):
        return self.before.J

    @property
    def loss_after(self):
        return self.after.J


def _hyper(opt):
    keys = {"sgd": (), "momentum": ("momentum",), "rmsprop": ("rho", "eps"),
            "adam": ("beta1", "beta2", "eps")}[opt.name]
    return {k: float(getattr(opt, k)) for k in keys}


def _state(opt, name):
    out = {}
    for kind in STATE_KEYS[opt.name]:
        buf = opt.state.get((kind, name))
        out[kind] = None if buf is None else buf.copy()
    return out


def one_step(net, x, y, optimizer_name, lr, optimizer_state=None, **opt_kwargs):
    """One real training step on one example, replayed on copies.

    net: a Network (not changed); x (n_0,) or (1, n_0); y: the label.  The optimizer is
    ``optimizer_state`` (an Optimizer, e.g. from Trainer.copy_optimizer, deep-copied: its buffers
    and step count are used, its own name and lr win) or make_optimizer(optimizer_name, lr,
    **opt_kwargs).  Gradients come from net.trace(x, y) (evaluation mode; see the notes), the
    update from the optimizer's own step().  Returns a StepStory.
    """
    work = net.copy()
    X = np.asarray(x, dtype=work.dtype).reshape(1, -1)
    y = int(y)
    opt = (copy.deepcopy(optimizer_state) if optimizer_state is not None
           else make_optimizer(optimizer_name, lr, **opt_kwargs))
    before = work.trace(X, [y])
    grads = {k: g.copy() for k, g in before.grads.items()}
    old = {k: work.params[k].copy() for k in grads}
    states = {k: _state(opt, k) for k in grads}
    sq_norms = tuple(float(np.vdot(work.params[w], work.params[w])) for w in work.weight_names())
    opt.step(work.params, grads)
    c1 = c2 = None
    if opt.name == "adam":
        c1, c2 = 1.0 - opt.beta1 ** opt.t, 1.0 - opt.beta2 ** opt.t
    updates = {}
    for k in grads:
        after_state = _state(opt, k)
        corrected = ({"m_hat": after_state["m"] / c1, "v_hat": after_state["v"] / c2}
                     if opt.name == "adam" else {})
        new = work.params[k].copy()
        updates[k] = ParamUpdate(k, old[k], new, before.grads[k], new - old[k], states[k],
                                 after_state, corrected)
    after = work.trace(X, [y])
    notes = tuple(code for code, on in (("batch_norm_eval", net.batch_norm),
                                        ("dropout_off", net.dropout > 0)) if on)
    return StepStory(X[0], y, before, after, opt.name, float(opt.lr), _hyper(opt), opt.t, c1,
                     c2, updates, notes, sq_norms, float(net.l2))


# ------------------------------------------------------------------ the stages
def stage_plan(L):
    """The stages of one step of a network with L weight layers, as (code, layer) pairs:
    input; (hidden, l) for l < L; (logits, L); softmax; loss; (dZ_out, L); then going back, for
    l = L ... 1: (grads, l), and below a hidden layer (dA, l-1), (dZ, l-1); update; after.
    784-128-10 (L = 2) has 12 stages."""
    plan = [("input", 0)] + [("hidden", l) for l in range(1, L)]
    plan += [("logits", L), ("softmax", L), ("loss", L), ("dZ_out", L)]
    for l in range(L, 0, -1):
        plan.append(("grads", l))
        if l > 1:
            plan += [("dA", l - 1), ("dZ", l - 1)]
    return tuple(plan + [("update", 0), ("after", 0)])


@dataclass(frozen=True, eq=False)
class SoftmaxParts:
    """softmax(z) written out: shifted = z - max(z), e = exp(shifted), total = sum(e),
    p = e / total (all (k,) but z_max and total)."""

    z: np.ndarray
    z_max: float
    shifted: np.ndarray
    e: np.ndarray
    total: float
    p: np.ndarray


def softmax_parts(z):
    """The four steps of softmax for one logit vector z (k,)."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max()
    e = np.exp(shifted)
    return SoftmaxParts(z, float(z.max()), shifted, e, float(e.sum()), e / e.sum())


def activation_derivative(net, A):
    """g'(z) read from the layer's output A (any shape), with the activation's own backward
    (dZ = dA * g'(Z) with dA = 1).  For evaluation-mode traces A = g(z) (no dropout mask)."""
    A = np.asarray(A)
    return net.act.backward(np.ones_like(A), A)


@dataclass(frozen=True, eq=False)
class UnitSlice:
    """Hidden unit j of layer l, followed through the step: w (n_{l-1},) row j of W_l; b (or
    None with batch norm); z, a, gprime, dA, dZ: its numbers; dW (n_{l-1},) row j of dW_l; db;
    delta_w (n_{l-1},) its weights' change."""

    l: int
    j: int
    w: np.ndarray
    b: float | None
    z: float
    a: float
    gprime: float
    dA: float
    dZ: float
    dW: np.ndarray
    db: float | None
    delta_w: np.ndarray


def unit_slice(net, story, l, j):
    """UnitSlice of hidden unit j of layer l (1 <= l < L) in ``story``."""
    if not (1 <= l < net.L and 0 <= j < net.sizes[l]):
        raise ValueError(f"no hidden unit {j} in layer {l}")
    t = story.before.layers[l - 1]
    b = story.updates.get(f"b{l}")
    return UnitSlice(l, j, story.updates[f"W{l}"].old[j], None if b is None else float(b.old[j]),
                     float(t.Z[0, j]), float(t.A[0, j]),
                     float(activation_derivative(net, t.A[0, j:j + 1])[0]), float(t.dA[0, j]),
                     float(t.dZ[0, j]), t.dW[j], None if t.db is None else float(t.db[j]),
                     story.updates[f"W{l}"].delta[j])


@dataclass(frozen=True, eq=False)
class DotTerms:
    """z = sum_i w_i a_i + b written out: the first ``count`` terms with a_i != 0 (indices,
    w, a, products), how many terms are not zero in all (nonzero), the sum, b, and z."""

    indices: np.ndarray
    w: np.ndarray
    a: np.ndarray
    products: np.ndarray
    nonzero: int
    total: float
    b: float
    z: float


def dot_terms(w, a, b=0.0, count=3):
    """The terms of w . a + b for writing out; w, a (n,)."""
    w, a = np.asarray(w, np.float64), np.asarray(a, np.float64)
    live = np.flatnonzero(a)
    idx = live[:count]
    total = float(w @ a)
    b = 0.0 if b is None else float(b)
    return DotTerms(idx, w[idx], a[idx], w[idx] * a[idx], len(live), total, b, total + b)


def busiest_unit(story, l=1):
    """The hidden unit j of layer l with the largest |dZ| in ``story``: one whose numbers are not
    all zero (a dead ReLU unit or a saturated one would show 0 at every backward stage)."""
    return int(np.argmax(np.abs(story.before.layers[l - 1].dZ[0])))


def pick_example(net, X, y, how, rng, digit=None):
    """Index of a held-out example: how="digit" (a random one of class ``digit``), "random",
    or "wrong" (a random one ``net`` misclassifies).  None when there is none.  X (n, n_0)."""
    if how == "digit":
        pool = np.flatnonzero(np.asarray(y) == digit)
    elif how == "wrong":
        pool = np.flatnonzero(net.predict(X) != np.asarray(y))
    elif how == "random":
        pool = np.arange(len(y))
    else:
        raise ValueError(f"how must be 'digit', 'random' or 'wrong'; got {how!r}")
    return int(rng.choice(pool)) if len(pool) else None

