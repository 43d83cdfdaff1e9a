"""Kept so that ``from core.preprocess import canvas_to_mnist`` goes on working: the code lives in
core/data/preprocess.py with the rest of the data layer."""
from core.data.preprocess import canvas_to_mnist, ink_map  # noqa: F401

__all__ = ["canvas_to_mnist", "ink_map"]
