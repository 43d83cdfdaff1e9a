"""The Inside page's two targets, measured.

1. gradcheck: core.gradcheck.check_layers on the tutorial's 784-128-10 sigmoid network, 20
   weights and 20 biases per layer, on 10 examples (target < 1 s), and on the shipped model.
2. next: in headless Chromium, the time from a click on Next to the new stage fully on screen
   (its "Stage k of n" heading and no stale element left; target < 0.3 s), for every stage of
   the shipped model with the fresh tutorial network and the shipped one; and from a click on
   "Run the gradient check" to its verdict.

Run from the repo root:
    python benchmarks/bench_inside.py gradcheck
    python benchmarks/bench_inside.py next [--rounds 2]
    python benchmarks/bench_inside.py            # both
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]

from core.data import load_dataset, to_float  # noqa: E402
from core.gradcheck import check_layers  # noqa: E402
from core.io import load_model  # noqa: E402
from core.network import Network  # noqa: E402

SHIPPED = REPO / "core" / "assets" / "default_model.npz"
DONE_JS = ("([text]) => { const e = document.querySelector('.st-key-inside-stage');"
           " return e !== null && e.innerText.includes(text)"
           " && !document.querySelector('[data-stale=\"true\"]'); }")


def bench_gradcheck(repeats: int = 5) -> None:
    ds = load_dataset("mnist-sample")
    X, y = to_float(ds.x_test[:10]), ds.y_test[:10]
    for name, net in (("tutorial 784-128-10 sigmoid", Network([784, 128, 10], seed=0)),
                      ("shipped " + "-".join(map(str, load_model(SHIPPED).sizes)),
                       load_model(SHIPPED))):
        times = []
        for r in range(repeats):
            t0 = time.perf_counter()
            checks = check_layers(net, X, y, rng=np.random.default_rng(r))
            times.append(time.perf_counter() - t0)
        errs = ", ".join(f"{c.rel_error:.1e}" for c in checks)
        print(f"gradient check, {name}: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}; target < 1 s); rel. errors {errs}")


def _walk(page, rounds):
    """Click Next through every stage ``rounds`` times; seconds per click."""
    times = []
    first = page.locator(".st-key-inside-stage h3").first.inner_text()
    total = int(first.split(" of ")[1].split(":")[0])
    for _ in range(rounds):
        now = int(page.locator(".st-key-inside-stage h3").first.inner_text().split()[1])
        for k in range(now - 1, 0, -1):   # back to stage 1, one confirmed click at a time
            page.get_by_role("button", name="Previous").click()
            page.wait_for_function(DONE_JS, arg=[f"Stage {k} of {total}"])
        for k in range(2, total + 1):
            t0 = time.perf_counter()
            page.get_by_role("button", name="Next").click()
            page.wait_for_function(DONE_JS, arg=[f"Stage {k} of {total}"], polling="raf")
            times.append(time.perf_counter() - t0)
    return total, times


def bench_next(rounds: int) -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright
    proc, url, log = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url + "/inside")
            page.wait_for_function(DONE_JS, arg=["Stage 1 of"], timeout=60_000)
            page.get_by_text("Predict first, then reveal").click()   # no questions in the way
            page.wait_for_timeout(500)
            for network in ("Fresh tutorial network", "Shipped model"):
                page.get_by_text(network).click()
                page.wait_for_function(DONE_JS, arg=["Stage "], timeout=30_000)
                page.wait_for_timeout(500)
                total, times = _walk(page, rounds)
                print(f"Next -> stage on screen, {network} ({total} stages, {len(times)} clicks):"
                      f" median {statistics.median(times) * 1000:.0f} ms, "
                      f"max {max(times) * 1000:.0f} ms (target < 300 ms)")
                t0 = time.perf_counter()
                page.get_by_role("button", name="Run the gradient check").click()
                page.wait_for_function("() => { const e = document.querySelector("
                                       "'.st-key-inside-verdict');"
                                       " return e && e.innerText.includes('Gradient check:') &&"
                                       " !document.querySelector('[data-stale=\"true\"]'); }")
                print(f"gradient check click -> verdict on screen, {network}: "
                      f"{time.perf_counter() - t0:.2f} s (target < 1 s)")
            browser.close()
    finally:
        stop_server(proc, log)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", nargs="?", choices=("gradcheck", "next"), default=None)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if args.what in (None, "gradcheck"):
        bench_gradcheck()
    if args.what in (None, "next"):
        bench_next(args.rounds)


if __name__ == "__main__":
    main()
