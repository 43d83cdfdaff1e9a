"""Update rules behind one interface, and learning-rate schedules.

Every optimizer has ``lr`` (changeable between steps) and ``step(params, grads)``, which updates the
arrays of ``params`` in place and returns {name: RMS of the update applied}, the numerator of the
update-to-weight ratio the charts show.  State (velocities, moments) is kept per parameter name.
"""
from __future__ import annotations

import math

import numpy as np

from .metrics import rms as metrics_rms


class Optimizer:
    name = ""

    def __init__(self, lr=0.1, **_ignored):
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a finite number > 0; got {lr!r}")
        self.lr = float(lr)
        self.state = {}
        self.t = 0  # steps taken

    def _buffer(self, key, like):
        buf = self.state.get(key)
        if buf is None or buf.shape != like.shape or buf.dtype != like.dtype:
            buf = self.state[key] = np.zeros_like(like)
        return buf

    def delta(self, name, g):
        """The update d with W <- W - d for one parameter (may be a reused buffer)."""
        raise NotImplementedError

    def step(self, params, grads):
        self.t += 1
        rms = {}
        for name, g in grads.items():
            d = self.delta(name, g)
            params[name] -= d
            rms[name] = metrics_rms(d)
        return rms


class SGD(Optimizer):
    """W <- W - lr dW."""

    name = "sgd"

    def delta(self, name, g):
        d = self._buffer(("d", name), g)
        return np.multiply(g, self.lr, out=d)


class Momentum(Optimizer):
    """The tutorial's form:  v <- beta v + (1 - beta) dW,  W <- W - lr v.

    (1 - beta) makes v an exponential moving average of the gradient, so the step size does not
    grow by 1/(1 - beta) as with the "heavy ball" form v <- beta v + dW.
    """

    name = "momentum"

    def __init__(self, lr=0.1, momentum=0.9, **_ignored):
        super().__init__(lr)
        if not (0 <= momentum < 1):
            raise ValueError(f"momentum must be in [0, 1); got {momentum!r}")
        self.momentum = float(momentum)

    def delta(self, name, g):
        v = self._buffer(("v", name), g)
        d = self._buffer(("d", name), g)
        v *= self.momentum
        np.multiply(g, 1.0 - self.momentum, out=d)
        v += d
        return np.multiply(v, self.lr, out=d)


class RMSProp(Optimizer):
    """s <- rho s + (1 - rho) dW^2,  W <- W - lr dW / (sqrt(s) + eps)."""

    name = "rmsprop"

    def __init__(self, lr=0.001, rho=0.9, eps=1e-8, **_ignored):
        super().__init__(lr)
        self.rho, self.eps = float(rho), float(eps)

    def delta(self, name, g):
        s = self._buffer(("s", name), g)
        d = self._buffer(("d", name), g)
        s *= self.rho
        np.multiply(g, g, out=d)
        d *= 1.0 - self.rho
        s += d
        np.sqrt(s, out=d)
        d += self.eps
        np.divide(g, d, out=d)
        d *= self.lr
        return d


class Adam(Optimizer):
    """Adam with bias correction (Kingma & Ba, 2015):
    m <- b1 m + (1 - b1) dW,  v <- b2 v + (1 - b2) dW^2,
    W <- W - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
    """

    name = "adam"

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, momentum=None, **_ignored):
        super().__init__(lr)
        # The UI's "momentum" slider drives beta1 for Adam: it is the same moving average.
        self.beta1 = float(beta1 if momentum is None else momentum)
        self.beta2, self.eps = float(beta2), float(eps)

    @property
    def momentum(self):
        return self.beta1

    @momentum.setter
    def momentum(self, value):
        self.beta1 = float(value)

    def step(self, params, grads):
        # t is advanced before the deltas so the bias corrections use this step's t.
        self._c1 = 1.0 - self.beta1 ** (self.t + 1)
        self._c2 = 1.0 - self.beta2 ** (self.t + 1)
        return super().step(params, grads)

    def delta(self, name, g):
        m = self._buffer(("m", name), g)
        v = self._buffer(("v", name), g)
        d = self._buffer(("d", name), g)
        m *= self.beta1
        np.multiply(g, 1.0 - self.beta1, out=d)
        m += d
        v *= self.beta2
        np.square(g, out=d)
        d *= 1.0 - self.beta2
        v += d
        # d = lr (m / c1) / (sqrt(v / c2) + eps) = [lr sqrt(c2) / c1] m / (sqrt(v) + eps sqrt(c2)):
        # the same number with one pass over the array fewer (each pass costs as much as a small
        # matrix product on a 784 x 256 layer; see benchmarks/bench_step.py).
        root_c2 = math.sqrt(self._c2)
        np.sqrt(v, out=d)
        d += self.eps * root_c2
        np.divide(m, d, out=d)
        d *= self.lr * root_c2 / self._c1
        return d


OPTIMIZERS = {cls.name: cls for cls in (SGD, Momentum, RMSProp, Adam)}


def make_optimizer(name, lr, **kwargs):
    """Build an optimizer by name ("sgd", "momentum", "rmsprop", "adam")."""
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {name!r}")
    return OPTIMIZERS[name](lr=lr, **kwargs)


# --------------------------------------------------------------------------- schedules
def constant(lr0, epoch, **_):
    """lr = lr0."""
    return lr0


def inverse_time(lr0, epoch, decay=0.0, **_):
    """The tutorial's decay: lr = lr0 / (1 + decay * epoch)."""
    return lr0 / (1.0 + decay * epoch)


def step_decay(lr0, epoch, step_size=10, gamma=0.5, **_):
    """lr = lr0 * gamma ** floor(epoch / step_size)."""
    return lr0 * gamma ** math.floor(epoch / step_size)


def cosine(lr0, epoch, total_epochs=10, lr_min=0.0, **_):
    """lr = lr_min + (lr0 - lr_min) (1 + cos(pi * min(epoch, T) / T)) / 2."""
    frac = min(epoch, total_epochs) / max(total_epochs, 1e-12)
    return lr_min + (lr0 - lr_min) * 0.5 * (1.0 + math.cos(math.pi * frac))


SCHEDULES = {"constant": constant, "inverse_time": inverse_time, "step": step_decay,
             "cosine": cosine}


def scheduled_lr(schedule, lr0, epoch, **kwargs):
    """Learning rate at (possibly fractional) ``epoch`` under the named schedule."""
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}; got {schedule!r}")
    return SCHEDULES[schedule](lr0, epoch, **kwargs)
