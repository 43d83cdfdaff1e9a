"""Guided experiments: one-click runs that each show one idea of the article, and what happened.

An ``Experiment`` is one or two TrainConfigs (the settings being compared, named by ``variants``
codes), optionally a training subset (the first ``train_subset`` digits: overfitting needs few),
the chart to watch live (``chart``), and ``summarize(records) -> Finding(code, params)``: what the
finished runs' own numbers say (e.g. the first layer's gradient RMS was 9,700x smaller than the
last layer's).  ``overlay(records)`` gives the curves that compare the runs on one chart.  core
speaks in codes and numbers; viz/strings.py words "finding.<code>" with the params.

    from core.experiments import EXPERIMENTS, run_experiment
    records = run_experiment(EXPERIMENTS["vanishing"], dataset)     # trains headless, ~1-10 s each
    EXPERIMENTS["vanishing"].summarize(records)                      # Finding("vanishing.shrank", ...)

``quick=True`` (tests) trains a tenth of the epochs on at most QUICK_SUBSET digits.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from core.config import TrainConfig
from core.data import Dataset
from core.metrics import ema

QUICK_SUBSET = 1000       # quick=True trains on at most this many digits ...
QUICK_EPOCH_FACTOR = 10   # ... for a tenth of the epochs (at least one)
INIT_STEPS = 100          # the init experiment compares the loss after this many steps
TAIL = 0.25               # "loss at the end": mean mini-batch loss over the last quarter of the run
SAME = 0.005              # accuracies closer than half a point count as the same
LOSS_SAME = 0.02          # held-out losses closer than this count as the same


class Finding(NamedTuple):
    """What a finished experiment showed: ``code`` ("finding.<code>" in viz/strings.py) and plain
    number ``params`` (accuracies in [0, 1], losses, step counts, seconds, ratios)."""

    code: str
    params: dict


class Line(NamedTuple):
    """One curve of an overlay: run ``run`` (index into the records), ``metric`` code ("loss":
    smoothed mini-batch loss, "loss_raw": as recorded, "eval_loss", "eval_acc", "train_eval_acc"),
    x and y (float arrays)."""

    run: int
    metric: str
    x: np.ndarray
    y: np.ndarray


class Overlay(NamedTuple):
    """Curves of several runs on one chart: x axis code ("step" | "epoch"), y axis code ("loss" |
    "loss_raw" | "eval_loss" | "acc"), whether y is logarithmic, and the Lines."""

    x_axis: str
    y_axis: str
    log_y: bool
    lines: tuple


@dataclass(frozen=True)
class Experiment:
    """``id``; ``configs`` (one or two TrainConfigs) with ``variants`` (a code per config naming
    what differs); ``chart``: the live chart ("grad" | "loss" | "acc"); ``train_subset``: train
    on the first n digits only (None: all); ``summarizer(records) -> Finding``; ``overlay_spec``:
    (x axis, metrics, log_y) for the comparison chart, None for a single run."""

    id: str
    configs: tuple
    variants: tuple
    chart: str
    summarizer: Callable
    train_subset: int | None = None
    overlay_spec: tuple | None = None

    def __post_init__(self):
        if not 1 <= len(self.configs) == len(self.variants) <= 2:
            raise ValueError(f"experiment {self.id}: one or two configs, one variant each")

    def runs(self, quick: bool = False) -> tuple:
        """The TrainConfigs to train, in order (quick: a tenth of the epochs, at least 1)."""
        if not quick:
            return tuple(self.configs)
        return tuple(c.replace(epochs=max(1, c.epochs // QUICK_EPOCH_FACTOR))
                     for c in self.configs)

    def subset(self, quick: bool = False) -> int | None:
        """Digits trained on (None: the whole training split)."""
        return min(self.train_subset or QUICK_SUBSET, QUICK_SUBSET) if quick else self.train_subset

    def training_data(self, dataset: Dataset, quick: bool = False) -> Dataset:
        """``dataset`` with its training split cut to ``subset(quick)`` rows (the held-out split
        unchanged); the arrays are views, so nothing is copied."""
        n = self.subset(quick)
        if n is None or n >= len(dataset.y_train):
            return dataset
        return Dataset(dataset.name, dataset.x_train[:n], dataset.y_train[:n], dataset.x_test,
                       dataset.y_test, dataset.class_names, dataset.test_split_name)

    def summarize(self, records) -> Finding:
        """What the finished runs (RunRecords, in ``runs()`` order) showed."""
        if len(records) != len(self.configs):
            raise ValueError(f"experiment {self.id} needs {len(self.configs)} runs")
        return self.summarizer(records)

    def overlay(self, records) -> Overlay | None:
        """The comparison chart's curves (None for a single-run experiment)."""
        if self.overlay_spec is None:
            return None
        x_axis, metrics, log_y = self.overlay_spec
        lines = []
        for metric in metrics:
            for i, r in enumerate(records):
                lines.append(_line(i, r, metric, x_axis))
        y_axis = "acc" if metrics[0].endswith("acc") else metrics[0]
        return Overlay(x_axis, y_axis, log_y, tuple(lines))


