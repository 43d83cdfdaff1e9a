"""One typed object per browser session: the only owner of ``st.session_state``.

    from viz import session
    s = session.current()          # this browser session's Session (created on first use)
    s.config, s.trainer, s.runs, s.model_choice, s.draw.gen, ...

``Session`` holds the settings the form shows (a TrainConfig) and why a shared link could not be
read, the session's Trainer, the runs it has finished or set aside (RunRecords, the last
MAX_RUNS), the language, which model answers on Draw/Evaluate/Models and the uploaded one, and
each page's own small state (``train``, ``draw``, ``models``, ``lessons``), and its ``role``
("teacher" or "student", viz.class_run: decided once when the session is made; a student who
enters the teacher code becomes a teacher, ``become_teacher``).  It is stored once in
``st.session_state`` under KEY, created under a lock: with fast reruns two script runs of one
session can overlap, and both must get the same object.

Widgets still keep their values in ``st.session_state`` under string keys (Streamlit's rule):
``widget_key(name)`` names them, ``widget`` / ``set_widget`` read and fill them.

Training runs in a process of its own (core.train.process; or, with $BACKPROP_LAB_TRAINER=thread,
in the Trainer's own thread), which never calls ``st``.  Pages call ``heartbeat()``; a trainer
whose tab has gone quiet pauses after a few minutes and its thread exits later (see core.train),
an ended run's process exits at once and a forgotten session's with it, so closing a tab leaks
nothing, while a tab switch or a Wi-Fi blip loses nothing (session state survives reconnects).
Process-wide resources (data sets, training gate, shipped model) are in viz/shared.py.
"""
from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core.config import (DEFAULT_PRESET, PRESET_PARAM, PRESETS, Problem, TrainConfig,
                         config_error, from_link, to_link)
from core.train import TERMINAL
from core.train.record import RunRecord
from viz import memory, shared
from viz.live_chart.cache import FigureCache
from viz.shared import MODEL_KINDS, ModelInfo

KEY = "backprop_lab.session"   # the one st.session_state entry that is not a widget's
DEFAULT_LANGUAGE = "en"
MAX_RUNS = 12                  # runs kept per session (the oldest unpinned one dropped first)
MAX_PINNED = MAX_RUNS - 1      # pins leave room for the next run
MAX_NAME = 60                  # characters of a run's name
# Guards creation of the Session; module globals are shared by every session, which is exactly
# what a creation lock needs (it is held for microseconds).
_CREATE_LOCK = threading.Lock()


# ---------------------------------------------------------------- the pages' own state
@dataclass
class TrainPage:
    """``notice``: a one-shot (kind, text) from a callback, kind "info" | "warning" | "error" |
    "success"; ``figcache``: the live panel's figures, rebuilt when due (train_charts);
    ``live``: what this browser's live charts hold (viz/live_chart/element.py; never shared);
    ``pace``: the adaptive refresh interval (viz/live_chart/pace.py), made by train_charts."""

    notice: tuple | None = None
    figcache: FigureCache = field(default_factory=FigureCache)
    live: dict = field(default_factory=dict)
    pace: object = None

    def take_notice(self):
        """The pending notice (or None), cleared."""
        notice, self.notice = self.notice, None
        return notice


@dataclass
class DrawPage:
    """``gen``: the uploader generation (a new one is empty); ``picture``: the digit placed or
    picture uploaded since the last Clear (a dict, see draw_canvas); ``upload_error``: why the
    last upload was refused; ``rng``: draws "Try a real digit"; ``last_x``: the (784,) input the
    network last read from the canvas (the Inside page steps through it).
    The canvas keeps one key (a remount loses strokes drawn while it happens): ``pictures``
    counts the pictures put on it (a new count empties it in the browser); ``seen``: a digest of
    the drawing it last sent; ``stale``: the digest of the drawing it held when it was last
    cleared (still sent until the browser's empty canvas arrives: never answered);
    ``shown``: (network, input bytes, what was shown for them), reused while both are unchanged."""

    gen: int = 0
    picture: dict | None = None
    upload_error: Exception | None = None
    rng: np.random.Generator = field(default_factory=np.random.default_rng)
    last_x: np.ndarray | None = None
    pictures: int = 0
    seen: str | None = None
    stale: str | None = None
    shown: tuple | None = None

    def new_canvas(self, picture=None) -> None:
        """An empty canvas (the drawing sent before it is stale), optionally with ``picture``
        placed or uploaded; any upload error is forgotten."""
        self.gen += 1
        self.pictures += picture is not None
        self.stale = self.seen
        self.picture, self.upload_error = picture, None


