"""The live charts in a real browser: a zoom survives refreshes, and the points stay exact.

The server runs with BACKPROP_LAB_LIVE_CHECK=1: each chart update then also carries the whole
figure the server's builders made, and the browser element (viz/live_chart/chart.js) compares
every point it holds with it after applying the update, counting mismatches on its div
(data-checked / data-mismatched). Batch size 16 makes the bounded history (600 rows) re-bucket
after 600 steps, within seconds.
"""
import re
import time
from urllib.parse import urlencode

import pytest

from conftest import start_server, stop_server

from core.config import PRESETS

STEP = re.compile(r"Step: ([\d,]+)")
CONFIG = PRESETS["fast-demo"].replace(epochs=100_000, batch_size=16)
LOSS = "div.bl-live-chart[data-key='chart.loss']"
STATE = """(sel) => { const g = document.querySelector(sel);
  if (!g || !g.data) return null;
  return {...g.dataset, n: g.data[0].x.length, last: Number(g.data[0].x[g.data[0].x.length - 1]),
          range: g.layout.xaxis.range ? g.layout.xaxis.range.map(Number) : null,
          auto: g.layout.xaxis.autorange}; }"""


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    proc, url, log = start_server({"BACKPROP_LAB_LIVE_CHECK": "1"},
                                  log_path=tmp_path_factory.mktemp("live") / "streamlit.log")
    yield url
    stop_server(proc, log)


def _step(page):
    m = STEP.search(" ".join(page.locator("h3").all_inner_texts()))
    return int(m.group(1).replace(",", "")) if m else -1


def _start(page, url):
    page.goto(url + "/train?" + urlencode({**CONFIG.to_query(), "pace": "full"}))
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_text("Status: running").wait_for(timeout=20000)
    page.locator(LOSS).wait_for(timeout=20000)


def _stop(page):
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text("Not started yet").wait_for(timeout=15000)


def _refreshes(page, n, limit=40.0):
    """Wait until the status line's step counter changed ``n`` times (``n`` refreshes)."""
    seen, last, deadline = 0, _step(page), time.monotonic() + limit
    while seen < n and time.monotonic() < deadline:
        now = _step(page)
        seen, last = seen + (now != last), now
        time.sleep(0.05)
    assert seen >= n, f"only {seen} refreshes within {limit} s"


def test_a_zoom_into_the_loss_chart_survives_20_refreshes_while_training(page, live_server):
    _start(page, live_server)
    _refreshes(page, 3)
    box = page.locator(LOSS + " .nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)          # drag: a teacher's zoom
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.up()
    zoomed = page.evaluate(STATE, LOSS)
    assert zoomed["range"] and zoomed["auto"] is False, zoomed
    _refreshes(page, 20)
    after = page.evaluate(STATE, LOSS)
    assert after["range"] == zoomed["range"] and after["auto"] is False, (zoomed, after)
    assert after["last"] > zoomed["last"]                        # ... and the chart kept growing
    assert int(after["tails"]) > int(zoomed["tails"])            # by small updates
    assert after["mismatched"] == "0"
    _stop(page)


def test_the_charts_hold_exactly_the_builders_points_across_a_rebucketing(page, live_server):
    _start(page, live_server)
    counts, deadline = [], time.monotonic() + 35
    while time.monotonic() < deadline:
        state = page.evaluate(STATE, LOSS)
        counts.append(state["n"])
        if max(counts) >= 500 and counts[-1] < 0.8 * max(counts) and int(state["tails"]) >= 3:
            break                                   # the history thinned itself, and went on
        time.sleep(0.1)
    _refreshes(page, 3)
    charts = page.evaluate("""() => [...document.querySelectorAll('div.bl-live-chart')]
                              .map(g => ({...g.dataset}))""")
    assert max(counts) >= 500 and min(counts[counts.index(max(counts)):]) < 0.8 * max(counts), \
        counts                                      # a re-bucketing happened meanwhile
    assert {c["key"] for c in charts} == {"chart.loss", "chart.grad", "chart.acc"}
    for c in charts:
        assert int(c["checked"]) >= 5 and c["mismatched"] == "0", c
    loss = next(c for c in charts if c["key"] == "chart.loss")
    assert int(loss["tails"]) >= 3 and int(loss["fulls"]) >= 2, loss   # both kinds of update
    # A chart that lost track (as after a remount) asks for, and gets, the whole figure again.
    page.evaluate(f"() => {{ document.querySelector(\"{LOSS}\")._bl.seq = -1; }}")
    _refreshes(page, 5)
    healed = page.evaluate(STATE, LOSS)
    assert int(healed["fulls"]) > int(loss["fulls"]) and int(healed["seq"]) > int(loss["seq"])
    assert healed["mismatched"] == "0", healed
    _stop(page)


SIGHT = """() => [...document.querySelectorAll('div.bl-live-chart')].map(g => {
  const r = g.parentElement.getBoundingClientRect();
  return {...g.dataset, below: r.top >= window.innerHeight, n: g.data ? g.data[0].x.length : 0,
          drawn_n: g._fullData && g._fullData.length ? g._fullData[0].x.length : 0}; })"""


def test_a_chart_out_of_sight_is_not_redrawn_until_it_comes_into_sight(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 1000})
    _start(page, live_server)
    _refreshes(page, 8)
    charts = page.evaluate(SIGHT)
    below = [c for c in charts if c["below"]]
    above = [c for c in charts if not c["below"]]
    assert below and above, charts                  # the layout puts a chart below the fold
    for c in above:                                  # on screen: each update drawn at once
        assert c["drawn"] == "true" and c["drawn_n"] == c["n"] > 0, c
    for c in below:                                  # off screen: updates kept, not drawn
        assert int(c["fulls"]) + int(c["tails"]) >= 2 and c["drawn"] == "false", c
        assert c["drawn_n"] == 0 and c["mismatched"] == "0" and int(c["checked"]) >= 2, c
    key = below[0]["key"]
    page.locator(f"div.bl-live-chart[data-key='{key}']").evaluate(
        "g => g.parentElement.scrollIntoView({block: 'center'})")
    _refreshes(page, 3)
    shown = next(c for c in page.evaluate(SIGHT) if c["key"] == key)
    assert not shown["below"] and shown["drawn"] == "true" and int(shown["shows"]) >= 1, shown
    assert shown["drawn_n"] == shown["n"] > 0 and shown["mismatched"] == "0", shown
    _stop(page)
