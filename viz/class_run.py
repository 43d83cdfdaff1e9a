"""The class run: which run the whole room follows, who is the teacher, and the teacher's switch.

One ``ClassRun`` per server process (``holder()``, an ``st.cache_resource``), shared by every
session on purpose: the class run, the teacher code and "students may train" are the teacher's
choices for the whole room.  Nothing a student does can change them (the holder is only changed
by ``claim`` and ``set_students_may_train``, which the app calls for teacher sessions only).

- **Roles.** A session is a teacher or a student, decided once (``first_role``): a browser on the
  server machine itself (loopback; Streamlit's ``st.context.ip_address`` is None then, and in
  AppTest) is the teacher unless ``BACKPROP_LAB_LOOPBACK_TEACHER=0``; every other browser is a
  student until it enters the teacher code (``check_code``).
- **The teacher code**: six random digits made once per process (``secrets``), or
  ``BACKPROP_LAB_TEACHER_CODE`` when set (tests and benchmarks know it then).  viz/app.py prints
  it in the server console the first time a page loads.
- **The class run** is the current Trainer of the teacher session that last started a run
  (``claim``).  The holder keeps a weak reference to that Session, so the class run follows its
  Reset and new runs, and vanishes with the session; the trainer itself stays the teacher's —
  its page heartbeat and the training gate treat it like any other run of that session.
  Followers only read it: ``snapshot()`` and ``model()`` (a frozen copy of its network).
- **Students may train** their own runs (within the gate's cap): off by default, so a class
  of 30 cannot take the laptop's training slots (and cores) from the run everybody watches; the
  teacher switches it on in the join panel.
"""
from __future__ import annotations

import os
import secrets
import threading
import time
import weakref

import streamlit as st

from viz.live_chart.cache import FigureCache

TEACHER_CODE_ENV = "BACKPROP_LAB_TEACHER_CODE"
LOOPBACK_TEACHER_ENV = "BACKPROP_LAB_LOOPBACK_TEACHER"   # "0": loopback browsers are students
CODE_DIGITS = 6
ROLES = ("teacher", "student")
# Wrong codes: after FREE_TRIES wrong ones a session waits LOCK_S seconds before each next try,
# and the whole server takes at most MAX_WRONG_PER_MIN wrong tries a minute (a student cannot
# dodge the wait by opening new tabs).  10^6 codes at that rate would take about two years.
FREE_TRIES = 3
LOCK_S = 30.0
MAX_WRONG_PER_MIN = 30
MODEL_REFRESH_S = 1.0   # the class model is copied again at most this often while it trains


def first_role(ip_address: str | None, own_addresses=()) -> str:
    """The role a new session starts with: "teacher" for a browser on this machine (``ip_address``
    None — Streamlit's answer for loopback — or one of ``own_addresses``) unless
    $BACKPROP_LAB_LOOPBACK_TEACHER is "0"; otherwise "student"."""
    if not isinstance(ip_address, str):   # AppTest's client is a mock: no real address
        ip_address = None
    local = ip_address is None or ip_address in own_addresses
    if local and os.environ.get(LOOPBACK_TEACHER_ENV, "1").strip() != "0":
        return "teacher"
    return "student"


