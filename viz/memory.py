"""Give the server's memory back after a class leaves: end Streamlit's expired sessions, then
return freed heap to the system.

Why (measured with benchmarks/bench_leave.py): when a tab closes, Streamlit keeps its session
``server.disconnectedSessionTTL`` seconds for a reconnect, in a TTL cache that drops an expired
entry only when something is next *written* to it, i.e. at the next tab that closes.  After the
last student of a class has left nothing is written again, so every student's session (its
``st.session_state``, our viz.session.Session, its pictures in Streamlit's media store) stays in
memory for good; and a session dropped that way is never ``shutdown()``, so the media files it
referenced are never removed either.  Streamlit 1.67 has no session-end callback.

``housekeeping()`` (called from every page heartbeat, viz.session.heartbeat; it does real work at
most every REAP_S seconds, process-wide) therefore:

1. on Streamlit's event loop (the thread that owns the session storage), reaps the expired
   stored sessions and shuts each down the way Streamlit's own ``close_session`` does
   (``AppSession.shutdown()``: media and uploaded files released);
2. at its next turn, in the heartbeat's own thread (off the event loop: a trim of a fragmented
   heap takes ~0.2 s), when any was reaped: ``gc.collect()`` (the sessions hold reference
   cycles) and then ``malloc_trim(0)`` (glibc only): the script threads allocate in their own
   malloc arenas, and glibc keeps the freed pages of an arena mapped until asked.
   ``BACKPROP_LAB_MALLOC_TRIM=0`` turns the trim off (to compare).

What stays after that is the allocator's high-water mark.  Two settings at the app's preload
hold it down: ``fix_mmap_threshold`` (big buffers in mmaps of their own, returned when freed;
glibc's sliding threshold had them in the arenas) and ``cap_arenas`` (no new per-thread arenas
past the six the server has by then).  Measured with ``python benchmarks/bench_leave.py
--protocol --followers 20 --drawers 10 --stay 20`` (three full classes): RSS after each class
+12, +14, +18 MB over the teacher alone, against +42, +59, +66 MB with glibc's sliding
threshold; the same threshold set from outside (``MALLOC_MMAP_THRESHOLD_=131072``) gave +4, +5,
+5 MB.

Step 1 reads Streamlit internals (``Runtime._session_mgr._session_storage._cache``, 1.67); if
they are not there, housekeeping does nothing (``streamlit_hooks()`` is None).  Housekeeping
needs a heartbeat: with no page open at all, expired sessions wait for the next visitor.

``BACKPROP_LAB_MEMORY_LOG=1`` prints one line per release (for the benchmark):
``backprop-lab memory: {"reaped": n, "sessions": active + stored, "live": live Session objects,
"trimmed": bool, "blocks": Python objects' memory blocks in use (sys.getallocatedblocks), "ms":
the time collecting and trimming took}``.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import json
import os
import sys
import threading
import time
import weakref

REAP_S = 10.0                          # at most one housekeeping per this many seconds
TRIM_ENV = "BACKPROP_LAB_MALLOC_TRIM"  # "0": never call malloc_trim
LOG_ENV = "BACKPROP_LAB_MEMORY_LOG"    # "1": print a line per housekeeping that reaped

# Every viz.session.Session made in this process, held weakly (only counted, for the log).
_sessions: weakref.WeakSet = weakref.WeakSet()


def track(session) -> None:
    """Count ``session`` among the live Session objects (weakly: tracking keeps nothing alive)."""
    _sessions.add(session)


def live_sessions() -> int:
    """How many tracked Session objects are still alive."""
    return len(_sessions)


# ---------------------------------------------------------------- the allocator
def _libc(name: str, argtypes: list):
    """The C library's function ``name`` (returning int), or None (another C library without
    it, or no libc found)."""
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), name)
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = argtypes, ctypes.c_int
    return fn


def _load_malloc_trim():
    """glibc's malloc_trim, or None."""
    return _libc("malloc_trim", [ctypes.c_size_t])


_MALLOC_TRIM = _load_malloc_trim()

