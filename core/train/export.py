"""A run's files: its history as CSV, a session's runs as one zip, and a run file read from bytes.

CSV layout (``history_csv``): one header row, then one row per index; each history array is one
column (a (T, L) array is L columns "grad_rms.W1", "grad_rms.W2", ...; an (N, 0) array, as
"inactive" of a network without hidden layers, is no column).  The per-step arrays (length T) and
the per-evaluation arrays (length E) stand side by side, so the shorter block's cells are empty
below its end.  Each value is the shortest decimal text of the float32 value (``repr`` of the
Python float), so parsing a cell and casting to float32 gives the same bits; NaN and infinities
are written "nan", "inf", "-inf" (which ``float`` reads back).

Zip layout (``runs_zip``): per run "NN-<name>/run.json" (RunRecord.to_json) and
"NN-<name>/history.csv", NN its position (01 = oldest), plus any ``extra`` files given.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile

import numpy as np

from core.errors import CodedError
from core.train.record import MAX_BYTES, RunRecord


def _columns(history: dict) -> list[tuple[str, np.ndarray]]:
    """[(column name, 1-D float32 array)] in the history's key order."""
    out = []
    for key, arr in history.items():
        arr = np.asarray(arr, dtype=np.float32)
        if arr.ndim == 1:
            out.append((key, arr))
        else:
            out.extend((f"{key}.W{j + 1}", arr[:, j]) for j in range(arr.shape[1]))
    return out


def _cell(x) -> str:
    return repr(float(x))        # float32 -> float64 exactly; repr: shortest text that round-trips


def history_csv(record: RunRecord) -> str:
    """``record.history`` as CSV text (see the module docstring)."""
    cols = _columns(record.history)
    rows = max((len(a) for _, a in cols), default=0)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([name for name, _ in cols])
    for i in range(rows):
        w.writerow([_cell(a[i]) if i < len(a) else "" for _, a in cols])
    return buf.getvalue()


def read_history_csv(text: str) -> dict:
    """The columns of a ``history_csv`` text: name -> float32 array (empty cells dropped from
    the end of each column; a 2-D history reads back as its columns "key.W1", ...)."""
    reader = csv.reader(io.StringIO(text))
    names = next(reader, [])
    values = {n: [] for n in names}
    for row in reader:
        for n, cell in zip(names, row):
            if cell != "":
                values[n].append(float(cell))
    return {n: np.array(v, dtype=np.float32) for n, v in values.items()}


def file_stem(name: str) -> str:
    """A run's name as a safe file-name part ("#3 relu" -> "3-relu"; "run" when nothing is left)."""
    stem = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")
    return stem[:60] or "run"


def runs_zip(records, extra: dict | None = None) -> bytes:
    """One zip (deflated) of every run in ``records`` as JSON and CSV; ``extra``: {path: text or
    bytes} added as they are (e.g. charts as HTML)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, rec in enumerate(records, 1):
            folder = f"{i:02d}-{file_stem(rec.name)}"
            zf.writestr(f"{folder}/run.json", rec.to_json())
            zf.writestr(f"{folder}/history.csv", history_csv(rec))
        for path, data in (extra or {}).items():
            zf.writestr(path, data)
    return buf.getvalue()


def read_run_bytes(data: bytes) -> RunRecord:
    """The RunRecord in an uploaded file's bytes: over MAX_BYTES refused before parsing
    ("run.too_big"), otherwise as RunRecord.from_json ("run.not_json", "run.bad_format", ...)."""
    size = len(data)
    if size > MAX_BYTES:
        raise CodedError("run.too_big", f"the run file is {size / 2**20:.1f} MB; at most "
                         f"{MAX_BYTES >> 20} MB", mb=round(size / 2**20, 1), limit=MAX_BYTES >> 20)
    return RunRecord.from_json(bytes(data))
