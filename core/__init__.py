"""Backprop Lab's engine: a back-propagation network in pure NumPy.

The engine reads in one sitting: ``layers`` (forward/backward pairs), ``losses``, ``network``
(``Network`` and its ``Trace``), ``optim``, ``metrics``, ``gradcheck``, ``io`` (model files) and
``config`` (``TrainConfig``).  ``core.data`` holds the data sets and pictures, ``core.train`` the
live Trainer and the command line.

Nothing is imported eagerly here: importing ``core`` (or a sub-package) must never pull in half the
engine, so two threads importing at once on a fresh server cannot deadlock on each other.  The main
names still resolve on first use::

    from core import Network, save_model, load_model, TrainConfig
"""
import importlib

_LAZY = {"Network": "core.network", "save_model": "core.io", "load_model": "core.io",
         "TrainConfig": "core.config", "PRESETS": "core.config"}
__all__ = list(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'core' has no attribute {name!r}")