ARENAS_ENV = "BACKPROP_LAB_MALLOC_ARENAS"   # malloc arenas at most (default ARENAS; 0: glibc's own)
ARENAS = 2                                   # the cores of the class laptop this is measured on
M_ARENA_MAX = -8                             # glibc's mallopt parameter number (malloc.h)
MMAP_ENV = "BACKPROP_LAB_MMAP_THRESHOLD"    # bytes (default MMAP_THRESHOLD; 0: glibc's own)
MMAP_THRESHOLD = 128 * 1024                  # glibc's own starting value, kept from then on
M_MMAP_THRESHOLD = -3                        # glibc's mallopt parameter number (malloc.h)


def _load_mallopt():
    """glibc's mallopt, or None."""
    return _libc("mallopt", [ctypes.c_int, ctypes.c_int])


def _set(param: int, env: str, default: int, launcher_env: str, mallopt=None) -> int | None:
    """``mallopt(param, n)`` with n from $``env`` (default ``default``; unreadable: the default);
    returns n, or None (not glibc, n <= 0, the launcher already set $``launcher_env``, or glibc
    refused)."""
    fn = mallopt if mallopt is not None else _load_mallopt()
    raw = os.environ.get(env, str(default)).strip()
    try:
        n = int(raw)
    except ValueError:
        n = default
    if fn is None or n <= 0 or os.environ.get(launcher_env):
        return None
    return n if fn(param, n) == 1 else None   # mallopt returns 1 on success


def cap_arenas(mallopt=None) -> int | None:
    """Cap glibc's malloc arenas (``mallopt(M_ARENA_MAX, n)``), once, at the app's preload;
    returns the cap set, or None (not glibc, ``MALLOC_ARENA_MAX`` already in the environment,
    or BACKPROP_LAB_MALLOC_ARENAS=0).

    Why: Streamlit runs every script run in a new thread, and glibc gives threads arenas of
    their own (up to 8 per core).  The cap holds only for arenas made after it: the server has
    6 when the first page loads (the web server's threads), so it keeps those; the fixed mmap
    threshold below is what brings the memory back."""
    return _set(M_ARENA_MAX, ARENAS_ENV, ARENAS, "MALLOC_ARENA_MAX", mallopt)


def fix_mmap_threshold(mallopt=None) -> int | None:
    """Serve every allocation of MMAP_THRESHOLD bytes or more with its own mmap, returned to the
    system when it is freed (``mallopt(M_MMAP_THRESHOLD, n)``), once, at the app's preload;
    returns n, or None (not glibc, ``MALLOC_MMAP_THRESHOLD_`` already in the environment, or
    BACKPROP_LAB_MMAP_THRESHOLD=0: glibc's own, sliding threshold).

    Why: glibc raises its threshold (up to 32 MB) each time a large mmapped block is freed, so
    the app's big buffers — figures' JSON, snapshots from the training process, drawings — soon
    come from the arenas and leave their pages there.  Measured (``python
    benchmarks/bench_leave.py --protocol --followers 20 --drawers 10 --stay 20``): after each of
    three classes the server held +42, +59, +66 MB over the teacher alone with the sliding
    threshold; with it fixed at 128 KiB, see the README ("Memory and threads go back")."""
    return _set(M_MMAP_THRESHOLD, MMAP_ENV, MMAP_THRESHOLD, "MALLOC_MMAP_THRESHOLD_", mallopt)


def trim() -> bool:
    """Return the heap's free pages to the system (glibc ``malloc_trim(0)``); False when it is
    not available or turned off (``BACKPROP_LAB_MALLOC_TRIM=0``)."""
    if _MALLOC_TRIM is None or os.environ.get(TRIM_ENV, "1").strip() == "0":
        return False
    _MALLOC_TRIM(0)
    return True


# ---------------------------------------------------------------- reaping
def reap(cache, lock=None) -> int:
    """Remove the expired entries of Streamlit's session ``cache`` (its TTL cache of stored
    SessionInfo) and shut each one's session down; returns how many.  ``lock``: the session
    manager's storage lock (held while the cache is changed, as Streamlit does)."""
    if lock is not None:
        with lock:
            removed = cache.expire()
    else:
        removed = cache.expire()
    for _, info in removed:
        info.session.shutdown()
    return len(removed)


