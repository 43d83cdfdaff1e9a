"""Data sets: one entry point, load_dataset(name) -> Dataset, for three data sets.

    "mnist-sample"   bundled in core/assets (first 10,000 official MNIST training digits), split
                     8,000 train / 2,000 held out; works offline on first start.
    "mnist"          full MNIST (60,000 train + official 10,000 test), downloaded once on request
                     into a cache folder, checksum-verified.
    "fashion-mnist"  Zalando's Fashion-MNIST, same format; read from the Debian package
                     dataset-fashion-mnist if installed, else the cache, else downloaded.

Images stay uint8 in memory, rows are samples: x is (n, 784), 0 = background, 255 = ink, so full
MNIST costs 47 MB instead of 188 MB of float32. Convert what you need with to_float. Loaded arrays
are read-only so one Dataset can be shared safely (e.g. across Streamlit sessions).

Command line (from the repo root):
    python -m core.data download mnist        # progress bar; later loads need no network
    python -m core.data info                  # what is available, and where
"""
from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from core.data.remote import DownloadError, Progress, RemoteFile, fetch
from core.data.idx import read_idx

__all__ = ["Dataset", "DATASETS", "DatasetInfo", "DownloadError", "MissingDataError", "Mirror",
           "MIRRORS", "load_dataset", "to_float",
           "download", "is_available", "default_cache_dir"]

SAMPLE_PATH = Path(__file__).resolve().parents[1] / "assets" / "mnist-sample.npz"

FASHION_SYSTEM_DIR = Path("/usr/share/datasets/fashion-mnist")  # Debian dataset-fashion-mnist
CACHE_ENV = "BACKPROP_LAB_DATA"
IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE
# Cache names of the four IDX files, in the order train images, train labels, test images, test labels.
IDX_NAMES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
KERAS_NPZ = "mnist.npz"

class DatasetInfo(NamedTuple):
    """The facts about one data set, in codes and numbers (viz/strings.py words them).

    name: the registry key. classes: the codes of classes 0..9, what the network predicts
    ("0".."9" for digits; "tshirt", ... for Fashion-MNIST, worded as "class.<name>.<code>").
    test_split: "held-out" (the bundled sample's last 2,000 digits) or "test" (an official test
    set). n_images: train + test images, n_train of them for training. download_mb: size of the
    download (None: built in).
    debian_package: a system package that provides the files, or "".
    """

    name: str
    classes: tuple
    test_split: str
    n_images: int
    n_train: int
    download_mb: int | None
    debian_package: str = ""

    @property
    def n_test(self) -> int:
        """Images of the held-out / test split."""
        return self.n_images - self.n_train


DIGITS = tuple(str(d) for d in range(10))
FASHION_CLASSES = ("tshirt", "trouser", "pullover", "dress", "coat",
                   "sandal", "shirt", "sneaker", "bag", "ankle-boot")

# The one registry of data sets: config.py, the CLIs and the app read these facts from here.
DATASETS = {info.name: info for info in (
    DatasetInfo("mnist-sample", DIGITS, "held-out", 10_000, 8_000, None),
    DatasetInfo("mnist", DIGITS, "test", 70_000, 60_000, 11),
    DatasetInfo("fashion-mnist", FASHION_CLASSES, "test", 70_000, 60_000, 31,
                "dataset-fashion-mnist"),
)}


