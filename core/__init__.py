"""Backprop Lab's engine: a back-propagation network in pure NumPy.

The main names, re-exported for short imports::

    from core import Network, save_model, load_model, TrainConfig
"""
from .config import PRESETS, TrainConfig
from .io import load_model, save_model
from .network import Network

__all__ = ["Network", "save_model", "load_model", "TrainConfig", "PRESETS"]
