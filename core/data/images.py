"""Digits as pictures: put a held-out MNIST digit onto a canvas-size image, and read an uploaded
photo or scan of a digit into the same canvas convention (light ink on black, RGBA uint8), so both
go through exactly the path a drawing takes: ``core.preprocess.canvas_to_mnist``.

Decoding PNG/JPEG uses Pillow (installed with Streamlit), imported lazily inside
``decode_image`` only: it reads the file into RGBA pixels (for a large JPEG, at a reduced size
straight from the DCT); everything else, shrinking included, is NumPy.
"""
from __future__ import annotations

import io

import numpy as np

from core.data import IMAGE_SIDE as SIDE  # noqa: E402
MNIST_BOX = 20                 # an MNIST digit's longer side fills 20 of its 28 pixels
MAX_UPLOAD_BYTES = 8 << 20     # 8 MB: a phone photo fits, a mistaken video does not
MAX_PIXELS = 40_000_000        # refuse decompression bombs before decoding
WORK_SIDE = 1024               # larger pictures are reduced to about this before preprocessing
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: JPEG from some phone cameras


def _bilinear(n_out, n_in, scale, offset):
    """(n_out, n_in) bilinear interpolation weights: output pixel i samples the input at
    u = (i + 0.5 - offset) / scale - 0.5 (pixel centres), zero outside the input."""
    u = (np.arange(n_out) + 0.5 - offset) / scale - 0.5
    j0 = np.floor(u).astype(np.int64)
    t = (u - j0).astype(np.float32)
    W = np.zeros((n_out, n_in), np.float32)
    for j, w in ((j0, 1.0 - t), (j0 + 1, t)):
        ok = (j >= 0) & (j < n_in)
        W[np.flatnonzero(ok), j[ok]] += w[ok]
    return W


def place_digit(x784, canvas_hw=(280, 280), box=None, centre=None):
    """Render a 28x28 digit onto a black canvas-size RGBA image, as if drawn there.

    x784 (784,) uint8 (or floats in [0, 1]); canvas_hw (H, W); ``box`` is the size in canvas
    pixels of the digit's 20-pixel MNIST box (default 70% of the shorter side); ``centre`` (row,
    col) where the 28x28 frame's centre goes (default: the canvas centre).  The enlargement is
    bilinear, like a soft brush.  Returns (H, W, 4) uint8: grey ink in RGB, alpha 255.
    In matrix form, with bilinear weight matrices Ry (H, 28) and Rx (W, 28):  ink = Ry @ D @ Rx.T
    """
    H, W = int(canvas_hw[0]), int(canvas_hw[1])
    d = np.asarray(x784)
    d = d.astype(np.float32) / 255.0 if d.dtype == np.uint8 else d.astype(np.float32)
    d = d.reshape(SIDE, SIDE)
    box = 0.7 * min(H, W) if box is None else float(box)
    cy, cx = ((H / 2.0, W / 2.0) if centre is None else map(float, centre))
    scale = box / MNIST_BOX
    Ry = _bilinear(H, SIDE, scale, cy - scale * SIDE / 2.0)
    Rx = _bilinear(W, SIDE, scale, cx - scale * SIDE / 2.0)
    ink = np.clip(Ry @ d @ Rx.T, 0.0, 1.0)
    out = np.empty((H, W, 4), np.uint8)
    out[..., :3] = np.round(ink * 255.0).astype(np.uint8)[..., None]
    out[..., 3] = 255
    return out


def random_placement(rng, canvas_hw=(280, 280), min_frac=0.3, max_frac=0.9):
    """(box, (row, col)) for ``place_digit``: a box between min_frac and max_frac of the shorter
    canvas side, and a centre that keeps the digit's box inside the canvas.
    rng: np.random.Generator."""
    H, W = canvas_hw
    box = float(rng.uniform(min_frac, max_frac) * min(H, W))
    half = box / 2.0
    return box, (float(rng.uniform(half, H - half)), float(rng.uniform(half, W - half)))


