"""Sizes the README's Data section quotes: download, bundled file, images in memory, and the
bundled sample's label counts.

Run from the repo root:  python benchmarks/data_sizes.py
Download sizes are the byte counts the checked downloader verifies (core.data.MIRRORS, first
mirror).  In memory: the uint8 image arrays (784 bytes per image) as load_dataset returns them,
measured for the data sets on this machine; for one not here, computed from its official split
sizes and marked so.  MB = 10^6 bytes.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from core.data import MIRRORS, N_PIXELS, is_available, load_dataset  # noqa: E402

OFFICIAL_SPLITS = {"mnist": (60_000, 10_000), "fashion-mnist": (60_000, 10_000)}


def mb(n):
    return f"{n / 1e6:.1f} MB"


def main():
    sample = ROOT / "core" / "assets" / "mnist-sample.npz"
    print(f"mnist-sample: file {sample.relative_to(ROOT)} {mb(sample.stat().st_size)}")
    ds = load_dataset("mnist-sample")
    counts = np.bincount(np.concatenate([ds.y_train, ds.y_test]), minlength=10)
    print(f"mnist-sample: label counts 0-9 over all {counts.sum():,} digits: "
          f"{', '.join(map(str, counts))}")
    for name in ("mnist-sample", "mnist", "fashion-mnist"):
        if name in MIRRORS:
            size = sum(f.size for f in MIRRORS[name][0].files)
            print(f"{name}: download {mb(size)} ({size:,} bytes)")
        if is_available(name):
            ds = load_dataset(name)
            n_train, n_test = len(ds.x_train), len(ds.x_test)
            train, test = ds.x_train.nbytes, ds.x_test.nbytes
            how = f"measured, {ds.x_train.dtype}"
        else:
            n_train, n_test = OFFICIAL_SPLITS[name]
            train, test = n_train * N_PIXELS, n_test * N_PIXELS
            how = "computed from the official split sizes: not on this machine"
        print(f"{name}: images in memory {mb(train + test)} = {n_train:,} x {N_PIXELS} "
              f"({mb(train)}) + {n_test:,} x {N_PIXELS} ({mb(test)})  [{how}]")


if __name__ == "__main__":
    main()
