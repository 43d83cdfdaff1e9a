"""Train page, part 1: the settings form, presets, data-set downloads, the run buttons and the
hyperparameters that may change while training runs.

Every button is a callback: it flips a field on the session's Trainer and returns at once; the
Trainer's own thread does the training. Settings live in an ``st.form`` so that editing a value
restarts nothing until "Apply settings".
"""
from __future__ import annotations

import functools
import re

import streamlit as st

from core.config import BOUNDS, PRESETS, TrainConfig, preset_name
from core.data import DATASETS
from core.layers import ACTIVATIONS
from core.network import INITS
from core.optim import OPTIMIZERS, SCHEDULES
from viz import class_run, session, shared, words
from viz.strings import t, t_in

# Form fields in display order: (config field, widget kind, options / bounds).
_CHOICES = {"activation": tuple(ACTIVATIONS), "init": INITS, "optimizer": tuple(OPTIMIZERS),
            "schedule": tuple(SCHEDULES), "dataset": tuple(DATASETS)}
# Number fields: (step, format).  Their ranges are core.config.BOUNDS, shown as help; the
# widgets themselves take any number, so a value that cannot run reaches problems() and the page
# says why (a bounded widget would silently refuse or clamp it).
_FLOATS = {"lr": (None, "%.5g"), "lr_decay": (None, "%.4g"), "momentum": (0.05, "%.3f"),
           "l2": (None, "%.4g"), "dropout": (0.05, "%.2f")}
_INTS = {"batch_size": 1, "epochs": 1, "seed": 1}
LIVE = ("lr", "momentum", "l2", "dropout", "batch_size")  # changeable while training runs
STEP_WAIT_S = 3.0  # Step waits this long at most for its mini-batch to show


# ---------------------------------------------------------------- form <-> TrainConfig
def hidden_text(hidden) -> str:
    return ", ".join(str(h) for h in hidden)


