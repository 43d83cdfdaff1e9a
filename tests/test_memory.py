"""viz.memory: expired Streamlit sessions are reaped and shut down, the heap is trimmed after a
reap (and only then), housekeeping runs at most once per period, and every page heartbeat asks
for it."""
import gc
import threading

from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo

from helpers import apps, session_of  # noqa: F401 (apps: a fixture)
from viz import memory


class FakeAppSession:
    """What reap touches of Streamlit's AppSession: its id and shutdown()."""

    def __init__(self, sid):
        self.id, self.shut = sid, 0

    def shutdown(self):
        self.shut += 1


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def stored(ttl, sids, clock):
    """A real Streamlit MemorySessionStorage (ttl seconds, time read from ``clock``) holding
    fake sessions ``sids``, saved now."""
    storage = MemorySessionStorage(ttl_seconds=ttl)
    storage._cache._timer = clock
    sessions = [FakeAppSession(sid) for sid in sids]
    for s in sessions:
        storage.save(SessionInfo(client=None, session=s))
    return storage, sessions


def expired(sids):
    """Storage whose sessions ``sids`` have all outlived the TTL (nothing written since)."""
    clock = Clock()
    storage, sessions = stored(10, sids, clock)
    clock.now = 11.0
    return storage, sessions


def test_reap_shuts_down_every_expired_session_of_streamlits_storage():
    storage, sessions = expired(["a", "b"])
    assert storage.list() == []                   # expired: no reconnect finds them...
    assert len(storage._cache._data) == 2         # ... yet kept: Streamlit reaps only on a write
    assert memory.reap(storage._cache) == 2
    assert [s.shut for s in sessions] == [1, 1]
    assert len(storage._cache._data) == 0


def test_reap_keeps_sessions_that_may_still_reconnect():
    clock = Clock()
    storage, (old,) = stored(100, ["old"], clock)
    clock.now = 60.0
    storage.save(SessionInfo(client=None, session=FakeAppSession("new")))
    clock.now = 120.0                             # "old" expired at 100, "new" lives until 160
    assert memory.reap(storage._cache) == 1
    assert old.shut == 1
    assert storage.get("new") is not None and storage.get("new").session.shut == 0


def test_reap_holds_the_storage_lock_while_it_changes_the_cache():
    storage, _ = expired(["a"])
    held = []

    class Lock:
        def __enter__(self):
            held.append(len(storage._cache._data))

        def __exit__(self, *exc):
            held.append(len(storage._cache._data))

    memory.reap(storage._cache, Lock())
    assert held == [1, 0]


def test_release_collects_then_trims_only_after_a_reap():
    calls = []
    collect = lambda: calls.append("collect")               # noqa: E731
    trim = lambda: calls.append("trim") or True              # noqa: E731
    assert memory.release(0, collect, trim) is False
    assert calls == []
    assert memory.release(3, collect, trim) is True
    assert calls == ["collect", "trim"]


def test_trim_calls_malloc_trim_zero_unless_turned_off(monkeypatch):
    seen = []
    monkeypatch.setattr(memory, "_MALLOC_TRIM", seen.append)
    monkeypatch.delenv(memory.TRIM_ENV, raising=False)
    assert memory.trim() is True
    assert seen == [0]
    monkeypatch.setenv(memory.TRIM_ENV, "0")
    assert memory.trim() is False
    assert seen == [0]
    monkeypatch.setattr(memory, "_MALLOC_TRIM", None)
    monkeypatch.delenv(memory.TRIM_ENV)
    assert memory.trim() is False


def test_housekeeper_runs_its_job_at_most_once_per_period():
    clock, runs = Clock(), []
    hk = memory.Housekeeper(lambda: runs.append(clock.now), every=10.0, clock=clock)
    assert hk.tick() is True                      # the first tick is due
    clock.now = 9.9
    assert hk.tick() is False
    clock.now = 10.0
    assert hk.tick() is True
    assert runs == [0.0, 10.0]


