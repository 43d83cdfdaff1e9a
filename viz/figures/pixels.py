"""Pixels for the screen: weight mosaics, a diverging colour map, enlargements and histogram
bars. Pure NumPy, no streamlit; the figure builders and pages put these images on the page.

A weight image is drawn in a diverging colour scale centred on 0 (blue < 0, white = 0, red > 0),
so the sign of every weight is visible at a glance on a projector.
"""
from __future__ import annotations

import math

import numpy as np

from core.data import IMAGE_SIDE

# ColorBrewer RdBu (11 classes), from -1 (dark blue) through 0 (near white) to +1 (dark red).
_RDBU_ANCHORS = np.array([
    (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240),
    (247, 247, 247),
    (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
], dtype=np.float64)
GAP_RGB = (60, 60, 60)  # grid lines between tiles: dark grey, unlike any weight colour


N_COLOURS = 255      # value colours: indices 0..254 map -1..+1
GAP_INDEX = 255      # palette index of the grid lines


def diverging_lut(n: int = N_COLOURS) -> np.ndarray:
    """(n, 3) uint8 colour table: entry i is the colour of value -1 + 2 i / (n - 1).

    Linear interpolation between the RdBu anchors, channel by channel; n is odd so that
    value 0 has its own entry (the white in the middle).
    """
    x = np.linspace(0.0, 1.0, len(_RDBU_ANCHORS))
    t = np.linspace(0.0, 1.0, n)
    lut = np.stack([np.interp(t, x, _RDBU_ANCHORS[:, c]) for c in range(3)], axis=1)
    return np.rint(lut).astype(np.uint8)


def diverging_palette() -> np.ndarray:
    """(256, 3) uint8 palette: the 255 diverging colours, then GAP_RGB at GAP_INDEX."""
    return np.vstack([diverging_lut(), np.array([GAP_RGB], dtype=np.uint8)])


_PALETTE = diverging_palette()


def diverging_index(V: np.ndarray) -> np.ndarray:
    """(H, W) values in [-1, 1] (NaN = gap) -> (H, W) uint8 palette indices.

    index = round((v + 1) / 2 * 254), values outside [-1, 1] clipped; NaN -> GAP_INDEX.
    An indexed image is a third the size of RGB and encodes as a small palette PNG.
    """
    V = np.asarray(V, dtype=np.float32)
    idx = np.rint((np.clip(np.nan_to_num(V), -1.0, 1.0) + 1.0) * (0.5 * (N_COLOURS - 1)))
    idx = idx.astype(np.uint8)
    idx[np.isnan(V)] = GAP_INDEX
    return idx


def diverging_rgb(V: np.ndarray) -> np.ndarray:
    """(H, W) values in [-1, 1] (NaN = gap) -> (H, W, 3) uint8 RGB image (palette lookup)."""
    return _PALETTE[diverging_index(V)]


def signed_unit(W: np.ndarray, axis=None) -> np.ndarray:
    """W / max|W| (over ``axis``, all entries when None): values in [-1, 1], 0 stays 0.

    An all-zero slice stays 0 (no division by zero). Returns float32.
    """
    W = np.asarray(W, dtype=np.float32)
    scale = np.max(np.abs(W), axis=axis, keepdims=axis is not None)
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    return W / scale


def mosaic_columns(n_tiles: int) -> int:
    """Columns of a near-square grid for n_tiles tiles: ceil(sqrt(n))."""
    return max(1, math.ceil(math.sqrt(n_tiles)))


def weight_mosaic(W1: np.ndarray, cols: int | None = None, max_units: int | None = None,
                  gap: int = 1) -> np.ndarray:
    """First-layer weights as one image of 28x28 tiles, one tile per hidden unit.

    W1 (n1, 784): row j holds unit j's weights on the 784 pixels (row-major 28x28).
    Each tile is divided by its own largest |weight|, so every unit's pattern uses the full
    colour range (the pattern, not the size, is what the lesson is about).
    Returns (H, W) float32 in [-1, 1] with NaN in the ``gap``-pixel grid lines, where
    H = rows*(28+gap)+gap, W = cols*(28+gap)+gap, rows = ceil(n/cols); unused cells are NaN.
    """
    W1 = np.asarray(W1, dtype=np.float32)
    if W1.ndim != 2 or W1.shape[1] != IMAGE_SIDE * IMAGE_SIDE:
        raise ValueError(f"W1 must have shape (units, 784); got {W1.shape}")
    n = W1.shape[0] if max_units is None else min(W1.shape[0], max_units)
    cols = cols or mosaic_columns(n)
    rows = math.ceil(n / cols) if n else 0
    cell = IMAGE_SIDE + gap
    out = np.full((rows * cell + gap, cols * cell + gap), np.nan, dtype=np.float32)
    tiles = signed_unit(W1[:n], axis=1).reshape(n, IMAGE_SIDE, IMAGE_SIDE)
    for j in range(n):
        r, c = divmod(j, cols)
        out[gap + r * cell: gap + r * cell + IMAGE_SIDE,
            gap + c * cell: gap + c * cell + IMAGE_SIDE] = tiles[j]
    return out


def upscale(img: np.ndarray, k: int, k_cols: int | None = None) -> np.ndarray:
    """Nearest-neighbour enlargement by integer factors (k rows, k_cols columns; default k),
    so small images stay crisp instead of being blurred by the browser."""
    k_cols = k if k_cols is None else k_cols
    if k > 1:
        img = np.repeat(img, k, axis=0)
    if k_cols > 1:
        img = np.repeat(img, k_cols, axis=1)
    return img


def matrix_index(W: np.ndarray, width: int = 512, min_height: int = 96,
                 max_cell: int = 16) -> np.ndarray:
    """A weight matrix (rows, cols) as palette indices in the diverging scale, scaled to its own
    largest |w|. Each weight becomes a kh x kw block of pixels: kw fits the columns into about
    ``width`` px; kh >= kw, raised so that short, wide matrices (W2 is 10 x 256) are at least
    ``min_height`` px tall. Both at most ``max_cell``."""
    W = np.asarray(W)
    rows, cols = W.shape
    kw = max(1, min(max_cell, width // cols))
    kh = max(kw, min(max_cell, -(-min_height // rows)))
    return upscale(diverging_index(signed_unit(W)), kh, kw)


def histogram_bars(counts: np.ndarray, edges: np.ndarray):
    """(centres (b,), widths (b,), counts (b,)) of a histogram, as bar positions for a chart."""
    edges = np.asarray(edges, dtype=np.float64)
    centres = (0.5 * (edges[:-1] + edges[1:])).astype(np.float32)
    widths = np.diff(edges).astype(np.float32)
    return centres, widths, np.asarray(counts, dtype=np.float32)


def percent(share):
    """Share in [0, 1] -> percent (array or number), for axes labelled in %."""
    if isinstance(share, np.ndarray):
        return (share * 100.0).astype(np.float32)
    return None if share is None else 100.0 * share
