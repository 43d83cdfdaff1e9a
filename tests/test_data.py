"""core.data and core.data.idx: bundled sample, readers (IDX, npz), Dataset, to_float, cache folder.

The downloader has its own file (test_download.py); drawing preprocessing is in test_preprocess.py.
"""
import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from core import data
from core.data import DATASETS, Dataset, default_cache_dir, is_available, load_dataset, to_float
from core.data.idx import encode_idx, parse_idx, read_idx

# Label counts of the first 10,000 MNIST training digits (as the README states).
SAMPLE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


def fake_split(n_train=30, n_test=10, seed=0):
    """Random MNIST-shaped arrays: x (n, 28, 28) uint8, y (n,) uint8 labels 0..9."""
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
            rng.integers(0, 10, n_train, dtype=np.uint8),
            rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
            rng.integers(0, 10, n_test, dtype=np.uint8))


def write_idx_set(folder: Path, arrays, compress=True):
    folder.mkdir(parents=True, exist_ok=True)
    for name, arr in zip(data.IDX_NAMES, arrays):
        raw = encode_idx(arr)
        (folder / name).write_bytes(gzip.compress(raw) if compress else raw)


# ------------------------------------------------------------------------------- bundled sample

def test_sample_shapes_dtypes_and_layout():
    ds = load_dataset()
    assert ds.name == "mnist-sample"
    assert ds.x_train.shape == (8000, 784) and ds.x_test.shape == (2000, 784)
    assert ds.x_train.dtype == np.uint8 and ds.x_test.dtype == np.uint8
    assert ds.y_train.shape == (8000,) and ds.y_test.shape == (2000,)
    assert ds.y_train.dtype == np.int64 and ds.y_test.dtype == np.int64
    assert ds.x_train.flags.c_contiguous and ds.x_test.flags.c_contiguous
    assert ds.class_names == tuple("0123456789")


def test_sample_label_counts_match_the_documented_source():
    ds = load_dataset("mnist-sample")
    counts = np.bincount(ds.y_train, minlength=10) + np.bincount(ds.y_test, minlength=10)
    assert counts.tolist() == SAMPLE_COUNTS


def test_sample_split_is_first_8000_then_last_2000_without_shuffling():
    raw = np.load(data.SAMPLE_PATH, allow_pickle=False)
    x, y = raw["x"].reshape(10000, 784), raw["y"]
    ds = load_dataset()
    np.testing.assert_array_equal(ds.x_train, x[:8000])
    np.testing.assert_array_equal(ds.y_train, y[:8000])
    np.testing.assert_array_equal(ds.x_test, x[8000:])
    np.testing.assert_array_equal(ds.y_test, y[8000:])
    again = load_dataset()
    np.testing.assert_array_equal(again.x_test, ds.x_test)


def test_sample_is_ink_on_background_like_mnist():
    """0 = background, 255 = ink: mostly-zero images whose strokes reach full intensity
    (an inverted copy would have a mean near 220 instead of MNIST's 33)."""
    ds = load_dataset()
    assert 30 < ds.x_train.mean() < 37
    assert np.all(ds.x_train.max(axis=1) >= 250)
    assert np.all(ds.x_train.reshape(-1, 28, 28)[:, 0, :] == 0)  # top row is background


def test_sample_is_labelled_honestly_as_held_out():
    ds = load_dataset()
    assert ds.test_split_name == "held-out" == DATASETS["mnist-sample"].test_split
    assert len(ds.y_test) == 2000 and ds.class_names == DATASETS["mnist-sample"].classes


def test_loaded_arrays_are_read_only_so_a_shared_dataset_cannot_be_corrupted():
    ds = load_dataset()
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 7
    with pytest.raises(ValueError):
        ds.y_test[0] = 3


def test_registry_and_unknown_name():
    assert list(DATASETS) == ["mnist-sample", "mnist", "fashion-mnist"]
    assert all(info.name == name for name, info in DATASETS.items())
    assert [DATASETS[n].test_split for n in DATASETS] == ["held-out", "test", "test"]
    assert DATASETS["mnist-sample"].download_mb is None and DATASETS["mnist"].download_mb == 11
    assert is_available("mnist-sample")
    with pytest.raises(ValueError, match="mnist-sample, mnist, fashion-mnist"):
        load_dataset("cifar10")


def test_dataset_rejects_wrong_shapes_and_dtypes():
    x = np.zeros((3, 784), np.uint8)
    y = np.zeros(3, np.int64)
    Dataset("t", x, y, x, y, tuple("0123456789"), "test")  # valid
    with pytest.raises(ValueError, match="x_train"):
        Dataset("t", x.astype(np.float32), y, x, y, (), "test")
    with pytest.raises(ValueError, match="y_test"):
        Dataset("t", x, y, x, y[:2], (), "test")