@dataclass
class InsidePage:
    """The Inside page (viz/panels/inside_*.py): ``stage`` index into the stage plan; ``unit``
    the hidden unit j followed; ``playing`` / ``next_at`` (time.monotonic) for Play;
    ``frozen``: (network, optimizer or None, step) copied from the live run when first asked;
    ``frozen_from``: a weak reference to the Trainer it was copied from (a new run is copied anew);
    ``pick``: the held-out example's index; ``story``/``story_key``: the StepStory and what it
    was computed for; ``check``: (fault, [LayerCheck], seconds) of the last gradient check;
    ``revealed``: stages whose prediction was revealed; ``rng``: draws held-out digits."""

    stage: int = 0
    unit: int = 0
    playing: bool = False
    next_at: float = 0.0
    frozen: tuple | None = None
    frozen_from: object = None
    pick: int | None = None
    story: object = None
    story_key: tuple | None = None
    check: tuple | None = None
    revealed: set = field(default_factory=set)
    rng: np.random.Generator = field(default_factory=np.random.default_rng)
    slot: int = 0   # charts drawn so far in this stage run (their keys: viz/panels/inside_parts)


@dataclass
class ModelsPage:
    """``gen``: the uploader generation (a new one is empty); ``message``: (kind, text) shown
    under the uploader."""

    gen: int = 0
    message: tuple | None = None


@dataclass
class LessonsPage:
    """The guided experiment in progress and those done (viz/panels/lessons_run.py drives it):
    ``active``: the experiment id being trained (None when none); ``index``: which of its
    configs trains now; ``trainer``: that run's Trainer (None while waiting for a slot);
    ``records``: the RunRecords of its configs done so far; ``results``: experiment id ->
    (records, core.experiments.Finding) of each finished experiment; ``notice``: a one-shot
    (kind, text); ``lock``: serialises overlapping script runs that advance the experiment."""

    active: str | None = None
    index: int = 0
    trainer: object = None
    records: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    notice: tuple | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class ComparePage:
    """``gen``: the run-file uploader generation (a new one is empty); ``upload_message``:
    (kind, text) shown under the uploader; ``message``: a one-shot (kind, text) from the run
    management buttons."""

    gen: int = 0
    upload_message: tuple | None = None
    message: tuple | None = None


