"""The training runtime: a run you can steer live from another thread, or run headless.

    from core.train import Trainer
    tr = Trainer(config, dataset); tr.start(); ...; tr.pause(); tr.step(); tr.snapshot()

``trainer`` (threads, controls), ``steps`` (one step), and the parts a step uses: ``batches``
(the shuffled batch stream, full batch, augmentation), ``fullbatch`` (exact full-batch passes that
skip never-inked pixels), ``guard`` (divergence guard and backups), ``records`` and ``history``
(bounded histories), ``evaluation`` (held-out evaluation and its cadence), ``meter``
(throughput); ``notes`` (status codes and their English), ``snapshot`` (the frozen picture
readers get), ``cli`` (``python -m core.train``); ``process`` (ProcessTrainer: the same run in a
child process, the app's default), ``worker`` (that child's side) and ``wire`` (their messages).
"""
from core.train.guard import suggest_lr
from core.train.notes import Note, english
from core.train.snapshot import Snapshot
from core.train.steps import TERMINAL, build_network
from core.train.trainer import Trainer

__all__ = ["Trainer", "Snapshot", "Note", "english", "build_network", "TERMINAL", "suggest_lr"]
