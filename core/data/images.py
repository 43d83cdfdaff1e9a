"""Digits as pictures: put a held-out MNIST digit onto a canvas-size image, and read an uploaded
photo or scan of a digit into the same canvas convention (light ink on black, RGBA uint8), so both
go through exactly the path a drawing takes: ``core.preprocess.canvas_to_mnist``.

Decoding PNG/JPEG uses Pillow (installed with Streamlit), imported lazily inside
``decode_image`` only.  Memory is bounded before any pixel is decoded: the file's header gives
its size, and a picture whose decoded 8-bit pixels would exceed ``MAX_DECODED_BYTES`` is refused.
A large JPEG is decoded straight from the DCT at 1/2, 1/4 or 1/8 size in grey; every picture is
then shrunk by Pillow in 8 bits (``Image.reduce``, block means) to about WORK_SIDE on its longer
side, and only that small picture becomes NumPy and, later, floats.  Refusals are
``core.errors.CodedError`` with codes "image.*".
"""
from __future__ import annotations

import io

import numpy as np

from core.data import IMAGE_SIDE as SIDE  # noqa: E402
from core.errors import CodedError

MNIST_BOX = 20                 # an MNIST digit's longer side fills 20 of its 28 pixels
MAX_UPLOAD_BYTES = 8 << 20     # 8 MB: a phone photo fits, a mistaken video does not
MAX_PIXELS = 40_000_000        # refuse decompression bombs before decoding
MAX_DECODED_BYTES = 64_000_000  # Pillow's decoded pixels: 16 MP of colour (4 bytes a pixel in
                               # Pillow, RGB too), 40 MP of grey (1 byte), JPEGs after reduction
WORK_SIDE = 1024               # larger pictures are reduced to about this before preprocessing
MIN_CONTRAST = 0.04            # ink less than ~10 grey levels from the background: a blank picture
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
_REDUCIBLE = ("L", "LA", "RGB", "RGBA")      # modes Image.reduce works on directly
_ALPHA_MODES = ("LA", "PA", "RGBA", "RGBa", "La")


