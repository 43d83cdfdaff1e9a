"""Process-wide shared resources (``st.cache_resource``: one per server process, shared
read-only by every session, never mutated): the data sets, the training gate and the shipped
model.  Everything per browser session lives in viz/session.py.

The training gate lets at most ``BACKPROP_LAB_MAX_TRAINING`` (default 2) sessions train at the
same time, so a class of 30 on one laptop does not starve everyone.
"""
from __future__ import annotations

import os
import threading
import weakref
from typing import NamedTuple

import streamlit as st

MAX_TRAINING_ENV = "BACKPROP_LAB_MAX_TRAINING"
DEFAULT_MAX_TRAINING = 2
SHIPPED_MODEL_ENV = "BACKPROP_LAB_SHIPPED_MODEL"  # optional path overriding the shipped model
MODEL_KINDS = ("shipped", "live", "uploaded")    # which model answers on Draw/Evaluate/Models


# ---------------------------------------------------------------- data sets
@st.cache_resource(show_spinner=False)
def dataset(name: str = "mnist-sample"):
    """The named Dataset, loaded once per process and shared read-only by every session."""
    from core.data import load_dataset
    return load_dataset(name)


def dataset_available(name: str) -> bool:
    """True when ``dataset(name)`` can load without a download."""
    from core.data import is_available
    return name == "mnist-sample" or is_available(name)


# ---------------------------------------------------------------- training gate
class TrainingGate:
    """Process-wide cap on how many sessions train at once.

    It counts live trainers whose status is "running" (held weakly, so a finished session's
    trainer simply drops out): nothing to release, so no count can leak when a tab closes.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._trainers = weakref.WeakSet()

    @staticmethod
    def cap() -> int:
        try:
            return max(1, int(os.environ.get(MAX_TRAINING_ENV, DEFAULT_MAX_TRAINING)))
        except ValueError:
            return DEFAULT_MAX_TRAINING

    def running_others(self, trainer) -> int:
        return sum(1 for other in list(self._trainers)
                   if other is not trainer and other.status == "running")

    def admit(self, trainer, action) -> int | None:
        """Run ``action()`` (start or resume ``trainer``) if fewer than cap others are running.

        Returns None when admitted, else the number of other sessions training now.
        """
        with self._lock:
            others = self.running_others(trainer)
            if others >= self.cap():
                return others
            self._trainers.add(trainer)
            action()
            return None


@st.cache_resource(show_spinner=False)
def training_gate() -> TrainingGate:
    """The one TrainingGate of this server process."""
    return TrainingGate()


# ---------------------------------------------------------------- models
class ModelInfo(NamedTuple):
    """A model ready to answer: ``kind`` in MODEL_KINDS; ``net`` a Network nobody else mutates;
    ``accuracy`` on the ``split`` ("held-out" | "test") of ``dataset`` (None = not measured yet);
    ``report`` the full core.evaluate.EvalReport when one was computed; ``name`` a file name;
    ``trained_on`` the data set its file says it was trained on ("" if it does not say)."""

    kind: str
    net: object
    accuracy: float | None
    split: str
    dataset: str
    report: object = None
    name: str = ""
    trained_on: str = ""


def shipped_model_path() -> str:
    """core/assets/default_model.npz, or the file named by $BACKPROP_LAB_SHIPPED_MODEL."""
    default = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "core", "assets", "default_model.npz")
    return os.environ.get(SHIPPED_MODEL_ENV) or default


def model_dataset(net, fallback: str = "mnist-sample") -> str:
    """The data set a loaded model says it was trained on, if this app knows and has it."""
    from core.data import DATASETS
    name = getattr(net, "metadata", {}).get("dataset")
    return name if name in DATASETS and dataset_available(name) else fallback


def measure(net, kind: str, name: str = "", dataset_name: str | None = None) -> ModelInfo:
    """Evaluate ``net`` on its data set's held-out/test split (core.evaluate does the maths)."""
    from core.evaluate import evaluate_split
    ds = dataset(dataset_name or model_dataset(net))
    report = evaluate_split(net, ds.x_test, ds.y_test, ds.test_split_name)
    trained_on = str(getattr(net, "metadata", {}).get("dataset", ""))
    return ModelInfo(kind, net, report.accuracy, ds.test_split_name, ds.name, report, name,
                     trained_on)


@st.cache_resource(show_spinner=False)
def _shipped(path: str, mtime: float) -> ModelInfo:
    """Loaded and measured once per process and file version; shared read-only by all sessions."""
    from core.io import load_model
    return measure(load_model(path), "shipped", os.path.basename(path))


def shipped_model() -> tuple[ModelInfo | None, str | None]:
    """(ModelInfo, None) for the shipped model, or (None, why it cannot be used)."""
    path = shipped_model_path()
    try:
        return _shipped(path, os.path.getmtime(path)), None
    except FileNotFoundError:
        return None, f"{path} is missing"
    except (OSError, ValueError) as err:
        return None, str(err)
