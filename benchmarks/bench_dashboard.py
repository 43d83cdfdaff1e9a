"""Live dashboard cost, measured with a real browser (headless Debian Chromium via Playwright).

Run from the repo root:  python benchmarks/bench_dashboard.py [--rounds 3] [--window 8]
                                        [--far-step 50000] [--modes plain,live] [--quick]

For each mode ("plain": the charts as st.plotly_chart, BACKPROP_LAB_PLAIN_CHARTS=1, i.e. before
issue 14; "live": the live chart elements of viz/live_chart, after), in the same run: starts
`streamlit run viz/app.py` on a free port (stopped at the end), opens /train and measures:

1. Throughput ratio: training steps/s while the dashboard is open and refreshing, over steps/s
   of a headless Trainer.run() of the same config in this process. Windows alternate (headless,
   dashboard, headless, ...; the dashboard run is paused, its tab idle, during headless windows)
   so both sides share the machine's conditions; medians over --rounds. Steps are read from the
   page's "Step: N" marker at the start and end of each window.
2. Refreshes per second: websocket frames carrying the status line ("Status: "), per second.
3. Payload per refresh early (steps ~0-600, the history still short) and late (after step
   --far-step, the history long since full): websocket bytes + /media/ HTTP bytes (the weight
   mosaic PNG) received by the browser in a window, per refresh.
   Browser CPU per refresh: Chrome's own Performance.getMetrics (via CDP) TaskDuration (all
   main-thread tasks: script, style, layout, paint) and ScriptDuration deltas over the window,
   per refresh.
4. Time from pressing Start on the "Fast demo" preset at full speed to ">= 93%" held-out
   accuracy shown on screen, median of --rounds fresh runs (Reset between).

Config for 1-3: the "Fast demo" preset with epochs raised so the run never ends; 3 uses batch
size 16 to reach step 50,000 sooner (the payload depends on steps, not samples); the pace is
"full". Only the ratios measured in one run mean anything: other load on the machine moves both
sides. The live panel adapts its refresh rate under load (viz/live_chart/pace.py): the measured
refreshes per second are reported next to each ratio.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script from anywhere
sys.path.insert(0, str(REPO / "tests" / "browser"))
from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

from core.config import PRESETS  # noqa: E402
from core.data import load_dataset  # noqa: E402
from core.train import Trainer  # noqa: E402

STEP = re.compile(r"Step: ([\d,]+)")
ACC = re.compile(r"Held-out accuracy: ([\d.]+)%")
OUT = REPO / "benchmarks" / "out" / "dashboard.json"


class Wire:
    """Counts what the browser receives: websocket bytes, status-line frames, /media/ bytes."""

    def __init__(self, page):
        self.ws_bytes = self.media_bytes = self.refreshes = 0
        page.on("websocket", self._socket)
        page.on("response", self._response)

    def _socket(self, ws):
        ws.on("framereceived", self._frame)

    def _frame(self, payload):
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.ws_bytes += len(data)
        if b"Status: " in data:
            self.refreshes += 1

    def _response(self, response):
        if "/media/" in response.url:
            try:
                self.media_bytes += len(response.body())
            except Exception:  # noqa: BLE001 - a response gone before reading: not counted
                pass

    def mark(self):
        return (self.ws_bytes, self.media_bytes, self.refreshes, time.monotonic(),
                self.cpu() if self.cdp else {})

    cdp = None

    def watch_cpu(self, page):
        """Read the renderer's main-thread time through the Chrome DevTools Protocol."""
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Performance.enable")

    def cpu(self):
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return {k: metrics.get(k, 0.0) for k in ("TaskDuration", "ScriptDuration")}


def status(page) -> str:
    return " ".join(page.locator("h3").all_inner_texts())


def step_of(page) -> int:
    m = STEP.search(status(page))
    return int(m.group(1).replace(",", "")) if m else 0


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def wait_status(page, word, timeout=15):
    page.get_by_text(f"Status: {word}").first.wait_for(timeout=timeout * 1000)


