"""One frozen object for every hyperparameter of a run, seed included.

``TrainConfig.to_query()`` gives a flat {str: str} dict (the URL query of a shareable link) and
``TrainConfig.from_query()`` reads one back, validating every value, so a link reproduces a run.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, fields
from typing import NamedTuple

from .data import DATASETS
from .errors import CodedError
from .layers import ACTIVATIONS
from .network import INITS
from .optim import OPTIMIZERS, SCHEDULES

DATASET_NAMES = tuple(DATASETS)   # the registry in core.data is the one source
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 4096


class Problem(NamedTuple):
    """One reason a TrainConfig cannot run: the ``field`` it concerns, a ``code`` (PROBLEM_CODES)
    and plain ``params``.  viz words it as "problem.<code>"; ``english`` words it for the CLI."""

    field: str
    code: str
    params: dict


# code -> English sentence (str.format with the params); the command line's and the logs' words.
ENGLISH = {
    "choice": "{field} must be one of {options}; got {value!r}",
    "hidden": ("hidden layers: 1 to {max_layers} layers of 1 to {max_units} units each; "
               "got {hidden}"),
    "lr": "learning rate must be a number > 0; got {value!r}",
    "momentum": "momentum must be in [0, 1); got {value!r}",
    "lr_decay": "learning-rate decay must be >= 0; got {value!r}",
    "step_schedule": "step schedule needs step_size >= 1 and 0 < step_gamma <= 1",
    "batch_size": "batch size must be >= 0 (0 = full batch); got {value!r}",
    "epochs": "epochs must be >= 1; got {value!r}",
    "l2": "L2 strength must be >= 0; got {value!r}",
    "dropout": "dropout (probability of dropping a unit) must be in [0, 1); got {value!r}",
    "seed": "seed must be in [0, 2^32); got {value!r}",
}
PROBLEM_CODES = tuple(ENGLISH)


def english(problem: Problem) -> str:
    """The English sentence for ``problem`` (command line, logs, str() of the error)."""
    params = dict(problem.params)
    if "options" in params:
        params["options"] = ", ".join(params["options"])
    return ENGLISH[problem.code].format(field=problem.field, **params)


def config_error(problems) -> CodedError:
    """A CodedError "config.invalid" carrying ``problems`` (its ``.problems``); str() is English."""
    err = CodedError("config.invalid", "; ".join(english(p) for p in problems),
                     count=len(problems))
    err.problems = list(problems)
    return err


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of one training run.

    batch_size = 0 means full batch (the tutorial's gradient descent on all m examples).
    dropout is the probability of DROPPING a hidden unit.  lr_decay is the tutorial's
    lr = lr0 / (1 + lr_decay * epoch) ("inverse_time"); step_size / step_gamma drive "step";
    "cosine" anneals to 0 over ``epochs``.
    """

    dataset: str = "mnist-sample"
    hidden: tuple = (128,)
    activation: str = "sigmoid"
    init: str = "xavier"
    optimizer: str = "momentum"
    lr: float = 0.5
    momentum: float = 0.9
    schedule: str = "constant"
    lr_decay: float = 0.0
    step_size: int = 10
    step_gamma: float = 0.5
    batch_size: int = 128
    epochs: int = 20
    l2: float = 0.0
    dropout: float = 0.0
    batch_norm: bool = False
    augment: bool = False
    seed: int = 0

    def __post_init__(self):
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        problems = self.problems()
        if problems:
            raise config_error(problems)

    def problems(self) -> list:
        """Every reason this configuration cannot run, as Problem(field, code, params) (empty
        when it can).  Codes: PROBLEM_CODES; ``english(problem)`` words one for the CLI."""
        out = []

        def add(name, code, **params):
            out.append(Problem(name, code, params))

        def choice(name, options):
            if getattr(self, name) not in options:
                add(name, "choice", value=getattr(self, name), options=tuple(options))

        choice("dataset", DATASET_NAMES)
        choice("activation", tuple(ACTIVATIONS))
        choice("init", INITS)
        choice("optimizer", tuple(OPTIMIZERS))
        choice("schedule", tuple(SCHEDULES))
        if not 1 <= len(self.hidden) <= MAX_HIDDEN_LAYERS or not all(
                1 <= h <= MAX_UNITS for h in self.hidden):
            add("hidden", "hidden", hidden=list(self.hidden), max_layers=MAX_HIDDEN_LAYERS,
                max_units=MAX_UNITS)
        if not (math.isfinite(self.lr) and self.lr > 0):
            add("lr", "lr", value=self.lr)
        if not 0 <= self.momentum < 1:
            add("momentum", "momentum", value=self.momentum)
        if not (math.isfinite(self.lr_decay) and self.lr_decay >= 0):
            add("lr_decay", "lr_decay", value=self.lr_decay)
        if self.step_size < 1 or not 0 < self.step_gamma <= 1:
            add("step_size", "step_schedule", step_size=self.step_size, step_gamma=self.step_gamma)
        for name, ok in (("batch_size", self.batch_size >= 0), ("epochs", self.epochs >= 1),
                         ("l2", math.isfinite(self.l2) and self.l2 >= 0),
                         ("dropout", 0 <= self.dropout < 1), ("seed", 0 <= self.seed < 2**32)):
            if not ok:
                add(name, name, value=getattr(self, name))
        return out

    def replace(self, **changes):
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def layer_sizes(self, n_in=784, n_out=10):
        """[n_in, *hidden, n_out] for ``Network``."""
        return [n_in, *self.hidden, n_out]

    def schedule_kwargs(self):
        """Keyword arguments of ``optim.scheduled_lr`` for this run's schedule."""
        return {"decay": self.lr_decay, "step_size": self.step_size, "gamma": self.step_gamma,
                "total_epochs": self.epochs}

    # ------------------------------------------------------------------ URL query
    def to_query(self):
        """{field: text} for the fields that differ from the defaults (short, stable links)."""
        default = TrainConfig()
        q = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                q[f.name] = _to_text(value)
        return q

    @classmethod
    def from_query(cls, query, base=None):
        """Read a config from a {field: text} mapping; unknown keys are ignored.

        Raises ValueError naming the field for text that does not parse or a value out of range.
        """
        base = base or cls()
        changes = {}
        for f in fields(cls):
            if f.name not in query:
                continue
            text = query[f.name]
            if isinstance(text, (list, tuple)) and f.name != "hidden":
                text = text[-1]
            try:
                changes[f.name] = _from_text(getattr(base, f.name), str(text))
            except ValueError:
                raise CodedError("config.unreadable", f"{f.name}: cannot read {text!r}",
                                 field=f.name, text=str(text)) from None
        return dataclasses.replace(base, **changes)


