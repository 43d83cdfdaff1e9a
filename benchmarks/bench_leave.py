"""Students join and leave, again and again: do the server's threads and memory come back?

Run from the repo root:  python benchmarks/bench_leave.py [--cycles 3] [--followers 8]
                                                          [--drawers 2] [--ttl 20] [--wait 25]

Starts `streamlit run viz/app.py` on a free loopback port (stopped at the end), like
benchmarks/bench_class.py (loopback browsers are students, the teacher enters the code), with
Streamlit's disconnectedSessionTTL lowered to ``--ttl`` seconds through the environment
variable STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL (Streamlit reads it like the command-line
flag, over .streamlit/config.toml's 120 s; the output says so), to keep the loop short.

The teacher (headless Debian Chromium, async Playwright) trains the class run on the Train page
the whole time.  Then each cycle: ``--followers`` students open /follow and ``--drawers`` open
/draw and draw two digits (each student its own browser context, so its own Streamlit session);
they stay ``--stay`` seconds, close their pages, and ``--ttl`` + ``--wait`` seconds later (past
the TTL, so Streamlit has dropped their sessions) the server is read:

- RSS and anonymous memory (/proc/<pid>/status, smaps_rollup), and the thread count;
- threads by name: the kernel's (/proc/<pid>/task/*/comm) and Python's (``py-spy dump``, when
  py-spy is installed: the threading names, e.g. "ScriptRunner.scriptThread");
- what the app holds (when the server runs with BACKPROP_LAB_MEMORY_LOG, viz/memory.py prints
  a line per release of ended sessions in the server log: live Session objects, Streamlit sessions,
  whether malloc_trim ran, Python's memory blocks in use, the release's milliseconds).

``--protocol`` makes the students protocol clients (benchmarks/st_client.py, as bench_class's):
the followers re-run the live fragment every second and the drawers draw a digit a second for
the whole ``--stay``, a class's full load, which 30 browsers on these cores cannot make; one real
page draws the digits they replay and leaves before the baseline (its session is gone by then).

``--no-trim`` runs the server without viz/memory.py's malloc_trim, ``--arena-max N`` with glibc's
MALLOC_ARENA_MAX=N (it must be set before the process starts), to compare the remedies.

Output: one line per reading (baseline = the teacher alone, then one per cycle) and the growth
per cycle after the first, which separates a leak (grows every cycle) from a one-time cost (the
first cycle's pools and the allocator's high-water mark, then flat).  Raw numbers go to
benchmarks/out/leave.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks"), str(REPO / "tests" / "browser")]

from bench_class import (TEACHER_CODE, become_teacher, clear_and_draw, drawer_open,  # noqa: E402,F401
                         follower, new_page, proc_status, start_class_run, students_chromium)
from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from draw_strokes import DIGITS  # noqa: E402
from st_client import Student  # noqa: E402

OUT = REPO / "benchmarks" / "out" / "leave.json"
TTL_ENV = "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"
PYSPY_THREAD = re.compile(r'^Thread (0x[0-9A-Fa-f]+|\d+) \((\w+)\): "([^"]*)"', re.M)
MEMORY_LINE = re.compile(r"backprop-lab memory: (\{.*\})")


# ------------------------------------------------------------------------ the server, from outside
def smaps(pid: int) -> dict:
    """Rss and Anonymous (MB) of the whole process, from /proc/<pid>/smaps_rollup."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Anonymous"):
            out[key.lower() + "_mb"] = int(rest.split()[0]) / 1024
    return out


def thread_comms(pid: int) -> dict:
    """{kernel thread name: count} of the server's threads."""
    names = Counter()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names[(task / "comm").read_text().strip()] += 1
        except OSError:
            continue
    return dict(sorted(names.items()))


