"""Students without a browser: Streamlit's own websocket protocol, spoken by a small asyncio client.

A class brings its own devices; one 2-core machine cannot also run 30 Chromium pages without
starving them or the server (benchmarks/bench_class.py).  A ``Student`` here does what a page's
JavaScript does on the wire, and nothing a browser spends on drawing it:

    s = Student(url); await s.open("follow")        # a rerun of that page, as a new tab sends
    await s.follow(stop)                            # its fragment's auto-reruns at their interval
    await s.draw(stop, drawings, pause_s)           # replay drawings a real page sent (bytes)

It connects to ``/_stcore/stream`` (subprotocol "streamlit"), sends ``BackMsg`` protobufs and reads
every ``ForwardMsg``: the fragment to re-run and its interval (``auto_rerun``), the page's hash
(``new_session``), the query string the app writes (``page_info_changed``), each script run's end
(``script_finished``), each "Step: N" and each "Prediction:" it receives, with their times.  It
claims no cached messages, so the server sends every message in full (a browser, which caches,
costs the server no more).  The drawings are BackMsgs recorded from a real page (bench_class's
frames log): a student re-sends one after another, each different from the last, so each is
answered as a new drawing.
"""
from __future__ import annotations

import asyncio
import re
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STEP = re.compile(rb"Step: ([\d,]+)")
ANSWER = b"Prediction:"


class Student:
    """One browser session, without the browser (see the module docstring)."""

    def __init__(self, url: str):
        self.url = url
        self.ws = None
        self.fragment, self.interval = None, None
        self.page_hash, self.query = "", ""
        self.finished: list[float] = []        # times of script_finished
        self.steps: list[tuple[float, int]] = []   # (time, step) at each new "Step: N"
        self.answers: list[float] = []         # times of messages carrying an answer
        self.refresh_s: list[float] = []       # fragment rerun sent -> its script_finished
        self._sent_at = None
        self._reader = None
        self._changed = asyncio.Event()

    async def open(self, page_name: str, timeout: float = 60.0) -> "Student":
        """Connect and run page ``page_name`` ("follow", "draw") as a new tab does."""
        ws_url = "ws" + self.url[len("http"):] + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None)
        self._reader = asyncio.create_task(self._read())
        msg = BackMsg()
        msg.rerun_script.page_name = page_name
        info = msg.rerun_script.context_info
        info.timezone, info.locale, info.url = "UTC", "en-US", f"{self.url}/{page_name}"
        await self.ws.send(msg.SerializeToString())
        await self._until(lambda: self.finished, timeout)
        return self

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        last_step = None
        try:
            async for data in self.ws:
                now = time.monotonic()
                fm = ForwardMsg()
                fm.ParseFromString(data)
                kind = fm.WhichOneof("type")
                if kind == "auto_rerun":
                    self.fragment, self.interval = fm.auto_rerun.fragment_id, fm.auto_rerun.interval
                elif kind == "new_session":
                    self.page_hash = fm.new_session.page_script_hash
                elif kind == "page_info_changed":
                    self.query = fm.page_info_changed.query_string
                elif kind == "script_finished":
                    self.finished.append(now)
                    if self._sent_at is not None:
                        self.refresh_s.append(now - self._sent_at)
                        self._sent_at = None
                m = STEP.search(data)
                if m:
                    step = int(m.group(1).replace(b",", b""))
                    if step != last_step:
                        last_step = step
                        self.steps.append((now, step))
                if ANSWER in data:
                    self.answers.append(now)
                self._changed.set()
        except websockets.ConnectionClosed:
            pass

    async def _until(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except asyncio.TimeoutError:
                return False
        return True

    # ------------------------------------------------------------------ a follower
    def _fragment_rerun(self) -> bytes:
        msg = BackMsg()
        rs = msg.rerun_script
        rs.query_string, rs.page_script_hash = self.query, self.page_hash
        rs.fragment_id, rs.is_auto_rerun = self.fragment, True
        rs.widget_states.SetInParent()
        return msg.SerializeToString()

    async def follow(self, stop: asyncio.Event) -> None:
        """Re-run the page's auto-rerun fragment every ``interval`` seconds until ``stop`` (a
        tick is skipped while the previous rerun has not finished, as a page's timer would
        find the script still running)."""
        await self._until(lambda: self.fragment is not None, 30.0)
        if self.fragment is None:
            return
        while not stop.is_set():
            tick = time.monotonic()
            if self._sent_at is None:
                self._sent_at = tick
                await self.ws.send(self._fragment_rerun())
            await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - tick)))

    # ------------------------------------------------------------------ a drawer
    async def draw(self, stop: asyncio.Event, drawings: list, pause_s: float,
                   turns: list, timeout: float = 20.0) -> None:
        """Send the recorded drawings one after another until ``stop``: each answer's
        turnaround (sent -> first message carrying "Prediction:") is appended to ``turns``
        (None when none came within ``timeout`` s)."""
        i = 0
        while not stop.is_set():
            seen, sent = len(self.answers), time.monotonic()
            await self.ws.send(drawings[i % len(drawings)])
            i += 1
            if await self._until(lambda: len(self.answers) > seen, timeout):
                turns.append(self.answers[seen] - sent)
            else:
                turns.append(None)
            await asyncio.sleep(pause_s)


def is_drawing(payload: bytes, canvas_key: str = "draw.canvas") -> bool:
    """Whether a BackMsg a Draw page sent is a new drawing: a rerun carrying the canvas's value
    and no button press (Clear sends the old drawing with its trigger)."""
    msg = BackMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a BackMsg: not a drawing
        return False
    widgets = msg.rerun_script.widget_states.widgets
    canvas = [w for w in widgets if w.id.endswith(canvas_key) and w.HasField("json_value")]
    return (bool(canvas) and len(canvas[0].json_value) > 1000
            and not any(w.HasField("trigger_value") for w in widgets))