def headless_steps_per_s(cfg, dataset, seconds) -> float:
    """Steps/s of Trainer.run() in this process, over about ``seconds``."""
    tr = Trainer(cfg, dataset)
    tr.run(max_steps=20)                      # warm-up: first evaluation, buffers
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        tr.run(max_steps=100)
        steps += 100
    return steps / (time.perf_counter() - t0)


def dashboard_window(page, wire, seconds, cpu=None):
    """(steps/s, refreshes/s, bytes per refresh, websocket bytes per refresh) of the running
    dashboard over ``seconds``; with ``cpu`` (a list), appends the browser's main-thread
    seconds per refresh {TaskDuration, ScriptDuration} to it."""
    s0, m0 = step_of(page), wire.mark()
    time.sleep(seconds)
    s1, m1 = step_of(page), wire.mark()
    dt = m1[3] - m0[3]
    refreshes = m1[2] - m0[2]
    per = ((m1[0] - m0[0]) + (m1[1] - m0[1])) / max(refreshes, 1)
    if cpu is not None and m0[4]:
        cpu.append({k: (m1[4][k] - m0[4][k]) / max(refreshes, 1) for k in m0[4]})
    return (s1 - s0) / dt, refreshes / dt, per, (m1[0] - m0[0]) / max(refreshes, 1)


def end_run(page):
    """Pause and reset the page's run, so no orphan trainer competes with the next phase."""
    if page.get_by_role("button", name="Pause", exact=True).is_enabled():
        click(page, "Pause")
        wait_status(page, "paused")
    click(page, "Reset")
    page.get_by_text("Not started yet").wait_for(timeout=15000)


def open_run(browser, url, cfg):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    wire = Wire(page)
    wire.watch_cpu(page)
    page.goto(url + "/train?" + urlencode({**cfg.to_query(), "pace": "full"}))
    page.get_by_role("button", name="Start", exact=True).wait_for(timeout=30000)
    time.sleep(1.0)                           # let the empty charts load (plotly.js)
    return page, wire


def throughput(browser, url, cfg, rounds, window):
    dataset = load_dataset(cfg.dataset)
    page, wire = open_run(browser, url, cfg)
    click(page, "Start")
    wait_status(page, "running")
    time.sleep(2.0)                           # past the first evaluation and chart mounts
    ratios, dash, head, refresh, cpu = [], [], [], [], []
    for _ in range(rounds):
        click(page, "Pause")
        wait_status(page, "paused")
        h = headless_steps_per_s(cfg, dataset, window)
        click(page, "Resume")
        wait_status(page, "running")
        time.sleep(1.0)
        d, r, _, _ = dashboard_window(page, wire, window, cpu)
        head.append(h), dash.append(d), refresh.append(r), ratios.append(d / h)
    end_run(page)
    page.close()
    return dict(headless_steps_per_s=head, dashboard_steps_per_s=dash, ratio=ratios,
                refreshes_per_s=refresh, batch_size=cfg.batch_size,
                browser_task_ms_per_refresh=[c["TaskDuration"] * 1e3 for c in cpu],
                browser_script_ms_per_refresh=[c["ScriptDuration"] * 1e3 for c in cpu])


def payload(browser, url, cfg, far_step, window):
    page, wire = open_run(browser, url, cfg)
    click(page, "Start")
    wait_status(page, "running")
    _, r_early, per_early, ws_early = dashboard_window(page, wire, window)
    early_step = step_of(page)
    while step_of(page) < far_step:
        time.sleep(2.0)
    _, r_late, per_late, ws_late = dashboard_window(page, wire, window)
    late_step = step_of(page)
    end_run(page)
    page.close()
    return dict(early_until_step=early_step, late_until_step=late_step,
                early_bytes_per_refresh=per_early, late_bytes_per_refresh=per_late,
                early_ws_bytes_per_refresh=ws_early, late_ws_bytes_per_refresh=ws_late,
                early_refreshes_per_s=r_early, late_refreshes_per_s=r_late)


