"""Pictures of one digit's numbers, for the Draw and Evaluate pages: the digit itself, one square
per hidden unit, and the saliency in the app's diverging colours.  Pure NumPy, uint8 images out
(enlarge them with ``pixels.upscale``); the numbers come from core.evaluate.
"""
from __future__ import annotations

import math

import numpy as np

from core.data import IMAGE_SIDE as SIDE
from viz.figures import pixels as render


def digit_image(x784):
    """(784,) pixels (uint8, or floats in [0, 1]) -> (28, 28) uint8, 255 = ink."""
    x = np.asarray(x784)
    if x.size != SIDE * SIDE:
        raise ValueError(f"a digit has {SIDE * SIDE} pixels; got {x.size}")
    if x.dtype != np.uint8:
        x = np.round(np.clip(x.astype(np.float32), 0.0, 1.0) * 255.0).astype(np.uint8)
    return x.reshape(SIDE, SIDE)


def activation_levels(a, activation):
    """Map hidden activations to [0, 1] brightness for display, by the activation's range:
    sigmoid already is in [0, 1]; tanh (-1..1) -> (a + 1) / 2; ReLU-like -> a / max(a)."""
    a = np.asarray(a, dtype=np.float32)
    if activation == "sigmoid":
        return np.clip(a, 0.0, 1.0)
    if activation == "tanh":
        return np.clip((a + 1.0) / 2.0, 0.0, 1.0)
    peak = float(a.max()) if a.size else 0.0
    return np.clip(a / peak, 0.0, 1.0) if peak > 0 else np.zeros_like(a)


def grid_shape(n, max_cols=32):
    """(rows, cols) of a grid for n tiles about twice as wide as tall, at most ``max_cols`` wide."""
    cols = min(max_cols, max(1, math.ceil(math.sqrt(n * 2))))
    return math.ceil(n / cols), cols


def tile_size(n, width=400, gap=2, smallest=6, largest=24):
    """Tile side in pixels so that a grid of n tiles is about ``width`` pixels wide."""
    cols = grid_shape(n)[1]
    return int(min(largest, max(smallest, width // cols - gap)))


def activation_tiles(levels, tile=14, gap=2, max_cols=32):
    """One grey square per hidden unit, brightness = level in [0, 1], laid out row by row
    (unit j at row j // cols, column j % cols).  Unused grid cells stay dark blue so a dark unit
    and a missing one are told apart.  Returns (H, W, 3) uint8."""
    levels = np.asarray(levels, dtype=np.float32).ravel()
    n = len(levels)
    rows, cols = grid_shape(n, max_cols)
    cells = np.empty((rows * cols, 3), np.uint8)
    cells[:n] = np.round(np.clip(levels, 0, 1) * 255).astype(np.uint8)[:, None]
    cells[n:] = (10, 20, 60)                     # unused cells
    step = tile + gap
    out = np.empty((rows * step + gap, cols * step + gap, 3), np.uint8)
    out[...] = (40, 40, 40)                      # grid lines
    # Pixel rows/columns covered by tiles: tile r spans gap + r*step .. gap + r*step + tile - 1.
    ys = (gap + step * np.arange(rows)[:, None] + np.arange(tile)).ravel()
    xs = (gap + step * np.arange(cols)[:, None] + np.arange(tile)).ravel()
    out[np.ix_(ys, xs)] = render.upscale(cells.reshape(rows, cols, 3), tile)
    return out


def saliency_rgb(saliency, percentile=99.0):
    """(784,) signed gradient -> (28, 28, 3) uint8 in the app's diverging colours: red where more
    ink would raise the predicted class's score, blue where it would lower it, white where the
    pixel does not matter.  Scaled so the ``percentile``-th |value| is full colour (a handful of
    extreme pixels would otherwise wash out the rest)."""
    s = np.asarray(saliency, dtype=np.float32).reshape(SIDE, SIDE)
    scale = float(np.percentile(np.abs(s), percentile))
    if scale <= 0:
        scale = float(np.abs(s).max())
    return render.diverging_rgb(s / scale if scale > 0 else s)
