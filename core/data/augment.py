"""Data augmentation for 28x28 digits, vectorised over a whole batch.

Each image i gets its own random affine map (rotation, scaling, shear, shift) and, optionally, a
smooth random displacement field ("elastic distortion", Simard et al., 2003).  The output pixel at
row/column position q (2,) is read from the input at

    s = A_i (q - c - t_i) + c          c = (14, 14), the centre of mass of MNIST digits

by bilinear interpolation, with zeros outside the image.  A_i (2, 2) is the inverse of the
rotation/scale/shear that the digit undergoes and t_i (2,) is the shift in pixels (rows, columns):
content moves by +t_i.  All m images are resampled at once: (m, 784) arrays of source coordinates,
four gathers from a zero-padded (m, 31, 31) copy of the batch, no Python loop over images
(benchmarks/bench_train.py measures its cost against a training step).
"""
from __future__ import annotations

import math

import numpy as np

from core.data import IMAGE_SIDE as SIDE  # noqa: E402
CENTRE = 14.0
_PAD_LO, _PAD_HI = 1, 2  # zero border: source coordinates are clipped into [-1, 28]
_PSIDE = SIDE + _PAD_LO + _PAD_HI

# Defaults of the shipped model: the range real drawings vary over after canvas_to_mnist.
SHIFT = 2.0        # pixels, uniform in [-SHIFT, SHIFT] per axis
ROTATE = 15.0      # degrees, uniform in [-ROTATE, ROTATE]
SCALE = 0.15       # scale factor log-uniform in [1/(1+SCALE), 1+SCALE]
SHEAR = 0.15       # horizontal shear factor, uniform in [-SHEAR, SHEAR] (slanted handwriting)
ELASTIC = 0.0      # elastic displacement amplitude in pixels (0 = off)
ELASTIC_SIGMA = 4.0
DEFAULTS = {"shift": SHIFT, "rotate": ROTATE, "scale": SCALE, "shear": SHEAR,
            "elastic": ELASTIC, "elastic_sigma": ELASTIC_SIGMA}


# Row and column of every pixel relative to the centre, (784,) each.
_grid_r, _grid_c = np.indices((SIDE, SIDE), dtype=np.float32).reshape(2, -1) - np.float32(CENTRE)


def random_affine(m, rng, shift=SHIFT, rotate=ROTATE, scale=SCALE, shear=SHEAR):
    """Random inverse maps A (m, 2, 2) and shifts t (m, 2) for ``warp``.

    rotation angle ~ U[-rotate, rotate] degrees, scale factor ~ exp(U[-ln(1+scale), ln(1+scale)])
    (symmetric in log: as likely to shrink by 1/1.15 as to grow by 1.15), shear ~ U[-shear, shear],
    shift ~ U[-shift, shift] pixels per axis.
    """
    theta = np.deg2rad(rng.uniform(-rotate, rotate, m))
    log_s = math.log1p(scale)
    s = np.exp(rng.uniform(-log_s, log_s, m))
    k = rng.uniform(-shear, shear, m)
    t = rng.uniform(-shift, shift, (m, 2))
    cos, sin = np.cos(theta) / s, np.sin(theta) / s
    # A = R(theta) / s @ [[1, 0], [k, 1]]  in (row, column) coordinates: column += k * row.
    A = np.empty((m, 2, 2))
    A[:, 0, 0] = cos + sin * k
    A[:, 0, 1] = sin
    A[:, 1, 0] = -sin + cos * k
    A[:, 1, 1] = cos
    return A.astype(np.float32), t.astype(np.float32)


def elastic_field(m, rng, alpha=ELASTIC, sigma=ELASTIC_SIGMA):
    """Smooth random displacements (m, 2, 784) in pixels: alpha * G U G^T per axis, U uniform noise.

    G (28, 28) is a row-normalised Gaussian blur of width ``sigma``; blurring as two batched
    matrix products costs almost nothing next to the resampling.  Each field is rescaled to have
    RMS displacement ``alpha`` pixels, so alpha reads directly as "how far pixels move".
    """
    x = np.arange(SIDE, dtype=np.float32)
    G = np.exp(-0.5 * ((x[:, None] - x[None, :]) / sigma) ** 2)
    G /= G.sum(axis=1, keepdims=True)
    U = rng.random((m, 2, SIDE, SIDE), dtype=np.float32)
    U -= 0.5  # U[-1/2, 1/2): the scale is set below anyway
    D = G @ U @ G.T
    rms = np.sqrt(np.mean(D * D, axis=(1, 2, 3), keepdims=True)) + 1e-12
    D *= alpha / rms
    return D.reshape(m, 2, SIDE * SIDE)


