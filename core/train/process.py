"""A Trainer in a process of its own: the same controls and readings, another interpreter.

    from core.train.process import ProcessTrainer
    tr = ProcessTrainer(config, dataset); tr.start(); ...; tr.snapshot(); tr.pause(); tr.stop()

Why a process: Python runs one thread at a time in a process (the GIL).  In the app, the server's
own Python work — each follower's refresh, each drawing — and the training loop share it, and a
training thread that gives the GIL up at every NumPy call waits for it to come back each time
(``python benchmarks/bench_class.py --window 20 --trainer thread``: with 20 followers and 10
drawers the run kept 0.35 of its speed alone, against 0.67-0.80 in a process).  A child process
has its own interpreter, so the run never waits for the server's lock, only for a core.

The child is ``python -m core.train.worker`` (worker.py): it builds a core.train.Trainer from
``(config, dataset, options)`` — the same keyword options as Trainer — and the Trainer trains in
the child's background thread.  Every method here is a message over the child's stdin/stdout
(wire.py) and its answer; with each answer comes the child's ``state`` (status, step, ...), so
reading ``status`` costs a message at most every STATE_MAX_AGE_S seconds.  ``snapshot()`` asks
again at most every SNAPSHOT_MIN_S seconds (any control asks at once), however many readers
poll: a class of followers costs the run one copy per tenth of a second.  ``touch()`` is passed
on at most every TOUCH_EVERY_S seconds (the idle limits are minutes).

When the run ends (finished, diverged, stopped) its last snapshot, network, optimizer and records
are copied here and the child exits: an ended run holds no process.  The child also exits when
this object is garbage-collected (its stdin closes) or when the server exits.  If the child dies
(killed, out of memory), the run reads as stopped with note "error" and the reason; what was
last copied here stays readable.

Methods may be called from any thread; messages go one at a time.
"""
from __future__ import annotations

import copy
import dataclasses
import math
import os
import subprocess
import sys
import threading
import time
import weakref

from core.config import TrainConfig
from core.train import wire
from core.train.notes import Note
from core.train.steps import TERMINAL, build_network

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SNAPSHOT_MIN_S = 0.1     # a new snapshot is copied at most this often (controls: at once)
STATE_MAX_AGE_S = 0.05   # status and step are asked again when older than this
TOUCH_EVERY_S = 1.0      # heartbeats are passed on at most this often
REAP_S = 10.0            # an ending child that has not exited after this long is killed
CONTROLS = ("start", "resume", "pause", "step", "stop", "pause_idle", "set_hparams", "set_pace",
            "run")


class _Gone(Exception):
    """The child process has ended or stopped answering."""