# ---------------------------------------------------------------- the session
class Session:
    """Everything one browser session keeps.  Read the attributes; change them through the
    methods (the page sub-states ``train``, ``draw``, ``models`` and ``language`` are plain)."""

    def __init__(self, config: TrainConfig | None = None, config_error: Exception | None = None,
                 load_dataset=None):
        """``load_dataset(name)`` gives the Dataset a new Trainer trains on (default: the
        process-wide shared.dataset); shared.new_trainer makes the run (a training process
        unless $BACKPROP_LAB_TRAINER says "thread")."""
        self._config = config or PRESETS[DEFAULT_PRESET]
        self._config_error = config_error
        self._trainer = None
        self._runs: list[RunRecord] = []
        self._pinned: set[int] = set()   # id() of pinned records (each is held by _runs)
        self._kept = None          # the trainer whose run was last kept (a run is kept once)
        self._kept_record = None   # ... and that run's record (while it is in _runs)
        self._count = 0            # runs kept so far (names them "#1", "#2", ...)
        self._model_choice = "shipped"
        self._uploaded = None
        self._load_dataset = load_dataset or shared.dataset
        self._lock = threading.RLock()
        self.language: str | None = None   # None until chosen (link, browser, switcher)
        self.projector = False             # projector mode: big type, no sidebar (classroom)
        # "teacher" | "student" (viz.class_run): decided once when the session is made (a
        # browser on the server machine teaches), a student becomes a teacher with the code.
        self.role = "student"              # least privilege until _from_link decides
        self.code_tries: list = []         # times of this session's wrong teacher codes
        self.code_result: str | None = None   # the last code's answer, to show once
        self.train, self.draw, self.models = TrainPage(), DrawPage(), ModelsPage()
        self.inside = InsidePage()
        self.lessons = LessonsPage()
        self.compare = ComparePage()

    # ------------------------------------------------------------ settings
    @property
    def config(self) -> TrainConfig:
        """The TrainConfig the form shows and the next Start uses."""
        return self._config

    @property
    def config_error(self) -> Exception | None:
        """Why the shared link's settings could not be read (None when they could): the
        CodedError that names each bad value (viz.words.error_text words it)."""
        return self._config_error

    def set_pace(self, pace: str) -> None:
        """Show runs at ``pace`` (core.config.PACES) from now on: the settings and the current
        run change together, and the run goes on (ValueError on an unknown pace)."""
        with self._lock:
            self._config = self._config.replace(pace=pace)
            tr = self._trainer
        if tr is not None:
            tr.set_pace(pace)

    def set_until_paused(self, on: bool) -> None:
        """Whether runs end after their epochs (False) or train until paused (True), for the
        settings and, from its next step, the current run."""
        with self._lock:
            self._config = self._config.replace(until_paused=bool(on))
            tr = self._trainer
        if tr is not None:
            tr.set_hparams(until_paused=bool(on))

    def set_config(self, cfg: TrainConfig) -> None:
        """Make ``cfg`` the settings; the current run is kept in ``runs`` and set aside."""
        with self._lock:
            self._config, self._config_error = cfg, None
        self.discard_trainer()

    # ------------------------------------------------------------ the trainer and its runs
    @property
    def trainer(self):
        """The session's Trainer, or None before the first Start/Step (or after Reset)."""
        return self._trainer

    @property
    def runs(self) -> tuple:
        """RunRecords of the runs that ended or were set aside, oldest first (MAX_RUNS at most)."""
        return tuple(self._runs)

    def ensure_trainer(self):
        """The Trainer, created from ``config`` if there is none or the last run ended (that
        run is kept first)."""
        with self._lock:
            tr = self._trainer
            if tr is None or tr.status in TERMINAL:
                if tr is not None:
                    tr.stop()
                    self._keep(tr)
                tr = shared.new_trainer(self._config, self._load_dataset(self._config.dataset))
                self._trainer = tr
            return tr

    def discard_trainer(self) -> None:
        """Stop the Trainer (its thread exits on its own), keep its run, forget it."""
        with self._lock:
            tr, self._trainer = self._trainer, None
        if tr is not None:
            tr.stop()
            with self._lock:
                self._keep(tr)

    def start_training(self, gate, watch=None) -> int | None:
        """Start (or resume) this session's run through ``gate`` (viz.shared.TrainingGate): the
        Trainer is built only once a slot is free, so a refused Start allocates nothing.
        ``watch()`` tells the gate whether this session's page is still open.  Returns None when
        admitted, else how many other runs are training."""
        def action():
            tr = self.ensure_trainer()
            (tr.resume if tr.status == "paused" else tr.start)()
            return tr
        return gate.admit(self._trainer, action, watch)

    def heartbeat(self, gate=None, watch=None) -> None:
        """A page of this session is open: the trainer keeps going (it pauses, then exits, when
        nobody looks), a run paused because nobody looked resumes through ``gate`` (if given and
        a slot is free), and a run that has ended on its own is kept."""
        tr = self._trainer
        if tr is None:
            return
        tr.touch()
        if gate is not None:
            gate.resume_idle(tr, watch)
        if tr.status in TERMINAL:
            with self._lock:
                if tr is self._trainer:
                    self._keep(tr)

    def _keep(self, tr) -> None:
        """Add ``tr``'s RunRecord to ``runs`` once (call with the lock held); a run that never
        took a step is not a run."""
        if tr is self._kept or tr.step_count == 0:
            return
        self._kept = tr
        self._count += 1
        self._runs.append(RunRecord.from_trainer(tr, name=self._unique_name(f"#{self._count}")))
        self._kept_record = self._runs[-1]
        self._trim()

    def _trim(self) -> None:
        """Drop the oldest unpinned runs until MAX_RUNS are left (call with the lock held)."""
        while len(self._runs) > MAX_RUNS:
            i = next((i for i, r in enumerate(self._runs) if id(r) not in self._pinned), 0)
            self._pinned.discard(id(self._runs.pop(i)))

    def _unique_name(self, name: str, skip=None) -> str:
        """``name``, or "name (2)", "name (3)", ... if another run (not ``skip``) has it."""
        taken = {r.name for r in self._runs if r is not skip}
        out, n = name, 1
        while out in taken:
            n += 1
            out = f"{name} ({n})"
        return out

    # ------------------------------------------------------------ managing the kept runs
    def _index(self, ref) -> int:
        """The position in ``runs`` of ``ref``: an index, a run's name or a RunRecord (KeyError
        when no run matches)."""
        if isinstance(ref, int) and not isinstance(ref, bool):
            if -len(self._runs) <= ref < len(self._runs):
                return ref % len(self._runs)
        else:
            for i, r in enumerate(self._runs):
                if r is ref or (isinstance(ref, str) and r.name == ref):
                    return i
        raise KeyError(f"no kept run {ref!r}")

    def run(self, ref) -> RunRecord:
        """The kept run ``ref`` (index, name or record)."""
        return self._runs[self._index(ref)]

    def pinned(self, ref) -> bool:
        """Whether run ``ref`` is pinned (kept when newer runs push old ones out)."""
        return id(self.run(ref)) in self._pinned

    def pin(self, ref, on: bool = True) -> bool:
        """Pin (``on``) or unpin run ``ref``.  At most MAX_PINNED runs are pinned, so a new run
        always has room; returns False when a pin is refused for that reason."""
        with self._lock:
            rec = self.run(ref)
            if not on:
                self._pinned.discard(id(rec))
            elif id(rec) not in self._pinned:
                if len(self._pinned) >= MAX_PINNED:
                    return False
                self._pinned.add(id(rec))
            return True

    def rename(self, ref, name: str) -> str:
        """Give run ``ref`` the name ``name`` (stripped, at most MAX_NAME characters, made
        unique with " (2)" ...); returns the name given.  ValueError for an empty name."""
        name = " ".join(str(name).split())[:MAX_NAME]
        if not name:
            raise ValueError("a run needs a name")
        with self._lock:
            i = self._index(ref)
            old = self._runs[i]
            new = dataclasses.replace(old, name=self._unique_name(name, skip=old))
            self._runs[i] = new
            if id(old) in self._pinned:
                self._pinned.discard(id(old))
                self._pinned.add(id(new))
            if self._kept_record is old:
                self._kept_record = new
            return new.name

    def delete(self, ref) -> RunRecord:
        """Forget run ``ref``; returns it."""
        with self._lock:
            rec = self._runs.pop(self._index(ref))
            self._pinned.discard(id(rec))
            if self._kept_record is rec:
                self._kept_record = None
            return rec

    def add_run(self, record: RunRecord) -> RunRecord:
        """Keep ``record`` (e.g. a run file brought in from the command line) as the newest run,
        renamed if its name is taken or empty; returns the record as kept."""
        with self._lock:
            name = self._unique_name(" ".join(record.name.split())[:MAX_NAME] or "run")
            rec = record if name == record.name else dataclasses.replace(record, name=name)
            self._runs.append(rec)
            self._trim()
            return rec

    def trainer_of(self, ref):
        """The session's Trainer when run ``ref`` is the record of it (its network can still be
        saved), else None."""
        tr = self._trainer
        rec = self.run(ref)
        if tr is not None and tr is self._kept and rec is self._kept_record:
            return tr
        return None

    # ------------------------------------------------------------ which model answers
    @property
    def model_choice(self) -> str:
        """The kind of model the user picked (a value of MODEL_KINDS; "shipped" by default)."""
        return self._model_choice

    def set_model_choice(self, kind: str) -> None:
        if kind not in MODEL_KINDS:
            raise ValueError(f"unknown model kind {kind!r}")
        self._model_choice = kind

    @property
    def uploaded(self) -> ModelInfo | None:
        """The model uploaded on the Models page, or None."""
        return self._uploaded

    def set_uploaded_model(self, info: ModelInfo | None) -> None:
        """Use ``info`` as the uploaded model and make it answer (None forgets it)."""
        self._uploaded = info
        if info is not None:
            self.set_model_choice("uploaded")
        elif self._model_choice == "uploaded":
            self.set_model_choice("shipped")

    def live_model(self) -> ModelInfo | None:
        """A consistent copy of the training network with its last measured accuracy, or None
        when nothing has been trained (answering_model(full_report=True) measures it in full)."""
        tr = self._trainer
        if tr is None:
            return None
        snap = tr.snapshot()
        if snap.step == 0:
            return None
        return ModelInfo("live", tr.copy_network(), snap.eval_acc, snap.test_split_name,
                         snap.config.dataset)

    def answering_model(self, full_report: bool = False) -> tuple[ModelInfo | None, list[str]]:
        """(the model that answers now, [reasons it is not the one picked]).

        The picked kind answers when it can; otherwise the shipped model does, and the reasons
        say why ("no_live", "no_uploaded", "no_class", "no_shipped:<error>").  ``full_report`` measures the
        live model now on its whole split (the Evaluate page), instead of its last evaluation.
        """
        reasons, info = [], None
        if self._model_choice == "live":
            info = self.live_model()
            if info is None:
                reasons.append("no_live")
            elif full_report:
                info = shared.measure(info.net, "live", dataset_name=info.dataset)
        elif self._model_choice == "uploaded":
            info = self._uploaded
            if info is None:
                reasons.append("no_uploaded")
        elif self._model_choice == "class":
            from viz import class_run
            info = class_run.holder().model()   # shared read-only copy of the class network
            if info is None:
                reasons.append("no_class")
            elif full_report:
                info = shared.measure(info.net, "class", dataset_name=info.dataset)
        if info is None:
            info, error = shared.shipped_model()
            if error:
                reasons.append("no_shipped:" + error)
        return info, reasons