# ------------------------------------------------------------------------------------- to_float

def test_to_float_scales_to_unit_interval_in_a_new_contiguous_array():
    x = np.arange(256, dtype=np.uint8).reshape(4, 64)
    f = to_float(x)
    assert f.dtype == np.float32 and f.shape == x.shape and f.flags.c_contiguous
    assert f[0, 0] == 0.0 and f[-1, -1] == 1.0
    np.testing.assert_allclose(f.ravel(), np.arange(256) / 255.0, rtol=1e-6)
    assert not np.shares_memory(f, x)
    f64 = to_float(np.asfortranarray(x), dtype=np.float64)
    assert f64.dtype == np.float64 and f64.flags.c_contiguous
    np.testing.assert_array_equal(f64.ravel(), np.arange(256) / 255.0)


def test_to_float_writes_into_a_given_buffer():
    x = np.full((2, 784), 51, np.uint8)
    buf = np.empty((2, 784), np.float32)
    out = to_float(x, out=buf)
    assert out is buf and np.allclose(buf, 0.2)


def test_to_float_refuses_non_uint8():
    with pytest.raises(ValueError, match="uint8"):
        to_float(np.zeros((2, 784), np.float32))


# --------------------------------------------------------------------------------- cache folder

def test_default_cache_dir_env_override_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LAB_DATA", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("BACKPROP_LAB_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "backprop-lab"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "backprop-lab"


def test_env_var_cache_is_used_by_load_dataset(monkeypatch, tmp_path):
    arrays = fake_split()
    write_idx_set(tmp_path / "mnist", arrays)
    monkeypatch.setenv("BACKPROP_LAB_DATA", str(tmp_path))
    assert is_available("mnist")
    np.testing.assert_array_equal(load_dataset("mnist").y_test, arrays[3])


# ---------------------------------------------------------------------------- full MNIST, local

