"""Cold start, as a class does it: a fresh server, then many first page loads at the same moment.

Shared by tests/browser/test_cold_start.py (3 servers x 10 loads) and
benchmarks/bench_cold_start.py (10 x 10).  A load counts as good when its page finished its run
showing a title and no exception: no ``stException`` element, and no "Traceback",
"SomethingError" or "SomethingException" text anywhere on the page.
"""
from __future__ import annotations

import re
import time

PAGES = ("/train", "/draw", "/evaluate", "/models")
FAILURE = re.compile(r"Traceback|\b\w*(Error|Exception)\b")
SCRIPT_STATE = "() => document.querySelector('[data-test-script-state]')?.getAttribute('data-test-script-state')"


def verdict(page) -> str:
    """"ok", or why this page shows a failure (an exception element, a traceback, no title)."""
    if page.locator('[data-testid="stException"]').count():
        first = page.locator('[data-testid="stException"]').first.inner_text()[:200]
        return "exception: " + " ".join(first.split())
    found = FAILURE.search(page.inner_text("body"))
    if found:
        return f"error text: {found.group(0)}"
    if not page.locator("h1").count():
        return "no title"
    return "ok"


def _settle(page, deadline: float) -> None:
    """Wait until the page shows a title or an exception and its script run has finished."""
    while time.monotonic() < deadline:
        shown = (page.locator("h1").count() or
                 page.locator('[data-testid="stException"]').count())
        if shown and page.evaluate(SCRIPT_STATE) == "notRunning":
            return
        time.sleep(0.25)


def burst(browser, url: str, loads: int, timeout_s: float = 120) -> list[tuple[str, str]]:
    """Open ``loads`` first loads of the app's pages at once (cycling through PAGES), each in its
    own tab (its own Streamlit session); return [(path, verdict)] once all have settled."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pages = [(PAGES[i % len(PAGES)], ctx.new_page()) for i in range(loads)]
        for path, page in pages:              # navigation only starts here: all within ~1 s
            page.goto(url + path, wait_until="commit")
        deadline = time.monotonic() + timeout_s
        for _, page in pages:
            _settle(page, deadline)
        time.sleep(1.0)                       # anything rendered just after the last run
        return [(path, verdict(page)) for path, page in pages]
    finally:
        ctx.close()


def run(browser, servers: int, loads: int, start_server, stop_server, log_dir=None):
    """``servers`` fresh app servers, one burst of ``loads`` each: [(server, path, verdict)]."""
    out = []
    for s in range(servers):
        log = (log_dir / f"server{s}.log") if log_dir else None
        proc, url, logf = start_server(log_path=log)
        try:
            out += [(s, path, v) for path, v in burst(browser, url, loads)]
        finally:
            stop_server(proc, logf)
    return out
