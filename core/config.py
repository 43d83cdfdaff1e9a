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
# The range of every number a run may use, inclusive: (low, high).  One home: problems() checks
# them, the settings form and the live controls show them, links are held to them.
BOUNDS = {
    "lr": (1e-6, 1000.0), "momentum": (0.0, 0.999), "lr_decay": (0.0, 100.0),
    "step_size": (1, 10_000), "step_gamma": (0.001, 1.0), "batch_size": (0, 60_000),
    "epochs": (1, 100_000), "l2": (0.0, 100.0), "dropout": (0.0, 0.95), "seed": (0, 2**32 - 1),
}
# Memory one run may hold at its peak (parameters, their copies, optimizer state, the activations
# of a batch, the float copies of the evaluation sets).  A class shares one laptop: two runs at
# this size leave room for the server and the browsers.  memory_estimate() says how it is counted.
RUN_MEMORY_MB = 1024
BYTES = 4                       # training runs in float32
# Copies of the parameters a run keeps: the parameters, their gradients, the divergence guard's
# backup, and the snapshot's float32 copies of the weights and gradients for the charts ...
PARAM_COPIES = 5
# ... plus the optimizer's state per parameter.
OPTIMIZER_COPIES = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2}
TRAIN_EVAL_ROWS = 2000          # the fixed training subset evaluated beside the held-out set
# Work of one step that cannot be cut into chunks: batch norm needs the whole batch's statistics
# at once, so a Pause may wait for all of it.  6 flops per weight and example (forward, and twice
# that backward); 1.5e10 is ~0.3 s on one core.  Other batches run in chunks (core/train/batches.py).
MAX_UNCHUNKED_FLOPS = 1.5e10
# How fast a background run takes its steps: at most this many steps per second (None: as fast
# as it can).  "class" is slow enough to narrate while the curves still move visibly; "slow" lets
# a class follow single steps.  The Trainer sleeps between steps to hold the rate (headless
# Trainer.run() ignores it).  The pace changes how fast a run is shown, never what it learns.
PACES = {"full": None, "class": 20.0, "slow": 2.0}


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
    "range": "{field} must be a number from {low:g} to {high:g}; got {value!r}",
    "memory": ("this run would need about {estimate_mb:,} MB of memory, more than the "
               "{budget_mb:,} MB one run may use; lower {lower}"),
    "unreadable": "{field}: cannot read {text!r}",
    "bn_batch": ("with batch normalisation a step of {rows:,} examples is too much work to pause "
                 "promptly; use a batch size of at most {max_rows:,}"),
}
PROBLEM_CODES = tuple(ENGLISH)