class ProcessTrainer:
    """A core.train.Trainer that trains in a child process (see the module docstring).

    Same constructor arguments and public members as Trainer, except that ``run()`` takes no
    ``progress`` callback (it trains in the child's command loop and answers when done) and
    ``net`` is a copy (the live network is in the child).  ``close()`` ends the child now; an
    ended run keeps its readings.
    """

    def __init__(self, config, dataset, *, python: str | None = None, **options):
        if not isinstance(config, TrainConfig):
            raise TypeError("config must be a TrainConfig")
        self._lock = threading.RLock()
        self._state, self._state_at = None, -math.inf
        self._snap, self._snap_at = None, -math.inf
        self._touch_sent = -math.inf
        self._final = None     # what the worker's "final" gave, once the run has ended
        self._lost = None      # why the child went away before the run ended
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
        self._proc = subprocess.Popen([python or sys.executable, "-m", "core.train.worker"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT,
                                      env=env)
        self._finalizer = weakref.finalize(self, _close, self._proc)
        try:
            kind, value, state = self._exchange((config, dataset, options))
        except _Gone:
            raise OSError(f"the training process could not start: {self._lost}") from None
        if kind == "err":
            self._finalizer()
            raise value
        self._take(state)
        self.snapshot()

    # ------------------------------------------------------------------ messages
    def _exchange(self, message):
        """Send ``message`` and return the child's answer (call with the lock held, or from
        __init__).  _Gone when the child has ended: the run is then marked lost."""
        try:
            wire.send(self._proc.stdin, message)
            return wire.recv(self._proc.stdout)
        except (EOFError, OSError, ValueError) as exc:   # ValueError: a closed pipe
            self._gone(f"the training process stopped answering ({exc})")
            raise _Gone from None

    def _take(self, state) -> None:
        if state is not None:
            self._state, self._state_at = state, time.monotonic()

    def _call(self, name, *args, **kwargs):
        """The child's answer to ``name(*args, **kwargs)``; its exception is raised here.  Once
        the run has ended (or the child is gone) this object answers itself."""
        with self._lock:
            if self._final is None and self._lost is None:
                try:
                    kind, value, state = self._exchange((name, args, kwargs))
                except _Gone:
                    return self._local(name, args)
                self._take(state)
                if name in CONTROLS:
                    self._snap_at = -math.inf   # the next snapshot shows what the control did
                if state is not None and state["status"] in TERMINAL:
                    self._settle()
                if kind == "err":
                    raise value
                return value
            return self._local(name, args)

    def _settle(self) -> None:
        """The run has ended: copy what it keeps, then let the child exit."""
        try:
            kind, value, state = self._exchange(("final", (), {}))
        except _Gone:
            return
        if kind == "ok":
            self._final, self._snap = value, value["snapshot"]
            self._take(state)
            self._finalizer()

    def _gone(self, why: str) -> None:
        """The child went away (``why``, unless it has exited: then its exit code says it): the
        run reads as stopped, note "error", with the reason."""
        if self._lost is not None:
            return
        code = self._proc.poll()
        self._lost = f"the training process ended (exit code {code})" if code is not None else why
        self._finalizer()
        if self._state is None:
            return
        step = max(self._state["step"], self._snap.step if self._snap is not None else 0)
        note = Note("error", {"step": step, "error": self._lost})
        self._state = {**self._state, "status": "stopped", "note": note, "idle_paused": False,
                       "step": step, "error": self._lost}
        if self._snap is not None:
            self._snap = dataclasses.replace(self._snap, version=self._snap.version + 1,
                                             status="stopped", note=note)

    def _local(self, name, args):
        """The answer to ``name`` from what was copied here (the run has ended)."""
        if name == "snapshot":
            return self._snap
        if name == "step":
            return self._state["step"]
        if name == "set_pace":   # validated, and kept, like Trainer.set_pace on an ended run
            self._state = {**self._state, "config": self._state["config"].replace(pace=args[0])}
        elif name in ("copy_network", "copy_optimizer", "get") and self._final is None:
            if name == "get":
                return _LOST_READINGS[args[0]](self)
            raise RuntimeError(self._lost)
        elif name == "copy_network":
            return self._final["net"].copy()
        elif name == "copy_optimizer":
            return self._final["net"].copy(), copy.deepcopy(self._final["opt"]), self._final["step"]
        elif name == "get":
            return self._final[args[0]]
        return None

    # ------------------------------------------------------------------ controls
    def start(self):
        self._call("start")

    def resume(self):
        self._call("resume")

    def pause(self):
        self._call("pause")

    def step(self, timeout=10.0):
        return self._call("step", timeout)

    def stop(self):
        self._call("stop")

    def pause_idle(self, seconds):
        self._call("pause_idle", seconds)

    def set_hparams(self, **changes):
        self._call("set_hparams", **changes)

    def set_pace(self, pace):
        self._call("set_pace", pace)

    def run(self, max_steps=None):
        """Train until the run ends or ``max_steps`` steps are done, then answer its Snapshot
        (Trainer.run in the child; RuntimeError while its background thread trains)."""
        self._call("run", max_steps)
        return self.snapshot()

    def join(self, timeout=None):
        """Wait for the child's training thread to end (e.g. after stop())."""
        self._call("join", timeout)

    def touch(self):
        """Heartbeat from the UI (passed on at most every TOUCH_EVERY_S seconds)."""
        now = time.monotonic()
        if now - self._touch_sent >= TOUCH_EVERY_S:
            self._touch_sent = now
            self._call("touch")

    def close(self) -> None:
        """End the child now (a run still going is stopped first, and lost)."""
        with self._lock:
            self._finalizer()
            if self._final is None:
                self._gone("the training process was closed")

    # ------------------------------------------------------------------ readings
    def snapshot(self):
        """The run's Snapshot (core.train.snapshot), at most SNAPSHOT_MIN_S old."""
        with self._lock:
            if time.monotonic() - self._snap_at >= SNAPSHOT_MIN_S:
                snap = self._call("snapshot", None if self._snap is None else self._snap.version)
                if snap is not None and self._final is None:   # (final: the newest)
                    self._snap = snap
                self._snap_at = time.monotonic()
            return self._snap

    def copy_network(self):
        """A consistent copy of the run's network."""
        return self._call("copy_network")

    def copy_optimizer(self):
        """(network copy, optimizer copy, step), copied together between two steps."""
        return self._call("copy_optimizer")

    def _fresh(self) -> dict:
        if time.monotonic() - self._state_at > STATE_MAX_AGE_S:
            self._call("state")
        return self._state

    status = property(lambda self: self._fresh()["status"], doc="ready, running, paused, ...")
    note = property(lambda self: self._fresh()["note"], doc="the Note that goes with the status")
    step_count = property(lambda self: self._fresh()["step"])
    epoch = property(lambda self: self._fresh()["epoch"], doc="fractional epochs done")
    idle_paused = property(lambda self: self._fresh()["idle_paused"] and
                           self._state["status"] == "paused")
    config = property(lambda self: self._fresh()["config"], doc="the run's TrainConfig now")
    pace = property(lambda self: self.config.pace)

    @property
    def error(self):
        """The error that ended the run (a RuntimeError with its text), or None."""
        text = self._fresh()["error"]
        return None if text is None else RuntimeError(text)

    epoch_history = property(lambda self: self._call("get", "epoch_history"))
    train_seconds = property(lambda self: self._call("get", "train_seconds"))
    test_split_name = property(lambda self: self._call("get", "test_split_name"))

    @property
    def net(self):
        """A copy of the network (the live one is in the child); after the child was lost, a
        network of the run's sizes with fresh weights (its sizes are all a record needs)."""
        if self._final is None and self._lost is not None:
            return build_network(self._state["config"])
        return self.copy_network()

    @property
    def alive(self) -> bool:
        """Whether the child process is still running."""
        return self._proc.poll() is None

    @property
    def pid(self) -> int:
        return self._proc.pid


_LOST_READINGS = {
    "epoch_history": lambda tr: [],
    "train_seconds": lambda tr: 0.0,
    "test_split_name": lambda tr: tr._snap.test_split_name,
}


def _close(proc) -> None:
    """End the child: its stdin closes, so it stops the run and exits; a daemon thread waits for
    it (killing it after REAP_S seconds), so no zombie is left and nobody here blocks."""
    try:
        proc.stdin.close()
    except OSError:
        pass
    threading.Thread(target=_reap, args=(proc,), name="backprop-lab-reap", daemon=True).start()


def _reap(proc) -> None:
    try:
        proc.wait(timeout=REAP_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stdout.close()