def parse_hidden(text: str) -> tuple:
    """"256, 128" -> (256, 128); ValueError with a sentence for anything else."""
    parts = [p for p in re.split(r"[,\s;x-]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(t("settings.bad_hidden", text=text))
    return tuple(int(p) for p in parts)


def fill_form(cfg: TrainConfig, only_missing: bool = False) -> None:
    """Put ``cfg``'s values into the form widgets (before they are drawn)."""
    for name in (*_CHOICES, *_FLOATS, *_INTS, "batch_norm"):
        if not (only_missing and session.widget(f"cfg.{name}") is not None):
            session.set_widget(f"cfg.{name}", getattr(cfg, name))
    if not (only_missing and session.widget("cfg.hidden") is not None):
        session.set_widget("cfg.hidden", hidden_text(cfg.hidden))


def form_config() -> TrainConfig:
    """The TrainConfig the form shows (ValueError with sentences when it cannot run)."""
    values = {name: session.widget(f"cfg.{name}") for name in (*_CHOICES, *_FLOATS, *_INTS)}
    values["batch_norm"] = bool(session.widget("cfg.batch_norm"))
    values["hidden"] = parse_hidden(session.widget("cfg.hidden") or "")
    return session.current().config.replace(**values)


def fill_live(cfg: TrainConfig) -> None:
    """Start the live controls from ``cfg``'s values."""
    for name in LIVE:
        session.set_widget(f"live.{name}", getattr(cfg, name))


# ---------------------------------------------------------------- callbacks
def _notice(kind: str, text: str) -> None:
    """A one-shot message for the live panel to show (kind: "error", "warning", "success")."""
    session.current().train.notice = (kind, text)


def _apply_settings() -> None:
    try:
        cfg = form_config()
    except ValueError as err:   # a config.invalid CodedError carries .problems to word
        _notice("error", t("settings.invalid", problems=words.error_text(err)))
        return
    if not shared.dataset_available(cfg.dataset):
        _notice("error", t("settings.invalid", problems=t(
            "settings.dataset_missing", label=words.dataset_label(cfg.dataset))))
        return
    session.current().set_config(cfg)
    fill_live(cfg)
    _notice("success", t("settings.applied"))


CUSTOM = "custom"   # the picker's entry for settings that are no preset


def _use_preset() -> None:
    name = session.widget("preset")
    if name not in PRESETS:   # "Custom" is what the settings are, not a recipe to load
        return
    cfg = PRESETS[name]   # with its own pace: the demos start at the class pace
    session.current().set_config(cfg)
    fill_form(cfg)
    fill_live(cfg)
    _notice("success", t("preset.loaded", name=t(f"preset.{name}")))


def _may_train() -> bool:
    """Whether this session may run its own training now (a student only when the teacher has
    switched it on, viz.class_run); when not, the page says so and nothing is built."""
    if class_run.holder().may_train(session.current()):
        return True
    _notice("warning", t("controls.students_off"))
    return False


def _claim() -> None:
    """A teacher's run becomes the class run, the one /follow shows."""
    s = session.current()
    if s.role == "teacher":
        class_run.holder().claim(s)


def _start() -> None:
    """Start or resume through the training gate; built only when admitted."""
    if not _may_train():
        return
    gate = shared.training_gate()
    try:
        others = session.current().start_training(gate, shared.session_watch())
    except (ValueError, OSError) as err:   # e.g. data.missing: worded without server paths
        _notice("error", t("controls.error", error=words.error_text(err)))
        return
    if others is not None:
        _notice("warning", t("controls.busy", n=others, cap=gate.cap()))
    else:
        _claim()


def _new_or_current_trainer():
    try:
        return session.current().ensure_trainer()
    except (ValueError, OSError) as err:   # e.g. data.missing: worded without server paths
        _notice("error", t("controls.error", error=words.error_text(err)))
        return None


def on_start() -> None:
    _start()


def on_resume() -> None:
    if session.current().trainer is not None:
        _start()


def on_pause() -> None:
    tr = session.current().trainer
    if tr is not None:
        tr.pause()  # returns between two steps: the page then shows the step it stopped at


def on_step() -> None:
    """One mini-batch; Trainer.step waits until it has landed, so the page shows it."""
    if not _may_train():
        return
    tr = _new_or_current_trainer()
    if tr is not None:
        _claim()
        tr.step(timeout=STEP_WAIT_S)


def on_reset() -> None:
    session.current().discard_trainer()
    fill_live(session.current().config)


def on_live_change(name: str) -> None:
    tr = session.current().trainer
    value = session.widget(f"live.{name}")
    if tr is None or value is None:
        return
    try:
        tr.set_hparams(**{name: value})
    except ValueError as err:   # nothing changed: say why, and show what still runs
        _notice("error", t("controls.bad_value", error=words.error_text(err)))
        session.set_widget(f"live.{name}", getattr(tr.snapshot().config, name))


# ---------------------------------------------------------------- widgets
def presets() -> None:
    """Preset picker: always shows what the settings are (a preset's name, or "Custom" as soon
    as they differ from every preset); picking a preset loads it at once, and "Use preset"
    loads it again (undoing edits)."""
    names = [*PRESETS, CUSTOM]
    session.set_widget("preset", preset_name(session.current().config) or CUSTOM)
    lang = session.language()   # bound now: AppTest calls format_func outside the script run
    st.selectbox(t("settings.preset"), names, key=session.widget_key("preset"),
                 format_func=lambda n: t_in(lang, f"preset.{n}"), help=t("settings.preset_help"),
                 on_change=_use_preset)
    st.button(t("settings.use_preset"), on_click=_use_preset, key="use_preset",
              width="stretch")


def settings_form() -> None:
    """The settings form; "Apply settings" replaces the session's run with a fresh one."""
    fill_form(session.current().config, only_missing=True)
    k = session.widget_key
    with st.form("settings"):
        st.selectbox(t("settings.dataset"), _CHOICES["dataset"], key=k("cfg.dataset"),
                     format_func=functools.partial(_dataset_label, lang=session.language()))
        st.text_input(t("settings.hidden"), key=k("cfg.hidden"), help=t("settings.hidden_help"))
        for name in ("activation", "init", "optimizer"):
            st.selectbox(t(f"settings.{name}"), _CHOICES[name], key=k(f"cfg.{name}"))
        _float("lr")
        st.selectbox(t("settings.schedule"), _CHOICES["schedule"], key=k("cfg.schedule"))
        for name in ("lr_decay", "momentum"):
            _float(name)
        for name in ("batch_size", "epochs"):
            _number(name)
        for name in ("l2", "dropout"):
            _float(name)
        st.checkbox(t("settings.batch_norm"), key=k("cfg.batch_norm"))
        _number("seed")
        st.form_submit_button(t("settings.apply"), on_click=_apply_settings, type="primary",
                              width="stretch")


def _number(name: str, prefix: str = "cfg", on_change=None, step=None, fmt=None) -> None:
    """A number field for config field ``name``; its range (core.config.BOUNDS) is its help."""
    low, high = BOUNDS[name]
    st.number_input(t(f"settings.{name}"), step=step or _INTS.get(name), format=fmt,
                    help=t("settings.range", low=low, high=high),
                    key=session.widget_key(f"{prefix}.{name}"), on_change=on_change,
                    args=(name,) if on_change else None)


def _float(name: str, prefix: str = "cfg", on_change=None) -> None:
    step, fmt = _FLOATS[name]
    _number(name, prefix, on_change, step=step, fmt=fmt)


def _dataset_label(name: str, lang=None) -> str:
    lang = lang or session.language()
    if shared.dataset_available(name):
        return words.dataset_label(name, lang)
    return t_in(lang, "settings.dataset_missing", label=words.dataset_label(name, lang))


def downloads() -> None:
    """A download button with a progress bar for each data set not on this machine yet."""
    from core.data import DownloadError, download
    for name in DATASETS:
        if shared.dataset_available(name):
            continue
        label = words.dataset_label(name)
        if st.button(t("download.button", label=label), key=f"download.{name}",
                     width="stretch"):
            bar = st.progress(0.0, text=t("download.progress_unknown", label=label, done=0.0))

            def progress(done, total, bar=bar, label=label):
                if total:
                    bar.progress(min(1.0, done / total), text=t(
                        "download.progress", label=label, done=done / 1e6, total=total / 1e6))
                else:
                    bar.progress(0.0, text=t("download.progress_unknown", label=label,
                                             done=done / 1e6))
            try:
                download(name, progress=progress)
            except (DownloadError, OSError) as err:
                st.error(t("download.failed", error=words.error_text(err)))
            else:
                st.success(t("download.done", label=label))


def live_controls() -> None:
    """Learning rate, momentum, L2, dropout and batch size, applied from the next step."""
    if session.widget("live.lr") is None:
        s = session.current()
        fill_live(s.trainer.snapshot().config if s.trainer else s.config)
    cols = st.columns(len(LIVE))
    for col, name in zip(cols, LIVE):
        with col:
            if name == "batch_size":
                _number("batch_size", prefix="live", on_change=on_live_change, step=16)
            else:
                _float(name, prefix="live", on_change=on_live_change)


def buttons(status: str | None) -> None:
    """Start / Pause / Resume / Step / Reset, enabled as the trainer's status allows."""
    can_start = status in (None, "ready", "finished", "diverged", "stopped")
    spec = [("start", on_start, not can_start, "primary"),
            ("pause", on_pause, status != "running", "secondary"),
            ("resume", on_resume, status != "paused", "secondary"),
            ("step", on_step, status == "running", "secondary"),
            ("reset", on_reset, status is None, "secondary")]
    for col, (name, callback, disabled, kind) in zip(st.columns(len(spec)), spec):
        with col:
            st.button(t(f"controls.{name}"), key=f"btn.{name}", on_click=callback,
                      disabled=disabled, type=kind, width="stretch",
                      help=t("controls.step_help") if name == "step" else None)
