"""Training time and throughput (samples per second over about the last second)."""
from __future__ import annotations

import time


class Throughput:
    """Seconds spent in steps (pauses and evaluations excluded) and the recent samples/s."""

    def __init__(self):
        self.train_seconds = 0.0
        self.rate = 0.0
        self._mark, self._last_end = None, 0.0

    def add(self, m, seconds):
        """A step of ``m`` examples that took ``seconds`` has just ended."""
        self.train_seconds += seconds
        now = time.perf_counter()
        if self._mark is None or now - self._last_end > 1.0:  # first step, or resumed
            self._mark = (now - seconds, 0)
        t_mark, n_mark = self._mark
        n_mark += m
        if now - t_mark >= 0.5 or self.rate == 0.0:  # samples/s over about the last second
            self.rate = n_mark / max(now - t_mark, 1e-9)
        self._mark = (now, 0) if now - t_mark >= 0.5 else (t_mark, n_mark)
        self._last_end = now