def time_to_93(browser, url, rounds, limit=30.0):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(url + "/train")
    times = []
    for _ in range(rounds):
        page.get_by_role("button", name="Use preset").click()   # "Fast demo" is preselected
        page.get_by_text('Preset "Fast demo" loaded').wait_for(timeout=15000)
        # The preset runs at the class pace (so it can be narrated); this measures full speed.
        page.get_by_text("Full speed", exact=True).first.click()
        time.sleep(1.0)
        t0 = time.monotonic()
        click(page, "Start")
        hit = None
        while time.monotonic() - t0 < limit:
            m = ACC.search(status(page))
            if m and float(m.group(1)) >= 93.0:
                hit = time.monotonic() - t0
                break
            time.sleep(0.05)
        times.append(hit)
        end_run(page)
    page.close()
    return times


MODES = {"plain": {"BACKPROP_LAB_PLAIN_CHARTS": "1"}, "live": {"BACKPROP_LAB_PLAIN_CHARTS": "0"}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--window", type=float, default=8.0, help="seconds per measured window")
    ap.add_argument("--far-step", type=int, default=50_000)
    ap.add_argument("--modes", default="plain,live", help="comma-separated: plain, live")
    ap.add_argument("--no-t93", action="store_true", help="skip the time-to-93%% measurement")
    ap.add_argument("--quick", action="store_true", help="2 rounds, 5 s windows, far step 5,000")
    args = ap.parse_args(argv)
    if args.quick:
        args.rounds, args.window, args.far_step = 2, 5.0, 5_000
    from playwright.sync_api import sync_playwright

    base = PRESETS["fast-demo"].replace(epochs=100_000)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    all_res = {"load_average_at_start": os.getloadavg()}
    for mode in args.modes.split(","):
        proc, url, log = start_server(MODES[mode],
                                      log_path=OUT.parent / f"dashboard-server-{mode}.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                res = {"throughput": throughput(browser, url, base, args.rounds, args.window),
                       "time_to_93_s": [] if args.no_t93 else time_to_93(browser, url,
                                                                         args.rounds),
                       "payload": payload(browser, url, base.replace(batch_size=16),
                                          args.far_step, min(args.window, 4.0))}
                browser.close()
        finally:
            stop_server(proc, log)
        all_res[mode] = res
        print(f"--- {mode} charts ---")
        report(res)
    all_res["load_average_at_end"] = os.getloadavg()
    print(f"load average at start {all_res['load_average_at_start'][0]:.1f}, "
          f"at end {all_res['load_average_at_end'][0]:.1f}")
    OUT.write_text(json.dumps(all_res, indent=1))
    print(f"(raw numbers: {OUT.relative_to(REPO)})")


def report(res):
    th, pl, t93 = res["throughput"], res["payload"], res["time_to_93_s"]
    med = statistics.median
    print(f"throughput, dashboard open / headless Trainer.run (median of {len(th['ratio'])}): "
          f"{med(th['ratio']):.2f}  (each: {', '.join(f'{r:.2f}' for r in th['ratio'])}; "
          f"headless {med(th['headless_steps_per_s']):.0f} steps/s, batch {th['batch_size']})")
    print(f"refreshes per second while training: {med(th['refreshes_per_s']):.2f}")
    if th["browser_task_ms_per_refresh"]:
        print(f"browser main thread per refresh: {med(th['browser_task_ms_per_refresh']):.0f} ms "
              f"(script {med(th['browser_script_ms_per_refresh']):.0f} ms)")
    print(f"payload per refresh, steps 0-{pl['early_until_step']:,}: "
          f"{pl['early_bytes_per_refresh'] / 1e3:.0f} kB "
          f"(websocket {pl['early_ws_bytes_per_refresh'] / 1e3:.0f} kB); after step "
          f"{pl['late_until_step']:,}: {pl['late_bytes_per_refresh'] / 1e3:.0f} kB "
          f"(websocket {pl['late_ws_bytes_per_refresh'] / 1e3:.0f} kB); late / early = "
          f"{pl['late_bytes_per_refresh'] / pl['early_bytes_per_refresh']:.2f}")
    if not t93:
        return
    shown = [f"{t:.1f}" if t is not None else "never" for t in t93]
    ok = [t for t in t93 if t is not None]
    print(f"Start on Fast demo -> >= 93% held-out shown: median "
          f"{med(ok):.1f} s" if ok else "Start on Fast demo -> >= 93%: never within the limit",
          f"(each: {', '.join(shown)} s)")


if __name__ == "__main__":
    main()
