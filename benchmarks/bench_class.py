"""A class in one room, measured: the teacher's run, followers on /follow, students drawing.

Run from the repo root:  python benchmarks/bench_class.py [--followers 20] [--drawers 10]
                                                          [--window 30] [--quick]

Starts `streamlit run viz/app.py` on a free loopback port (stopped at the end) with loopback
sessions as students. The teacher is headless Debian Chromium (async Playwright), as is one
drawing student; the other students are ``st_client.Student``s: Streamlit's own websocket
protocol without a browser, each its own Streamlit session, sending what a page sends (a follower's
fragment reruns at the fragment's interval; a drawer's drawings, recorded from the real drawing
page and replayed) — a class brings its own devices, and 30 Chromium pages on these two cores
starved (they timed out loading) once they no longer took the training's core:

0. the students who will draw open /draw and wait (their still pages cost the server nothing);
1. alone:     the teacher (who entered the teacher code) trains the class run on the Train page;
1b. solo draw: one student draws digit after digit (the cost and latency of a drawing alone);
2. follow:    + ``--followers`` students on /follow, each re-running the page's live fragment at
              its interval (once a second), a tick skipped while the last has not finished;
3. class:     + the ``--drawers`` students draw (the real page and the protocol students), one
              digit after another with a ``--pause`` between (the goal condition: 20 followers
              and 10 drawers);
4. after:     everyone but the teacher leaves; ``--settle`` seconds later (past the 120 s a
              closed tab's session is kept) the server's threads and memory are read again.
              Two baselines: "before", the teacher alone; and (unless ``--no-warmup``) one read
              ``--settle`` s after a warm-up student came (followed, drew a digit) and went,
              before phase 0: what a first student sets up once per process (shared figures,
              the shipped model, the allocator's pools) is in it, a class's sessions are not
              (benchmarks/bench_leave.py: later classes add ~nothing on top of the first).

In each phase: the class run's samples/s (from the teacher page's "Step: N", times the batch
size), the followers' refreshes (fragment reruns the server finished) and refresh age (seconds
between two "Step: N" updates a follower received, median / p90 / max), drawing latency on the
real page (mouse release -> "Prediction: N" on screen, timed inside the page: median / p90), each
drawing's server turnaround (request -> the message carrying the answer: for the real page from
its browser's own websocket timestamps, via CDP; for the protocol students from their own clocks;
what a student waits on the server when the page runs on a device of its own), the server's CPU time split into the
training (its process, or its thread with ``--trainer thread``) and everything else (from
/proc/<pid>/stat and /proc/<pid>/task/*/stat), RSS and threads (from /proc/<pid>/status), and the
training processes' RSS.

Per-action costs: server CPU-ms (without the training) per follower refresh (follow
phase) and per drawing (solo phase) are the extra CPU of that phase over the alone phase,
divided by the actions seen.

Capacity: the server's Python work runs one thread at a time (the GIL), so students' actions
queue for about one core. With each student following at 1 refresh/s and drawing one digit every
``--draw-every`` seconds, the load is rho(N) = (base + N * (c_f + c_d / draw_every)) / 1000 ms/s,
and a drawing's p90 is modelled as fixed + ln(10) * c_d / (1 - rho) (an M/M/1 queue's p90; fixed
is the latency a drawing has with nobody else, beyond the server's work: the canvas's 200 ms wait,
the browser). The benchmark prints the largest N with a modelled p90 <= 1 s, and the model's p90
for the measured class phase beside the measured one, so the model can be judged.

Caveat: the students' devices are played on the server's two cores. The one real student page
runs under SCHED_IDLE in an autogroup of nice 19 (students_chromium), and this harness, with
Playwright's driver and the protocol students, under SCHED_IDLE (the teacher's Chromium keeps the
normal policy: it is on the laptop). The autogroup matters: Playwright starts each browser in a
session of its own, and the kernel shares the cores between sessions' autogroups before it looks
at SCHED_IDLE; without it the students' pages took about half of the training's core. The
real page's in-page latency still waits on a starved browser; the server turnaround does not. The
training is the app's training process (``--trainer thread``: a thread of the server, as before).
The per-action CPU costs are the server's own, and the capacity is computed from those and the
solo drawing.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import math
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]

from conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from draw_strokes import DIGITS, INK_CANVAS, STEPS  # noqa: E402
from st_client import Student, is_drawing  # noqa: E402

OUT = REPO / "benchmarks" / "out" / "class.json"
TEACHER_CODE = "424242"
STEP = re.compile(r"Step: ([\d,]+)")
CLK = os.sysconf("SC_CLK_TCK")
ANSWER = ".st-key-draw-answer"
P90_TARGET_S = 1.0

# Installed in every student page: times of each change of the "Step: N" the page shows, and of
# each mouse release and each answer shown (performance.now(), ms).  It polls the status line
# (an h3) and the answer every 50 ms, reading textContent (no layout): an observer of every DOM
# change that read the page's innerText cost the students' pages more than the app did.
INSTRUMENT = """
window.__bench = {steps: [], ups: [], answers: []};
(() => {
  let last = null;
  const scan = () => {
    let step = null;
    for (const h of document.querySelectorAll('h3')) {
      const m = h.textContent.match(/Step: ([\\d,]+)/);
      if (m) { step = m[1]; break; }
    }
    if (step !== null && step !== last) { last = step;
      window.__bench.steps.push([performance.now(), parseInt(step.replace(/,/g, ''))]); }
    const a = document.querySelector('%s');
    const text = a ? a.textContent : '';
    if (text !== window.__bench.lastAnswer) {     // the prompt after Clear, then an answer
      window.__bench.lastAnswer = text;
      if (text.includes('Prediction:')) window.__bench.answers.push(performance.now()); }
  };
  setInterval(scan, 50);
  window.addEventListener('mouseup', () => window.__bench.ups.push(performance.now()), true);
})();
""" % ANSWER


# ------------------------------------------------------------------------ the server process
def proc_status(pid: int) -> dict:
    """RSS (MB) and thread count of the server process, and the RSS of its training processes
    ("trainer_rss_mb", "trainers": how many)."""
    out = _status(pid)
    workers = [_status(w) for w in trainer_processes(pid)]
    out["trainer_rss_mb"] = sum(w.get("rss_mb", 0.0) for w in workers)
    out["trainers"] = len(workers)
    return out


def _status(pid: int) -> dict:
    out = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        if line.startswith("VmRSS:"):
            out["rss_mb"] = int(line.split()[1]) / 1024
        elif line.startswith("Threads:"):
            out["threads"] = int(line.split()[1])
    return out


def _cpu_of(stat: Path) -> float:
    """utime + stime (s) of a /proc .../stat file."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def thread_cpu(pid: int) -> dict:
    """CPU seconds (user + system) of each live thread of the server process, by thread id, and
    of the whole process under the key "all" (which keeps the time of threads that have ended:
    Streamlit's script runs come and go)."""
    cpu = {"all": _cpu_of(Path(f"/proc/{pid}/stat"))}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            cpu[int(task.name)] = _cpu_of(task / "stat")
        except OSError:       # the thread ended while we read
            continue
    return cpu


