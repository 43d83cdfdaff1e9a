"""RunRecord: a finished (or set aside) training run as plain numbers, and its JSON file.

A Snapshot pictures a *live* run for the screen; a RunRecord keeps a run once it is over: the
config, how it ended (a status code, never a sentence), the bounded step history, the per-epoch
history, the final evaluation, the seconds it took and a summary of the model.  The app keeps
the last few per session; ``python -m core.train --metrics FILE`` writes one.

File format (``to_json``), a JSON object:
    {"format": "backprop-lab-run", "version": 1, "name": ..., "created": unix seconds,
     "config": {TrainConfig fields}, "status": code, "steps": int, "epochs_done": float,
     "history": {name: {"shape": [T] or [T, L], "data": [floats, row-major]}},
     "epoch_history": [{"epoch", "step", "lr", "loss", "acc", "eval_loss", "eval_acc",
                        "train_eval_acc", "seconds"}], "final": {"split", "accuracy", "loss"}
     or null, "train_seconds": float, "model": {"sizes", "activation", "parameters"},
     optional "wall_seconds", "cpu_seconds", "command"}
History values are float32; each is written as the Python float of the float32 value, so reading
it back and casting to float32 gives the same bits (NaN and infinities, which a diverged run may
hold, are written as JSON's common NaN / Infinity extension).
"""
from __future__ import annotations

import dataclasses
import json
import math
import os
import time
from dataclasses import dataclass, field

import numpy as np

from core.config import TrainConfig
from core.errors import CodedError

FORMAT = "backprop-lab-run"
VERSION = 1
SPLITS = ("held-out", "test")   # the evaluated splits (core.data.Dataset.test_split_name)
# Axes of the history series a run records (core/train/records.py): per step or evaluation
# one axis; per layer two (rows x layers).  Other keys may have one or two.
AXES = {**dict.fromkeys(("step", "loss", "acc", "eval_step", "eval_loss", "eval_acc",
                         "train_eval_acc"), 1),
        **dict.fromkeys(("grad_rms", "weight_rms", "update_ratio", "inactive"), 2)}
MAX_BYTES = 20 * 2**20          # a run file is ~1 MB at most (600-row histories); refuse more
EPOCH_KEYS = ("epoch", "step", "lr", "loss", "acc", "eval_loss", "eval_acc", "train_eval_acc",
              "seconds")


@dataclass(frozen=True)
class Evaluation:
    """The final evaluation: ``accuracy`` and mean ``loss`` on ``split`` ("held-out" | "test")."""

    split: str
    accuracy: float
    loss: float


@dataclass(frozen=True)
class ModelSummary:
    """The network's layer ``sizes`` [784, ..., 10], ``activation`` and number of ``parameters``."""

    sizes: tuple
    activation: str
    parameters: int