# ---------------------------------------------------------------- this browser session
def get_or_create(store, factory) -> Session:
    """``store[KEY]``, made by ``factory()`` the first time; two threads asking at once get the
    same object and ``factory`` runs once.  ``store``: st.session_state or any dict."""
    found = store.get(KEY)
    if found is None:
        with _CREATE_LOCK:
            found = store.get(KEY)
            if found is None:
                found = store[KEY] = factory()
    return found


def current() -> Session:
    """This browser session's Session; on its first run the settings are read from the page
    address (a shared link), falling back to the defaults with a message when the link is bad."""
    return get_or_create(st.session_state, _from_link)


LANG_PARAM = "lang"            # ?lang=zh opens the app in that language
PROJECTOR_PARAM = "projector"  # ?projector=1 opens it in projector mode
FLAGS = {"1": True, "0": False}


def _from_link() -> Session:
    """A new Session from the page address: settings (core.config.from_link), language and
    projector mode.  Each part that cannot be read falls back to its default, and
    ``config_error`` names every bad part at once (one message)."""
    from viz.strings import LANGUAGES
    query = st.query_params.to_dict()
    problems, cfg = [], None
    try:
        cfg = from_link(query)
    except (ValueError, TypeError) as err:
        problems += getattr(err, "problems", [Problem("preset", "unreadable", {"text": str(err)})])
    lang = query.get(LANG_PARAM)
    if lang is not None and lang not in LANGUAGES:
        problems.append(Problem(LANG_PARAM, "choice", {"value": lang, "options": tuple(LANGUAGES)}))
        lang = None
    projector = query.get(PROJECTOR_PARAM, "0")
    if projector not in FLAGS:
        problems.append(Problem(PROJECTOR_PARAM, "choice",
                                {"value": projector, "options": tuple(FLAGS)}))
        projector = "0"
    s = Session(cfg, config_error(problems) if problems else None)
    memory.track(s)   # counted (weakly) for the memory log, viz/memory.py
    s.projector = FLAGS[projector]
    s.role = _first_role()
    if lang is not None:
        s.language = lang
    return s