def _to_text(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return "-".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _from_text(like, text):
    if isinstance(like, bool):
        if text.lower() not in ("1", "0", "true", "false"):
            raise ValueError(text)
        return text.lower() in ("1", "true")
    if isinstance(like, tuple):
        return tuple(int(t) for t in text.split("-") if t != "")
    if isinstance(like, int):
        return int(text)
    if isinstance(like, float):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(text)
        return value
    return text


# Presets the Train page offers; each is a complete, valid config.
PRESETS = {
    # The article's exact recipe: 784-128-10, sigmoid, randn * 0.01, full-batch GD, eta = 0.1.
    "tutorial": TrainConfig(hidden=(128,), activation="sigmoid", init="seed", optimizer="sgd",
                            lr=0.1, momentum=0.0, batch_size=0, epochs=2000),
    # Good accuracy within seconds.  The small L2 costs no accuracy here (93.8% vs 93.6% held-out
    # after 6 epochs) but smooths the first-layer tiles into visible stroke detectors.
    "fast-demo": TrainConfig(hidden=(256,), activation="relu", init="he", optimizer="adam",
                             lr=0.002, momentum=0.9, batch_size=64, epochs=15, l2=0.05),
    # Deep sigmoid stack: gradient RMS shrinks layer by layer towards the input.
    "vanishing-gradients": TrainConfig(hidden=(32, 32, 32, 32, 32, 32), activation="sigmoid",
                                       init="xavier", optimizer="sgd", lr=0.1, momentum=0.0,
                                       batch_size=64, epochs=10),
    # A learning rate far too large: the class watches the loss climb for a few steps
    # (2.5, 5.9, 41, 68, 77, 207) before the run stops as "diverged", with the reason.
    "too-high-lr": TrainConfig(hidden=(128,), activation="tanh", init="xavier", optimizer="sgd",
                               lr=5.0, momentum=0.0, batch_size=64, epochs=5),
}