class MissingDataError(FileNotFoundError, ValueError):
    """A data set is not on this computer.  ``code`` "data.missing" and ``params`` {"name",
    "size_mb", "debian_package"} are for the app (which must not show server folders); str(err)
    is an English sentence for the command line, naming the folders looked in."""

    code = "data.missing"

    def __init__(self, english: str, **params):
        super().__init__(english)
        self.params = params


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test arrays of one data set.

    x_train (n, 784) uint8 and x_test (k, 784) uint8: C-contiguous, one image per row,
    0 = background, 255 = ink. y_train (n,) and y_test (k,) int64 labels in 0..9.
    class_names: the class codes of DATASETS[name].classes ("0".."9", or "tshirt", ... for
    Fashion-MNIST): what the network predicts, worded by viz. test_split_name is "held-out" for
    the bundled sample, "test" for an official test set.
    (eq=False: compared by identity; element-wise array equality is not a useful ==.)
    """

    name: str
    x_train: np.ndarray = field(repr=False)
    y_train: np.ndarray = field(repr=False)
    x_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)
    class_names: tuple
    test_split_name: str

    def __post_init__(self):
        for x, y, split in ((self.x_train, self.y_train, "train"), (self.x_test, self.y_test, "test")):
            if x.dtype != np.uint8 or x.ndim != 2 or x.shape[1] != N_PIXELS:
                raise ValueError(f"Dataset {self.name}: x_{split} must be (n, 784) uint8, "
                                 f"got {x.shape} {x.dtype}.")
            if y.dtype != np.int64 or y.shape != (x.shape[0],):
                raise ValueError(f"Dataset {self.name}: y_{split} must be ({x.shape[0]},) int64, "
                                 f"got {y.shape} {y.dtype}.")


@dataclass(frozen=True)
class Mirror:
    """One place to download a data set from: kind "npz" (one Keras-style mnist.npz with arrays
    x_train, y_train, x_test, y_test) or "idx" (four IDX .gz files named as IDX_NAMES)."""

    kind: str
    files: tuple[RemoteFile, ...]

    def __post_init__(self):
        names = tuple(f.filename for f in self.files)
        if (self.kind, names) not in (("npz", (KERAS_NPZ,)), ("idx", IDX_NAMES)):
            raise ValueError(f"Mirror of kind {self.kind!r} cannot hold files {names}.")


def idx_mirror(base_url: str, md5: tuple[str, ...], sizes: tuple[int, ...] = (None,) * 4) -> Mirror:
    """A Mirror of the four IDX files under base_url; md5 and sizes in IDX_NAMES order."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return Mirror("idx", tuple(RemoteFile(base + n, n, md5=m, size=s)
                               for n, m, s in zip(IDX_NAMES, md5, sizes)))


# Primary first; checksums as the mirrors publish them (MNIST: the Keras copy's SHA-256 and the
# original IDX files' MD5) and from Zalando's README (Fashion).
MIRRORS = {
    "mnist": (
        Mirror("npz", (RemoteFile(
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz", KERAS_NPZ,
            sha256="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
            size=11_490_434),)),
        idx_mirror("https://ossci-datasets.s3.amazonaws.com/mnist/",
                   ("f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432",
                    "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"),
                   (9_912_422, 28_881, 1_648_877, 4_542)),
    ),
    "fashion-mnist": tuple(
        idx_mirror(base, ("8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe",
                          "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"),
                   (26_421_880, 29_515, 4_422_102, 5_148))
        for base in ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                     "https://storage.googleapis.com/tensorflow/tf-keras-datasets/")),
}