def warp(X, A, t, displacement=None, out=None):
    """Resample every image of X (m, 784) through its own affine map; returns (m, 784) float32.

    Output pixel q reads input position A_i (q - c - t_i) + c (+ displacement[i, :, q]) by
    bilinear interpolation; positions outside the 28x28 image read 0.
    """
    X = np.asarray(X, dtype=np.float32)
    m = X.shape[0]
    # Source row r and column c of every output pixel, (m, 784) each, in padded-image
    # coordinates:  (r, c) = A_i q + (c + pad - A_i t_i).
    offset = np.float32(CENTRE + _PAD_LO) - np.einsum("mij,mj->mi", A, t)
    r = np.multiply(A[:, 0, 0, None], _grid_r)
    r += A[:, 0, 1, None] * _grid_c
    r += offset[:, 0, None]
    c = np.multiply(A[:, 1, 0, None], _grid_r)
    c += A[:, 1, 1, None] * _grid_c
    c += offset[:, 1, None]
    if displacement is not None:
        r += displacement[:, 0]
        c += displacement[:, 1]
    # Clipping into the zero border keeps every read inside the padded image; as the
    # coordinates are >= 0, truncation to int is floor.
    np.clip(r, 0, SIDE + _PAD_LO, out=r)
    np.clip(c, 0, SIDE + _PAD_LO, out=c)
    idx = r.astype(np.intp)
    col = c.astype(np.intp)
    r -= idx                                   # fractional parts: the bilinear weights
    c -= col
    idx *= _PSIDE
    idx += col
    idx += (np.arange(m, dtype=np.intp) * (_PSIDE * _PSIDE))[:, None]  # flat index of (r0, c0)
    padded = np.zeros((m, _PSIDE, _PSIDE), np.float32)
    padded[:, _PAD_LO:_PAD_LO + SIDE, _PAD_LO:_PAD_LO + SIDE] = X.reshape(m, SIDE, SIDE)
    flat = padded.ravel()
    # The four neighbours are reads of the same flat index from shifted views of the images.
    top = flat.take(idx)
    d = flat[1:].take(idx)
    d -= top
    d *= c
    top += d                                   # lerp along the row above
    bottom = flat[_PSIDE:].take(idx)
    d = flat[_PSIDE + 1:].take(idx)
    d -= bottom
    d *= c
    bottom += d                                # ... and along the row below
    bottom -= top
    bottom *= r
    if out is None:
        out = np.empty((m, SIDE * SIDE), np.float32)
    np.add(top, bottom, out=out)               # lerp between the two rows
    return out


def shift_images(X, dy, dx):
    """Translate every image of X (m, 784) by (dy, dx) pixels (down, right); zeros enter."""
    m = np.asarray(X).shape[0]
    A = np.broadcast_to(np.eye(2, dtype=np.float32), (m, 2, 2))
    t = np.broadcast_to(np.array([dy, dx], np.float32), (m, 2))
    return warp(X, A, t)


def augment(X, rng, *, shift=SHIFT, rotate=ROTATE, scale=SCALE, shear=SHEAR, elastic=ELASTIC,
            elastic_sigma=ELASTIC_SIGMA, out=None):
    """A randomly distorted copy of X (m, 784) float in [0, 1], one distortion per image.

    Deterministic for a given ``rng`` state.  Returns (m, 784) float32 in [0, 1].
    """
    m = np.asarray(X).shape[0]
    A, t = random_affine(m, rng, shift, rotate, scale, shear)
    D = elastic_field(m, rng, elastic, elastic_sigma) if elastic > 0 else None
    return warp(X, A, t, D, out=out)
