"""What tells runs apart, and where each run's points sit on a shared x axis.

``differing_fields(configs)``: for each config, the (field, value) pairs of the TrainConfig fields
whose values are not all equal across ``configs`` — what a legend needs to name a run ("relu, he"
against "sigmoid, xavier") without repeating the settings every run shares.

``run_x(record, steps, axis)``: a run's step numbers on the compare page's x axis: steps as they
are, epochs (step / steps per epoch), or training seconds, interpolated piecewise-linearly through
the (step, seconds) pairs the run recorded at each epoch end (0 s at step 0, ``train_seconds`` at
the last step).
"""
from __future__ import annotations

import dataclasses

import numpy as np

AXES = ("steps", "epochs", "seconds")


def differing_fields(configs) -> list[list[tuple[str, object]]]:
    """[[(field, value), ...] per config]: the fields (in TrainConfig order) on which at least
    two of ``configs`` differ.  One config (or identical ones) differs in nothing: [[], ...]."""
    configs = list(configs)
    if not configs:
        return []
    names = [f.name for f in dataclasses.fields(configs[0])]
    differ = [n for n in names if len({repr(getattr(c, n)) for c in configs}) > 1]
    return [[(n, getattr(c, n)) for n in differ] for c in configs]


def steps_per_epoch(record) -> float:
    """Optimizer steps in one epoch of ``record`` (steps / epochs_done; 1 before any epoch)."""
    if record.epochs_done > 0 and record.steps > 0:
        return record.steps / record.epochs_done
    return 1.0


def run_x(record, steps, axis: str) -> np.ndarray:
    """``steps`` (S,) of ``record`` as positions on ``axis`` (one of AXES), float64 (S,)."""
    steps = np.asarray(steps, dtype=np.float64)
    if axis == "steps":
        return steps
    if axis == "epochs":
        return steps / steps_per_epoch(record)
    if axis == "seconds":
        known = [(0.0, 0.0)] + [(float(e["step"]), float(e["seconds"]))
                                for e in record.epoch_history
                                if e.get("step") is not None and e.get("seconds") is not None]
        known.append((float(record.steps), float(record.train_seconds)))
        known.sort()
        xs, ys = zip(*known)
        return np.interp(steps, xs, ys)
    raise ValueError(f"unknown axis {axis!r}; choose one of {', '.join(AXES)}")
