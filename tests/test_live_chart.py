"""The live chart's pure parts: the delta plan, the shared figure cache, the adaptive pace, and
the payloads the element sends (viz/live_chart)."""
import threading

import numpy as np
import pytest

from core import metrics
from core.train.history import BucketHistory
from viz import words
from viz.figures import curves
from viz.live_chart import delta, element
from viz.live_chart.cache import Built, FigureCache
from viz.live_chart.pace import Pace

F = np.float32


def _tr(*pairs):
    return [(np.asarray(x, F), np.asarray(y, F)) for x, y in pairs]


def test_common_prefix_counts_equal_leading_values_and_nan_equals_nan():
    assert delta.common_prefix(F([1, 2, 3]), F([1, 2, 4])) == 2
    assert delta.common_prefix(F([1, 2]), F([1, 2, 3])) == 2
    assert delta.common_prefix(F([5]), F([1])) == 0
    assert delta.common_prefix(F([]), F([1])) == 0
    assert delta.common_prefix(F([1, np.nan, 2]), F([1, np.nan, 3])) == 2


def test_plan_nothing_new_is_none():
    old = _tr(([1, 2], [3, 4]))
    assert delta.plan(old, _tr(([1, 2], [3, 4]))) == {"op": "none"}


def test_plan_appends_only_the_new_points_of_the_traces_that_changed():
    old = _tr(([1, 2, 3, 4], [9, 8, 7, 6]), ([1, 2], [5, 5]))
    new = _tr(([1, 2, 3, 4, 5], [9, 8, 7, 6, 5]), ([1, 2], [5, 5]))
    op = delta.plan(old, new)
    assert op["op"] == "tail" and len(op["traces"]) == 1
    i, keep, x, y = op["traces"][0]
    assert (i, keep) == (0, 4) and x.tolist() == [5] and y.tolist() == [5]
    assert all(np.array_equal(a, b) for p, q in zip(delta.apply(old, op), new)
               for a, b in zip(p, q))


def test_plan_replaces_a_last_point_that_changed_in_place():
    old = _tr((range(10), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]))
    new = _tr((range(11), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5, 0]))   # the open bucket's mean moved
    op = delta.plan(old, new)
    assert op["op"] == "tail" and op["traces"][0][1] == 9
    assert delta.apply(old, op)[0][1].tolist() == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5, 0]


def test_plan_sends_the_whole_figure_when_most_points_changed_or_the_shape_did():
    old = _tr(([1, 2, 3, 4], [9, 8, 7, 6]))
    assert delta.plan(old, _tr(([1.5, 3.5], [8.5, 6.5])))["op"] == "full"   # re-bucketed
    assert delta.plan(None, old)["op"] == "full"
    assert delta.plan(old, old + old)["op"] == "full"


def _loss_traces(h):
    a = h.arrays()
    fig = curves.loss_figure(a["step"], a["loss"], metrics.ema(a["loss"]), a["step"][:0],
                             a["loss"][:0], labels=words.loss_labels("held-out"))
    return Built(fig, 0).traces


def test_plan_then_apply_reproduces_the_builders_points_across_rebucketings():
    """What the browser does (apply) after each refresh's plan equals the figure the builder
    makes, point for point, while the history's open bucket moves and it thins itself."""
    rng = np.random.default_rng(0)
    h = BucketHistory({"step": 0, "loss": 0}, capacity=20)
    held, kinds, buckets = None, [], set()
    for step in range(1, 400):
        h.append(np.array([step, rng.random()]))
        if step % 3:
            continue                               # a refresh every few steps
        new = _loss_traces(h)
        op = delta.plan(held, new)
        kinds.append(op["op"])
        held = new if op["op"] == "full" else delta.apply(held, op) if op["op"] == "tail" \
            else held
        buckets.add(h.bucket)
        for (hx, hy), (nx, ny) in zip(held, new):
            assert hx.dtype == nx.dtype and np.array_equal(hx, nx) and np.array_equal(hy, ny)
    assert len(buckets) >= 4 and "tail" in kinds and kinds.count("full") >= 4


def test_encode_decode_round_trip_keeps_values_and_widens_other_dtypes():
    for a in (F([1.5, np.nan, -2]), np.array([1.0, 2.0]), np.array([1, 2], np.int32)):
        back = delta.decode(delta.encode(a))
        assert back.dtype == a.dtype and np.array_equal(back, a, equal_nan=True)
    wide = delta.encode(np.array([3, 2**40], np.int64))
    assert wide["dtype"] == "f8" and delta.decode(wide).tolist() == [3, 2**40]


class _Snap:
    def __init__(self, version, status="running"):
        self.version, self.status = version, status


def _builders(counter):
    def build():
        counter.append(1)
        return len(counter)
    return {"loss": (("overview",), build), "hist": (("gradients",), build)}