def test_housekeeper_runs_once_when_many_threads_tick_together():
    runs, gate = [], threading.Barrier(8)
    hk = memory.Housekeeper(lambda: runs.append(1), every=1e9)

    def tick():
        gate.wait()
        hk.tick()
    threads = [threading.Thread(target=tick) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert runs == [1]


def test_live_sessions_counts_tracked_sessions_until_they_are_gone():
    class Thing:
        pass
    before = memory.live_sessions()
    a, b = Thing(), Thing()
    memory.track(a)
    memory.track(b)
    assert memory.live_sessions() == before + 2
    del a
    gc.collect()
    assert memory.live_sessions() == before + 1


class Mgr:
    def list_active_sessions(self):
        return ["teacher"]


class Loop:
    """An event loop that records what it is asked to run."""

    def __init__(self):
        self.scheduled, self.closed = [], False

    def is_closed(self):
        return self.closed

    def call_soon_threadsafe(self, fn, *args):
        self.scheduled.append((fn, args))


def test_the_loop_reaps_and_the_next_turn_releases_and_logs(monkeypatch, capsys):
    storage, sessions = expired(["a", "b", "c"])
    trims, loop = [], Loop()
    hooks = memory.StreamlitHooks(Mgr(), storage._cache, None, loop)
    monkeypatch.setattr(memory, "trim", lambda: trims.append(1) or True)
    monkeypatch.setattr(memory, "streamlit_hooks", lambda: hooks)
    monkeypatch.setattr(memory, "_REAPED", memory.Reaped())
    monkeypatch.setenv(memory.LOG_ENV, "1")
    memory._job()                                 # first turn: nothing reaped yet, asks the loop
    assert trims == [] and loop.scheduled == [(memory._on_loop, (hooks,))]
    memory._on_loop(hooks)                        # the loop reaps (and only reaps)
    assert [s.shut for s in sessions] == [1, 1, 1] and trims == []
    memory._job()                                 # next turn: release, log, ask again
    assert trims == [1] and len(loop.scheduled) == 2
    line = capsys.readouterr().out
    assert '"reaped": 3' in line and '"sessions": 1' in line and '"trimmed": true' in line
    memory._job()                                 # nothing reaped since: no trim, no line
    assert trims == [1] and capsys.readouterr().out == ""
    loop.closed = True                            # a server shutting down: nothing scheduled
    memory._job()
    assert len(loop.scheduled) == 3


def test_reaped_counts_add_up_until_taken():
    r = memory.Reaped()
    r.add(2)
    r.add(3)
    assert r.take() == 5
    assert r.take() == 0


def test_streamlit_hooks_find_the_servers_session_storage(monkeypatch):
    from streamlit.runtime import Runtime
    storage, _ = expired(["a"])
    lock, loop = threading.Lock(), object()

    class Mgr:
        _session_storage, _storage_lock = storage, lock

    class Objs:
        eventloop = loop

    class Rt:
        _session_mgr = Mgr()

        def _get_async_objs(self):
            return Objs()
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: Rt()))
    hooks = memory.streamlit_hooks()
    assert hooks.cache is storage._cache and hooks.lock is lock and hooks.loop is loop
    Mgr._session_storage = object()               # internals not as in 1.67: do nothing
    assert memory.streamlit_hooks() is None
    Mgr._session_storage = storage
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: False))
    assert memory.streamlit_hooks() is None


def test_every_page_heartbeat_asks_for_housekeeping(apps, monkeypatch):
    ticks = []
    monkeypatch.setattr(memory, "_HOUSEKEEPER",
                        memory.Housekeeper(lambda: ticks.append(1), every=0.0))
    at = apps()
    assert ticks, "a page run's heartbeat did not call viz.memory.housekeeping"
    n = len(ticks)
    at.run()
    assert len(ticks) > n


def test_sessions_made_by_the_app_are_tracked(apps):
    at = apps()
    s = session_of(at)
    assert s in set(memory._sessions)


class FakeMallopt:
    def __init__(self, ok=1):
        self.calls, self.ok = [], ok

    def __call__(self, param, value):
        self.calls.append((param, value))
        return self.ok


def test_cap_arenas_sets_glibcs_arena_maximum_once_asked(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv(memory.ARENAS_ENV, raising=False)
    fake = FakeMallopt()
    assert memory.cap_arenas(fake) == memory.ARENAS == 2
    assert fake.calls == [(memory.M_ARENA_MAX, 2)] and memory.M_ARENA_MAX == -8
    monkeypatch.setenv(memory.ARENAS_ENV, "3")
    assert memory.cap_arenas(fake) == 3 and fake.calls[-1] == (-8, 3)
    assert memory.cap_arenas(FakeMallopt(ok=0)) is None          # glibc refused


def test_cap_arenas_leaves_an_explicit_choice_alone(monkeypatch):
    fake = FakeMallopt()
    monkeypatch.setenv(memory.ARENAS_ENV, "0")
    assert memory.cap_arenas(fake) is None
    monkeypatch.delenv(memory.ARENAS_ENV)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")                   # the launcher's own setting
    assert memory.cap_arenas(fake) is None and fake.calls == []
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    monkeypatch.setenv(memory.ARENAS_ENV, "many")                 # unreadable: the default
    assert memory.cap_arenas(fake) == 2



def test_the_mmap_threshold_is_fixed_at_128_kib_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv(memory.MMAP_ENV, raising=False)
    fake = FakeMallopt()
    assert memory.fix_mmap_threshold(fake) == 131072
    assert fake.calls == [(-3, 131072)] and memory.M_MMAP_THRESHOLD == -3
    monkeypatch.setenv(memory.MMAP_ENV, "0")                      # glibc's sliding threshold
    assert memory.fix_mmap_threshold(fake) is None and len(fake.calls) == 1
    monkeypatch.setenv(memory.MMAP_ENV, "65536")
    assert memory.fix_mmap_threshold(fake) == 65536 and fake.calls[-1] == (-3, 65536)
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "4096")          # the launcher's own setting
    assert memory.fix_mmap_threshold(fake) is None and len(fake.calls) == 2