def browsers_cpu() -> dict:
    """CPU seconds of every Chromium process so far, the students' (SCHED_IDLE) apart from the
    teacher's: {"teacher": s, "students": s}."""
    out = {"teacher": 0.0, "students": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1:text.rindex(")")], text.rsplit(")", 1)[1].split()
        if "chrom" not in name:
            continue
        who = "students" if int(fields[38]) == 5 else "teacher"   # field 41: policy, 5 = idle
        out[who] += (int(fields[11]) + int(fields[12])) / CLK
    return out


def trainer_processes(pid: int) -> dict:
    """The server's training processes (core.train.worker, its children): {pid: CPU seconds}."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            if int(text.rsplit(")", 1)[1].split()[1]) != pid:   # field 4: parent pid
                continue
            if b"core.train.worker" not in (stat.parent / "cmdline").read_bytes():
                continue
            out[int(stat.parent.name)] = _cpu_of(stat)
        except (OSError, ValueError):
            continue
    return out


class ServerClock:
    """CPU seconds of the server between two marks, the training apart from the rest: the
    server's training processes (BACKPROP_LAB_TRAINER=process, the default), or, when runs train
    in a thread of the server, its busiest thread."""

    def __init__(self, pid: int):
        self.pid, self.trainer_tid = pid, None
        self.mark()

    def mark(self):
        self.t0, self.cpu0 = time.monotonic(), thread_cpu(self.pid)
        self.workers0 = trainer_processes(self.pid)
        self.browsers0 = browsers_cpu()

    def read(self) -> dict:
        """{"seconds", "trainer_cpu_s", "other_cpu_s", ...} since the last mark; without a
        training process the first read names the busiest thread the training thread (the
        teacher's run trains alone then)."""
        now, cpu = time.monotonic(), thread_cpu(self.pid)
        workers = trainer_processes(self.pid)
        delta = {tid: c - self.cpu0.get(tid, 0.0) for tid, c in cpu.items()}
        total = delta.pop("all")
        if workers:
            trainer = sum(c - self.workers0.get(p, 0.0) for p, c in workers.items())
            other = total
        else:
            if self.trainer_tid is None:
                self.trainer_tid = max(delta, key=delta.get)
            trainer = delta.get(self.trainer_tid, 0.0)
            other = total - trainer
        browsers = browsers_cpu()
        return {"seconds": now - self.t0, "trainer_cpu_s": trainer, "other_cpu_s": other,
                "trainer_in": "process" if workers else "thread",
                "teacher_browser_cpu_s": browsers["teacher"] - self.browsers0["teacher"],
                "students_browsers_cpu_s": browsers["students"] - self.browsers0["students"]}


# ------------------------------------------------------------------------ people
def students_chromium(idle: bool) -> str:
    """Chromium for the students' pages.  In a real room each student brings a device; here
    their browsers share the laptop's two cores with the server, so by default they run under
    Linux's SCHED_IDLE policy (``chrt -i 0``: they get only the CPU nothing else wants — plain
    ``nice`` does not hold, as Chromium sets its threads' priorities itself) in an autogroup of
    nice 19.  The autogroup matters: Playwright starts each browser in a session of its own, and
    with ``kernel.sched_autogroup_enabled`` (on here, and on most desktops) the scheduler first
    shares the cores between sessions' autogroups, then within them — SCHED_IDLE alone only
    ranks the students' threads against each other, and they took about half of the training
    process's core (its threads waited on the run queue, not on a lock)."""
    return _chromium("students", "-i", autogroup_nice=19) if idle else CHROMIUM


def teacher_chromium(idle: bool) -> str:
    """Chromium for the teacher's page, at the normal policy (``chrt -o 0``) even when this
    harness runs under SCHED_IDLE: the teacher's browser is on the laptop."""
    return _chromium("teacher", "-o") if idle else CHROMIUM


def _chromium(who: str, policy: str, autogroup_nice: int | None = None) -> str:
    wrapper = OUT.parent / f"{who}-chromium.sh"
    # /proc/self/autogroup sets the nice level of the whole autogroup (this browser's session)
    group = ("" if autogroup_nice is None else
             f"echo {autogroup_nice} > /proc/self/autogroup 2>/dev/null || true\n")
    wrapper.write_text(f'#!/bin/sh\n{group}exec chrt {policy} 0 {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def harness_idle() -> None:
    """Run this harness (and so Playwright's driver, which drives 30 students' mice and reads
    their pages) under SCHED_IDLE: it plays the students' devices, not the laptop.  Called after
    the server has started, so the server keeps the normal policy."""
    os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


async def new_page(browser, width=1366, height=768):
    ctx = await browser.new_context(viewport={"width": width, "height": height})
    await ctx.add_init_script(INSTRUMENT)
    return ctx, await ctx.new_page()


async def step_of(page) -> int:
    m = STEP.search(await page.locator("body").inner_text())
    return int(m.group(1).replace(",", "")) if m else 0


async def become_teacher(page) -> None:
    """Enter the teacher code on the open page (loopback sessions are students here; a reload
    would be a new session, a student again)."""
    await page.get_by_role("button", name="Start", exact=True).wait_for(timeout=60_000)
    await page.get_by_role("button", name="Class", exact=True).first.click()
    box = page.get_by_label("Teacher code")
    await box.fill(TEACHER_CODE)
    await box.press("Enter")
    await page.get_by_text("You are the teacher").first.wait_for(timeout=15_000)
    await page.keyboard.press("Escape")


async def start_class_run(page, url: str) -> int:
    """Open Train on the Fast demo preset trained until paused, become the teacher, Start;
    returns the run's batch size."""
    from urllib.parse import urlencode

    from core.config import PRESETS
    cfg = PRESETS["fast-demo"].replace(until_paused=True, pace="full")
    await page.goto(url + "/train?" + urlencode(cfg.to_query()))
    await page.get_by_role("button", name="Start", exact=True).wait_for(timeout=60_000)
    await become_teacher(page)
    await page.get_by_role("button", name="Start", exact=True).click()
    await page.get_by_text("Status: running").first.wait_for(timeout=30_000)
    await page.get_by_text("Full speed", exact=True).first.click()   # presets: class pace
    await asyncio.sleep(1)
    return cfg.batch_size


async def follower(browser, url: str):
    ctx, page = await new_page(browser, 390, 844)
    await page.goto(url + "/follow")
    await page.get_by_text("Step:").first.wait_for(timeout=90_000)
    return ctx, page


async def draw(page, digit: str) -> None:
    canvas = page.locator(INK_CANVAS).first
    box = await canvas.bounding_box()
    for stroke in DIGITS[digit]:
        pts = [(box["x"] + u * box["width"], box["y"] + v * box["height"]) for u, v in stroke]
        await page.mouse.move(*pts[0])
        await page.mouse.down()
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            for k in range(1, STEPS + 1):
                await page.mouse.move(x0 + (x1 - x0) * k / STEPS, y0 + (y1 - y0) * k / STEPS)
        await page.mouse.up()


async def clear_and_draw(page, digit: str) -> None:
    """Clear the canvas, then draw ``digit`` on it."""
    await page.locator(".st-key-draw-clear button").click()
    # (Clear may scroll the canvas's top under the page's fixed header: centre it again.)
    await page.locator(INK_CANVAS).first.evaluate("c => c.scrollIntoView({block: 'center'})")
    await draw(page, digit)


async def drawer_open(browser, url: str):
    ctx, page = await new_page(browser)
    page.frames_log = await frames_log(page)
    await page.goto(url + "/draw")
    await page.locator(INK_CANVAS).first.wait_for(state="visible", timeout=90_000)
    return ctx, page


async def frames_log(page) -> dict:
    """The browser's own timestamps (s) of the page's websocket frames: every frame sent (the
    page's requests to the server), and every frame received that carries an answer
    ("Prediction:"), from Chrome's network events (CDP), so neither this harness nor a starved
    page's main thread delays them."""
    log = {"sent": [], "answers": [], "drawings": []}
    cdp = await page.context.new_cdp_session(page)

    def sent(e):
        log["sent"].append(e["timestamp"])
        r = e["response"]
        if r.get("opcode") == 2 and len(r.get("payloadData", "")) > 2000:
            payload = base64.b64decode(r["payloadData"])
            if is_drawing(payload) and payload not in log["drawings"]:
                log["drawings"].append(payload)   # replayed by the protocol students

    def received(e):
        r = e["response"]
        data = r.get("payloadData", "")
        body = base64.b64decode(data) if r.get("opcode") == 2 else data.encode()
        if b"Prediction:" in body:
            log["answers"].append(e["timestamp"])

    cdp.on("Network.webSocketFrameSent", sent)
    cdp.on("Network.webSocketFrameReceived", received)
    await cdp.send("Network.enable")
    return log


def turnaround(log: dict, after: float) -> tuple[float | None, float]:
    """Seconds from the last frame the page sent before its first answer frame after ``after``
    to that answer frame (the server's part of a drawing's latency, with the network: what a
    student's own device would wait beyond its own drawing and rendering), and the answer's
    timestamp; None when no answer frame came."""
    answer = next((a for a in log["answers"] if a > after), None)
    if answer is None:
        return None, after
    request = max((t for t in log["sent"] if t < answer), default=None)
    return (None if request is None else answer - request), answer


async def drawer_loop(page, stop: asyncio.Event, pause_s: float, log: list,
                      turns: list | None = None) -> None:
    """Draw digits one after another until ``stop``; each latency (s) appended to ``log``
    (None when no answer came within 20 s), and each server turnaround (``turnaround``) to
    ``turns``."""
    digits, i = list(DIGITS), 0
    seen = max(page.frames_log["answers"], default=0.0)
    while not stop.is_set():
        n_answers = await page.evaluate("() => window.__bench.answers.length")
        await clear_and_draw(page, digits[i % len(digits)])
        i += 1
        try:
            await page.wait_for_function(f"() => window.__bench.answers.length > {n_answers}",
                                         timeout=20_000)
            up, answer = await page.evaluate(
                "() => [window.__bench.ups.at(-1), window.__bench.answers.at(-1)]")
            log.append((answer - up) / 1000)
            await asyncio.sleep(0.2)         # the answer frame's network event, on its way
            turn, seen = turnaround(page.frames_log, seen)
            if turns is not None:
                turns.append(turn)
        except Exception:  # noqa: BLE001 - an unanswered drawing is counted, not fatal
            log.append(None)
        await asyncio.sleep(pause_s)


# ------------------------------------------------------------------------ phases
async def follower_ages(followers) -> tuple[list[float], int, int]:
    """Seconds between successive step updates on every follower (real pages or protocol
    Students) since the last call, how many updates there were, and how many refreshes the
    server ran for the Students (fragment reruns finished)."""
    ages, updates, refreshes = [], 0, 0
    for f in followers:
        if isinstance(f, Student):
            times = [t * 1000 for t, _ in f.steps]
            f.steps.clear()
            refreshes += len(f.refresh_s)
            f.refresh_s.clear()
        else:
            times = [t for t, _ in await f.evaluate("() => window.__bench.steps.splice(0)")]
        updates += len(times)
        ages += [(b - a) / 1000 for a, b in zip(times, times[1:])]
    return ages, updates, refreshes


def quantiles(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return {"n": 0}
    q = statistics.quantiles(xs, n=10) if len(xs) > 1 else [xs[0]] * 9
    return {"n": len(xs), "median": statistics.median(xs), "p90": q[-1], "max": max(xs)}


async def phase(name, teacher, clock, pid, batch, window, followers=(), drawings=None,
                turns=None):
    """Measure one phase of ``window`` seconds."""
    await follower_ages(followers)              # forget what came before the window
    start_n = len(drawings) if drawings is not None else 0
    start_t = len(turns) if turns is not None else 0
    s0 = await step_of(teacher)
    clock.mark()
    await asyncio.sleep(window)
    cpu = clock.read()
    s1 = await step_of(teacher)
    ages, updates, refreshes = await follower_ages(followers)
    drawn = drawings[start_n:] if drawings is not None else []
    res = {"phase": name, "samples_per_s": (s1 - s0) * batch / cpu["seconds"], **cpu,
           "follower_updates": updates, "follower_refreshes": refreshes,
           "refresh_age_s": quantiles(ages),
           "drawings": len(drawn), "unanswered": sum(d is None for d in drawn),
           "draw_latency_s": quantiles(drawn),
           "turnaround_s": quantiles(turns[start_t:] if turns is not None else []),
           **proc_status(pid)}
    print(f"  {name:10s}: {res['samples_per_s']:8,.0f} samples/s; server CPU {cpu['other_cpu_s']:5.1f} s"
          f" (+ training {cpu['trainer_in']} {cpu['trainer_cpu_s']:5.1f} s) in {cpu['seconds']:.0f} s; browsers: "
          f"teacher's {cpu['teacher_browser_cpu_s']:4.1f} s, students' "
          f"{cpu['students_browsers_cpu_s']:4.1f} s; "
          f"{updates} follower updates ({refreshes} refreshes), {len(drawn)} drawings"
          f" + {len((turns or [])[start_t:])} turnarounds; RSS {res['rss_mb']:.0f} MB, "
          f"{res['threads']} threads", flush=True)
    return res


async def run(args) -> dict:
    from playwright.async_api import async_playwright
    env = {"BACKPROP_LAB_LOOPBACK_TEACHER": "0", "BACKPROP_LAB_TEACHER_CODE": TEACHER_CODE,
           "BACKPROP_LAB_TRAINER": args.trainer}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    proc, url, log = start_server(env, log_path=OUT.parent / "class-server.log")
    res = {"followers": args.followers, "drawers": args.drawers, "window_s": args.window,
           "trainer": args.trainer,
           "students_sched_idle": not args.same_priority}
    try:
        if not args.same_priority:
            harness_idle()
        async with async_playwright() as p:
            teacher_browser = await p.chromium.launch(
                executable_path=teacher_chromium(not args.same_priority), args=CHROMIUM_ARGS)
            browser = await p.chromium.launch(executable_path=students_chromium(not args.same_priority),
                                              args=CHROMIUM_ARGS)
            _, teacher = await new_page(teacher_browser)
            batch = await start_class_run(teacher, url)
            await asyncio.sleep(3)
            res["baseline"] = await settle(proc.pid, 0)
            if args.warmup:
                res["warm"] = await warm_up(browser, url, proc.pid, args.settle)
            # The students (st_client.Student: Streamlit's protocol without a browser, as on
            # devices of their own), and one real drawing page among them, open first and wait
            # idle (a still Draw page costs the server nothing but a heartbeat).
            drw_ctx, drawer = await drawer_open(browser, url)
            drw = [await Student(url).open("draw") for _ in range(args.drawers - 1)]
            await asyncio.sleep(3)
            clock = ServerClock(proc.pid)
            phases = res["phases"] = []
            phases.append(await phase("alone", teacher, clock, proc.pid, batch, args.window))
            stop, drawings, turns = asyncio.Event(), [], []
            solo = asyncio.create_task(drawer_loop(drawer, stop, args.pause, drawings, turns))
            phases.append(await phase("solo draw", teacher, clock, proc.pid, batch, args.window,
                                      (), drawings, turns))
            stop.set()
            await solo
            recorded = drawer.frames_log["drawings"]
            res["recorded_drawings"] = len(recorded)
            fol = [await Student(url).open("follow") for _ in range(args.followers)]
            following = asyncio.Event()
            ftasks = [asyncio.create_task(f.follow(following)) for f in fol]
            phases.append(await phase("follow", teacher, clock, proc.pid, batch, args.window,
                                      fol))
            stop, drawings, turns = asyncio.Event(), [], []
            tasks = [asyncio.create_task(drawer_loop(drawer, stop, args.pause, drawings, turns))]
            tasks += [asyncio.create_task(d.draw(stop, recorded[k % len(recorded):]
                                                 + recorded[:k % len(recorded)],
                                                 args.pause, turns))
                      for k, d in enumerate(drw)]
            await asyncio.sleep(3)
            phases.append(await phase("class", teacher, clock, proc.pid, batch, args.window,
                                      fol, drawings, turns))
            stop.set()
            following.set()
            await asyncio.gather(*tasks, *ftasks, return_exceptions=True)
            for student in fol + drw:
                await student.close()
            await drw_ctx.close()
            res["after"] = await settle(proc.pid, args.settle)
            await browser.close()
            await teacher_browser.close()
    finally:
        stop_server(proc, log)
    return res


async def settle(pid, seconds: float) -> dict:
    """Server threads and RSS once everyone but the teacher has left and ``seconds`` have
    passed (default past Streamlit's disconnectedSessionTTL, 120 s in .streamlit/config.toml,
    after which a closed tab's session is dropped: viz/memory.py ends it and frees its memory
    within 20 s more),
    with the Python threads by name when py-spy is installed (benchmarks/bench_leave.py)."""
    from bench_leave import python_threads
    await asyncio.sleep(seconds)
    return {**proc_status(pid), "python_threads": python_threads(pid)}


async def warm_up(browser, url: str, pid: int, seconds: float) -> dict:
    """One student comes (follows the class run, draws a digit) and goes; ``seconds`` later
    the server is read (``settle``).  What a first student sets up once per process stays in
    this baseline: the class run's shared figures (viz.class_run), the shipped model, the
    allocator's pools; a class's sessions do not (benchmarks/bench_leave.py shows that a second
    and third class add ~nothing on top of the first)."""
    fctx, _ = await follower(browser, url)
    dctx, page = await drawer_open(browser, url)
    await draw(page, "7")
    await page.wait_for_function("() => window.__bench.answers.length > 0", timeout=30_000)
    await fctx.close()
    await dctx.close()
    return await settle(pid, seconds)


# ------------------------------------------------------------------------ the capacity model
def costs(res) -> dict:
    """Server CPU-ms per follower refresh (follow phase) and per drawing (solo phase: one
    student drawing), and the fixed part of a drawing's latency (the solo drawing's median
    less its server work), from the phases (see the module docstring)."""
    ph = {p["phase"]: p for p in res["phases"]}
    rate = {k: p["other_cpu_s"] * 1000 / p["seconds"] for k, p in ph.items()}   # ms per s
    refreshes = ph["follow"].get("follower_refreshes") or ph["follow"]["follower_updates"]
    per_refresh = ((rate["follow"] - rate["alone"]) * ph["follow"]["seconds"]
                   / max(refreshes, 1))
    per_drawing = ((rate["solo draw"] - rate["alone"]) * ph["solo draw"]["seconds"]
                   / max(ph["solo draw"]["drawings"], 1))
    solo_latency = ph["solo draw"]["draw_latency_s"].get("median", float("nan"))
    return {"base_ms_per_s": rate["alone"], "ms_per_refresh": per_refresh,
            "ms_per_drawing": per_drawing,
            "fixed_s": max(0.0, solo_latency - per_drawing / 1000)}


def model_p90(c, followers_per_s, drawings_per_s) -> float:
    rho = (c["base_ms_per_s"] + followers_per_s * c["ms_per_refresh"]
           + drawings_per_s * c["ms_per_drawing"]) / 1000
    if rho >= 1:
        return math.inf
    return c["fixed_s"] + math.log(10) * c["ms_per_drawing"] / 1000 / (1 - rho)


def capacity(c, draw_every_s: float) -> int:
    n = 0
    while n < 10_000 and model_p90(c, n + 1, (n + 1) / draw_every_s) <= P90_TARGET_S:
        n += 1
    return n


def report(res, draw_every_s: float) -> None:
    ph = {p["phase"]: p for p in res["phases"]}
    alone, cls = ph["alone"], ph["class"]
    keep = cls["samples_per_s"] / alone["samples_per_s"]
    lat = cls["draw_latency_s"]
    print(f"\nclass run with {res['followers']} followers and {res['drawers']} drawers: "
          f"{keep:.2f} of its speed alone ({cls['samples_per_s']:,.0f} vs "
          f"{alone['samples_per_s']:,.0f} samples/s; goal >= 0.6)")
    age = cls["refresh_age_s"]
    if cls.get("follower_refreshes"):
        print(f"followers' refreshes: {cls['follower_refreshes'] / cls['seconds']:.1f} a second "
              f"in all ({cls['follower_refreshes'] / cls['seconds'] / res['followers']:.2f} "
              f"each)")
    if age["n"]:
        print(f"followers' refresh age: median {age['median']:.2f} s, p90 {age['p90']:.2f} s, "
              f"max {age['max']:.2f} s")
    if lat["n"]:
        print(f"drawing on the one real page, mouse release -> answer: median {lat['median']:.2f} s, p90 "
              f"{lat['p90']:.2f} s over {lat['n']} drawings, {cls['unanswered']} unanswered "
              f"(goal p90 <= {P90_TARGET_S:.0f} s)")
    turn, solo_turn = cls["turnaround_s"], ph["solo draw"]["turnaround_s"]
    if turn["n"] and solo_turn["n"]:
        fixed = max(0.0, ph["solo draw"]["draw_latency_s"].get("median", 0.0)
                    - solo_turn["median"])
        res["own_devices_p90_s"] = fixed + turn["p90"]
        print(f"server turnaround of a drawing (websocket request -> answer, the browser's "
              f"network timestamps): class median {turn['median']:.2f} s, p90 {turn['p90']:.2f} s "
              f"(alone: median {solo_turn['median']:.2f} s); with each student's own device "
              f"(the solo drawing's {fixed:.2f} s beyond the server added): p90 "
              f"{res['own_devices_p90_s']:.2f} s (goal <= {P90_TARGET_S:.0f} s)")
    b, a = res["baseline"], res["after"]
    print(f"server threads {b['threads']} before, {cls['threads']} during, {a['threads']} after; "
          f"RSS {b['rss_mb']:.0f} MB before, {cls['rss_mb']:.0f} during, {a['rss_mb']:.0f} after")
    if b.get("trainers"):
        print(f"  training processes {b['trainers']} before, {cls['trainers']} during, "
              f"{a['trainers']} after; their RSS {b['trainer_rss_mb']:.0f} MB before, "
              f"{cls['trainer_rss_mb']:.0f} during, {a['trainer_rss_mb']:.0f} after")
    if "warm" in res:
        w = res["warm"]
        print(f"  before = the teacher alone; after one student came and went (the one-time "
              f"costs of a first student): threads {w['threads']}, RSS {w['rss_mb']:.0f} MB; "
              f"after the class: {a['rss_mb'] - w['rss_mb']:+.0f} MB, "
              f"{a['threads'] - w['threads']:+d} threads over that")
    for name, r in (("before", b), ("after", a)):
        if r.get("python_threads"):   # the count moves with Starlette's AnyIO worker pool
            print(f"  Python threads {name}: {r['python_threads']}")
    solo = ph["solo draw"]["draw_latency_s"]
    if solo["n"]:
        print(f"one student drawing alone: median {solo['median']:.2f} s, p90 {solo['p90']:.2f} s "
              f"over {solo['n']} drawings")
    c = costs(res)
    print(f"server CPU per follower refresh {c['ms_per_refresh']:.1f} ms, per drawing "
          f"{c['ms_per_drawing']:.1f} ms (teacher's page and run without the training: "
          f"{c['base_ms_per_s']:.0f} ms/s; fixed latency of a drawing {c['fixed_s']:.2f} s)")
    f_rate = (cls.get("follower_refreshes") or cls["follower_updates"]) / cls["seconds"]
    d_rate = cls["turnaround_s"]["n"] / cls["seconds"]   # every student's drawings
    print(f"model check, class phase ({f_rate:.1f} refreshes/s, {d_rate:.2f} drawings/s): "
          f"modelled p90 {model_p90(c, f_rate, d_rate):.2f} s, measured (server turnaround + "
          f"the fixed part) {res.get('own_devices_p90_s', float('nan')):.2f} s")
    n = capacity(c, draw_every_s)
    res["costs"], res["capacity"] = c, n
    print(f"capacity: {n} students (each following at 1 refresh/s and drawing every "
          f"{draw_every_s:.0f} s) at a modelled drawing p90 <= {P90_TARGET_S:.0f} s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--followers", type=int, default=20)
    ap.add_argument("--drawers", type=int, default=10)
    ap.add_argument("--window", type=float, default=30.0, help="seconds per measured phase")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds a drawer waits between "
                    "digits")
    ap.add_argument("--draw-every", type=float, default=10.0, help="seconds between two "
                    "drawings of one student, for the capacity model")
    ap.add_argument("--same-priority", action="store_true", help="run the students' browsers "
                    "and this harness at the server's priority (default: SCHED_IDLE, see "
                    "students_chromium and harness_idle)")
    ap.add_argument("--settle", type=float, default=150.0, help="seconds to wait after "
                    "everyone left before reading threads and RSS")
    ap.add_argument("--no-warmup", dest="warmup", action="store_false", help="skip the "
                    "warm-up student (and its --settle wait) before the phases")
    ap.add_argument("--trainer", choices=("process", "thread"), default="process",
                    help="where the class run trains (the server's BACKPROP_LAB_TRAINER)")
    ap.add_argument("--quick", action="store_true", help="4 followers, 2 drawers, 10 s phases")
    args = ap.parse_args(argv)
    if args.quick:
        args.followers, args.drawers, args.window = 4, 2, 10.0
    res = asyncio.run(run(args))
    report(res, args.draw_every)
    OUT.write_text(json.dumps(res, indent=1))
    print(f"(raw numbers: {OUT.relative_to(REPO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