def run_experiment(exp: Experiment, dataset: Dataset, quick: bool = False, trainer=None) -> tuple:
    """Train each of ``exp.runs(quick)`` headless to its end; returns their RunRecords.
    ``trainer``: the Trainer class (default core.train.Trainer)."""
    from core.train import Trainer
    from core.train.record import RunRecord
    make = trainer or Trainer
    data = exp.training_data(dataset, quick)
    out = []
    for cfg, variant in zip(exp.runs(quick), exp.variants):
        tr = make(cfg, data)
        snap = tr.run()
        out.append(RunRecord.from_trainer(tr, snap, name=f"{exp.id}/{variant}"))
    return tuple(out)


# ---------------------------------------------------------------------- the runs' numbers
def final_acc(record) -> float:
    """Held-out accuracy at the run's end (0 when it was never evaluated)."""
    return float(record.final.accuracy) if record.final is not None else 0.0


def train_acc(record) -> float:
    """Accuracy on the fixed training subset at the run's last evaluation."""
    h = record.history.get("train_eval_acc")
    return float(h[-1]) if h is not None and len(h) else 0.0


def tail_loss(record, tail: float = TAIL) -> float:
    """Mean mini-batch loss over the last ``tail`` of the recorded history rows (at least one)."""
    loss = np.asarray(record.history["loss"], np.float64)
    k = max(1, int(math.ceil(len(loss) * tail)))
    return float(np.mean(loss[-k:]))


def loss_at(record, step: int) -> float:
    """Mini-batch loss of the first history row at or after ``step`` (the last row if none)."""
    steps, loss = record.history["step"], record.history["loss"]
    at = np.flatnonzero(steps >= step)
    return float(loss[at[0]] if len(at) else loss[-1])


def layer_grad_median(record) -> np.ndarray:
    """(L,) median over the run of each weight layer's gradient RMS (finite rows only)."""
    g = np.asarray(record.history["grad_rms"], np.float64)
    g = g[np.all(np.isfinite(g), axis=1)]
    return np.median(g, axis=0)


def epochs_x(steps, record) -> np.ndarray:
    """Step numbers as epochs (fractional passes over the training digits):
    step x epochs_done / steps, since every step of a run takes the same number of rows."""
    return np.asarray(steps, np.float64) * (record.epochs_done / max(record.steps, 1))


def _line(i, record, metric, x_axis) -> Line:
    h = record.history
    if metric in ("loss", "loss_raw"):
        # a diverging run's few steps would hide inside the smoothing's lag: draw them raw
        x, y = h["step"], (ema(h["loss"]) if metric == "loss" else h["loss"])
    else:
        x, y = h["eval_step"], h[metric]
    x = epochs_x(x, record) if x_axis == "epoch" else np.asarray(x, np.float64)
    return Line(i, metric, x, np.asarray(y, np.float64))


def _compare(a: float, b: float, better: str, worse: str, same: str) -> str:
    """``better`` when b beats a by SAME or more, ``worse`` when it trails by as much."""
    return better if b - a >= SAME else worse if a - b >= SAME else same


# ---------------------------------------------------------------------- summaries
def _vanishing(records) -> Finding:
    (r,) = records
    g = layer_grad_median(r)
    ratio = float(g[-1] / g[0]) if g[0] > 0 else math.inf
    code = "vanishing.shrank" if ratio >= 10 else "vanishing.flat"
    return Finding(code, {"ratio": ratio, "first": float(g[0]), "last": float(g[-1]),
                          "layers": int(len(g)), "acc": final_acc(r)})


def _lr(records) -> Finding:
    high, ok = records
    loss = np.asarray(high.history["loss"], np.float64)
    finite = loss[np.isfinite(loss)]
    params = {"lr_high": high.config.lr, "lr_ok": ok.config.lr, "acc_high": final_acc(high),
              "acc_ok": final_acc(ok), "first_loss": float(finite[0]) if len(finite) else 0.0,
              "peak_loss": float(finite.max()) if len(finite) else 0.0, "step": high.steps}
    return Finding("lr.diverged" if high.status == "diverged" else "lr.survived", params)


def _momentum(records) -> Finding:
    plain, mom = records
    a, b = final_acc(plain), final_acc(mom)
    params = {"acc_plain": a, "acc_momentum": b, "loss_plain": tail_loss(plain),
              "loss_momentum": tail_loss(mom), "beta": mom.config.momentum, "lr": mom.config.lr}
    return Finding(_compare(a, b, "momentum.better", "momentum.worse", "momentum.same"), params)


def _init(records) -> Finding:
    small, he = records
    n = min(INIT_STEPS, small.steps, he.steps)
    params = {"steps": n, "loss_small": loss_at(small, n), "loss_he": loss_at(he, n),
              "acc_small": final_acc(small), "acc_he": final_acc(he), "ln10": math.log(10)}
    stuck = final_acc(small) < 0.2   # no better than guessing among 10 classes
    code = "init.stuck" if stuck else _compare(params["acc_small"], params["acc_he"],
                                               "init.he_better", "init.small_better", "init.same")
    return Finding(code, params)


