"""The training runtime: a run you can steer live from another thread, or run headless.

    from core.train import Trainer
    tr = Trainer(config, dataset); tr.start(); ...; tr.pause(); tr.step(); tr.snapshot()

``trainer`` (threads, controls), ``steps`` (one step and what it records), ``fullbatch`` (exact
full-batch passes that skip never-inked pixels), ``history`` (bounded histories), ``snapshot``
(the frozen picture readers get), ``cli`` (``python -m core.train``).
"""
from core.train.snapshot import Snapshot
from core.train.steps import TERMINAL, build_network, suggest_lr
from core.train.trainer import Trainer

__all__ = ["Trainer", "Snapshot", "build_network", "TERMINAL", "suggest_lr"]