@dataclass(frozen=True, eq=False)
class RunRecord:
    """One run, kept.  ``history``: name -> float32 array as in Snapshot.history ("step" (T,),
    "loss" (T,), "grad_rms" (T, L), "eval_acc" (E,), ...); ``epoch_history``: one dict per
    finished epoch (keys EPOCH_KEYS; eval values None when no evaluation fell on the epoch end).
    ``final`` is None when the run was never evaluated.  Compare records field by field (arrays
    have no single truth value, so ``==`` is identity)."""

    config: TrainConfig
    status: str
    steps: int
    epochs_done: float
    history: dict
    epoch_history: tuple
    final: Evaluation | None
    train_seconds: float
    model: ModelSummary
    name: str = ""
    created: float = field(default_factory=time.time)
    wall_seconds: float | None = None
    cpu_seconds: float | None = None
    command: str | None = None

    @classmethod
    def from_trainer(cls, trainer, snap=None, *, name="", **extra) -> "RunRecord":
        """The record of ``trainer`` (a core.train.Trainer) as it is now, from its public data:
        ``snapshot()`` (or ``snap``, one already taken), ``epoch_history``, ``train_seconds``
        and its network's sizes.  ``extra``: wall_seconds, cpu_seconds, command, created."""
        snap = snap if snap is not None else trainer.snapshot()
        net = trainer.net
        final = (None if snap.eval_acc is None else
                 Evaluation(snap.test_split_name, float(snap.eval_acc), float(snap.eval_loss)))
        model = ModelSummary(tuple(int(s) for s in net.sizes), str(net.activation),
                             int(sum(p.size for p in net.params.values())))
        return cls(config=snap.config, status=snap.status, steps=int(snap.step),
                   epochs_done=float(snap.epoch),
                   history={k: np.array(v, dtype=np.float32) for k, v in snap.history.items()},
                   epoch_history=tuple(_epoch_row(e) for e in list(trainer.epoch_history)),
                   final=final, train_seconds=float(trainer.train_seconds), model=model,
                   name=name, **extra)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """The JSON document as a dict (see the module docstring)."""
        doc = {"format": FORMAT, "version": VERSION, "name": self.name,
               "created": self.created, "config": _config_dict(self.config),
               "status": self.status, "steps": self.steps, "epochs_done": self.epochs_done,
               "history": {k: {"shape": list(v.shape),
                               "data": np.asarray(v, np.float32).ravel().tolist()}
                           for k, v in self.history.items()},
               "epoch_history": [dict(e) for e in self.epoch_history],
               "final": dataclasses.asdict(self.final) if self.final else None,
               "train_seconds": self.train_seconds,
               "model": {"sizes": list(self.model.sizes), "activation": self.model.activation,
                         "parameters": self.model.parameters}}
        for name in ("wall_seconds", "cpu_seconds", "command"):
            if getattr(self, name) is not None:
                doc[name] = getattr(self, name)
        return doc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_json(cls, doc) -> "RunRecord":
        """Read a document (JSON text, bytes or an already parsed dict); CodedError (a
        ValueError) "run.not_json" / "run.bad_format" / "run.bad_version" / "run.bad_field"
        naming what is wrong."""
        if isinstance(doc, (str, bytes, bytearray)):
            try:
                doc = json.loads(doc)
            except (ValueError, UnicodeDecodeError) as err:  # JSONDecodeError is a ValueError
                raise CodedError("run.not_json", f"not a JSON document ({err})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise CodedError("run.bad_format", f"not a Backprop Lab run file (no \"format\": "
                                               f"\"{FORMAT}\")")
        if doc.get("version") != VERSION:
            raise CodedError("run.bad_version", f"run file version {doc.get('version')!r} is "
                             f"not {VERSION}", version=str(doc.get("version")))
        return cls(**_fields(doc))


def read_run(path) -> RunRecord:
    """The RunRecord in the file at ``path``, checked: a file over MAX_BYTES is refused before
    it is read ("run.too_big"); see ``RunRecord.from_json`` for the other refusals."""
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise CodedError("run.too_big", f"the run file is {size / 2**20:.1f} MB; at most "
                         f"{MAX_BYTES >> 20} MB", mb=round(size / 2**20, 1), limit=MAX_BYTES >> 20)
    with open(path, "rb") as f:
        return RunRecord.from_json(f.read())


# ---------------------------------------------------------------------- helpers
def _plain(value):
    """A JSON-ready scalar: numpy numbers become Python numbers, None stays None."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)


def _epoch_row(row: dict) -> dict:
    return {k: _plain(row.get(k)) for k in EPOCH_KEYS}


def _config_dict(cfg: TrainConfig) -> dict:
    out = dataclasses.asdict(cfg)
    out["hidden"] = list(cfg.hidden)
    return out


def _bad(name, why):
    return CodedError("run.bad_field", f"run file field {name!r}: {why}", field=name)


def _get(doc, name, kinds, optional=False):
    if name not in doc and optional:
        return None
    value = doc.get(name)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise _bad(name, "missing" if name not in doc else f"got {type(value).__name__}")
    return value


def _number(doc, name, optional=False):
    value = _get(doc, name, (int, float), optional)
    return None if value is None else float(value)


def _fields(doc) -> dict:
    """RunRecord keyword arguments from a parsed document (every field checked)."""
    cfg = _get(doc, "config", (dict,))
    try:
        config = TrainConfig(**{f.name: cfg[f.name] for f in dataclasses.fields(TrainConfig)
                                if f.name in cfg})
    except (TypeError, ValueError) as err:
        raise _bad("config", str(err)) from None
    steps = _get(doc, "steps", (int,))
    return dict(config=config, status=_get(doc, "status", (str,)), steps=steps,
                epochs_done=_number(doc, "epochs_done"), history=_history(doc),
                epoch_history=_epochs(doc), final=_final(doc),
                train_seconds=_number(doc, "train_seconds"), model=_model(doc),
                name=_get(doc, "name", (str,)), created=_number(doc, "created"),
                wall_seconds=_number(doc, "wall_seconds", True),
                cpu_seconds=_number(doc, "cpu_seconds", True),
                command=_get(doc, "command", (str,), True))


def _history(doc) -> dict:
    out = {}
    for key, item in _get(doc, "history", (dict,)).items():
        name = f"history.{key}"
        if not isinstance(item, dict):
            raise _bad(name, "not an object")
        shape, data = item.get("shape"), item.get("data")
        if (not isinstance(shape, list) or not 1 <= len(shape) <= 2
                or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0
                           for s in shape)):
            raise _bad(name, f"bad shape {shape!r}")
        if len(shape) != AXES.get(key, len(shape)):
            raise _bad(name, f"has {len(shape)} axes, not {AXES[key]}")
        if (not isinstance(data, list) or len(data) != math.prod(shape)
                or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                           for x in data)):
            raise _bad(name, f"data does not hold {math.prod(shape)} numbers")
        out[key] = np.array(data, dtype=np.float32).reshape(shape)
    return out


def _epochs(doc) -> tuple:
    rows = _get(doc, "epoch_history", (list,))
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise _bad(f"epoch_history[{i}]", "not an object")
        for k in EPOCH_KEYS:
            v = row.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise _bad(f"epoch_history[{i}].{k}", f"got {v!r}")
        out.append({k: row.get(k) for k in EPOCH_KEYS})
    return tuple(out)


def _final(doc):
    final = _get(doc, "final", (dict, type(None)))
    if final is None:
        return None
    split = _get(final, "split", (str,))
    if split not in SPLITS:
        raise _bad("final.split", f"{split!r} is not one of {', '.join(SPLITS)}")
    return Evaluation(split, _number(final, "accuracy"), _number(final, "loss"))


def _model(doc) -> ModelSummary:
    m = _get(doc, "model", (dict,))
    sizes = _get(m, "sizes", (list,))
    if not sizes or not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        raise _bad("model.sizes", f"got {sizes!r}")
    return ModelSummary(tuple(sizes), _get(m, "activation", (str,)),
                        _get(m, "parameters", (int,)))