def test_figure_cache_builds_each_due_figure_once_per_version_and_view():
    cache, built = FigureCache(), []
    got = cache.figures("k", _Snap(1), "overview", _builders(built), now=0.0)
    assert set(got) == {"loss"} and len(built) == 1
    assert cache.figures("k", _Snap(1), "overview", _builders(built), now=5.0)["loss"].fig == 1
    cache.figures("k", _Snap(2), "overview", _builders(built), {"loss": 1.0}, now=0.5)
    assert len(built) == 1                                      # not due yet while running
    cache.figures("k", _Snap(2), "overview", _builders(built), {"loss": 1.0}, now=6.1)
    assert len(built) == 2
    cache.figures("k", _Snap(3, "paused"), "overview", _builders(built), {"loss": 1.0}, now=6.2)
    assert len(built) == 3                                      # stopped: at once
    cache.figures("other", _Snap(3), "overview", _builders(built), now=7.0)
    assert len(built) == 4 and cache.key == "other"


def test_one_figure_cache_serves_many_threads_with_one_build():
    cache, built, start = FigureCache(), [], threading.Barrier(8)

    def viewer():
        start.wait()
        cache.figures("k", _Snap(1), "overview", _builders(built))
    threads = [threading.Thread(target=viewer) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(built) == 1


def test_figure_cache_keeps_a_few_keys_least_recently_used_first_out():
    cache, built = FigureCache(keys=2), []
    for key in ("a", "b", "a", "c", "a"):
        cache.figures(key, _Snap(1), "overview", _builders(built), now=0.0)
    assert len(built) == 3                                      # a, b, c; "a" never dropped
    cache.figures("b", _Snap(1), "overview", _builders(built), now=0.0)
    assert len(built) == 4                                      # "b" was dropped for "c"


def test_pace_slows_after_three_slow_refreshes_and_recovers_after_twenty_quick_ones():
    pace, t = Pace(0.4, cap=1.0), 0.0
    for _ in range(2):
        t += 0.4
        assert pace.observe(t, 0.5) == 0.4
    t += 0.4
    assert pace.observe(t, 0.5) == 0.6                          # 3 in a row over 0.8 x 0.4
    for _ in range(9):
        t += 2.0
        pace.observe(t, 0.0)                                    # late starts count as slow
    assert pace.interval == 1.0                                 # capped
    for k in range(19):
        t += 1.0
        assert pace.observe(t, 0.01) == 1.0
    t += 1.0
    assert pace.observe(t, 0.01) == pytest.approx(1.0 / 1.5, abs=1e-3)
    for _ in range(200):
        t += pace.interval
        pace.observe(t, 0.01)
    assert pace.interval == 0.4                                 # never below the base


def test_pace_restart_forgets_the_gap_while_the_timer_was_off():
    pace = Pace(0.4)
    pace.observe(0.0, 0.5), pace.observe(0.4, 0.5)
    pace.restart()
    assert pace.observe(100.0, 0.0) == 0.4 and pace.observe(100.4, 0.5) == 0.4


def _built(n, last=0.0, title="Loss"):
    step = np.arange(1, n + 1, dtype=F)
    loss = (2 - 0.01 * step).astype(F)
    if n:
        loss[-1] += last
    labels = dict(words.loss_labels("held-out"), title=title)
    return Built(curves.loss_figure(step, loss, loss, step[:0], loss[:0], labels=labels), n)


def test_payload_full_then_none_then_tail_then_full_on_resync_or_a_new_look():
    sent = {}
    first = element.payload(_built(10), "chart.loss", sent)
    assert first["op"] == "full" and "fig" in first and sent["chart.loss"].seq == first["seq"]
    same = element.payload(_built(10), "chart.loss", sent)
    assert same == {"key": "chart.loss", "seq": first["seq"], "op": "none"}
    tail = element.payload(_built(11), "chart.loss", sent)
    assert tail["op"] == "tail" and tail["base"] == first["seq"] and tail["seq"] > first["seq"]
    assert [t[:2] for t in tail["traces"]] == [[0, 10], [1, 10]]   # one new point
    tail = element.payload(_built(11, last=0.5), "chart.loss", sent)
    assert [t[:2] for t in tail["traces"]] == [[0, 10], [1, 10]]   # the last point moved
    assert delta.decode(tail["traces"][0][3]).tolist() == _built(11, 0.5).traces[0][1][10:].tolist()
    again = element.payload(_built(11, last=0.5), "chart.loss", sent, resync="7:123")
    assert again["op"] == "full"                                # the browser asked for it
    assert element.payload(_built(11, 0.5), "chart.loss", sent, resync="7:123")["op"] == "none"
    assert element.payload(_built(11, 0.5, title="Verlust"), "chart.loss", sent)["op"] == "full"
    element.forget(sent)
    assert element.payload(_built(11, 0.5), "chart.loss", sent)["op"] == "full"