def _overfit(records) -> Finding:
    plain, reg = records
    params = {"train_plain": train_acc(plain), "test_plain": final_acc(plain),
              "train_reg": train_acc(reg), "test_reg": final_acc(reg),
              "l2": reg.config.l2, "dropout": reg.config.dropout}
    params["gap_plain"] = params["train_plain"] - params["test_plain"]
    params["gap_reg"] = params["train_reg"] - params["test_reg"]
    for name, r in (("plain", plain), ("reg", reg)):
        eval_loss = np.asarray(r.history["eval_loss"], np.float64)
        params[f"loss_{name}"] = float(eval_loss[-1])        # held-out loss at the end ...
        params[f"loss_min_{name}"] = float(eval_loss.min())  # ... and at its lowest
    if params["test_reg"] - params["test_plain"] >= SAME:
        code = "overfit.helped"
    elif params["loss_plain"] - params["loss_reg"] >= LOSS_SAME:
        code = "overfit.calmer"     # not more right, but less confidently wrong
    else:
        code = "overfit.no_help"
    return Finding(code, params)


def _batch(records) -> Finding:
    one, full = records
    params = {"steps_one": one.steps, "acc_one": final_acc(one), "seconds_one": one.train_seconds,
              "epochs_one": one.epochs_done, "steps_full": full.steps, "acc_full": final_acc(full),
              "seconds_full": full.train_seconds, "epochs_full": full.epochs_done}
    code = _compare(params["acc_full"], params["acc_one"], "batch.one_better",
                    "batch.full_better", "batch.same")
    return Finding(code, params)


# ---------------------------------------------------------------------- the registry
def _cfg(**kw) -> TrainConfig:
    return TrainConfig(**kw)


_DEEP_SIGMOID = _cfg(hidden=(32,) * 6, activation="sigmoid", init="xavier", optimizer="sgd",
                     lr=0.1, momentum=0.0, batch_size=64, epochs=10)
_TANH = dict(hidden=(128,), activation="tanh", init="xavier", optimizer="sgd", momentum=0.0,
             batch_size=64, epochs=3)
_NOISY = dict(hidden=(64,), activation="sigmoid", init="xavier", lr=4.0, batch_size=16, epochs=2)
_DEEP_RELU = dict(hidden=(128, 128, 128), activation="relu", optimizer="sgd", lr=0.05,
                  momentum=0.0, batch_size=64, epochs=6)
_SMALL_DATA = dict(hidden=(256,), activation="relu", init="he", optimizer="adam", lr=0.002,
                   batch_size=50, epochs=60)
_BATCH = dict(hidden=(64,), activation="sigmoid", init="xavier", optimizer="sgd", momentum=0.0)

EXPERIMENTS = {e.id: e for e in (
    # 784-32-32-32-32-32-32-10 sigmoid: each layer back multiplies the gradient by sigma' <= 1/4.
    Experiment("vanishing", (_DEEP_SIGMOID,), ("deep_sigmoid",), "grad", _vanishing),
    # eta = 3 blows up within a few steps (the guard stops it); eta = 0.3 learns.
    Experiment("lr", (_cfg(lr=3.0, **_TANH), _cfg(lr=0.3, **_TANH)), ("lr_high", "lr_ok"),
               "loss", _lr, overlay_spec=("step", ("loss_raw",), True)),
    # Same eta, batches of 16: the momentum average v = beta v + (1 - beta) dW smooths the noise.
    Experiment("momentum", (_cfg(optimizer="sgd", momentum=0.0, **_NOISY),
                            _cfg(optimizer="momentum", momentum=0.9, **_NOISY)),
               ("no_momentum", "momentum"), "loss", _momentum,
               overlay_spec=("step", ("loss",), False)),
    # The article's randn * 0.01 against He (randn * sqrt(2 / n_in)) in a deep ReLU network.
    Experiment("init", (_cfg(init="seed", **_DEEP_RELU), _cfg(init="he", **_DEEP_RELU)),
               ("init_small", "init_he"), "loss", _init,
               overlay_spec=("step", ("loss",), False)),
    # 500 digits, 256 hidden units: memorised without regularisation.  Live: training against
    # held-out accuracy; compared: the held-out loss, which turns back up when it overfits.
    # (Measured: regularisation lowers the held-out loss, 0.69 -> 0.53, more than it moves the
    # accuracy; the finding says which happened.)
    Experiment("overfit", (_cfg(**_SMALL_DATA), _cfg(l2=1.0, dropout=0.3, **_SMALL_DATA)),
               ("plain", "regularized"), "acc", _overfit, train_subset=500,
               overlay_spec=("step", ("eval_loss",), False)),
    # One pass of batch size 1 (8,000 updates) against 40 passes of the full batch (40 updates).
    Experiment("batch", (_cfg(lr=0.1, batch_size=1, epochs=1, **_BATCH),
                         _cfg(lr=2.0, batch_size=0, epochs=40, **_BATCH)),
               ("batch_one", "batch_full"), "loss", _batch,
               overlay_spec=("epoch", ("loss",), False)),
)}
