"""Lessons page, part 1: trains a guided experiment's runs one after the other.

A run starts through the process's training gate (one slot per run, as on the Train page); the
session's own Train run is paused first, so a session trains one thing at a time.  ``advance``
(every page run and every refresh of the live fragment) moves the experiment on: it keeps an
ended run (RunRecord, also in the session's runs), starts the next config, and once all have
ended stores the experiment's Finding.  It never calls st, so tests can drive it.
"""
from __future__ import annotations

import os

from core.experiments import EXPERIMENTS
from core.train import TERMINAL
from core.train.record import RunRecord
from viz import class_run, shared

QUICK_ENV = "BACKPROP_LAB_QUICK_LESSONS"   # "1": quick experiments (tests, demos on slow machines)


def quick() -> bool:
    return os.environ.get(QUICK_ENV, "") == "1"


def start(s, exp_id: str) -> str | None:
    """Begin experiment ``exp_id`` for Session ``s``; returns None, "busy" when another
    experiment of this session is still training, or "students_off" when ``s`` is a student and
    the teacher has switched students' own training off (viz.class_run)."""
    if not class_run.holder().may_train(s):
        return "students_off"
    page = s.lessons
    with page.lock:
        if page.active is not None:
            return "busy"
        if s.trainer is not None and s.trainer.status == "running":
            s.trainer.pause()
        page.active, page.index, page.trainer, page.records = exp_id, 0, None, []
        page.results.pop(exp_id, None)
    advance(s)
    return None


def stop(s) -> None:
    """Stop the experiment in progress (what has run is kept in the session's runs)."""
    page = s.lessons
    with page.lock:
        tr = page.trainer
        if tr is not None:
            tr.stop()
            if tr.step_count:
                _keep(s, tr)
        page.active, page.trainer = None, None


def advance(s) -> int | None:
    """Move the experiment on (see the module docstring); returns how many other runs hold the
    training slots when the next run is waiting for one, else None."""
    page = s.lessons
    with page.lock:
        if page.active is None:
            return None
        exp = EXPERIMENTS[page.active]
        tr = page.trainer
        if tr is not None:
            tr.touch()
            shared.training_gate().resume_idle(tr, shared.session_watch())
            if tr.status not in TERMINAL:
                return None
            _keep(s, tr)
            page.trainer = None
            page.index += 1
        if page.index >= len(exp.configs):
            page.results[page.active] = (tuple(page.records), exp.summarize(page.records))
            page.active = None
            return None
        return _start_next(s, exp)


def _keep(s, tr) -> None:
    page = s.lessons
    exp = EXPERIMENTS[page.active]
    record = RunRecord.from_trainer(tr, name=f"{exp.id}/{exp.variants[page.index]}")
    page.records.append(record)
    s.add_run(record)


def _start_next(s, exp) -> int | None:
    """Start config ``s.lessons.index`` through the gate (call with the page's lock held)."""
    page = s.lessons
    cfg = exp.runs(quick())[page.index]
    data = exp.training_data(shared.dataset(cfg.dataset), quick())

    def action():
        tr = shared.new_trainer(cfg, data)
        tr.start()
        page.trainer = tr
        return tr

    return shared.training_gate().admit(None, action, shared.session_watch())
