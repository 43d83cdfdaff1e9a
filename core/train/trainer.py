"""The Trainer: a training run you can steer live from another thread, and run headless.

    from core.train import Trainer
    tr = Trainer(config, dataset); tr.start(); ...; tr.pause(); tr.step(); tr.snapshot()

``start()`` runs the loop (steps.py: one step, its statistics, evaluation, divergence guard)
in a background thread.  ``pause/resume/step/stop`` and ``set_hparams`` change fields under the
lock and wake the thread through a Condition: a paused trainer sleeps in ``Condition.wait``, no
polling.  A step runs entirely under the lock, so ``snapshot()`` and ``copy_network()`` never see
half a step.  Readers and controls announce themselves before taking the lock, and the loop lets
them in between two steps, so a tight training loop cannot starve them (Python's locks are not
fair).  ``run()`` trains synchronously in the caller's thread (CLI, benchmarks).

Pace (core.config.PACES): the background loop takes at most ``config.steps_per_s()`` steps a
second.  It waits for the next step's time in ``Condition.wait``, which releases the lock, so
readers, controls and Pause get in at once; ``set_pace`` changes the pace while it runs.
A requested Step is never held back, and ``run()`` ignores the pace.

Command line (from the repo root):  python -m core.train --help
"""
from __future__ import annotations

import copy
import threading
import time
from contextlib import contextmanager

from core import threads
from core.train.notes import Note
from core.train.snapshot import Snapshot, make_snapshot
from core.train.steps import TERMINAL, TrainingSteps, build_network

__all__ = ["Trainer", "Snapshot", "build_network"]


