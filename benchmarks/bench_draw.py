"""The Draw page's two targets, measured.

1. accuracy: do held-out digits placed on a canvas at various sizes and positions, then read
   back through core.preprocess.canvas_to_mnist, score within 2 points of the same digits fed
   to the shipped model directly?
2. latency: in headless Chromium, how long after the mouse is released does "Prediction: N"
   appear on the Draw page (target <= 300 ms)?  Measured in the page itself: the time of the
   mouseup event, of the first websocket message after it (the canvas component waits 200 ms
   after a stroke before it sends), and of the DOM change that shows the answer; idle, and
   while another session trains.
3. cost: what one drawing (Clear, then a digit drawn and answered) costs the server: CPU-ms of
   the streamlit process (/proc/<pid>/stat, all its threads), bytes it sends on the websocket
   and bytes of images the page fetches over HTTP, per drawing; at a projector's or a phone's
   viewport.

Run from the repo root:
    python benchmarks/bench_draw.py accuracy [--n 2000]
    python benchmarks/bench_draw.py latency [--strokes 15]
    python benchmarks/bench_draw.py cost [--strokes 15] [--viewport 390x844]
    python benchmarks/bench_draw.py            # both
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]

from core import threads  # noqa: E402
from core.data import load_dataset  # noqa: E402
from core.data.images import place_digit, random_placement  # noqa: E402
from core.evaluate import evaluate_split  # noqa: E402
from core.io import load_model  # noqa: E402
from core.preprocess import canvas_to_mnist  # noqa: E402

CANVAS = 360   # the Draw page's canvas side (viz/app_pages/draw_panels.py)
SHIPPED = os.environ.get("BACKPROP_LAB_SHIPPED_MODEL") or str(REPO / "core" / "assets" /
                                                               "default_model.npz")
SIZES = {"small (30-50%)": (0.3, 0.5), "medium (50-70%)": (0.5, 0.7), "large (70-90%)": (0.7, 0.9)}


# ------------------------------------------------------------------------------- accuracy
def bench_accuracy(n: int, seed: int = 0) -> None:
    net = load_model(SHIPPED)
    ds = load_dataset("mnist-sample")
    x, y = ds.x_test[:n], ds.y_test[:n]
    direct = evaluate_split(net, x, y).accuracy
    print(f"model {SHIPPED}: {'-'.join(map(str, net.sizes))} {net.activation}")
    print(f"{len(y)} held-out digits, canvas {CANVAS}x{CANVAS}; box = the digit's 20-px MNIST box "
          "as a share of the canvas side, centre uniform where the box fits")
    print(f"  {'fed directly':34s}: {direct * 100:6.2f}%")
    rng = np.random.default_rng(seed)
    allx = []
    for label, (lo, hi) in SIZES.items():
        t0 = time.perf_counter()
        X = np.stack([canvas_to_mnist(place_digit(d, (CANVAS, CANVAS),
                                                  *random_placement(rng, (CANVAS, CANVAS), lo, hi)))
                      for d in x])
        ms = (time.perf_counter() - t0) / len(x) * 1000
        acc = evaluate_split(net, X, y).accuracy
        allx.append(X)
        print(f"  {'via canvas, ' + label:34s}: {acc * 100:6.2f}%  "
              f"({(acc - direct) * 100:+.2f} points; place + preprocess {ms:.1f} ms/digit)")
    X = np.stack([canvas_to_mnist(place_digit(d, (CANVAS, CANVAS),
                                              *random_placement(rng, (CANVAS, CANVAS))))
                  for d in x])
    acc = evaluate_split(net, X, y).accuracy
    verdict = "within" if abs(acc - direct) <= 0.02 else "OUTSIDE"
    print(f"  {'via canvas, any size (30-90%)':34s}: {acc * 100:6.2f}%  "
          f"({(acc - direct) * 100:+.2f} points: {verdict} the 2-point target)")


# ------------------------------------------------------------------------------- latency
INSTRUMENT = """
window.__lat = {up: [], send: []};
window.addEventListener('mouseup', () => window.__lat.up.push(performance.now()), true);
const __send = WebSocket.prototype.send;
WebSocket.prototype.send = function (d) { window.__lat.send.push(performance.now());
                                          return __send.call(this, d); };