class ClassRun:
    """The process's class run, teacher code and "students may train" switch (see the module)."""

    def __init__(self, code: str | None = None):
        self._lock = threading.Lock()
        self._random_code = code or "".join(secrets.choice("0123456789")
                                            for _ in range(CODE_DIGITS))
        self._owner = None                 # weakref to the teacher's Session (or None)
        self._students_may_train = False
        self._model = None                 # (trainer id, step, ModelInfo) of the last copy
        self._model_at = 0.0
        self._wrong = []                   # time.monotonic() of recent wrong tries (server)
        self._announced = False            # the code was printed in the server console
        # The class run's figures, built once per snapshot for every follower (what each
        # browser has received stays in its own session: viz.live_chart).
        self.figures = FigureCache()

    # ------------------------------------------------------------ the teacher code
    def code(self) -> str:
        """The teacher code: $BACKPROP_LAB_TEACHER_CODE if set, else this process's random one."""
        return os.environ.get(TEACHER_CODE_ENV, "").strip() or self._random_code

    def check_code(self, entered: str, tries: list, now: float | None = None) -> str:
        """Check a code a session entered; ``tries`` is that session's list of wrong-try times
        (kept by the caller, appended here).  Returns "ok", "wrong" or "wait" (too many wrong
        tries: nothing is compared, so waiting reveals nothing)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._wrong = [w for w in self._wrong if now - w < 60.0]
            if (len(tries) >= FREE_TRIES and now - tries[-1] < LOCK_S) or \
                    len(self._wrong) >= MAX_WRONG_PER_MIN:
                return "wait"
            if secrets.compare_digest(str(entered).strip().encode(), self.code().encode()):
                return "ok"
            tries.append(now)
            self._wrong.append(now)
            return "wrong"

    def take_announcement(self) -> bool:
        """True exactly once per process: the caller prints the code then."""
        with self._lock:
            first, self._announced = not self._announced, True
            return first

    # ------------------------------------------------------------ the class run
    def claim(self, teacher_session) -> None:
        """Make ``teacher_session``'s current (and future) Trainer the class run.  Call it only
        for a session whose role is "teacher" (the app does, when one starts or steps a run)."""
        if getattr(teacher_session, "role", None) != "teacher":
            raise PermissionError("only a teacher's session can own the class run")
        with self._lock:
            self._owner = weakref.ref(teacher_session)

    def release(self) -> None:
        """No class run until a teacher claims one again (tests; a teacher leaving)."""
        with self._lock:
            self._owner = None
            self._model = None

    def reset(self) -> None:
        """Back to a fresh process's state, the code aside (tests: one server, many lessons)."""
        with self._lock:
            self._owner, self._model, self._wrong = None, None, []
            self._students_may_train = False

    def owner(self):
        """The teacher's Session that owns the class run, or None."""
        ref = self._owner
        return ref() if ref is not None else None

    def trainer(self):
        """The class run's Trainer (read it; never call its controls from a follower), or None."""
        owner = self.owner()
        return owner.trainer if owner is not None else None

    def snapshot(self):
        """(Trainer, its Snapshot) of the class run now, or (None, None) when there is none."""
        tr = self.trainer()
        return (tr, tr.snapshot()) if tr is not None else (None, None)

    # ------------------------------------------------------------ the switch
    @property
    def students_may_train(self) -> bool:
        return self._students_may_train

    def set_students_may_train(self, on: bool, by_session) -> None:
        """The teacher's switch (PermissionError for a student's session)."""
        if getattr(by_session, "role", None) != "teacher":
            raise PermissionError("only a teacher can change who may train")
        self._students_may_train = bool(on)

    def may_train(self, session_) -> bool:
        """Whether ``session_`` may start a run of its own now."""
        return getattr(session_, "role", None) == "teacher" or self._students_may_train

    # ------------------------------------------------------------ the class model (Draw)
    def model(self):
        """A shared.ModelInfo of kind "class": a copy of the class run's network, taken again
        when its step has changed (at most every MODEL_REFRESH_S s while it trains), shared
        read-only by every session; None when there is no class run or it has not stepped."""
        from viz.shared import ModelInfo
        tr = self.trainer()
        if tr is None:
            return None
        snap = tr.snapshot()
        if snap.step == 0:
            return None
        now = time.monotonic()
        with self._lock:
            held = self._model
            fresh = held is not None and held[0] == id(tr) and (
                held[1] == snap.step or
                (snap.status == "running" and now - self._model_at < MODEL_REFRESH_S))
            if not fresh:
                info = ModelInfo("class", tr.copy_network(), snap.eval_acc, snap.test_split_name,
                                 snap.config.dataset)
                self._model, self._model_at = (id(tr), snap.step, info), now
            return self._model[2]


@st.cache_resource(show_spinner=False)
def holder() -> ClassRun:
    """The one ClassRun of this server process."""
    return ClassRun()