class Trainer(TrainingSteps):
    """Trains ``build_network(config)`` on ``dataset`` (a core.data.Dataset).

    eval_every      held-out evaluation every this many steps (None: at epoch ends only)
    history_points  bound on the rows of the per-step history (older rows are bucket means)
    idle_pause_s    without touch() for this long a running trainer pauses ...
    idle_stop_s     ... and its thread exits (resume() starts a new one; nothing is lost)
    blas_threads    BLAS threads while training (process-wide; core/threads.py), None: as is
    """

    def __init__(self, config, dataset, *, eval_every=50, history_points=600,
                 idle_pause_s=180.0, idle_stop_s=900.0, blas_threads=threads.TRAINING_THREADS,
                 dtype="float32"):
        super().__init__(config, dataset, eval_every=eval_every, history_points=history_points,
                         dtype=dtype)
        self.idle_pause_s, self.idle_stop_s = float(idle_pause_s), float(idle_stop_s)
        self.blas_threads = blas_threads
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._gate = threading.Lock()  # guards the count of readers waiting for the lock
        self._readers = 0
        self._thread = None
        self._stop_requested, self._step_requests = False, 0
        self._idle_paused = False
        self._pass_status = None  # the status when the step in progress began
        self._last_touch = time.monotonic()
        self._next_step_at = 0.0   # monotonic time before which a paced run takes no step
        self._snap = None
        self.error = None

    # ------------------------------------------------------------------ locking
    @contextmanager
    def _priority(self):
        """Hold the lock, after the training loop has let us in between two steps."""
        with self._gate:
            self._readers += 1
        self._lock.acquire()
        try:
            with self._gate:
                self._readers -= 1
            yield
        finally:
            self._cond.notify_all()
            self._lock.release()

    # ------------------------------------------------------------------ controls
    def start(self):
        """Train in a background thread (resumes a paused run; no effect once it has ended)."""
        threads.set_blas_threads(self.blas_threads)
        with self._priority():
            if self._status in TERMINAL:
                return
            self._last_touch = time.monotonic()
            self._idle_paused = False
            if self._status != "running":
                self._set_status("running", Note("training", {}))
            self._ensure_thread()

    resume = start

    def pause(self):
        """Pause now: a long step in progress stops at its next chunk (within about a tenth of a
        second) and is taken again on resume; the thread sleeps until resume(), step() or stop()."""
        with self._priority():
            if self._status == "running":
                self._idle_paused = False
                self._set_status("paused", Note("paused", {"step": self._step}))

    def step(self, timeout=10.0):
        """Train exactly one mini-batch, then stay paused.  Waits (up to ``timeout`` s) for that
        step to finish and returns the step count.  Pauses a running trainer first."""
        threads.set_blas_threads(self.blas_threads)
        with self._priority():
            if self._status in TERMINAL:
                return self._step
            if self._status != "paused":
                self._set_status("paused", Note("paused", {"step": self._step}))
            self._idle_paused = False
            self._last_touch = time.monotonic()
            self._step_requests += 1
            target = self._step + self._step_requests
            self._ensure_thread()
            self._cond.notify_all()  # wake the sleeping loop now, not when we leave
            deadline = time.monotonic() + timeout
            # Wait for the step itself, not for the loop to take the request: readers let in
            # between two chunks of the step would otherwise wake us before it has landed.
            while (self._step < target and self._status == "paused"
                   and time.monotonic() < deadline):
                self._cond.wait(deadline - time.monotonic())
            return self._step

    def stop(self):
        """End the run for good (status "stopped"); a long step in progress stops at its next
        chunk and the thread exits."""
        with self._priority():
            self._stop_requested = True
            if self._status not in TERMINAL:
                self._set_status("stopped", Note("stopped", {"step": self._step}))

    def join(self, timeout=None):
        t = self._thread
        if t is not None:
            t.join(timeout)

    def touch(self):
        """Heartbeat from the UI.  Without one for ``idle_pause_s`` a running trainer pauses; its
        thread exits after ``idle_stop_s``.  A heartbeat never resumes a run by itself: the app
        resumes an idle-paused run through its training gate (``idle_paused`` says which)."""
        self._last_touch = time.monotonic()

    @property
    def idle_paused(self):
        """True while the run is paused because nobody watched it (not by the user)."""
        return self._idle_paused and self._status == "paused"

    def pause_idle(self, seconds):
        """Pause a running run because nobody has watched it for ``seconds`` (note
        "paused_idle"); the app resumes it when someone looks again."""
        with self._priority():
            if self._status == "running":
                self._idle_paused = True
                self._set_status("paused", Note("paused_idle", {"step": self._step,
                                                                "seconds": float(seconds)}))

    def set_hparams(self, lr=None, momentum=None, l2=None, dropout=None, batch_size=None,
                    until_paused=None):
        """Change hyperparameters from the next step on (``until_paused``: whether the run ends
        after its epochs).  ValueError (nothing changed) on a bad value."""
        changes = {} if until_paused is None else {"until_paused": bool(until_paused)}
        try:
            for name, value, kind in (("lr", lr, float), ("momentum", momentum, float),
                                      ("l2", l2, float), ("dropout", dropout, float),
                                      ("batch_size", batch_size, int)):
                if value is None:
                    continue
                if kind is int and float(value) != int(value):
                    raise ValueError(f"batch size must be a whole number; got {value!r}")
                changes[name] = kind(value)
        except (TypeError, OverflowError):
            raise ValueError("hyperparameters must be numbers") from None
        if not changes:
            return
        with self._priority():
            base = self._pending or self.config
            self._pending = base.replace(**changes)  # validates: ValueError with the reasons

    def set_pace(self, pace):
        """Take steps at pace ``pace`` (a key of core.config.PACES) from now on; a run waiting
        for its next step under the old pace takes it at once.  ValueError on an unknown pace."""
        with self._priority():
            self.config = self.config.replace(pace=pace)   # validates
            if self._pending is not None:
                self._pending = self._pending.replace(pace=pace)
            self._next_step_at = 0.0
            self._bump()

    @property
    def pace(self):
        """The run's pace (a key of core.config.PACES)."""
        return self.config.pace

    def copy_network(self):
        """A consistent copy of the live network."""
        with self._priority():
            return self.net.copy()

    def copy_optimizer(self):
        """(network copy, optimizer copy, step): the live network and its optimizer (learning
        rate, momentum buffers, Adam's moments and step count) copied together between two
        steps, so the buffers belong to those very weights (core/stepthrough.py replays a step)."""
        with self._priority():
            return self.net.copy(), copy.deepcopy(self.opt), self._step

    # ------------------------------------------------------------------ long passes
    def _step_once(self):
        self._pass_status = self._status
        super()._step_once()

    def _interrupted(self):
        """Between two chunks of a long pass, with the lock held: let waiting readers and
        controls in (the pass has changed nothing yet, so they see whole steps), then say
        whether to stop the pass: after Stop, or when a running run was paused meanwhile (a
        single requested Step is not interrupted by Pause)."""
        while self._readers:
            self._cond.wait()
        if self._pass_status is None:   # run()'s last evaluation: never interrupted, not by Stop
            return False
        return self._stop_requested or (self._pass_status == "running"
                                        and self._status != "running")

    # ------------------------------------------------------------------ background thread
    def _ensure_thread(self):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="backprop-lab-trainer",
                                            daemon=True)
            self._thread.start()

    def _loop(self):
        threads.set_blas_threads(self.blas_threads)
        try:
            while True:
                with self._cond:
                    if not self._wait_for_work():
                        return
                    self._step_once()
                    self._cond.notify_all()
        except Exception as exc:  # keep the reason visible instead of dying silently
            with self._cond:
                self.error = exc
                self._set_status("stopped", Note("error", {"step": self._step,
                                                           "error": str(exc)}))
                self._cond.notify_all()

    def _wait_for_work(self):
        """With the lock held: sleep until there is a step to take (True) or the thread should
        end (False).  Waiting readers go first."""
        while True:
            while self._readers:
                self._cond.wait()
            if self._stop_requested or self._status in TERMINAL:
                return False
            idle = time.monotonic() - self._last_touch
            if self._status == "running":
                if idle <= self.idle_pause_s:
                    wait = self._paced_wait()
                    if wait <= 0:
                        return True
                    self._cond.wait(wait)   # releases the lock: Pause and readers get in
                    continue
                self._idle_paused = True
                self._set_status("paused", Note("paused_idle", {"step": self._step,
                                                                "seconds": self.idle_pause_s}))
            if self._step_requests:
                self._step_requests -= 1
                return True
            if idle > self.idle_stop_s:
                self._set_status("paused", Note("released_idle", {"step": self._step,
                                                                  "seconds": self.idle_stop_s}))
                return False  # resume() starts a new thread
            self._cond.wait(max(self.idle_stop_s - idle, 0.05))

    def _paced_wait(self):
        """Seconds to wait before the next step under the pace (<= 0: take it now, and book
        the one after).  Steps are booked at fixed intervals, so the rate holds without drift;
        after a long gap (a pause, a slow step) the booking restarts from now, with no burst."""
        rate = self.config.steps_per_s()
        now = time.monotonic()
        if rate is None:
            return 0.0
        interval = 1.0 / rate
        wait = self._next_step_at - now
        if wait <= 0:   # on time: book the next from this one's slot; late (a pause): from now
            slot = self._next_step_at if -wait < interval else now
            self._next_step_at = slot + interval
        return wait

    # ------------------------------------------------------------------ synchronous
    def run(self, max_steps=None, progress=None):
        """Train in the calling thread until the run ends or ``max_steps`` steps are done.

        ``progress(step, epoch, loss, acc)`` is called after every step.  Returns the final
        Snapshot; the run is evaluated at its last step.  pause()/stop() from another thread
        end it early.
        """
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError("this trainer already runs in its background thread")
        threads.set_blas_threads(self.blas_threads)
        with self._priority():
            ended = self._status in TERMINAL
            if not ended:
                self._set_status("running", Note("training", {}))
        if ended:
            return self.snapshot()
        done = 0
        while max_steps is None or done < max_steps:
            with self._cond:  # plain lock: nobody waits on this thread's notifications
                while self._readers:  # let waiting readers in between two steps
                    self._cond.wait()
                if self._status != "running":
                    break
                self._step_once()
                loss, acc = self.records.last
            done += 1
            if progress is not None:
                progress(self._step, self.epoch, loss, acc)
        with self._priority():
            if self._status == "running":
                self._set_status("paused", Note("paused", {"step": self._step}))
            if not self.evaluator.fresh(self._step):
                self._pass_status = None   # the run's last evaluation is never interrupted
                self._evaluate()
        return self.snapshot()

    # ------------------------------------------------------------------ snapshot
    def snapshot(self):
        """A Snapshot; its data is copied under the lock, so it never shows half a step."""
        with self._priority():
            if self._snap is not None and self._snap.version == self._version:
                return self._snap  # nothing changed: readers polling a paused run pay nothing
            state = self._copy_state()
        snap = make_snapshot(state)
        self._snap = snap
        return snap

