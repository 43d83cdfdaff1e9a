"""Built figures of a run, rebuilt only when due: one cache per session, or one for many viewers.

No Streamlit here.  A ``FigureCache`` holds, per key (run revision, language, projector mode),
the last built figure of each chart name and the snapshot version it was built from.  It is safe
to share between sessions and threads (one lock): the read-only follow page passes one
process-wide cache so each snapshot's figures are built once for all its viewers.  What a
particular browser has already received is NOT here (that is per session: viz/session.py).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import cached_property

import numpy as np


class Built:
    """One built figure (a plotly Figure, or for images whatever the builder returned) and what
    the live chart derives from it once, whoever asks: ``traces`` [(x, y)] arrays, ``skeleton``
    (a string that changes when anything but the points changes), ``json`` (the whole figure)."""

    def __init__(self, fig, version):
        self.fig, self.version = fig, version

    @cached_property
    def traces(self):
        return [(_arr(tr.x), _arr(tr.y)) for tr in self.fig.data]

    @cached_property
    def skeleton(self) -> str:
        import json
        shapes = [{k: v for k, v in tr.to_plotly_json().items() if k not in ("x", "y")}
                  for tr in self.fig.data]
        return json.dumps([shapes, self.fig.layout.to_plotly_json()], sort_keys=True,
                          default=repr)

    @cached_property
    def json(self) -> str:
        return self.fig.to_json()


def _arr(v) -> np.ndarray:
    return np.zeros(0, np.float32) if v is None else np.asarray(v).ravel()


class FigureCache:
    """figures(key, snap, view, builders, every) -> {name: Built}; thread-safe.

    key: (revision, language, projector); at most ``keys`` keys are kept (least recently used
    dropped), so viewers in two languages do not rebuild each other's figures.
    builders: {name: (views, build)} as train_charts._builders returns.
    every: {name: seconds}: while ``snap.status`` is "running", a figure is rebuilt at most that
    often (default: whenever the snapshot version changed); otherwise as soon as it changed.
    """

    def __init__(self, keys: int = 4):
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()
        self._keys = keys
        self.key = None          # the key last asked for (tests and the projector check read it)

    def figures(self, key, snap, view, builders, every=None, now=None) -> dict:
        now = time.monotonic() if now is None else now
        every = every or {}
        with self._lock:
            entry = self._entries.pop(key, None) or {}
            self._entries[key] = entry
            while len(self._entries) > self._keys:
                self._entries.popitem(last=False)
            self.key = key
            out = {}
            for name, (views, build) in builders.items():
                if view not in views:
                    continue
                have = entry.get(name)
                due = (have is None or (have[0].version != snap.version and (
                    snap.status != "running" or now - have[1] >= every.get(name, 0.0))))
                if due:
                    have = entry[name] = (Built(build(), snap.version), now)
                out[name] = have[0]
            return out

    def figs(self) -> dict:
        """{name: figure} for the key last asked for (for tests)."""
        with self._lock:
            entry = self._entries.get(self.key, {})
            return {name: built.fig for name, (built, _) in entry.items()}