def _first_role() -> str:
    """This new session's role (viz.class_run.first_role): a browser on the server machine is
    the teacher; the machine's own LAN addresses count as on it."""
    from viz import class_run
    from viz.panels.join import own_addresses
    return class_run.first_role(st.context.ip_address, own_addresses())


def become_teacher(code: str) -> str:
    """Make this session a teacher if ``code`` is the teacher code: "ok", "wrong" or "wait"
    (too many wrong tries; viz.class_run.ClassRun.check_code)."""
    from viz import class_run
    s = current()
    if s.role == "teacher":
        return "ok"
    result = class_run.holder().check_code(code, s.code_tries)
    if result == "ok":
        s.role = "teacher"
    return result


def heartbeat() -> None:
    """This session's page is open (every page run and the live fragments call this): see
    Session.heartbeat; an idle-paused run resumes through the process's training gate.  It
    also lets the process drop the sessions of tabs closed long ago (viz.memory.housekeeping:
    Streamlit would keep them until the next tab closes)."""
    current().heartbeat(shared.training_gate(), shared.session_watch())
    memory.housekeeping()


def link_query(cfg: TrainConfig | None = None) -> dict:
    """{key: text} of the link that reopens this session's lesson: its settings (a preset and
    the values that differ from it), its language and, when on, projector mode."""
    s = current()
    wanted = to_link(cfg or s.config)
    wanted[LANG_PARAM] = language()
    if s.projector:
        wanted[PROJECTOR_PARAM] = "1"
    return wanted


