"""The training process's side of core/train/process.py: a Trainer steered over a pipe.

    python -m core.train.worker      (started by ProcessTrainer; reads stdin, answers on stdout)

The first message is ``(config, dataset, options)``: the Trainer is built from it (``options``:
its keyword arguments) and the answer is ``("ok", None, state)`` or ``("err", exception, None)``.
Every later message is ``(command, args, kwargs)``, one of COMMANDS, and is answered with
``("ok", value, state)`` or ``("err", exception, state)``; ``state`` is ``state(trainer)``, the few
fields the parent reads often (status, step, ...), so it rarely has to ask for them.  The Trainer
trains in its own thread meanwhile; this loop only reads, answers and steers.  The process ends
when stdin closes (the parent ended or dropped the run) or on "close"; the run is stopped first.

Anything the process prints goes to stderr: stdout carries only the answers.
"""
from __future__ import annotations

import os
import signal
import sys

from core.train import wire
from core.train.trainer import Trainer

#: Trainer members the parent may read with "get" (plain data, copied by pickling).
READABLE = ("epoch_history", "train_seconds", "test_split_name")


def state(tr: Trainer) -> dict:
    """What the parent reads most: answered with every message, so polling it is rare."""
    return {"status": tr.status, "note": tr.note, "step": tr.step_count, "epoch": tr.epoch,
            "idle_paused": tr.idle_paused, "config": tr.config,
            "error": None if tr.error is None else str(tr.error)}


class _Session:
    """The Trainer and what the parent already holds of it."""

    def __init__(self, trainer: Trainer):
        self.tr = trainer
        self.sent = None   # the Snapshot sent last (Trainer.snapshot() returns the same object
                           # while nothing has changed)

    def snapshot(self, known=None):
        """The trainer's Snapshot, or None when it is the one the parent holds (``known``: that
        snapshot's version)."""
        snap = self.tr.snapshot()
        if snap is self.sent and known == snap.version:
            return None
        self.sent = snap
        return snap

    def final(self):
        """Everything a run that has ended keeps: its last snapshot, network, optimizer and
        records (the parent keeps them after this process has gone)."""
        net, opt, step = self.tr.copy_optimizer()
        return {"snapshot": self.tr.snapshot(), "net": net, "opt": opt, "step": step,
                **{name: getattr(self.tr, name) for name in READABLE}}

    def get(self, name):
        if name not in READABLE:
            raise AttributeError(f"{name!r} cannot be read from a training process")
        return getattr(self.tr, name)

    def command(self, name, args, kwargs):
        if name in COMMANDS:
            return getattr(self.tr, name)(*args, **kwargs)
        if name in ("snapshot", "final", "get"):
            return getattr(self, name)(*args, **kwargs)
        if name == "state":
            return None
        raise ValueError(f"unknown command {name!r}")


#: The Trainer's own methods the parent may call.
COMMANDS = ("start", "resume", "pause", "step", "stop", "touch", "pause_idle", "set_hparams",
            "set_pace", "copy_network", "copy_optimizer", "join", "run")


def serve(requests, answers) -> None:
    """Build the Trainer from the first message on ``requests`` and answer on ``answers``
    (binary streams) until ``requests`` closes or says "close"."""
    try:
        config, dataset, options = wire.recv(requests)
        session = _Session(Trainer(config, dataset, **options))
    except EOFError:
        return
    except Exception as exc:   # a bad config or options: the parent raises it
        wire.send(answers, ("err", exc, None))
        return
    wire.send(answers, ("ok", None, state(session.tr)))
    try:
        while True:
            try:
                name, args, kwargs = wire.recv(requests)
            except EOFError:
                return
            if name == "close":
                return
            try:
                reply = ("ok", session.command(name, args, kwargs), state(session.tr))
            except Exception as exc:
                reply = ("err", exc, state(session.tr))
            try:
                wire.send(answers, reply)
            except (BrokenPipeError, OSError):
                return
            except Exception as exc:   # an answer that cannot be pickled: say why instead
                wire.send(answers, ("err", RuntimeError(f"{name}: {exc}"), state(session.tr)))
    finally:
        session.tr.stop()
        session.tr.join(timeout=10)


def main() -> None:
    """Entry point: answers go to a private copy of stdout; fd 1 then points at stderr, so
    nothing printed by a library can corrupt the answers.  Ctrl+C in the server's terminal
    reaches this process too: the parent decides when it ends, so SIGINT is ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    serve(requests, answers)


if __name__ == "__main__":
    main()
