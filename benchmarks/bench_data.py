"""Data-path speed: uint8 kept in memory and converted per batch vs converted to float32 once;
canvas_to_mnist (NumPy box filter) vs a Pillow-resize variant, in speed and in fidelity.

Run from the repo root:  python benchmarks/bench_data.py [--epochs 3] [--batch 64 128 256]
Prints ratios measured in this one run (absolute times are shown for context only).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path
import sys

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from core.data import is_available, load_dataset, to_float  # noqa: E402
from core.preprocess import canvas_to_mnist  # noqa: E402


def best_of(fn, repeats=3):
    """Best wall time of `repeats` calls (seconds)."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def interleaved_best(fns: dict, repeats: int) -> dict:
    """Best time per function, calling them in turn `repeats` times, so that load from other
    processes on a shared machine hits every variant alike."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for key, fn in fns.items():
            t = time.perf_counter()
            fn()
            best[key] = min(best[key], time.perf_counter() - t)
    return best


def bench_conversion(x_u8, batches, repeats, rng):
    """One epoch = every row once in shuffled mini-batches, each fed to a 784x128 matmul."""
    n = len(x_u8)
    W1 = rng.standard_normal((784, 128)).astype(np.float32) * 0.01
    print(f"\n== conversion: {n:,} x 784 images, one shuffled epoch, batch @ W1 (784x128) per batch, "
          f"best of {repeats}")
    t_once = best_of(lambda: to_float(x_u8))
    x_f32 = to_float(x_u8)
    print(f"convert once: memory {x_u8.nbytes / 2**20:.0f} MiB uint8 -> {x_f32.nbytes / 2**20:.0f} MiB "
          f"float32 (x{x_f32.nbytes / x_u8.nbytes:.0f}); the conversion itself costs {t_once * 1e3:.0f} ms")
    for B in batches:
        perm = rng.permutation(n)
        buf_u8 = np.empty((B, 784), np.uint8)
        buf_f = np.empty((B, 784), np.float32)

        def epoch(get):
            for s in range(0, n - B + 1, B):
                get(perm[s:s + B]) @ W1

        def prealloc(idx):
            np.take(x_u8, idx, axis=0, out=buf_u8)
            return to_float(buf_u8, out=buf_f)

        t = interleaved_best({
            "f32": lambda: epoch(lambda idx: x_f32[idx]),          # converted once, gather floats
            "u8": lambda: epoch(lambda idx: to_float(x_u8[idx])),  # gather uint8, convert batch
            "u8pre": lambda: epoch(prealloc),                      # same into preallocated buffers
            "mm": lambda: epoch(lambda idx: buf_f),                # matmul alone (the floor)
        }, repeats)
        f32 = t["f32"]
        print(f"batch {B:4d}: uint8 + per-batch convert {t['u8'] / f32:.2f}x | same, preallocated "
              f"{t['u8pre'] / f32:.2f}x | matmul alone {t['mm'] / f32:.2f}x   "
              f"(1.00x = float32 converted once: {f32 * 1e3:.0f} ms/epoch; one-off conversion "
              f"= {t_once / f32:.2f} epochs)")


def synthetic_canvases(ds, count, rng):
    """Held-out digits, bounding box enlarged 6-10x (nearest), placed at random on 280x280 RGBA."""
    out = []
    for i in range(count):
        d = ds.x_test[i].reshape(28, 28)
        r, c = np.flatnonzero(d.any(1)), np.flatnonzero(d.any(0))
        k = int(rng.integers(6, 11))
        big = np.kron(d[r[0]:r[-1] + 1, c[0]:c[-1] + 1], np.ones((k, k), np.uint8))
        y0 = int(rng.integers(0, 281 - big.shape[0]))
        x0 = int(rng.integers(0, 281 - big.shape[1]))
        canvas = np.zeros((280, 280, 4), np.uint8)
        canvas[..., 3] = 255
        canvas[y0:y0 + big.shape[0], x0:x0 + big.shape[1], :3] = big[..., None]
        out.append((canvas, d.ravel() / 255.0))
    return out


def pillow_variant(rgba, resample):
    """The textbook alternative: crop, PIL resize of the longer side to 20, paste centred by box,
    then shift by the rounded centre-of-mass offset (integer pixels)."""
    from PIL import Image
    grey = rgba[..., :3].mean(axis=2) * (rgba[..., 3] / 255.0)
    mask = grey > 25.5
    if mask.sum() < 16:
        return None
    r, c = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    crop = grey[r[0]:r[-1] + 1, c[0]:c[-1] + 1].astype(np.uint8)
    h, w = crop.shape
    s = 20 / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    small = np.asarray(Image.fromarray(crop).resize(size, resample), dtype=np.float32)
    img = np.zeros((28, 28), np.float32)
    top, left = (28 - size[1]) // 2, (28 - size[0]) // 2
    img[top:top + size[1], left:left + size[0]] = small
    m = img.sum()
    cy = (img.sum(1) @ np.arange(28)) / m
    cx = (img.sum(0) @ np.arange(28)) / m
    img = np.roll(img, (round(14 - cy), round(14 - cx)), axis=(0, 1))
    return (img / max(img.max(), 1e-6)).ravel()


def bench_preprocess(ds, count, rng, repeats):
    cases = synthetic_canvases(ds, count, rng)
    print(f"\n== canvas_to_mnist on {count} held-out digits enlarged 6-10x, off-centre on 280x280")
    variants = {"numpy box filter (core)": canvas_to_mnist}
    try:
        from PIL import Image
        variants["pillow BOX + integer shift"] = lambda a: pillow_variant(a, Image.Resampling.BOX)
        variants["pillow LANCZOS + integer shift"] = lambda a: pillow_variant(a, Image.Resampling.LANCZOS)
    except ImportError:
        print("(Pillow not installed: only the NumPy version is measured)")
    base = None
    for label, fn in variants.items():
        t = best_of(lambda: [fn(c) for c, _ in cases], repeats) / count
        corr = np.mean([np.corrcoef(fn(c), ref)[0, 1] for c, ref in cases])
        base = base or t
        print(f"{label:32s} mean corr {corr:.4f}   time {t / base:.2f}x of core "
              f"({t * 1e3:.2f} ms = {t / 0.020:.1%} of the 20 ms budget)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--batch", type=int, nargs="+", default=[64, 128, 256])
    ap.add_argument("--digits", type=int, default=300)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    big = "mnist" if is_available("mnist") else "fashion-mnist" if is_available("fashion-mnist") else None
    x = load_dataset(big).x_train if big else np.tile(load_dataset().x_train, (8, 1))[:60000]
    print(f"conversion data: {big or 'bundled sample tiled to 60,000 rows'}")
    try:  # one BLAS thread: stable ratios on a shared machine, and what a Streamlit session gets
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(1)
        print("BLAS threads: 1 (threadpoolctl)")
    except ImportError:
        limits = None
    bench_conversion(x, args.batch, args.repeats, rng)
    bench_preprocess(load_dataset(), args.digits, rng, args.repeats)
    del limits


if __name__ == "__main__":
    main()
