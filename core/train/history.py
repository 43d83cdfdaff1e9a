"""A bounded history of per-step numbers, thinned by bucket means.

A lesson-long run makes ~10^5 steps, but a chart needs a few hundred points.  ``BucketHistory``
stores at most ``capacity`` rows; each row is the mean of ``bucket`` consecutive raw rows.  When
the store fills up, neighbouring pairs are merged (their mean), halving the row count and doubling
``bucket``.  So the whole run is always shown, evenly, at between capacity/2 and capacity points,
each a mean (not a sample) of the steps it covers: a noisy loss curve stays honest when coarsened.
Memory is fixed and a read costs O(capacity), whatever the run's length.  Merging costs
O(capacity) once per capacity/2 stored rows: O(1) per appended row, amortised.
"""
from __future__ import annotations

import numpy as np


class BucketHistory:
    """Rows of named columns: ``widths[name]`` = 0 for a scalar column, k >= 1 for k values.

    append(row)   row: (n_values,) array, the columns' values concatenated in order
    arrays()      {name: float32 array (T,) or (T, width)}; the last row is the mean of the
                  still-open bucket, so the newest step is always visible
    """

    def __init__(self, widths, capacity=600):
        if capacity < 2:
            raise ValueError(f"history capacity must be >= 2; got {capacity!r}")
        self.capacity = int(capacity) // 2 * 2  # even, so pairs merge cleanly
        self.widths = dict(widths)
        self._slices = {}
        start = 0
        for name, width in self.widths.items():
            self._slices[name] = (slice(start, start + max(width, 1)), width)
            start += max(width, 1)
        self.n_values = start
        self._rows = np.zeros((self.capacity, self.n_values))  # float64: exact-enough means
        self._n = 0             # complete rows stored
        self.bucket = 1         # raw rows per stored row
        self._open = np.zeros(self.n_values)
        self._open_n = 0        # raw rows in the open bucket
        self.total = 0          # raw rows ever appended

    def __len__(self):
        """Rows ``arrays()`` returns (complete rows + the open bucket if it has any)."""
        return self._n + (1 if self._open_n else 0)

    def append(self, row):
        self._open += row
        self._open_n += 1
        self.total += 1
        if self._open_n == self.bucket:
            np.multiply(self._open, 1.0 / self.bucket, out=self._rows[self._n])
            self._n += 1
            self._open[:] = 0.0
            self._open_n = 0
            if self._n == self.capacity:
                self._merge_pairs()

    def _merge_pairs(self):
        half = self.capacity // 2
        merged = 0.5 * (self._rows[0::2] + self._rows[1::2])
        self._rows[:half] = merged
        self._n = half
        self.bucket *= 2

    def arrays(self, dtype=np.float32):
        """{name: copy as ``dtype``}, shape (T,) for scalar columns, else (T, width)."""
        rows = self._rows[:self._n]
        if self._open_n:
            rows = np.concatenate([rows, (self._open / self._open_n)[None, :]])
        rows = rows.astype(dtype)
        out = {}
        for name, (sl, width) in self._slices.items():
            col = rows[:, sl]
            out[name] = np.ascontiguousarray(col[:, 0] if width == 0 else col)
        return out
