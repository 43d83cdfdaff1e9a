"""Messages between the app and a training process (core/train/process.py and worker.py).

A message is one Python object, pickled (protocol 5) and framed by its length as 8 bytes,
big-endian, over a pipe both ends of which this program made: the parent and its own child.  No
file a user brings ever goes through here (model files are read by core/io.py, never unpickled).
"""
from __future__ import annotations

import pickle
import struct

_LENGTH = struct.Struct("!Q")


def send(stream, obj) -> None:
    """Write ``obj`` to the binary ``stream`` as one message and flush it."""
    data = pickle.dumps(obj, protocol=5)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def recv(stream):
    """The next message from the binary ``stream``; EOFError when the other end has closed it
    (or closed it in the middle of a message)."""
    head = _read_exactly(stream, _LENGTH.size)
    return pickle.loads(_read_exactly(stream, _LENGTH.unpack(head)[0]))


def _read_exactly(stream, n: int) -> bytes:
    parts, left = [], n
    while left:
        part = stream.read(left)
        if not part:
            raise EOFError("the other end of the pipe has closed")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
