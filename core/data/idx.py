"""IDX files: the format MNIST and Fashion-MNIST ship in (LeCun's "IDX" layout).

Layout of an IDX file (all integers big-endian):

    bytes 0-1   0x00 0x00                    magic: two zero bytes
    byte  2     type code                    0x08 = uint8 (the only one MNIST uses), see _DTYPES
    byte  3     ndim                         1 for labels, 3 for images
    4*ndim      dims, uint32 each            e.g. 60000, 28, 28
    rest        prod(dims) values, row-major

The reader checks every one of these and raises ValueError naming the file and the problem, so a
truncated download or a foreign file never turns into silently wrong training data. Files may be
gzip-compressed (detected from the content, not the name).
"""
from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

# IDX type code -> big-endian NumPy dtype.
_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODES = {dt.newbyteorder("="): code for code, dt in _DTYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"


def read_idx(path: str | Path, *, ndim: int | None = None) -> np.ndarray:
    """Read an IDX file (plain or gzip) into a read-only array of shape dims.

    path: the file. ndim: if given, the number of dimensions the caller expects (3 for images,
    1 for labels). Returns the array in native byte order (no copy for uint8 data).
    Raises ValueError naming the file for any malformed content, OSError if it cannot be read.
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:  # BadGzipFile is an OSError
            raise ValueError(f"{path}: corrupt or truncated gzip data ({err}).") from None
    return parse_idx(raw, name=str(path), ndim=ndim)


def parse_idx(raw: bytes, *, name: str = "<bytes>", ndim: int | None = None) -> np.ndarray:
    """Parse uncompressed IDX bytes; see read_idx. name is used in error messages."""
    if len(raw) < 4:
        raise ValueError(f"{name}: too short to be an IDX file ({len(raw)} bytes, header needs 4).")
    zero0, zero1, code, n_dims = raw[0], raw[1], raw[2], raw[3]
    if zero0 != 0 or zero1 != 0:
        raise ValueError(
            f"{name}: not an IDX file (magic number starts with 0x{zero0:02x}{zero1:02x}, expected 0x0000)."
        )
    if code not in _DTYPES:
        raise ValueError(f"{name}: unknown IDX data type code 0x{code:02x}.")
    if n_dims == 0:
        raise ValueError(f"{name}: IDX header declares 0 dimensions.")
    if ndim is not None and n_dims != ndim:
        raise ValueError(f"{name}: expected {ndim} dimension(s), the header declares {n_dims}.")
    header_len = 4 + 4 * n_dims
    if len(raw) < header_len:
        raise ValueError(f"{name}: header truncated (needs {header_len} bytes, file has {len(raw)}).")
    dims = struct.unpack(f">{n_dims}I", raw[4:header_len])
    dtype = _DTYPES[code]
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    found = len(raw) - header_len
    if found != expected:
        problem = "truncated" if found < expected else "has trailing bytes"
        raise ValueError(
            f"{name}: data {problem}: shape {dims} needs {expected} bytes, file holds {found}."
        )
    arr = np.frombuffer(raw, dtype=dtype, offset=header_len).reshape(dims)
    if dtype.itemsize > 1:
        arr = arr.astype(dtype.newbyteorder("="))
        arr.setflags(write=False)
    return arr


def encode_idx(arr: np.ndarray) -> bytes:
    """Encode an array as uncompressed IDX bytes (inverse of parse_idx); for tests and tooling."""
    arr = np.asarray(arr)
    native = arr.dtype.newbyteorder("=")
    if native not in _CODES:
        raise ValueError(f"IDX cannot store dtype {arr.dtype}.")
    if not 1 <= arr.ndim <= 255:
        raise ValueError(f"IDX needs 1 to 255 dimensions, got {arr.ndim}.")
    code = _CODES[native]
    header = bytes([0, 0, code, arr.ndim]) + struct.pack(f">{arr.ndim}I", *arr.shape)
    return header + np.ascontiguousarray(arr, dtype=_DTYPES[code]).tobytes()