def python_threads(pid: int) -> dict | None:
    """{threading name: count} of the server's Python threads (``py-spy dump``), None without
    py-spy.  Streamlit numbers nothing, so equal names add up."""
    if shutil.which("py-spy") is None:
        return None
    try:
        text = subprocess.run(["py-spy", "dump", "--pid", str(pid)], capture_output=True,
                              text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return dict(sorted(Counter(name for _, _, name in PYSPY_THREAD.findall(text)).items()))


def memory_lines(log_path: Path) -> list[dict]:
    """The app's own memory lines (viz/memory.py, BACKPROP_LAB_MEMORY_LOG=1) in the server log."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return []
    return [json.loads(m) for m in MEMORY_LINE.findall(text)]


def reading(pid: int, log_path: Path, label: str) -> dict:
    res = {"label": label, **proc_status(pid), **smaps(pid), "comm": thread_comms(pid),
           "python": python_threads(pid)}
    lines = memory_lines(log_path)
    res["app"] = lines[-1] if lines else None
    res["app_lines"] = len(lines)
    app = res["app"] or {}
    print(f"  {label:9s}: RSS {res['rss_mb']:6.1f} MB (anonymous {res['anonymous_mb']:6.1f}), "
          f"{res['threads']:2d} threads; "
          + (f"app: {app.get('sessions', '?')} Streamlit sessions, {app.get('live', '?')} live "
             f"Session objects, {app.get('blocks', 0) / 1e6:.2f} M Python blocks; "
             if app else "")
          + f"python threads {res['python']}; native (not Python) "
          f"{ {k: v for k, v in res['comm'].items() if k != 'python'} }", flush=True)
    return res


# ------------------------------------------------------------------------ one cycle
async def cycle(browser, url: str, followers: int, drawers: int, stay: float) -> int:
    """Students join, drawers draw two digits each, everyone leaves; returns answers seen."""
    people = [await follower(browser, url) for _ in range(followers)]
    drw = [await drawer_open(browser, url) for _ in range(drawers)]
    answers = 0
    for _, page in drw:
        for digit in ("7", "1"):
            n = await page.evaluate("() => window.__bench.answers.length")
            await clear_and_draw(page, digit)
            try:
                await page.wait_for_function(f"() => window.__bench.answers.length > {n}",
                                             timeout=20_000)
                answers += 1
            except Exception:  # noqa: BLE001 - an unanswered drawing is counted, not fatal
                pass
    await asyncio.sleep(stay)
    for ctx, _ in people + drw:
        await ctx.close()
    return answers


async def record_drawings(browser, url: str) -> list:
    """BackMsgs of the digits drawn on one real Draw page (for the protocol students)."""
    ctx, page = await drawer_open(browser, url)
    for digit in DIGITS:
        await clear_and_draw(page, digit)
        await asyncio.sleep(2)
    await ctx.close()
    return page.frames_log["drawings"]


async def protocol_cycle(url: str, followers: int, drawers: int, stay: float,
                         drawings: list) -> int:
    """Protocol students (benchmarks/st_client.py) join: followers re-run the live fragment
    every second, drawers replay the recorded drawings with a 1 s pause, for ``stay`` seconds;
    then everyone leaves.  Returns the drawings answered."""
    fol = [await Student(url).open("follow") for _ in range(followers)]
    drw = [await Student(url).open("draw") for _ in range(drawers)]
    stop, turns = asyncio.Event(), []
    tasks = [asyncio.create_task(f.follow(stop)) for f in fol]
    tasks += [asyncio.create_task(d.draw(stop, drawings, 1.0, turns)) for d in drw]
    await asyncio.sleep(stay)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    for student in fol + drw:
        await student.close()
    return sum(t is not None for t in turns)


async def run(args) -> dict:
    from playwright.async_api import async_playwright
    env = {"BACKPROP_LAB_LOOPBACK_TEACHER": "0", "BACKPROP_LAB_TEACHER_CODE": TEACHER_CODE,
           TTL_ENV: str(int(args.ttl)), "BACKPROP_LAB_MEMORY_LOG": "1"}
    if args.no_trim:
        env["BACKPROP_LAB_MALLOC_TRIM"] = "0"
    if args.arena_max:
        env["MALLOC_ARENA_MAX"] = str(args.arena_max)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    log_path = OUT.parent / "leave-server.log"
    proc, url, log = start_server(env, log_path=log_path)
    print(f"server pid {proc.pid}" + (", malloc_trim off" if args.no_trim else "")
          + (f", MALLOC_ARENA_MAX={args.arena_max}" if args.arena_max else "")
          + f"; Streamlit's disconnectedSessionTTL lowered to {args.ttl:.0f} s "
          f"via {TTL_ENV} (config.toml: 120 s); each reading {args.ttl + args.wait:.0f} s after "
          f"the students left", flush=True)
    res = {"args": vars(args), "readings": []}
    try:
        async with async_playwright() as p:
            teacher_browser = await p.chromium.launch(executable_path=CHROMIUM,
                                                      args=CHROMIUM_ARGS)
            browser = await p.chromium.launch(executable_path=students_chromium(True),
                                              args=CHROMIUM_ARGS)
            _, teacher = await new_page(teacher_browser)
            await start_class_run(teacher, url)
            drawings = await record_drawings(browser, url) if args.protocol else None
            await asyncio.sleep(3 + (args.ttl + args.wait if args.protocol else 0))
            res["readings"].append(reading(proc.pid, log_path, "teacher"))
            for k in range(1, args.cycles + 1):
                t0 = time.monotonic()
                if args.protocol:
                    answers = await protocol_cycle(url, args.followers, args.drawers, args.stay,
                                                   drawings)
                else:
                    answers = await cycle(browser, url, args.followers, args.drawers, args.stay)
                during = proc_status(proc.pid)
                await asyncio.sleep(args.ttl + args.wait)
                r = reading(proc.pid, log_path, f"cycle {k}")
                r.update(answers=answers, during=during, seconds=time.monotonic() - t0)
                res["readings"].append(r)
            await browser.close()
            await teacher_browser.close()
    finally:
        stop_server(proc, log)
    return res


def report(res) -> None:
    rs = res["readings"]
    base = rs[0]
    print(f"\nteacher alone: RSS {base['rss_mb']:.0f} MB, {base['threads']} threads")
    for r in rs[1:]:
        print(f"{r['label']}: during RSS {r['during']['rss_mb']:.0f} MB / {r['during']['threads']} "
              f"threads; after RSS {r['rss_mb']:.0f} MB ({r['rss_mb'] - base['rss_mb']:+.0f} over "
              f"the teacher alone), {r['threads']} threads ({r['threads'] - base['threads']:+d}); "
              f"{r['answers']} drawings answered")
    if len(rs) >= 3:
        growth = [b["rss_mb"] - a["rss_mb"] for a, b in zip(rs[1:], rs[2:])]
        print(f"RSS change per cycle after the first: "
              + ", ".join(f"{g:+.1f} MB" for g in growth)
              + f"; first cycle's one-time part {rs[1]['rss_mb'] - base['rss_mb']:+.1f} MB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--protocol", action="store_true", help="students speak Streamlit's protocol "
                    "without a browser (benchmarks/st_client.py; drawings recorded from one real "
                    "page, which comes and goes before the baseline): a class's full load")
    ap.add_argument("--followers", type=int, default=8)
    ap.add_argument("--drawers", type=int, default=2)
    ap.add_argument("--stay", type=float, default=10.0, help="seconds the students stay")
    ap.add_argument("--ttl", type=float, default=20.0, help="Streamlit's disconnectedSessionTTL "
                    "for this server (s)")
    ap.add_argument("--wait", type=float, default=25.0, help="seconds past the TTL before "
                    "reading (viz/memory.py reaps within 10 s of the TTL and frees within 10 s "
                    "more)")
    ap.add_argument("--no-trim", action="store_true", help="run the server without the "
                    "malloc_trim of viz/memory.py (BACKPROP_LAB_MALLOC_TRIM=0), to compare")
    ap.add_argument("--arena-max", type=int, default=0, help="start the server with glibc's "
                    "MALLOC_ARENA_MAX=N (fewer per-thread malloc arenas), to compare")
    args = ap.parse_args(argv)
    res = asyncio.run(run(args))
    report(res)
    OUT.write_text(json.dumps(res, indent=1))
    print(f"(raw numbers: {OUT.relative_to(REPO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
