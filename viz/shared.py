"""Process-wide shared resources (``st.cache_resource``: one per server process, shared
read-only by every session, never mutated): the data sets, the training gate and the shipped
model.  Everything per browser session lives in viz/session.py.

The training gate lets at most ``BACKPROP_LAB_MAX_TRAINING`` (default 2) sessions train at the
same time, so a class of 30 on one laptop does not starve everyone; a run whose tab has closed
gives its slot back after ``BACKPROP_LAB_HOLD_S`` (default 15) seconds.
"""
from __future__ import annotations

import os
import threading
import time
import weakref
from typing import NamedTuple

import streamlit as st

MAX_TRAINING_ENV = "BACKPROP_LAB_MAX_TRAINING"
DEFAULT_MAX_TRAINING = 2
HOLD_ENV = "BACKPROP_LAB_HOLD_S"   # seconds a run keeps its slot after its page has gone
HOLD_S = 15.0
SWEEP_S = 2.0
TRAINER_ENV = "BACKPROP_LAB_TRAINER"   # "process" (default) or "thread": where runs train
TRAINERS = ("process", "thread")
SHIPPED_MODEL_ENV = "BACKPROP_LAB_SHIPPED_MODEL"  # optional path overriding the shipped model
# Which model answers on Draw/Evaluate/Models; "class": the class run's (viz.class_run).
MODEL_KINDS = ("shipped", "live", "uploaded", "class")


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


# ---------------------------------------------------------------- where runs train
def trainer_kind() -> str:
    """Where the app's runs train: "process" (a child process each, core.train.process: the
    server's Python work for a class — refreshes, drawings — and the run never wait for each
    other's turn on Python's lock) unless $BACKPROP_LAB_TRAINER is "thread" (a thread of the
    server, core.train.Trainer)."""
    kind = os.environ.get(TRAINER_ENV, "process").strip().lower()
    if kind not in TRAINERS:
        raise ValueError(f"{TRAINER_ENV} must be one of {', '.join(TRAINERS)}; got {kind!r}")
    return kind


def new_trainer(config, dataset):
    """A new run of ``config`` on ``dataset``, training where trainer_kind() says."""
    if trainer_kind() == "thread":
        from core.train import Trainer
        return Trainer(config, dataset)
    from core.train.process import ProcessTrainer
    return ProcessTrainer(config, dataset)


# ---------------------------------------------------------------- training gate
class TrainingGate:
    """Process-wide cap on how many sessions train at once, that frees itself.

    It counts the registered trainers whose status is "running" (held weakly: a forgotten
    session's trainer drops out).  ``admit`` runs the start action only when a slot is free, so a
    refused Start builds nothing.  A run holds its slot only while its page is open: ``sweep``
    (every SWEEP_S seconds in a daemon thread, and before each admission) pauses a running run
    whose browser session has been gone for HOLD_S seconds (note "paused_idle"); its session
    resumes it through ``admit`` when it comes back (viz.session.Session.heartbeat).
    """

    def __init__(self, hold_s=None):
        self._lock = threading.Lock()
        self._runs = weakref.WeakKeyDictionary()   # trainer -> [watch or None, last seen]
        self.hold_s = float(hold_s if hold_s is not None else _env_number(HOLD_ENV, HOLD_S))
        self._sweeper = None

    @staticmethod
    def cap() -> int:
        return max(1, int(_env_number(MAX_TRAINING_ENV, DEFAULT_MAX_TRAINING)))

    def running_others(self, trainer) -> int:
        return sum(1 for other in list(self._runs.keys())
                   if other is not trainer and other.status == "running")

    def admit(self, trainer, action, watch=None) -> int | None:
        """Run ``action()`` — it starts or resumes a run and returns its Trainer, built only now —
        if fewer than cap runs other than ``trainer`` (the session's current one, or None) are
        training.  ``watch()`` says whether the run's page is still open (None: not watched here).
        Returns None when admitted, else the number of other runs training now."""
        with self._lock:
            self.sweep()
            others = self.running_others(trainer)
            if others >= self.cap():
                return others
            started = action()
            self._runs[started] = [watch, time.monotonic()]
            if watch is not None and self._sweeper is None:
                self._sweeper = threading.Thread(target=self._sweep_forever, daemon=True,
                                                 name="backprop-lab-gate")
                self._sweeper.start()
            return None

    def resume_idle(self, trainer, watch=None) -> None:
        """Resume ``trainer`` through ``admit`` if it was paused because nobody watched it
        (nothing happens otherwise, or when no slot is free: the next heartbeat tries again)."""
        if trainer.idle_paused:
            self.admit(trainer, lambda: (trainer.resume(), trainer)[1], watch)

    def sweep(self, now=None) -> int:
        """Pause every running run whose page has been gone for hold_s seconds; returns how many
        were paused."""
        now = time.monotonic() if now is None else now
        paused = 0
        for trainer, seen in list(self._runs.items()):
            watch = seen[0]
            if watch is None or trainer.status != "running":
                continue
            if watch():
                seen[1] = now
            elif now - seen[1] >= self.hold_s:
                trainer.pause_idle(round(now - seen[1]))
                paused += 1
        return paused

    def _sweep_forever(self):
        while True:
            time.sleep(SWEEP_S)
            try:
                self.sweep()
            except Exception:   # a sweep must never end the sweeper; the next one tries again
                pass


def _env_number(name, default):
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def session_watch():
    """A callable saying whether this browser session is still connected to the server (its
    websocket open), or None outside a running server (AppTest).  A closed tab disconnects at
    once; a hidden tab stays connected, though its timers slow down."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not Runtime.exists():
        return None
    runtime, session_id = Runtime.instance(), ctx.session_id
    return lambda: runtime.is_active_session(session_id)


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