def default_cache_dir() -> Path:
    """Folder for downloaded data: $BACKPROP_LAB_DATA, else $XDG_CACHE_HOME/backprop-lab,
    else ~/.cache/backprop-lab. Nothing is created here."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "backprop-lab"


def to_float(x: np.ndarray, dtype=np.float32, out: np.ndarray | None = None) -> np.ndarray:
    """Scale uint8 pixels to [0, 1]: returns x / 255 as a new C-contiguous `dtype` array of x's
    shape, or writes into `out` (same shape, contiguous) to reuse a buffer in a training loop."""
    x = np.asarray(x)
    if x.dtype != np.uint8:
        raise ValueError(f"to_float expects uint8 pixels, got {x.dtype}.")
    if out is None:
        out = np.empty(x.shape, dtype=dtype)
    return np.divide(x, out.dtype.type(255), out=out, dtype=out.dtype)


def _check_name(name: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"Unknown data set {name!r}; choose one of {', '.join(DATASETS)}.")


def _cache_folder(name: str, cache_dir) -> Path:
    return Path(cache_dir).expanduser() / name if cache_dir else default_cache_dir() / name


def _local_source(name: str, cache_dir) -> tuple[str, tuple[Path, ...]] | None:
    """(kind, paths) of a complete local copy of `name`, or None if it must be downloaded."""
    if name == "mnist-sample":
        return "sample", (SAMPLE_PATH,)
    folders = [_cache_folder(name, cache_dir)]
    if name == "mnist" and (folders[0] / KERAS_NPZ).is_file():
        return "npz", (folders[0] / KERAS_NPZ,)
    if name == "fashion-mnist":
        folders.insert(0, FASHION_SYSTEM_DIR)
    for folder in folders:
        paths = tuple(folder / n for n in IDX_NAMES)
        if all(p.is_file() for p in paths):
            return "idx", paths
    return None


def is_available(name: str, cache_dir=None) -> bool:
    """True if load_dataset(name) would work without network."""
    _check_name(name)
    return _local_source(name, cache_dir) is not None


def download(name: str, cache_dir=None, progress: Progress | None = None, timeout: float = 30.0,
             mirrors: tuple[Mirror, ...] | None = None) -> tuple[Path, ...]:
    """Make `name` available locally; return the paths of its files.

    Uses a complete local copy if there is one (no network). Otherwise tries each mirror in order
    (default MIRRORS[name]); every file is checksum-verified before it enters the cache folder.
    progress(bytes_done, bytes_total) covers all files of a mirror; total may be None if unknown.
    Raises DownloadError (one sentence; .kind says which failure) when every mirror fails.
    """
    _check_name(name)
    local = _local_source(name, cache_dir)
    if local:
        return local[1]
    folder = _cache_folder(name, cache_dir)
    errors = []
    for mirror in (mirrors if mirrors is not None else MIRRORS[name]):
        try:
            return _fetch_mirror(mirror, folder, progress, timeout)
        except DownloadError as err:
            errors.append(err)
    if not errors:
        raise ValueError(f"No mirrors given for {name}.")
    if len(errors) == 1:
        raise errors[0]
    combined = DownloadError(f"{errors[0]} The fallback mirror failed too: {errors[-1]}",
                             errors[0].kind, errors[0].url)
    combined.errors = errors
    raise combined


def _fetch_mirror(mirror: Mirror, folder: Path, progress, timeout) -> tuple[Path, ...]:
    """Fetch all files of one mirror, reporting progress summed over the files."""
    sizes = [f.size for f in mirror.files]  # replaced by Content-Length as each answer arrives
    done_before = 0
    paths = []
    for i, remote in enumerate(mirror.files):
        def report(done, total, i=i):
            if total is not None:
                sizes[i] = total
            known = None if None in sizes else sum(sizes)
            progress(done_before + done, known)
        path = fetch(remote, folder, timeout=timeout, progress=report if progress else None)
        sizes[i] = path.stat().st_size
        done_before += sizes[i]
        paths.append(path)
    return tuple(paths)


def load_dataset(name: str = "mnist-sample", *, cache_dir=None, download_if_missing: bool = False,
                 progress: Progress | None = None) -> Dataset:
    """Load a data set by name (see DATASETS) as a Dataset of read-only uint8 images.

    "mnist" and "fashion-mnist" come from a local copy; if there is none, download_if_missing=True
    downloads it (progress(bytes_done, bytes_total)), otherwise MissingDataError (a
    FileNotFoundError with code "data.missing") says how to fetch it.
    Raises ValueError naming the file if a local file is malformed.
    """
    _check_name(name)
    local = _local_source(name, cache_dir)
    if local is None:
        if not download_if_missing:
            info = DATASETS[name]
            raise MissingDataError(_missing_message(name, cache_dir), name=name,
                                   size_mb=info.download_mb, debian_package=info.debian_package)
        download(name, cache_dir, progress)
        local = _local_source(name, cache_dir)
    kind, paths = local
    reader = {"sample": _read_sample, "npz": _read_keras_npz, "idx": _read_idx_set}[kind]
    x_train, y_train, x_test, y_test = reader(*paths)
    info = DATASETS[name]
    return Dataset(name, x_train, y_train, x_test, y_test, info.classes, info.test_split)


def _missing_message(name: str, cache_dir) -> str:
    """English for the command line (it names this computer's folders; the app does not)."""
    info = DATASETS[name]
    where = _cache_folder(name, cache_dir)
    extra = ""
    if info.debian_package:
        where = f"{FASHION_SYSTEM_DIR} or {where}"
        extra = f" (or install the Debian package {info.debian_package})"
    return (f"{name} is not on this computer yet (looked in {where}); fetch it once with "
            f"`python -m core.data download {name}` ({info.download_mb} MB){extra}, or call "
            f"load_dataset({name!r}, download_if_missing=True).")


def _images(x: np.ndarray, source: str) -> np.ndarray:
    """(n, 28, 28) uint8 -> read-only C-contiguous (n, 784) uint8; ValueError naming source."""
    if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(f"{source}: expected uint8 images of shape (n, 28, 28), got {x.shape} {x.dtype}.")
    x = np.ascontiguousarray(x.reshape(len(x), N_PIXELS))
    x.setflags(write=False)
    return x


def _labels(y: np.ndarray, n: int, source: str) -> np.ndarray:
    """Labels as read-only int64 (n,), checked to be integers in 0..9; ValueError naming source."""
    if y.shape != (n,) or y.dtype.kind not in "iu":
        raise ValueError(f"{source}: expected {n} integer labels, got {y.shape} {y.dtype}.")
    if n and (y.min() < 0 or y.max() > 9):
        raise ValueError(f"{source}: labels must be 0..9, found {y.min()}..{y.max()}.")
    y = y.astype(np.int64)
    y.setflags(write=False)
    return y


def _load_npz(path: Path, keys: tuple[str, ...]) -> dict:
    """Arrays `keys` from an .npz, never unpickling; ValueError naming the file otherwise."""
    try:
        npz = np.load(path, allow_pickle=False)
    except (OSError, EOFError, ValueError, zipfile.BadZipFile) as err:
        raise ValueError(f"{path}: not a readable .npz file ({err}).") from None
    if not isinstance(npz, np.lib.npyio.NpzFile):
        raise ValueError(f"{path}: expected an .npz archive of arrays, found a single array.")
    with npz:
        missing = [k for k in keys if k not in npz.files]
        if missing:
            has = ", ".join(npz.files) or "none"
            raise ValueError(f"{path}: missing array(s) {', '.join(missing)} (has {has}).")
        try:
            return {k: npz[k] for k in keys}
        except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error) as err:
            # ValueError here is e.g. an object array that would need unpickling.
            raise ValueError(f"{path}: cannot read its arrays ({err}).") from None


