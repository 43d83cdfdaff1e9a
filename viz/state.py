"""The only module that touches ``st.session_state``, plus the process-wide shared resources.

Per session (``st.session_state``): the TrainConfig the settings form shows, the session's Trainer
(created idempotently under a lock, because two script runs of one session can overlap), and a
small namespaced store other pages use through ``get`` / ``put``.

Per process (``st.cache_resource``, shared by every user, never mutated): the data sets (read-only
arrays) and the training gate, which lets at most ``BACKPROP_LAB_MAX_TRAINING`` (default 2)
sessions train at the same time, so a class of 30 on one laptop does not starve everyone.

Training runs in the Trainer's own thread, which never calls ``st``. The page's fragment calls
``heartbeat()``; a trainer whose tab has gone quiet pauses after a few minutes and its thread
exits later (see core.train), so closing a tab leaks no thread, while a tab switch or a Wi-Fi blip
loses nothing (session state survives reconnects).
"""
from __future__ import annotations

import os
import threading
import weakref

import streamlit as st

from core.config import PRESETS, TrainConfig

MAX_TRAINING_ENV = "BACKPROP_LAB_MAX_TRAINING"
DEFAULT_MAX_TRAINING = 2
# Guards creation of per-session singletons; module globals are shared by every session, which is
# exactly what a creation lock needs (it is held for microseconds).
_CREATE_LOCK = threading.Lock()

_CONFIG = "cfg.config"            # TrainConfig the form shows and Start uses
_CONFIG_ERROR = "cfg.error"       # message about an unreadable link, shown until the next apply
_TRAINER = "train.trainer"        # the session's Trainer (or absent)
_NOTICE = "train.notice"          # one-shot (kind, text) message from a callback
_STORE = "store."                 # prefix for other pages' values (get / put)


# ---------------------------------------------------------------- process-wide shared resources
@st.cache_resource(show_spinner=False)
def dataset(name: str = "mnist-sample"):
    """The named Dataset, loaded once per process and shared read-only by every session."""
    from core.data import load_dataset
    return load_dataset(name)


def dataset_available(name: str) -> bool:
    """True when ``dataset(name)`` can load without a download."""
    from core.data import is_available
    return name == "mnist-sample" or is_available(name)


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


# ---------------------------------------------------------------- settings (TrainConfig)
def config() -> TrainConfig:
    """This session's TrainConfig; on a session's first run it is read from the page address
    (a shared link), falling back to the defaults with a message when the link is bad."""
    if _CONFIG not in st.session_state:
        with _CREATE_LOCK:
            if _CONFIG not in st.session_state:
                st.session_state[_CONFIG] = _config_from_query()
    return st.session_state[_CONFIG]


def _config_from_query() -> TrainConfig:
    query = st.query_params.to_dict()
    try:
        return TrainConfig.from_query(query)
    except (ValueError, TypeError) as err:
        st.session_state[_CONFIG_ERROR] = str(err)
        return TrainConfig()


def config_error() -> str | None:
    """Why the link's settings could not be read (None when they could)."""
    return st.session_state.get(_CONFIG_ERROR)


def set_config(cfg: TrainConfig) -> None:
    """Make ``cfg`` this session's settings; the current run is discarded (Start trains anew)."""
    st.session_state[_CONFIG] = cfg
    st.session_state.pop(_CONFIG_ERROR, None)
    discard_trainer()


def sync_query(cfg: TrainConfig) -> None:
    """Write ``cfg`` into the page address, so the link reproduces this run."""
    wanted = cfg.to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def preset(name: str) -> TrainConfig:
    """The TrainConfig of preset ``name`` (a key of core.config.PRESETS)."""
    return PRESETS[name]


# ---------------------------------------------------------------- the session's trainer
def trainer():
    """This session's Trainer, or None before the first Start/Step (or after Reset)."""
    return st.session_state.get(_TRAINER)


def ensure_trainer():
    """This session's Trainer, created from ``config()`` if there is none or the last run ended.

    Created under a lock: with fast reruns two script runs of one session may overlap, and
    both must get the same Trainer.
    """
    with _CREATE_LOCK:
        tr = st.session_state.get(_TRAINER)
        if tr is None or tr.status in ("finished", "diverged", "stopped"):
            if tr is not None:
                tr.stop()
            from core.train import Trainer
            cfg = st.session_state.get(_CONFIG) or TrainConfig()
            tr = Trainer(cfg, dataset(cfg.dataset))
            st.session_state[_TRAINER] = tr
        return tr


def discard_trainer() -> None:
    """Stop and forget this session's Trainer (its thread exits on its own)."""
    with _CREATE_LOCK:
        tr = st.session_state.pop(_TRAINER, None)
    if tr is not None:
        tr.stop()


def heartbeat() -> None:
    """Tell the trainer the page is still open (it pauses, then exits, when nobody looks)."""
    tr = st.session_state.get(_TRAINER)
    if tr is not None:
        tr.touch()


