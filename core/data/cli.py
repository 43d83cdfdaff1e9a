"""Command line of the data layer: `python -m core.data download NAME` and `... info`.

The only module of the data layer that prints; core/data/__main__.py runs main().
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.data import (CACHE_ENV, DATASETS, DownloadError, _local_source, default_cache_dir,
                       download, is_available, load_dataset)

# English titles for the command line only; the app words data sets in viz/strings.py.
ENGLISH_TITLES = {"mnist-sample": "MNIST sample", "mnist": "MNIST",
                  "fashion-mnist": "Fashion-MNIST"}


def english_label(name: str) -> str:
    """'MNIST (70,000 images, 11 MB download)' from the registry's facts."""
    info = DATASETS[name]
    size = "built in" if info.download_mb is None else f"{info.download_mb} MB download"
    return f"{ENGLISH_TITLES[name]} ({info.n_images:,} images, {size})"


def _cli_progress(label: str):
    """A progress(done, total) callback drawing a tqdm bar, or plain text if tqdm is missing."""
    try:
        from tqdm import tqdm
    except ImportError:
        def text(done, total):
            shown = f"{done / 1e6:.1f} / {total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
            print(f"\r{label}: {shown}", end="", file=sys.stderr, flush=True)
        return text, lambda: print(file=sys.stderr)
    bar = tqdm(desc=label, unit="B", unit_scale=True, unit_divisor=1024)

    def update(done, total):
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)
    return update, bar.close


def _cli_info(cache_dir) -> int:
    print(f"cache folder: {Path(cache_dir) if cache_dir else default_cache_dir()}  "
          f"(set {CACHE_ENV} to change it)")
    for name in DATASETS:
        local = _local_source(name, cache_dir)
        where = ", ".join(sorted({str(p.parent) for p in local[1]})) if local else "not downloaded"
        print(f"{name:14s} {english_label(name):46s} {where}")
    return 0


def _cli_download(name: str, cache_dir, timeout: float) -> int:
    if is_available(name, cache_dir):
        print(f"{name} is already available: {', '.join(map(str, download(name, cache_dir)))}")
        return 0
    progress, close = _cli_progress(f"{name}")
    try:
        paths = download(name, cache_dir, progress=progress, timeout=timeout)
    except DownloadError as err:
        close()
        print(f"error: {err}", file=sys.stderr)
        return 1
    close()
    ds = load_dataset(name, cache_dir=cache_dir)  # proves the files parse
    print(f"{name}: {len(ds.x_train):,} train + {len(ds.x_test):,} test images in "
          f"{paths[0].parent}")
    return 0


def main(argv=None) -> int:
    """`python -m core.data download NAME` / `python -m core.data info`."""
    parser = argparse.ArgumentParser(prog="python -m core.data", description="Backprop Lab data sets")
    parser.add_argument("--cache-dir",
                        help=f"download folder (default: ${CACHE_ENV} or ~/.cache/backprop-lab)")
    sub = parser.add_subparsers(dest="command", required=True)
    dl = sub.add_parser("download", help="download a data set once, verified, with a progress bar")
    dl.add_argument("name", choices=[n for n in DATASETS if n != "mnist-sample"])
    dl.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the server")
    sub.add_parser("info", help="list data sets and where they are")
    args = parser.parse_args(argv)
    if args.command == "info":
        return _cli_info(args.cache_dir)
    return _cli_download(args.name, args.cache_dir, args.timeout)
