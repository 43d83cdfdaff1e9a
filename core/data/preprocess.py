"""Drawing -> MNIST: turn a canvas image into a 28x28 digit laid out the way MNIST digits are.

MNIST's own recipe (LeCun et al.): each digit was size-normalised to fit a 20x20 box keeping its
aspect ratio (anti-aliasing gives grey levels), then placed in a 28x28 field so that its centre of
mass sits at the centre. A network trained on MNIST has only ever seen digits laid out like that,
so a drawing must be too, or the prediction "depends on where I draw".

Here crop, scale and shift are one step: each output pixel is the area average of the canvas
region it covers (a box filter, which is exactly anti-aliasing for downscaling), with the mapping
chosen so that the longer side of the ink's bounding box becomes 20 px and the centre of mass
lands on pixel (14, 14) to the nearest whole pixel, the place it has in MNIST (bundled sample:
mean row 14.00, column 14.00, each within +-0.5 px). In matrix form, with crop C (h, w) and
per-axis overlap matrices Wy (28, h) and Wx (28, w):   out = Wy @ C @ Wx.T
"""
from __future__ import annotations

import numpy as np

from core.data import IMAGE_SIDE as SIDE  # noqa: E402
BOX = 20             # the longer side of the digit's bounding box, as in MNIST
CENTRE = 14.0        # target centre of mass in pixel-index coordinates (row, column)
INK_THRESHOLD = 0.1  # ink below this (0..1) is ignored when finding the bounding box
MIN_INK_FRACTION = 2e-4  # fewer inked pixels than this fraction of the canvas (>= 4 px) -> None
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # Rec. 601 luminance weights


def ink_map(rgba: np.ndarray) -> np.ndarray:
    """Ink intensity in [0, 1] of an (H, W, 4) RGBA (or (H, W, 3) RGB, or (H, W) grey) uint8 image.

    ink = luminance * alpha: the canvas composited over black, so white strokes are ink whether the
    background is opaque black or transparent (alpha = 0).
    """
    img = np.asarray(rgba)
    if img.dtype != np.uint8 or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] not in (3, 4)):
        raise ValueError(f"canvas must be an (H, W, 4) uint8 RGBA array, got {img.shape} {img.dtype}.")
    if img.ndim == 2:
        return img.astype(np.float32) / 255.0
    ink = img[..., :3] @ (_LUMA / 255.0)
    if img.shape[2] == 4:
        ink *= img[..., 3] * np.float32(1 / 255)
    return ink


def _overlap(n_out: int, n_in: int, scale: float, offset: float) -> np.ndarray:
    """(n_out, n_in) weights: length of output pixel i's interval [i, i+1] covered by input pixel j,
    which maps to [scale*j + offset, scale*(j+1) + offset]. Row i of W @ v is then the area
    average of v over output pixel i (1/scale input pixels), so W is a box-filter resampler."""
    edges = scale * np.arange(n_in + 1) + offset          # input pixel edges in output coordinates
    lo = np.maximum(np.arange(n_out)[:, None], edges[None, :-1])
    hi = np.minimum(np.arange(1, n_out + 1)[:, None], edges[None, 1:])
    return np.clip(hi - lo, 0.0, None).astype(np.float32)


def canvas_to_mnist(rgba: np.ndarray, *, min_ink_fraction: float = MIN_INK_FRACTION) -> np.ndarray | None:
    """Canvas image -> (784,) float32 in [0, 1] laid out like MNIST, or None if (nearly) empty.

    rgba: (H, W, 4) uint8, light ink on a dark or transparent background; any size.
    Steps: ink = luminance * alpha; bounding box of ink > INK_THRESHOLD; scale so its longer side
    is 20 px (area averaging); shift by whole pixels so the centre of mass is at (14, 14) +- 0.5;
    stretch so the strongest pixel is 1 (MNIST digits peak at 255).
    """
    ink = ink_map(rgba)
    mask = ink > INK_THRESHOLD
    if mask.sum() < max(4, min_ink_fraction * ink.size):
        return None
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    scale = BOX / max(h, w)
    # Centre of mass of the crop in continuous coordinates (pixel j spans [j, j+1], centre j + 0.5).
    mass = crop.sum()
    cy = (crop.sum(axis=1) @ (np.arange(h) + 0.5)) / mass
    cx = (crop.sum(axis=0) @ (np.arange(w) + 0.5)) / mass
    # Output pixel 14 spans [14, 15]: its centre 14.5 is where the scaled centre of mass should go.
    # Shift by whole pixels, as MNIST did (its centres of mass scatter uniformly within +-0.5 px of
    # 14: std 0.29 = 1/sqrt(12)); the box's edge stays on the pixel grid and strokes stay sharp,
    # where a sub-pixel shift would smear every stroke over two pixels.
    Wy = _overlap(SIDE, h, scale, round(CENTRE + 0.5 - scale * cy))
    Wx = _overlap(SIDE, w, scale, round(CENTRE + 0.5 - scale * cx))
    out = Wy @ crop @ Wx.T
    peak = out.max()
    if peak <= 0:
        return None
    out *= 1.0 / peak
    return np.clip(out, 0.0, 1.0, out=out).reshape(SIDE * SIDE)