def test_missing_mnist_says_how_to_fetch_it(tmp_path):
    assert not is_available("mnist", cache_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m core.data download mnist") as info:
        load_dataset("mnist", cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # looking creates nothing
    err = info.value   # the app words it from the code and params, never showing the folder
    assert err.code == "data.missing" and isinstance(err, ValueError)
    assert err.params == {"name": "mnist", "size_mb": 11, "debian_package": ""}
    assert str(tmp_path) in str(err) and str(tmp_path) not in repr(err.params)


def test_mnist_from_cached_keras_npz(tmp_path):
    xtr, ytr, xte, yte = fake_split()
    (tmp_path / "mnist").mkdir()
    np.savez(tmp_path / "mnist" / "mnist.npz", x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)
    ds = load_dataset("mnist", cache_dir=tmp_path)
    np.testing.assert_array_equal(ds.x_train, xtr.reshape(-1, 784))
    np.testing.assert_array_equal(ds.y_test, yte)
    assert ds.y_train.dtype == np.int64 and ds.test_split_name == "test"
    assert ds.class_names == tuple("0123456789")


def test_mnist_from_cached_idx_files(tmp_path):
    arrays = fake_split()
    write_idx_set(tmp_path / "mnist", arrays)
    ds = load_dataset("mnist", cache_dir=tmp_path)
    for got, want in zip((ds.x_train, ds.y_train, ds.x_test, ds.y_test), arrays):
        np.testing.assert_array_equal(got, want.reshape(len(want), -1).squeeze())
    assert ds.x_train.flags.c_contiguous


def test_fashion_from_cache_when_the_debian_package_is_absent(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "no-such-dir")
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        load_dataset("fashion-mnist", cache_dir=tmp_path)
    write_idx_set(tmp_path / "fashion-mnist", fake_split())
    ds = load_dataset("fashion-mnist", cache_dir=tmp_path)
    assert ds.class_names[0] == "tshirt" and ds.class_names[9] == "ankle-boot"
    assert len(ds.x_train) == 30


# --------------------------------------------------------------------------- malformed npz files

class _Boom:
    """Unpickling this would create a file: proof that a model/data file was unpickled."""
    marker = None

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_npz_with_pickled_objects_is_refused_and_never_unpickled(tmp_path):
    _Boom.marker = tmp_path / "unpickled"
    xtr, ytr, xte, yte = fake_split()
    (tmp_path / "mnist").mkdir()
    path = tmp_path / "mnist" / "mnist.npz"
    np.savez(path, x_train=np.array([_Boom()], dtype=object), y_train=ytr, x_test=xte, y_test=yte)
    with pytest.raises(ValueError, match="mnist.npz"):
        load_dataset("mnist", cache_dir=tmp_path)
    assert not _Boom.marker.exists()


@pytest.mark.parametrize("case", ["missing-key", "garbage", "wrong-shape", "bad-labels"])
def test_malformed_npz_raises_value_error_naming_the_file(tmp_path, case):
    xtr, ytr, xte, yte = fake_split()
    (tmp_path / "mnist").mkdir()
    path = tmp_path / "mnist" / "mnist.npz"
    if case == "garbage":
        path.write_bytes(b"this is not a zip archive at all")
    elif case == "missing-key":
        np.savez(path, x_train=xtr, y_train=ytr, x_test=xte)
    elif case == "wrong-shape":
        np.savez(path, x_train=xtr[:, :27, :27], y_train=ytr, x_test=xte, y_test=yte)
    else:
        np.savez(path, x_train=xtr, y_train=ytr + 10, x_test=xte, y_test=yte)
    with pytest.raises(ValueError, match="mnist.npz") as err:
        load_dataset("mnist", cache_dir=tmp_path)
    expected = {"missing-key": "y_test", "garbage": "npz", "wrong-shape": "28", "bad-labels": "0..9"}
    assert expected[case] in str(err.value)


# ------------------------------------------------------------------------------------ IDX reader

def test_idx_reader_against_a_hand_built_header(tmp_path):
    pixels = np.arange(2 * 28 * 28, dtype=np.uint32) % 256
    raw = b"\x00\x00\x08\x03" + struct.pack(">3I", 2, 28, 28) + bytes(pixels.astype(np.uint8))
    path = tmp_path / "images-idx3-ubyte"
    path.write_bytes(raw)
    arr = read_idx(path, ndim=3)
    assert arr.shape == (2, 28, 28) and arr.dtype == np.uint8
    assert arr[1, 0, 0] == (28 * 28) % 256 and arr[0, 27, 27] == (28 * 28 - 1) % 256


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
def test_idx_round_trip_plain_and_gzip(tmp_path, dtype):
    arr = (np.arange(60).reshape(3, 4, 5) - 7).astype(dtype)
    np.testing.assert_array_equal(parse_idx(encode_idx(arr)), arr)
    gz = tmp_path / "a.gz"
    gz.write_bytes(gzip.compress(encode_idx(arr)))
    got = read_idx(gz)
    assert got.dtype == np.dtype(dtype) and got.dtype.isnative
    np.testing.assert_array_equal(got, arr)


GOOD = encode_idx(np.zeros((4, 28, 28), np.uint8))


@pytest.mark.parametrize("raw, problem", [
    (b"\x12\x34" + GOOD[2:], "magic"),
    (GOOD[:-10], "truncated"),
    (GOOD + b"\x00\x00", "trailing"),
    (GOOD[:2] + b"\x07" + GOOD[3:], "type code"),
    (GOOD[:9], "header truncated"),
    (b"\x00\x00", "too short"),
    (encode_idx(np.zeros(4, np.uint8)), "expected 3 dimension"),
])
def test_malformed_idx_raises_value_error_naming_file_and_problem(tmp_path, raw, problem):
    path = tmp_path / "broken-idx3-ubyte"
    path.write_bytes(raw)
    with pytest.raises(ValueError) as err:
        read_idx(path, ndim=3)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_corrupt_gzip_idx_names_the_file(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(GOOD)[:40])
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte\.gz.*gzip"):
        read_idx(path)


def test_idx_set_with_mismatched_counts_names_the_label_file(tmp_path):
    xtr, ytr, xte, yte = fake_split()
    write_idx_set(tmp_path / "mnist", (xtr, ytr[:-1], xte, yte))
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte.gz"):
        load_dataset("mnist", cache_dir=tmp_path)


# ------------------------------------------------------------------- real Fashion-MNIST (Debian)

def _require_fashion():
    if all((FASHION_DIR / n).is_file() for n in data.IDX_NAMES):
        return
    message = f"Fashion-MNIST not installed at {FASHION_DIR} (apt-get install dataset-fashion-mnist)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI must install it")
    pytest.skip(message)


def test_real_fashion_mnist_through_the_same_reader(tmp_path):
    _require_fashion()
    ds = load_dataset("fashion-mnist", cache_dir=tmp_path)
    assert ds.x_train.shape == (60000, 784) and ds.x_test.shape == (10000, 784)
    assert ds.x_train.dtype == np.uint8 and ds.y_train.dtype == np.int64
    assert ds.x_train.flags.c_contiguous and ds.x_test.flags.c_contiguous
    assert np.bincount(ds.y_train).tolist() == [6000] * 10
    assert np.bincount(ds.y_test).tolist() == [1000] * 10
    assert ds.x_train.min() == 0 and ds.x_train.max() == 255
    assert ds.class_names == ("tshirt", "trouser", "pullover", "dress", "coat",
                              "sandal", "shirt", "sneaker", "bag", "ankle-boot")
    assert ds.test_split_name == "test"
    assert is_available("fashion-mnist", cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # read in place, nothing copied into the cache