# ---------------------------------------------------------------------------------------- upload
def decode_image(data, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS):
    """PNG or JPEG bytes -> (H, W, 4) uint8 RGBA, reduced to about WORK_SIDE on its longer side.

    Raises ValueError with a sentence for an empty, oversized, non-image, unsupported or corrupt
    file.  The format is read from the file's content, never from its name.
    """
    from PIL import Image, UnidentifiedImageError  # lazily: only an upload needs Pillow

    data = bytes(data)
    if not data:
        raise ValueError("the file is empty.")
    if len(data) > max_bytes:
        raise ValueError(f"the file is {len(data) / 2**20:.1f} MB; images up to "
                         f"{max_bytes / 2**20:.0f} MB are accepted.")
    try:
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ValueError(f"the image has far more than {max_pixels / 1e6:.0f} megapixels; "
                         "refused.") from None
    except (UnidentifiedImageError, OSError):
        raise ValueError("this file is not an image that can be read; "
                         "upload a PNG or JPEG.") from None
    if img.format not in FORMATS:
        raise ValueError(f"{img.format or 'this'} images are not supported; upload a PNG or JPEG.")
    w, h = img.size
    if w * h > max_pixels:
        raise ValueError(f"the image is {w}x{h} pixels; at most {max_pixels / 1e6:.0f} megapixels "
                         "are accepted.")
    try:
        if img.format == "JPEG":
            img.draft("RGB", (WORK_SIDE, WORK_SIDE))  # decode at 1/2, 1/4 or 1/8 size directly
        rgba = np.asarray(img.convert("RGBA"), dtype=np.uint8)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValueError(f"the image is truncated or corrupt ({exc}).") from None
    rgba = reduce_image(rgba, max(1, max(rgba.shape[:2]) // WORK_SIDE))
    if min(rgba.shape[:2]) < 8:
        raise ValueError(f"the image is only {rgba.shape[1]}x{rgba.shape[0]} pixels; a digit "
                         "needs at least 8x8.")
    return rgba


def reduce_image(img, f):
    """Shrink (H, W, C) uint8 by an integer factor f: each output pixel is the mean of an f x f
    block (the box filter that anti-aliases a downscale); a remainder of < f rows/columns is cut."""
    if f <= 1:
        return img
    h, w = img.shape[0] // f, img.shape[1] // f
    blocks = img[:h * f, :w * f].reshape(h, f, w, f, -1).astype(np.float32)
    return np.round(blocks.mean(axis=(1, 3))).astype(np.uint8)


def as_canvas_ink(rgba):
    """Any picture of a digit -> the canvas convention: light ink on black, alpha 255,
    (H, W, 4) uint8.

    Transparent background (some alpha < 1): ink = alpha (the strokes are what is opaque).
    Opaque: the background is the median of the border pixels; a light background (paper) means
    dark ink, so the luminance is inverted.  Then the background level maps to 0 and the strongest
    ink to 1, so grey paper does not become ink (very uneven lighting still can).
    """
    img = np.asarray(rgba, dtype=np.float32) / 255.0
    lum = img[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    alpha = img[..., 3]
    if alpha.min() < 0.99:
        ink = alpha
    else:
        border = np.concatenate([lum[0], lum[-1], lum[:, 0], lum[:, -1]])
        bg = float(np.median(border))
        ink = 1.0 - lum if bg > 0.5 else lum
        bg = 1.0 - bg if bg > 0.5 else bg
        peak = float(ink.max())
        if peak - bg > 1e-3:
            ink = np.clip((ink - bg) / (peak - bg), 0.0, 1.0)
        else:                      # a blank picture: no ink at all
            ink = np.zeros_like(ink)
    out = np.empty(ink.shape + (4,), np.uint8)
    out[..., :3] = np.round(ink * 255.0).astype(np.uint8)[..., None]
    out[..., 3] = 255
    return out