def _owned(key: str) -> bool:
    """Whether the lesson's link owns query key ``key`` (others belong to other pages)."""
    return key in _LINK_KEYS


_LINK_KEYS = frozenset([f.name for f in dataclasses.fields(TrainConfig)]
                       + [PRESET_PARAM, LANG_PARAM, PROJECTOR_PARAM])


def sync_query(cfg: TrainConfig | None = None) -> None:
    """Write the lesson (``cfg``, default the session's settings; the language; projector mode)
    into the page address, so the link reproduces it.  Keys the lesson does not own (a page's
    own, e.g. a lesson number) are kept."""
    current = st.query_params.to_dict()
    wanted = {k: v for k, v in current.items() if not _owned(k)}
    wanted.update(link_query(cfg))
    if current != wanted:
        st.query_params.from_dict(wanted)


def language() -> str:
    """The session's language code (DEFAULT_LANGUAGE until it chooses one, and outside a
    Streamlit script run: unit tests, the command line)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANGUAGE
    return current().language or DEFAULT_LANGUAGE


def language_chosen() -> bool:
    """Whether this session has a language yet (a new one takes it from the link or browser)."""
    return current().language is not None


def set_language(code: str) -> None:
    """Show the app in language ``code`` (a key of viz.strings.LANGUAGES) from the next rerun on."""
    from viz.strings import LANGUAGES
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    current().language = code


# ---------------------------------------------------------------- widgets
def widget_key(name: str) -> str:
    """The session-state key of a widget, e.g. ``widget_key("cfg.lr")`` -> "w.cfg.lr"; widgets
    keep their keys there so that presets and links can fill them."""
    return "w." + name


def set_widget(name: str, value) -> None:
    """Set a widget's value before it is drawn (from a callback or before the widget call)."""
    st.session_state[widget_key(name)] = value


def widget(name: str, default=None):
    """A widget's current value."""
    return st.session_state.get(widget_key(name), default)