def admit(tr, action) -> int | None:
    """Run ``action`` through the training gate; None if admitted, else others running."""
    return training_gate().admit(tr, action)


def notice(kind: str | None = None, text: str | None = None):
    """Set a one-shot message (kind is "info" | "warning" | "error" | "success") or, called
    without arguments, take the pending one (returns (kind, text) or None)."""
    if kind is None:
        return st.session_state.pop(_NOTICE, None)
    st.session_state[_NOTICE] = (kind, text)
    return None


# ---------------------------------------------------------------- for the other pages
def trained_network():
    """A consistent copy of this session's trained Network, or None if nothing was trained."""
    tr = st.session_state.get(_TRAINER)
    if tr is None:
        return None
    return tr.copy_network()


def get(key: str, default=None):
    """A page's own session value (namespaced, so pages cannot clash with each other)."""
    return st.session_state.get(_STORE + key, default)


def put(key: str, value) -> None:
    """Store a page's own session value."""
    st.session_state[_STORE + key] = value


def setdefault(key: str, factory):
    """``get(key)``, creating it with ``factory()`` under the creation lock if missing."""
    full = _STORE + key
    if full not in st.session_state:
        with _CREATE_LOCK:
            if full not in st.session_state:
                st.session_state[full] = factory()
    return st.session_state[full]


def pop(key: str, default=None):
    """Remove and return a page's own session value."""
    return st.session_state.pop(_STORE + key, default)


def widget_key(name: str) -> str:
    """The session-state key for a widget, e.g. ``widget_key("cfg.lr")``; widgets keep their keys
    here so that presets and links can fill them."""
    return "w." + name


def set_widget(name: str, value) -> None:
    """Set a widget's value before it is drawn (from a callback or before the widget call)."""
    st.session_state[widget_key(name)] = value


def widget(name: str, default=None):
    """A widget's current value."""
    return st.session_state.get(widget_key(name), default)


# --- draw / evaluate / models (owned by the draw helper) ----------------------------------------
# Which model answers on the Draw and Evaluate pages, and the Models page's uploaded model.
from typing import NamedTuple  # noqa: E402  (kept with the section that uses it)

SHIPPED_MODEL_ENV = "BACKPROP_LAB_SHIPPED_MODEL"  # optional path overriding the shipped model
MODEL_KINDS = ("shipped", "live", "uploaded")
_MODEL_CHOICE = "model.choice"      # the kind the user picked
_UPLOADED = "model.uploaded"        # ModelInfo of the uploaded model


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


def live_model() -> ModelInfo | None:
    """A consistent copy of this session's training network with its last measured accuracy,
    or None when nothing has been trained (evaluate() measures it in full on request)."""
    tr = st.session_state.get(_TRAINER)
    if tr is None:
        return None
    snap = tr.snapshot()
    if snap.step == 0:
        return None
    return ModelInfo("live", tr.copy_network(), snap.eval_acc, snap.test_split_name,
                     snap.config.dataset)


def uploaded_model() -> ModelInfo | None:
    """The model uploaded on the Models page in this session, or None."""
    return st.session_state.get(_STORE + _UPLOADED)


def set_uploaded_model(info: ModelInfo | None) -> None:
    """Use ``info`` as this session's uploaded model and make it answer (None forgets it)."""
    if info is None:
        st.session_state.pop(_STORE + _UPLOADED, None)
        if model_choice() == "uploaded":
            set_model_choice("shipped")
        return
    st.session_state[_STORE + _UPLOADED] = info
    set_model_choice("uploaded")


def model_choice() -> str:
    """The kind of model the user picked ("shipped" by default)."""
    return st.session_state.get(_STORE + _MODEL_CHOICE, "shipped")


def set_model_choice(kind: str) -> None:
    """Pick which kind of model answers (a value of MODEL_KINDS)."""
    if kind not in MODEL_KINDS:
        raise ValueError(f"unknown model kind {kind!r}")
    st.session_state[_STORE + _MODEL_CHOICE] = kind


def answering_model(full_report: bool = False) -> tuple[ModelInfo | None, list[str]]:
    """(the model that answers now, [reasons it is not the one picked]).

    The picked kind answers when it can; otherwise the shipped model does, and the reasons say
    why ("no_live", "no_uploaded", "no_shipped:<error>").  ``full_report`` measures the live
    model now on its whole split (the Evaluate page), instead of its last training evaluation.
    """
    reasons = []
    picked = model_choice()
    info = None
    if picked == "live":
        info = live_model()
        if info is None:
            reasons.append("no_live")
        elif full_report:
            info = measure(info.net, "live", dataset_name=info.dataset)
    elif picked == "uploaded":
        info = uploaded_model()
        if info is None:
            reasons.append("no_uploaded")
    if info is None:
        info, error = shipped_model()
        if error:
            reasons.append("no_shipped:" + error)
    return info, reasons
