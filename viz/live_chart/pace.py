"""The live panel's refresh interval, adapted to how long refreshes take (pure, no Streamlit).

A refresh that takes longer than its interval does not make the page faster: Streamlit queues
the next timer tick behind it, the server and the browser fall behind, and training (which
shares the cores) slows down.  So the interval grows (x GROW, at most ``cap``) after SLOW
refreshes in a row that were "slow" (the server's run took more than BUSY of the interval, or
the gap since the previous refresh started exceeded LATE intervals: the page is behind), and
shrinks back (/ GROW, at least ``base``) after FAST refreshes in a row that were quick.
The browser's own drawing time is not measured here (reporting it back would cost a rerun); it
shows up as late refreshes.
"""
from __future__ import annotations

GROW, BUSY, LATE, SLOW, FAST = 1.5, 0.8, 1.6, 3, 20


class Pace:
    """observe(start, seconds) after each refresh -> the interval to use (s)."""

    def __init__(self, base: float, cap: float = 2.0):
        self.base, self.cap, self.interval = base, cap, base
        self._last = None
        self._slow = self._fast = 0

    def observe(self, start: float, seconds: float) -> float:
        """``start``: monotonic time the refresh began; ``seconds``: its server time."""
        gap = None if self._last is None else start - self._last
        self._last = start
        slow = seconds > BUSY * self.interval or (gap is not None and gap > LATE * self.interval)
        quick = seconds < 0.5 * BUSY * self.interval and (gap is None or gap < 1.25 * self.interval)
        self._slow = self._slow + 1 if slow else 0
        self._fast = self._fast + 1 if quick else 0
        if self._slow >= SLOW and self.interval < self.cap:
            self.interval, self._slow = min(self.cap, round(self.interval * GROW, 3)), 0
        elif self._fast >= FAST and self.interval > self.base:
            self.interval, self._fast = max(self.base, round(self.interval / GROW, 3)), 0
        return self.interval

    def restart(self) -> None:
        """Forget the last start (the timer was off: a long gap is not lateness)."""
        self._last = None
        self._slow = self._fast = 0
