"""Weight pictures as palette PNGs, shown with ``st.image``.

Measured on a 2-core machine with headless Chromium: one PNG mosaic costs ~20 kB on the websocket per update and
unchanged images are not re-sent, while a Plotly heatmap of the same mosaic cost ~177 kB and 1.5x
the browser's work. The values -> colour mapping is maths and lives in viz.figures.pixels; this module
only encodes. A palette ("P" mode) PNG of the 8-bit indices is ~3x smaller and faster to encode
than RGB.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from viz.figures import pixels as render

MAX_TILES = 256   # a 16 x 16 grid of 28x28 tiles stays legible on a projector
MOSAIC_SCALE = 2  # nearest-neighbour enlargement: crisp pixels instead of browser blur
MATRIX_WIDTH = 320  # deeper matrices: about this many pixels wide
_PALETTE_BYTES = render.diverging_palette().tobytes()


def png(index_image: np.ndarray) -> bytes:
    """(H, W) uint8 palette indices (viz.figures.pixels's diverging palette) -> PNG bytes."""
    img = Image.fromarray(np.ascontiguousarray(index_image), mode="P")
    img.putpalette(_PALETTE_BYTES)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=1)  # fast: it is re-encoded every refresh
    return out.getvalue()


def mosaic_png(W1, max_units: int = MAX_TILES, scale: int = MOSAIC_SCALE) -> bytes:
    """PNG of the first ``max_units`` rows of W1 (n1, 784), one 28x28 tile per hidden unit:
    red > 0, blue < 0, white = 0, each tile scaled to its own largest |w|."""
    index = render.diverging_index(render.weight_mosaic(W1, max_units=max_units))
    return png(render.upscale(index, scale))


def matrix_pngs(deeper: dict) -> list:
    """[(name, (rows, cols), PNG bytes)] for each deeper weight matrix, in order."""
    return [(name, W.shape, png(render.matrix_index(W, width=MATRIX_WIDTH)))
            for name, W in deeper.items()]