window.__watchAnswer = () => new Promise(resolve => {
  const check = () => { const e = document.querySelector('.st-key-draw-answer');
    if (e && e.innerText.includes('Prediction:')) { obs.disconnect();
      resolve(performance.now()); } };
  const obs = new MutationObserver(check);
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
});
"""


def _strokes(page, n, digits=("1", "7", "0")):
    """Draw n digits, clearing in between; [(release->send ms, release->answer ms)]."""
    from draw_strokes import INK_CANVAS, draw
    out = []
    for i in range(n):
        page.get_by_role("button", name="Clear").click()
        page.wait_for_function("() => { const e = document.querySelector('.st-key-draw-answer');"
                               " return e && e.innerText.includes('Draw a digit'); }")
        # Clicking Clear may scroll it into view and the canvas's top under the page's header
        page.locator(INK_CANVAS).first.evaluate("c => c.scrollIntoView({block: 'center'})")
        time.sleep(0.3)
        page.evaluate("() => { window.__answer = window.__watchAnswer(); }")
        draw(page, digits[i % len(digits)])
        t_answer = page.evaluate("() => window.__answer")
        lat = page.evaluate("() => window.__lat")
        t_up = lat["up"][-1]
        t_send = min((t for t in lat["send"] if t > t_up), default=float("nan"))
        out.append((t_send - t_up, t_answer - t_up))
    return out


def _report(label, rows):
    send = [r[0] for r in rows]
    total = [r[1] for r in rows]
    q = statistics.quantiles(total, n=10)
    print(f"  {label:28s}: median {statistics.median(total):4.0f} ms, p90 {q[-1]:4.0f} ms "
          f"(min {min(total):3.0f}, max {max(total):4.0f}); of which release -> canvas sends: "
          f"median {statistics.median(send):3.0f} ms; send -> answer in the DOM: median "
          f"{statistics.median(t - s for s, t in rows):3.0f} ms  [{len(rows)} strokes]")


def _server_work(repeats=200):
    """Server-side cost of one stroke without the browser: PNG decode, preprocess, explain."""
    import base64
    import io

    from PIL import Image

    from core.evaluate import explain
    from viz.figures.images import activation_levels, activation_tiles, saliency_rgb
    net = load_model(SHIPPED)
    rgba = place_digit(load_dataset("mnist-sample").x_test[0], (CANVAS, CANVAS))
    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    t0 = time.perf_counter()
    for _ in range(repeats):
        img = np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))
        ex = explain(net, canvas_to_mnist(img))
        saliency_rgb(ex.saliency)
        activation_tiles(activation_levels(ex.hidden[0], net.activation))
    return (time.perf_counter() - t0) / repeats * 1000


def bench_latency(strokes: int) -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright
    print(f"server work per stroke (decode PNG, canvas_to_mnist, explain, images), no browser: "
          f"{_server_work():.1f} ms")
    proc, url, log = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
            ctx.add_init_script(INSTRUMENT)
            page = ctx.new_page()
            page.goto(url + "/draw")
            page.get_by_text("Draw a digit on the black square").wait_for(timeout=60_000)
            _strokes(page, 2)                                   # warm-up
            print(f"prediction after mouse release, headless Chromium, canvas {CANVAS} px:")
            _report("idle server", _strokes(page, strokes))
            trainer = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
            trainer.goto(url + "/train")
            trainer.get_by_role("button", name="Start").click()
            trainer.get_by_text("Status: running").wait_for(timeout=30_000)
            time.sleep(2)
            _report("while another tab trains", _strokes(page, strokes))
            browser.close()
    finally:
        stop_server(proc, log)


# ------------------------------------------------------------------------------- cost
COUNT_BYTES = """
performance.setResourceTimingBufferSize(100000);   // the default 250 entries fill up
window.__bytes = {ws: 0};
const __Ws = window.WebSocket;
window.WebSocket = function (...a) { const ws = new __Ws(...a);
  ws.addEventListener('message', e => { window.__bytes.ws += (e.data.byteLength ?? e.data.size
                                                               ?? e.data.length ?? 0); });
  return ws; };
window.WebSocket.prototype = __Ws.prototype;
Object.assign(window.WebSocket, __Ws);
"""
MEDIA_BYTES_JS = ("() => performance.getEntriesByType('resource').filter(r => r.name.includes("
                  "'/media/')).reduce((s, r) => s + (r.encodedBodySize || 0), 0)")


def _cpu_ms(pid):
    """CPU time (user + system, all threads) the process has used so far, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def bench_cost(strokes: int, viewport: str) -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright
    w, h = (int(v) for v in viewport.split("x"))
    proc, url, log = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": w, "height": h})
            ctx.add_init_script(INSTRUMENT + COUNT_BYTES)
            page = ctx.new_page()
            page.goto(url + "/draw")
            page.get_by_text("Draw a digit on the black square").wait_for(timeout=60_000)
            _strokes(page, 3)                                   # warm-up
            cpu0, ws0 = _cpu_ms(proc.pid), page.evaluate("() => window.__bytes.ws")
            media0 = page.evaluate(MEDIA_BYTES_JS)
            rows = _strokes(page, strokes)
            cpu = (_cpu_ms(proc.pid) - cpu0) / strokes
            ws = (page.evaluate("() => window.__bytes.ws") - ws0) / strokes
            media = (page.evaluate(MEDIA_BYTES_JS) - media0) / strokes
            browser.close()
    finally:
        stop_server(proc, log)
    print(f"cost of one drawing (Clear, a digit drawn, its answer), viewport {viewport}, "
          f"{strokes} drawings:")
    print(f"  server CPU {cpu:6.1f} ms/drawing; websocket to the browser {ws / 1000:6.1f} kB; "
          f"images over HTTP {media / 1000:6.1f} kB")
    _report("latency (same drawings)", rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", nargs="?", choices=["accuracy", "latency", "cost", "both"],
                    default="both")
    ap.add_argument("--n", type=int, default=2000, help="held-out digits for the accuracy check")
    ap.add_argument("--strokes", type=int, default=15, help="strokes per latency condition")
    ap.add_argument("--viewport", default="1366x768", help="WxH of the page for the cost check")
    args = ap.parse_args(argv)
    threads.set_blas_threads(threads.TRAINING_THREADS)   # as the app does (core/threads.py)
    if not os.path.exists(SHIPPED):
        print(f"no shipped model at {SHIPPED}", file=sys.stderr)
        return 1
    if args.what in ("accuracy", "both"):
        bench_accuracy(args.n)
    if args.what in ("latency", "both"):
        bench_latency(args.strokes)
    if args.what == "cost":
        bench_cost(args.strokes, args.viewport)
    return 0


if __name__ == "__main__":
    sys.exit(main())