def _read_sample(path: Path):
    """Bundled sample: x (10000, 28, 28), y (10000,) -> first 8,000 train, last 2,000 held out."""
    arrays = _load_npz(path, ("x", "y"))
    x = _images(arrays["x"], str(path))
    y = _labels(arrays["y"], len(x), str(path))
    n = DATASETS["mnist-sample"].n_train  # fixed split: 0..7999 train, the rest held out
    return x[:n], y[:n], x[n:], y[n:]


def _read_keras_npz(path: Path):
    """Keras mnist.npz with x_train, y_train, x_test, y_test."""
    a = _load_npz(path, ("x_train", "y_train", "x_test", "y_test"))
    x_train, x_test = _images(a["x_train"], f"{path} x_train"), _images(a["x_test"], f"{path} x_test")
    return (x_train, _labels(a["y_train"], len(x_train), f"{path} y_train"),
            x_test, _labels(a["y_test"], len(x_test), f"{path} y_test"))


def _read_idx_set(train_x: Path, train_y: Path, test_x: Path, test_y: Path):
    """Four IDX files (images ndim 3, labels ndim 1) with matching counts."""
    out = []
    for images, labels in ((train_x, train_y), (test_x, test_y)):
        x = _images(read_idx(images, ndim=3), str(images))
        y = _labels(read_idx(labels, ndim=1), len(x), f"{labels} (for the {len(x)} images in {images.name})")
        out += [x, y]
    return tuple(out)