def _pixel_bytes(mode):
    """Bytes Pillow keeps per pixel of ``mode``: 1 for "1", "L", "P"; 2 for 16-bit grey; 4 for
    everything else (Pillow stores RGB, LA, CMYK... in 32 bits a pixel)."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def decode_image(data, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS,
                 max_decoded=MAX_DECODED_BYTES):
    """PNG or JPEG bytes -> (H, W, 4) uint8 RGBA, reduced by an integer factor
    f = round(longer side / WORK_SIDE) (block means, in 8 bits) when larger.

    Memory: the decoded picture is at most ``max_decoded`` bytes (checked from the header, before
    decoding); a JPEG comes out of the decoder already shrunk (1/2 to 1/8) and grey.
    Raises CodedError with a sentence: "image.empty", "image.file_too_large", "image.unreadable",
    "image.format", "image.too_big", "image.corrupt", "image.too_small".  The format is read from
    the file's content, never from its name.
    """
    from PIL import Image, UnidentifiedImageError  # lazily: only an upload needs Pillow

    data = bytes(data)
    if not data:
        raise CodedError("image.empty", "the file is empty.")
    if len(data) > max_bytes:
        raise CodedError("image.file_too_large", f"the file is {len(data) / 2**20:.1f} MB; images "
                         f"up to {max_bytes / 2**20:.0f} MB are accepted.",
                         mb=round(len(data) / 2**20, 1), limit_mb=round(max_bytes / 2**20))
    try:
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise CodedError("image.too_big", f"the image has far more than {max_pixels / 1e6:.0f} "
                         "megapixels; refused.", limit_mp=round(max_pixels / 1e6)) from None
    except (UnidentifiedImageError, OSError):
        raise CodedError("image.unreadable", "this file is not an image that can be read; "
                         "upload a PNG or JPEG.") from None
    if img.format not in FORMATS:
        raise CodedError("image.format", f"{img.format or 'this'} images are not supported; "
                         "upload a PNG or JPEG.", format=str(img.format or ""))
    w, h = img.size
    if w * h > max_pixels:
        raise CodedError("image.too_big", f"the image is {w}x{h} pixels; at most "
                         f"{max_pixels / 1e6:.0f} megapixels are accepted.", width=w, height=h,
                         limit_mp=round(max_pixels / 1e6))
    try:
        if img.format == "JPEG":
            img.draft("L", (WORK_SIDE, WORK_SIDE))  # grey, at 1/2, 1/4 or 1/8 size from the DCT
        rgba = _reduced_rgba(img, max_decoded)
    except CodedError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise CodedError("image.corrupt", f"the image is truncated or corrupt ({exc}).",
                         detail=str(exc)[:200]) from None
    if min(rgba.shape[:2]) < 8:
        raise CodedError("image.too_small", f"the image is only {rgba.shape[1]}x{rgba.shape[0]} "
                         "pixels; a digit needs at least 8x8.", width=int(rgba.shape[1]),
                         height=int(rgba.shape[0]))
    return rgba


def _reduced_rgba(img, max_decoded):
    """Decode ``img`` (a lazily opened PIL image) and shrink it in 8 bits, never holding more than
    ``max_decoded`` bytes of full-size pixels; returns the small picture as (h, w, 4) uint8."""
    w, h = img.size
    mode = img.mode
    if mode in _REDUCIBLE:
        work = mode
    else:  # palette, 1-bit, 16-bit, CMYK...: convert at full size first, so count that too
        alpha = mode in _ALPHA_MODES or "transparency" in img.info
        work = "RGBA" if alpha else "L"
    cost = w * h * (_pixel_bytes(mode) + (0 if work == mode else _pixel_bytes(work)))
    if cost > max_decoded:
        limit_mp = max_decoded / (_pixel_bytes(mode) + (0 if work == mode else _pixel_bytes(work)))
        raise CodedError("image.too_big", f"the image is {w}x{h} pixels; pictures like it are "
                         f"accepted up to {limit_mp / 1e6:.0f} megapixels.", width=w, height=h,
                         limit_mp=round(limit_mp / 1e6))
    img.load()
    if work != mode:
        img = img.convert(work)
    f = max(1, round(max(w, h) / WORK_SIDE))
    if f > 1:
        img = img.reduce(f)        # block means of f x f pixels (partial blocks at the edges)
    return np.asarray(img.convert("RGBA"), dtype=np.uint8)


def reduce_image(img, f):
    """Shrink (H, W, C) uint8 by an integer factor f: each output pixel is the mean of an f x f
    block (the box filter that anti-aliases a downscale); a remainder of < f rows/columns is cut."""
    if f <= 1:
        return img
    h, w = img.shape[0] // f, img.shape[1] // f
    blocks = img[:h * f, :w * f].reshape(h, f, w, f, -1).astype(np.float32)
    return np.round(blocks.mean(axis=(1, 3))).astype(np.uint8)


def as_canvas_ink(rgba, min_contrast=MIN_CONTRAST):
    """Any picture of a digit -> the canvas convention: light ink on black, alpha 255,
    (H, W, 4) uint8.

    Transparent background (some alpha < 0.99): ink = alpha (the strokes are what is opaque).
    Opaque: luminance Y = 0.299 R + 0.587 G + 0.114 B; the background is the median of the border
    pixels; a light background (paper) means dark ink, so Y is inverted.  Then the background level
    maps to 0 and the strongest ink to 1: ink = clip((Y - bg) / (peak - bg), 0, 1), so grey paper
    does not become ink (very uneven lighting still can).
    Raises CodedError "image.blank" when no ink stands out: peak - bg (or the largest alpha) below
    ``min_contrast``.  Works on one float32 plane at a time.
    """
    rgba = np.asarray(rgba)
    if rgba.dtype != np.uint8:
        rgba = np.clip(np.round(np.asarray(rgba, np.float32)), 0, 255).astype(np.uint8)
    alpha = rgba[..., 3]
    out = np.empty(rgba.shape[:2] + (4,), np.uint8)
    out[..., 3] = 255
    if int(alpha.min()) < 0.99 * 255:
        if int(alpha.max()) < min_contrast * 255:
            raise _blank()
        out[..., :3] = alpha[..., None]
        return out
    lum = rgba[..., 0].astype(np.float32)
    lum *= 0.299 / 255.0
    lum += rgba[..., 1] * np.float32(0.587 / 255.0)
    lum += rgba[..., 2] * np.float32(0.114 / 255.0)
    border = np.concatenate([lum[0], lum[-1], lum[:, 0], lum[:, -1]])
    bg = float(np.median(border))
    if bg > 0.5:                   # paper: dark ink
        np.subtract(1.0, lum, out=lum)
        bg = 1.0 - bg
    peak = float(lum.max())
    if peak - bg < min_contrast:
        raise _blank()
    lum -= bg
    lum *= 255.0 / (peak - bg)
    np.clip(lum, 0.0, 255.0, out=lum)
    out[..., :3] = np.round(lum).astype(np.uint8)[..., None]
    return out


def _blank():
    return CodedError("image.blank", "the picture shows no digit: it is blank, or its ink is too "
                      "faint to tell from the background.")
