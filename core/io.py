"""Model files: a zip (.npz) of .npy arrays plus ``meta.json``.  Loading never unpickles.

Layout:  meta.json  {"format": "backprop-lab-model", "version": 1, "architecture": {...},
                     "metadata": {...anything the caller passed: data set, accuracy, ...}}
         W1.npy, b1.npy, ...            the parameters
         buffer.mean1.npy, ...          batch-norm running averages
``numpy.load`` opens these files too.  ``load_model`` checks every array's declared shape and size
against the architecture before it reads the array's data, so an upload cannot make us allocate
more than the architecture it states (itself capped at ``MAX_PARAMETERS``).
"""
from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile

import numpy as np

from .network import Network

FORMAT = "backprop-lab-model"
VERSION = 1
MAX_PARAMETERS = 20_000_000  # 80 MB of float32: far beyond any network this app trains
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
        raise ValueError("this is a Python pickle, not a Backprop Lab model; pickles are never "
                         "loaded because they can run code")
    if head != b"PK\x03\x04":
        raise ValueError("not a Backprop Lab model file: expected an .npz (zip) archive")
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ValueError(f"the model file is truncated or corrupt ({exc})") from None


def read_metadata(source):
    """The parsed ``meta.json`` of a model file, validated for format and version."""
    with _open_zip(source) as zf:
        return _read_meta(zf)


def _read_meta(zf):
    try:
        info = zf.getinfo("meta.json")
    except KeyError:
        raise ValueError("not a Backprop Lab model: the archive has no meta.json "
                         "(a plain numpy .npz?)") from None
    if info.file_size > MAX_META_BYTES:
        raise ValueError("the model's meta.json is implausibly large; refused")
    try:
        meta = json.loads(zf.read(info).decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ValueError(f"the model's meta.json is unreadable ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError("not a Backprop Lab model: meta.json has the wrong format tag")
    if meta.get("version") != VERSION:
        raise ValueError(f"model format version {meta.get('version')!r} is not supported "
                         f"(this app reads version {VERSION})")
    if not isinstance(meta.get("architecture"), dict):
        raise ValueError("the model's meta.json has no architecture")
    return meta


def _network_for(arch):
    """An empty network of the stated architecture, after capping its size."""
    sizes = arch.get("sizes")
    if (not isinstance(sizes, list) or len(sizes) < 2 or len(sizes) > 64
            or not all(isinstance(n, int) and 0 < n <= 100_000 for n in sizes)):
        raise ValueError(f"the model states an invalid architecture: sizes {sizes!r}")
    n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    if n_params > MAX_PARAMETERS:
        raise ValueError(f"the model states {n_params:,} parameters, more than the "
                         f"{MAX_PARAMETERS:,} this app accepts")
    try:
        return Network(sizes, activation=arch.get("activation"), init=arch.get("init", "seed"),
                       l2=arch.get("l2", 0.0), dropout=arch.get("dropout", 0.0),
                       batch_norm=bool(arch.get("batch_norm", False)),
                       seed=int(arch.get("seed", 0)), dtype=arch.get("dtype", "float32"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the model states an invalid architecture: {exc}") from None


def _read_array(zf, name, like):
    """Read one .npy member after checking its size, header, dtype and shape against ``like``."""
    info = zf.getinfo(name)
    if info.file_size > like.nbytes + _HEADER_SLACK:
        raise ValueError(f"array {name} holds {info.file_size:,} bytes, more than its stated "
                         f"shape {like.shape} allows; refused before reading")
    try:
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"array {name} has an unknown .npy version {version}")
            if dtype.hasobject or dtype.kind != "f" or dtype.itemsize != like.itemsize:
                raise ValueError(f"array {name} has dtype {dtype}, expected {like.dtype}")
            if tuple(shape) != like.shape:
                raise ValueError(f"array {name} has shape {tuple(shape)}, but the architecture "
                                 f"needs {like.shape}")
            data = f.read(like.nbytes)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ValueError(f"the model file is truncated or corrupt at {name} ({exc})") from None
    except ValueError as exc:
        if str(exc).startswith("array "):
            raise
        raise ValueError(f"array {name} has an unreadable header ({exc})") from None
    if len(data) != like.nbytes:
        raise ValueError(f"the model file is truncated: {name} has {len(data)} of "
                         f"{like.nbytes} bytes")
    arr = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"array {name} contains NaN or infinite values")
    return arr


def load_model(source):
    """Rebuild a Network from a model file (path, bytes or binary file object).

    Raises ValueError, with a sentence saying what is wrong, for a pickle, a foreign archive, a
    truncated file, an unknown format version, or arrays that do not match the stated architecture.
    The returned network carries the file's metadata as ``net.metadata``.
    """
    with _open_zip(source) as zf:
        meta = _read_meta(zf)
        net = _network_for(meta["architecture"])
        expected = _expected_arrays(net)
        members = set(zf.namelist()) - {"meta.json"}
        missing = sorted(set(expected) - members)
        extra = sorted(members - set(expected))
        if missing or extra:
            raise ValueError("the model's arrays do not match its architecture "
                             f"(missing: {', '.join(missing) or 'none'}; "
                             f"unexpected: {', '.join(extra) or 'none'})")
        for name, like in expected.items():
            like[...] = _read_array(zf, name, like)
    net.metadata = meta.get("metadata", {})
    return net