def release(reaped: int, collect=gc.collect, trim_=None) -> bool:
    """After ``reaped`` sessions were dropped: collect their cycles, then trim the heap.
    Returns whether the heap was trimmed (nothing happens when none was reaped)."""
    if reaped <= 0:
        return False
    collect()
    return (trim_ or trim)()


class StreamlitHooks:
    """What housekeeping needs of this Streamlit server: its stored sessions' TTL ``cache``,
    the storage ``lock``, the session manager ``mgr`` and the event ``loop``."""

    def __init__(self, mgr, cache, lock, loop):
        self.mgr, self.cache, self.lock, self.loop = mgr, cache, lock, loop

    def count(self) -> int:
        """Sessions Streamlit holds: connected ones and stored ones (expired or not)."""
        return len(self.mgr.list_active_sessions()) + len(getattr(self.cache, "_data", ()))


def streamlit_hooks() -> StreamlitHooks | None:
    """This server's StreamlitHooks, or None (no server running: AppTest, unit tests; or a
    Streamlit whose internals differ from 1.67's)."""
    try:
        from streamlit.runtime import Runtime
        if not Runtime.exists():
            return None
        rt = Runtime.instance()
        mgr = rt._session_mgr
        cache = mgr._session_storage._cache
        loop = rt._get_async_objs().eventloop
    except Exception:   # noqa: BLE001 - internals moved: do nothing rather than fail a page
        return None
    if not callable(getattr(cache, "expire", None)):
        return None
    return StreamlitHooks(mgr, cache, getattr(mgr, "_storage_lock", None), loop)


class Housekeeper:
    """Runs ``job()`` at most every ``every`` seconds, however many threads call ``tick()``."""

    def __init__(self, job, every: float = REAP_S, clock=time.monotonic):
        self._job, self._every, self._clock = job, every, clock
        self._lock = threading.Lock()
        self._next = 0.0

    def tick(self) -> bool:
        """Run the job if it is due (the first call is due); returns whether it ran."""
        now = self._clock()
        with self._lock:
            if now < self._next:
                return False
            self._next = now + self._every
        self._job()
        return True


class Reaped:
    """Sessions reaped on the event loop and not yet released (a thread-safe count)."""

    def __init__(self):
        self._lock, self._n = threading.Lock(), 0

    def add(self, n: int) -> None:
        with self._lock:
            self._n += n

    def take(self) -> int:
        """The count so far, reset to 0."""
        with self._lock:
            n, self._n = self._n, 0
            return n


_REAPED = Reaped()


def _on_loop(hooks: StreamlitHooks) -> None:
    """The event-loop side: reap the expired sessions (quick); the next housekeeping releases
    their memory in its own thread (``_job``)."""
    try:
        _REAPED.add(reap(hooks.cache, hooks.lock))
    except Exception:   # noqa: BLE001 - housekeeping must never take the server down
        pass


def _job() -> None:
    """Housekeeping in the heartbeat's thread: release what the last reap dropped (gc, then
    malloc_trim: ~0.1-0.2 s on a fragmented heap, with the GIL released — kept off the event
    loop), then schedule the next reap on the event loop."""
    reaped = _REAPED.take()
    if reaped:
        t0 = time.perf_counter()
        trimmed = release(reaped)
        if os.environ.get(LOG_ENV, "").strip() == "1":
            hooks = streamlit_hooks()
            print("backprop-lab memory: " + json.dumps(
                {"reaped": reaped, "sessions": hooks.count() if hooks else None,
                 "live": live_sessions(), "trimmed": trimmed,
                 "blocks": sys.getallocatedblocks(),
                 "ms": round((time.perf_counter() - t0) * 1000, 1)}), flush=True)
    hooks = streamlit_hooks()
    if hooks is not None and not hooks.loop.is_closed():
        hooks.loop.call_soon_threadsafe(_on_loop, hooks)


_HOUSEKEEPER = Housekeeper(_job)


def housekeeping() -> bool:
    """Called from every heartbeat: when due (at most every REAP_S s, process-wide) releases
    the sessions reaped last time and asks Streamlit's event loop to reap the expired ones.
    Returns whether it was due."""
    return _HOUSEKEEPER.tick()