def english(problem: Problem) -> str:
    """The English sentence for ``problem`` (command line, logs, str() of the error)."""
    params = dict(problem.params)
    for name in ("options", "lower"):
        if name in params:
            params[name] = ", ".join(params[name])
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
    until_paused: the run does not finish after ``epochs`` (it trains until paused or stopped);
    ``epochs`` is then only the horizon of the "cosine" schedule.  pace: a key of PACES.
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
    until_paused: bool = False
    pace: str = "full"

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
        choice("pace", tuple(PACES))
        if not 1 <= len(self.hidden) <= MAX_HIDDEN_LAYERS or not all(
                1 <= h <= MAX_UNITS for h in self.hidden):
            add("hidden", "hidden", hidden=list(self.hidden), max_layers=MAX_HIDDEN_LAYERS,
                max_units=MAX_UNITS)
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value)
                    and low <= value <= high):
                add(name, "range", value=value, low=low, high=high)
        if not out and self.batch_norm:
            sizes = self.layer_sizes()
            per_row = 6 * sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
            if self.batch_rows() * per_row > MAX_UNCHUNKED_FLOPS:
                add("batch_size", "bn_batch", rows=self.batch_rows(),
                    max_rows=int(MAX_UNCHUNKED_FLOPS // per_row))
        if not out:   # the estimate needs sane sizes
            estimate = self.memory_estimate()["total_mb"]
            if estimate > RUN_MEMORY_MB:
                add("hidden", "memory", estimate_mb=int(math.ceil(estimate)),
                    budget_mb=RUN_MEMORY_MB, lower=("hidden", "batch_size"))
        return out

    def batch_rows(self) -> int:
        """Examples per step: batch_size, or the whole training set for a full batch (0)."""
        n = DATASETS[self.dataset].n_train
        return n if self.batch_size == 0 or self.batch_size >= n else self.batch_size

    def memory_estimate(self) -> dict:
        """What a run of this config holds at its peak, in MB (float32, 1 MB = 2^20 bytes).

        parameters: P = sum_l (n_{l-1} n_l + n_l) over the layer sizes, kept PARAM_COPIES times
            (parameters, gradients, the guard's backup, the snapshot's weights and gradients)
            plus OPTIMIZER_COPIES[optimizer] times (momentum buffer; Adam's m and v);
        activations: m x (784 input floats + per hidden unit Z/A, dA, dZ, + the dropout mask,
            + batch norm's Zhat and centred Z) + the m x 10 output and its gradient, with m the
            batch rows (the whole training set for a full batch);
        evaluation: the held-out (or test) set and the fixed training subset as floats.
        Returns {"parameters_mb", "activations_mb", "evaluation_mb", "total_mb"}.
        """
        sizes = self.layer_sizes()
        P = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        params = P * (PARAM_COPIES + OPTIMIZER_COPIES.get(self.optimizer, 2))
        per_unit = 3 + (self.dropout > 0) + 2 * self.batch_norm
        per_row = sizes[0] + per_unit * sum(self.hidden) + 2 * sizes[-1]
        activations = self.batch_rows() * per_row
        info = DATASETS[self.dataset]
        evaluation = (info.n_test + min(TRAIN_EVAL_ROWS, info.n_train)) * sizes[0]
        mb = BYTES / 2**20
        out = {"parameters_mb": params * mb, "activations_mb": activations * mb,
               "evaluation_mb": evaluation * mb}
        out["total_mb"] = sum(out.values())
        return out

    def replace(self, **changes):
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def steps_per_s(self):
        """The most steps per second this run's pace allows (None: no limit)."""
        return PACES[self.pace]

    def layer_sizes(self, n_in=784, n_out=10):
        """[n_in, *hidden, n_out] for ``Network``."""
        return [n_in, *self.hidden, n_out]

    def schedule_kwargs(self):
        """Keyword arguments of ``optim.scheduled_lr`` for this run's schedule."""
        return {"decay": self.lr_decay, "step_size": self.step_size, "gamma": self.step_gamma,
                "total_epochs": self.epochs}

    # ------------------------------------------------------------------ URL query
    def to_query(self, base=None):
        """{field: text} for the fields that differ from ``base`` (default: TrainConfig()), so
        links stay short and stable; ``from_query(q, base)`` reads them back."""
        default = base or TrainConfig()
        q = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                q[f.name] = _to_text(value)
        return q

    @classmethod
    def from_query(cls, query, base=None):
        """Read a config from a {field: text} mapping; unknown keys are ignored.

        Raises a CodedError "config.invalid" whose ``.problems`` name EVERY bad value at once:
        text that does not parse ("unreadable", with the text) and values outside BOUNDS or the
        choices (as problems() says), so one message can name each bad part of a link.
        """
        base = base or cls()
        changes, unreadable = {}, []
        for f in fields(cls):
            if f.name not in query:
                continue
            text = query[f.name]
            if isinstance(text, (list, tuple)) and f.name != "hidden":
                text = text[-1]
            try:
                changes[f.name] = _from_text(getattr(base, f.name), str(text))
            except (ValueError, OverflowError):
                unreadable.append(Problem(f.name, "unreadable", {"text": str(text)}))
        candidate = object.__new__(cls)  # unvalidated, to list every problem at once
        for f in fields(cls):
            object.__setattr__(candidate, f.name, changes.get(f.name, getattr(base, f.name)))
        problems = unreadable + [p for p in candidate.problems()
                                 if p.field not in {u.field for u in unreadable}]
        if problems:
            raise config_error(problems)
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


# Presets the Train page offers; each is a complete, valid config.  The demos start at the class
# pace (PACES), so a run lasts long enough to narrate: the fast demo's 1,875 steps take ~1.5 min,
# the vanishing gradients' 1,250 ~1 min, and the too-high rate climbs step by step (slow).
PRESETS = {
    # The article's exact recipe: 784-128-10, sigmoid, randn * 0.01, full-batch GD, eta = 0.1.
    "tutorial": TrainConfig(hidden=(128,), activation="sigmoid", init="seed", optimizer="sgd",
                            lr=0.1, momentum=0.0, batch_size=0, epochs=2000),
    # Good accuracy within seconds.  The small L2 costs no accuracy here (93.8% vs 93.6% held-out
    # after 6 epochs) but smooths the first-layer tiles into visible stroke detectors.
    "fast-demo": TrainConfig(hidden=(256,), activation="relu", init="he", optimizer="adam",
                             lr=0.002, momentum=0.9, batch_size=64, epochs=15, l2=0.05,
                             pace="class"),
    # Deep sigmoid stack: gradient RMS shrinks layer by layer towards the input.
    "vanishing-gradients": TrainConfig(hidden=(32, 32, 32, 32, 32, 32), activation="sigmoid",
                                       init="xavier", optimizer="sgd", lr=0.1, momentum=0.0,
                                       batch_size=64, epochs=10, pace="class"),
    # A learning rate far too large: the class watches the loss climb for a few steps
    # (2.5, 5.9, 41, 68, 77, 207) before the run stops as "diverged", with the reason.
    "too-high-lr": TrainConfig(hidden=(128,), activation="tanh", init="xavier", optimizer="sgd",
                               lr=5.0, momentum=0.0, batch_size=64, epochs=5, pace="slow"),
}
DEFAULT_PRESET = "fast-demo"      # what a new session (and a link without settings) opens on
PRESET_PARAM = "preset"           # the query key naming the preset a link's settings start from
# How fast a run is shown is not part of a recipe: a preset still matches at another pace.
_NOT_RECIPE = ("pace",)


def preset_name(cfg: TrainConfig):
    """The name of the preset ``cfg`` is (apart from its pace), or None: custom settings."""
    recipe = {f.name: getattr(cfg, f.name) for f in fields(cfg) if f.name not in _NOT_RECIPE}
    for name, preset in PRESETS.items():
        if all(getattr(preset, k) == v for k, v in recipe.items()):
            return name
    return None


def to_link(cfg: TrainConfig) -> dict:
    """{key: text} of a link that opens ``cfg``: the preset nearest to it (fewest differing
    fields; the first on a tie) under PRESET_PARAM, and each field that differs from that preset.
    ``from_link`` reads it back: ``from_link(to_link(cfg)) == cfg``."""
    name = min(PRESETS, key=lambda n: len(cfg.to_query(base=PRESETS[n])))
    return {PRESET_PARAM: name, **cfg.to_query(base=PRESETS[name])}


def from_link(query) -> TrainConfig:
    """The TrainConfig a link's query names: its settings over the preset it names (over
    DEFAULT_PRESET when it names none); unknown keys are ignored.  Raises the CodedError
    "config.invalid" naming every bad part, an unknown preset included (field PRESET_PARAM)."""
    name = query.get(PRESET_PARAM, DEFAULT_PRESET)
    if isinstance(name, (list, tuple)):
        name = name[-1]
    bad = None
    if name not in PRESETS:
        bad = Problem(PRESET_PARAM, "choice", {"value": name, "options": tuple(PRESETS)})
        name = DEFAULT_PRESET
    try:
        cfg = TrainConfig.from_query(query, base=PRESETS[name])
    except ValueError as err:
        if bad is None:
            raise
        raise config_error([bad, *getattr(err, "problems", [])]) from None
    if bad is not None:
        raise config_error([bad])
    return cfg
