"""Model files: a zip (.npz) of .npy arrays plus ``meta.json``.  Loading never unpickles.

Layout:  meta.json  {"format": "backprop-lab-model", "version": 1, "architecture": {...},
                     "metadata": {...anything the caller passed: data set, accuracy, ...}}
         W1.npy, b1.npy, ...            the parameters
         buffer.mean1.npy, ...          batch-norm running averages
``numpy.load`` opens these files too.

An upload is held to what the app can train before any array is read: at most
``core.config.MAX_HIDDEN_LAYERS`` hidden layers, at most ``core.config.MAX_UNITS`` units in any
layer, and at most ``MAX_MODEL_BYTES`` of arrays, counted at the file's real item size (a float64
model gets half the parameters of a float32 one).  Then every array's declared shape and size is
checked against the architecture before its data is read, so a small deflated file cannot make
the server allocate more than that.  Every refusal is a ``core.errors.CodedError`` ("model.*").
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile

import numpy as np

from .config import MAX_HIDDEN_LAYERS, MAX_UNITS
from .errors import CodedError
from .network import DTYPES, Network

FORMAT = "backprop-lab-model"
VERSION = 1
MAX_PARAMETERS = 20_000_000  # of float32: the cap on a model's arrays is...
MAX_MODEL_BYTES = MAX_PARAMETERS * 4  # ...80 MB, every array together at its real item size
MAX_META_BYTES = 1 << 20
_HEADER_SLACK = 1024  # bytes an .npy header may add to its data


def _expected_arrays(net):
    return {**{f"{k}.npy": v for k, v in net.params.items()},
            **{f"buffer.{k}.npy": v for k, v in net.buffers.items()}}


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"metadata value of type {type(value).__name__} is not JSON")


def save_model(net, path, **metadata):
    """Write ``net`` to ``path`` (.npz) atomically, with ``metadata`` (JSON-able) alongside.

    ``path`` may also be a binary file object (e.g. io.BytesIO for a download button).
    """
    meta = {"format": FORMAT, "version": VERSION, "architecture": net.architecture(),
            "metadata": metadata}
    meta_bytes = json.dumps(meta, default=_jsonable, indent=1).encode()

    def write(fileobj):
        with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr("meta.json", meta_bytes)
            for name, arr in _expected_arrays(net).items():
                with zf.open(name, "w", force_zip64=True) as f:
                    np.lib.format.write_array(f, np.ascontiguousarray(arr), allow_pickle=False)

    if hasattr(path, "write"):
        write(path)
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        # mkstemp makes the file 0600; give it the mode a plain open() would (0666 minus umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _open_zip(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(bytes(source))
    head = b""
    if hasattr(source, "read"):
        pos = source.tell()
        head = source.read(4)
        source.seek(pos)
    else:
        with open(source, "rb") as f:
            head = f.read(4)
    if head[:1] == b"\x80":
        raise CodedError("model.pickle", "this is a Python pickle, not a Backprop Lab model; "
                         "pickles are never loaded because they can run code")
    if head != b"PK\x03\x04":
        raise CodedError("model.not_zip",
                         "not a Backprop Lab model file: expected an .npz (zip) archive")
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CodedError("model.truncated", f"the model file is truncated or corrupt ({exc})",
                         detail=str(exc)) from None


def read_metadata(source):
    """The parsed ``meta.json`` of a model file, validated for format and version."""
    with _open_zip(source) as zf:
        return _read_meta(zf)


def _read_meta(zf):
    try:
        info = zf.getinfo("meta.json")
    except KeyError:
        raise CodedError("model.no_meta", "not a Backprop Lab model: the archive has no "
                         "meta.json (a plain numpy .npz?)") from None
    if info.file_size > MAX_META_BYTES:
        raise CodedError("model.meta_too_large", "the model's meta.json is implausibly large; "
                         "refused", bytes=info.file_size, limit=MAX_META_BYTES)
    try:
        meta = json.loads(zf.read(info).decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CodedError("model.bad_meta", f"the model's meta.json is unreadable ({exc})",
                         detail=str(exc)) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CodedError("model.bad_format",
                         "not a Backprop Lab model: meta.json has the wrong format tag")
    if meta.get("version") != VERSION:
        raise CodedError("model.version", f"model format version {meta.get('version')!r} is not "
                         f"supported (this app reads version {VERSION})",
                         version=str(meta.get("version"))[:40], supported=VERSION)
    if not isinstance(meta.get("architecture"), dict):
        raise CodedError("model.bad_architecture", "the model's meta.json has no architecture",
                         detail="no architecture")
    return meta


def array_bytes(sizes, batch_norm, dtype):
    """Bytes of every array a network of ``sizes`` holds: W_l (n_l x n_{l-1}) and b_l (n_l) per
    layer, or, with batch norm on a hidden layer, gamma_l, beta_l and the running mean_l, var_l
    (4 n_l) instead of b_l; times the item size of ``dtype`` (4 for float32, 8 for float64)."""
    L = len(sizes) - 1
    count = 0
    for l in range(1, L + 1):
        count += sizes[l] * sizes[l - 1] + (4 if batch_norm and l < L else 1) * sizes[l]
    return count * np.dtype(dtype).itemsize


def check_limits(sizes, batch_norm=False, dtype="float32"):
    """Raise CodedError unless a network of ``sizes`` is one the app could train and hold:
    "model.too_deep" (more than MAX_HIDDEN_LAYERS hidden layers), "model.too_wide" (a layer of
    more than MAX_UNITS units), "model.too_large" (arrays over MAX_MODEL_BYTES).  Pure arithmetic
    on the stated sizes: nothing is allocated."""
    hidden = len(sizes) - 2
    if hidden > MAX_HIDDEN_LAYERS:
        raise CodedError("model.too_deep", f"the model has {hidden} hidden layers; this app "
                         f"accepts at most {MAX_HIDDEN_LAYERS}", layers=hidden,
                         limit=MAX_HIDDEN_LAYERS)
    widest = max(sizes)
    if widest > MAX_UNITS:
        layer = sizes.index(widest)
        raise CodedError("model.too_wide", f"layer {layer} of the model has {widest:,} units; "
                         f"this app accepts at most {MAX_UNITS:,} per layer", units=widest,
                         limit=MAX_UNITS, layer=layer)
    nbytes = array_bytes(sizes, batch_norm, dtype)
    n_params = nbytes // np.dtype(dtype).itemsize
    if nbytes > MAX_MODEL_BYTES:
        raise CodedError("model.too_large", f"the model states {n_params:,} {dtype} numbers "
                         f"({nbytes / 1e6:,.0f} MB), more than the {MAX_MODEL_BYTES / 1e6:,.0f} MB "
                         "this app accepts", params=n_params, bytes=nbytes,
                         limit=MAX_MODEL_BYTES, dtype=dtype)


def _network_for(arch):
    """An empty network of the stated architecture, after holding it to the app's limits."""
    sizes = arch.get("sizes")
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(type(n) is int and n > 0 for n in sizes)):
        raise CodedError("model.bad_architecture", "the model states an invalid architecture: "
                         f"sizes {str(sizes)[:200]}", detail="sizes")
    dtype = arch.get("dtype", "float32")
    if dtype not in DTYPES:
        raise CodedError("model.bad_architecture", "the model states an invalid architecture: "
                         f"dtype must be one of {', '.join(DTYPES)}; got {str(dtype)[:40]!r}",
                         detail="dtype")
    batch_norm = bool(arch.get("batch_norm", False))
    check_limits(sizes, batch_norm, dtype)
    try:
        return Network(sizes, activation=arch.get("activation"), init=arch.get("init", "seed"),
                       l2=arch.get("l2", 0.0), dropout=arch.get("dropout", 0.0),
                       batch_norm=batch_norm, seed=int(arch.get("seed", 0)), dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise CodedError("model.bad_architecture",
                         f"the model states an invalid architecture: {exc}",
                         detail=str(exc)[:200]) from None


def _read_array(zf, name, like):
    """Read one .npy member after checking its size, header, dtype and shape against ``like``."""
    info = zf.getinfo(name)
    if info.file_size > like.nbytes + _HEADER_SLACK:
        raise CodedError("model.array_mismatch", f"array {name} holds {info.file_size:,} bytes, "
                         f"more than its stated shape {like.shape} allows; refused before "
                         "reading", array=name, bytes=info.file_size)
    try:
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise CodedError("model.bad_array",
                                 f"array {name} has an unknown .npy version {version}", array=name)
            if dtype.hasobject or dtype.kind != "f" or dtype.itemsize != like.itemsize:
                raise CodedError("model.array_mismatch",
                                 f"array {name} has dtype {dtype}, expected {like.dtype}",
                                 array=name)
            if tuple(shape) != like.shape:
                raise CodedError("model.array_mismatch", f"array {name} has shape "
                                 f"{tuple(shape)}, but the architecture needs {like.shape}",
                                 array=name)
            data = f.read(like.nbytes)
    except CodedError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CodedError("model.truncated", f"the model file is truncated or corrupt at {name} "
                         f"({exc})", array=name, detail=str(exc)) from None
    except ValueError as exc:
        raise CodedError("model.bad_array", f"array {name} has an unreadable header ({exc})",
                         array=name) from None
    if len(data) != like.nbytes:
        raise CodedError("model.truncated", f"the model file is truncated: {name} has "
                         f"{len(data)} of {like.nbytes} bytes", array=name)
    arr = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    if not np.all(np.isfinite(arr)):
        raise CodedError("model.nan", f"array {name} contains NaN or infinite values", array=name)
    return arr


def load_model(source):
    """Rebuild a Network from a model file (path, bytes or binary file object).

    Raises core.errors.CodedError (a ValueError; ``code`` "model.*", ``str`` a sentence) for a
    pickle, a foreign archive, a truncated file, an unknown format version, a model deeper, wider
    or larger than the app trains (refused before any array is read), or arrays that do not match
    the stated architecture.  The returned network carries the file's metadata as ``net.metadata``.
    """
    with _open_zip(source) as zf:
        meta = _read_meta(zf)
        net = _network_for(meta["architecture"])
        expected = _expected_arrays(net)
        members = set(zf.namelist()) - {"meta.json"}
        missing = sorted(set(expected) - members)
        extra = sorted(members - set(expected))
        if missing or extra:
            raise CodedError("model.array_mismatch", "the model's arrays do not match its "
                             f"architecture (missing: {', '.join(missing) or 'none'}; "
                             f"unexpected: {', '.join(extra[:5]) or 'none'})",
                             missing=len(missing), unexpected=len(extra))
        for name, like in expected.items():
            like[...] = _read_array(zf, name, like)
    net.metadata = meta.get("metadata", {})
    return net
