"""Cold start, measured as the issue asks: 10 fresh servers, each hit by 10 simultaneous first
loads of the app's pages (/train, /draw, /evaluate, /models in turn, one Streamlit session each).

Prints each burst and the total of pages that came up without an exception or traceback.  Before
viz/preload.py, about one burst in 22 lost every Draw page (``_DeadlockError`` on core.config,
then ``ImportError: cannot import name 'draw_panels'``).  Takes ~40 s a server on 2 cores.

Run from the repo root:
    python benchmarks/bench_cold_start.py [--servers 10] [--loads 10]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--servers", type=int, default=10)
    ap.add_argument("--loads", type=int, default=10, help="simultaneous first loads per server")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from cold_start import burst
    from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server

    ok = total = 0
    failures = Counter()
    logs = Path(tempfile.mkdtemp(prefix="cold-start-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for s in range(args.servers):
            t0 = time.monotonic()
            proc, url, log = start_server(log_path=logs / f"server{s}.log")
            try:
                results = burst(browser, url, args.loads)
            finally:
                stop_server(proc, log)
            good = sum(v == "ok" for _, v in results)
            ok, total = ok + good, total + len(results)
            for path, v in results:
                if v != "ok":
                    failures[(path, v)] += 1
            print(f"server {s + 1:2d}: {good}/{len(results)} pages OK "
                  f"({time.monotonic() - t0:.0f} s)", flush=True)
        browser.close()
    for (path, why), n in failures.most_common():
        print(f"  {n} x {path}: {why}")
    print(f"pages OK: {ok}/{total}  (server logs in {logs})")


if __name__ == "__main__":
    main()
