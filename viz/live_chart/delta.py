"""What a browser chart needs to catch up with a new figure: nothing, a few new points, or all.

Pure data handling (NumPy only, no Streamlit, no Plotly): the live chart element
(viz/live_chart/element.py) keeps, per browser, the trace arrays it last sent; ``plan`` compares
them with the new figure's arrays and says what to send.

Why not only "append": the Trainer's BucketHistory (core/train/history.py) shows its still-open
bucket as the last point, so that point's value changes in place from one refresh to the next,
and when the history fills up it merges neighbouring pairs (re-bucketing), which changes every
point.  So per trace the plan keeps the longest common prefix and replaces the rest ("tail"),
and when most points changed it sends the whole figure again ("full").  After applying a plan,
the browser's arrays equal the new figure's arrays exactly (same float32 values).

Traces: a list of (x, y) 1-D arrays, one pair per Plotly trace, in the figure's order.
"""
from __future__ import annotations

import base64

import numpy as np

# A tail op is sent only while it replaces at most this share of the figure's points; beyond it
# (a re-bucketing, a new run) one full figure is cheaper for both sides.
FULL_SHARE = 0.5
_CODES = {np.dtype("float32"): "f4", np.dtype("float64"): "f8", np.dtype("int32"): "i4"}


def common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    """Length of the longest common prefix of 1-D arrays ``a`` and ``b`` (NaN equals NaN)."""
    n = min(len(a), len(b))
    if n == 0:
        return 0
    x, y = np.asarray(a[:n]), np.asarray(b[:n])
    same = x == y
    if x.dtype.kind == "f" or y.dtype.kind == "f":
        same |= np.isnan(x.astype(np.float64)) & np.isnan(y.astype(np.float64))
    bad = np.flatnonzero(~same)
    return int(bad[0]) if bad.size else n


def plan(old, new, full_share: float = FULL_SHARE) -> dict:
    """What turns traces ``old`` (what the browser holds; None: nothing yet) into ``new``.

    Returns {"op": "none"} when nothing changed; {"op": "full"} when the trace count differs, the
    browser holds nothing, or more than ``full_share`` of the new points must be replaced; else
    {"op": "tail", "traces": [(index, keep, x_tail, y_tail), ...]} listing only the traces that
    changed: the browser keeps its first ``keep`` points of trace ``index`` and appends the tails
    (``keep`` = the old length means a pure append).
    """
    if old is None or len(old) != len(new):
        return {"op": "full"}
    changes, replaced, total = [], 0, 0
    for i, ((ox, oy), (nx, ny)) in enumerate(zip(old, new)):
        total += len(nx)
        keep = min(common_prefix(ox, nx), common_prefix(oy, ny))
        if len(nx) != len(ny):
            return {"op": "full"}
        if keep == len(ox) == len(nx):
            continue
        replaced += len(nx) - keep + (len(ox) - keep)
        changes.append((i, keep, nx[keep:], ny[keep:]))
    if not changes:
        return {"op": "none"}
    if replaced > full_share * max(total, 1):
        return {"op": "full"}
    return {"op": "tail", "traces": changes}


def apply(old, op: dict):
    """The traces a browser holds after applying tail ``op`` to ``old`` (the JS does the same;
    tests use this to check that plan + apply reproduces the new figure)."""
    out = [(np.asarray(x), np.asarray(y)) for x, y in old]
    for i, keep, xt, yt in op.get("traces", ()):
        x, y = out[i]
        out[i] = (np.concatenate([x[:keep], xt]), np.concatenate([y[:keep], yt]))
    return out


def encode(a) -> dict:
    """A 1-D array as Plotly's typed-array spec {"dtype": "f4"|"f8"|"i4", "bdata": base64}
    (other dtypes travel as float64, which holds them exactly up to 2**53)."""
    a = np.asarray(a)
    if a.dtype not in _CODES:
        a = a.astype(np.float64)
    a = np.ascontiguousarray(a)
    return {"dtype": _CODES[a.dtype], "bdata": base64.b64encode(a.tobytes()).decode("ascii")}


def decode(spec: dict) -> np.ndarray:
    """The inverse of ``encode``."""
    code = {v: k for k, v in _CODES.items()}[spec["dtype"]]
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=code)
