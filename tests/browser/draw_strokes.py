"""Strokes of hand-drawn digits for the browser test and benchmarks/bench_draw.py.

Each digit is a list of strokes; each stroke a list of (u, v) points as fractions of the canvas
(u across, v down).  ``draw`` replays them with real mouse events (down, moves, up) on the
canvas, which lives in the component's shadow root: page.locator("canvas") finds it.
``draw_touch`` replays them with a finger: Chrome DevTools' Input.dispatchTouchEvent (touchStart,
touchMove..., touchEnd) on a page opened with has_touch=True, which Chrome turns into the touch
and pointer events a phone's browser sends (fabric.js draws from the pointer events).
"""
from __future__ import annotations

import math

DIGITS = {
    "1": [[(0.48, 0.15), (0.52, 0.85)]],
    "7": [[(0.27, 0.2), (0.73, 0.2), (0.45, 0.85)]],
    "0": [[(0.5 + 0.2 * math.sin(a), 0.5 - 0.32 * math.cos(a))
           for a in (i * 2 * math.pi / 36 for i in range(37))]],
}
STEPS = 6   # mouse moves between two points: a smooth line at fabric's sampling rate
# The canvas fabric.js draws the strokes on (the component also has a background canvas and an
# upper canvas for the pointer, all three the same size and place).
INK_CANVAS = "canvas.dc-canvas.lower-canvas"
LIT_PIXELS_JS = ("c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                 " let lit = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 128) lit++;"
                 " return lit; }")


def canvas_box(page):
    """Bounding box of the drawing canvas."""
    canvas = page.locator(INK_CANVAS).first
    canvas.wait_for(state="visible", timeout=30_000)
    return canvas.bounding_box()


def draw(page, digit: str, box=None):
    """Draw ``digit`` ("0", "1" or "7") on the canvas with the mouse; returns the box used."""
    box = box or canvas_box(page)
    for stroke in DIGITS[digit]:
        pts = [(box["x"] + u * box["width"], box["y"] + v * box["height"]) for u, v in stroke]
        page.mouse.move(*pts[0])
        page.mouse.down()
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            for k in range(1, STEPS + 1):
                page.mouse.move(x0 + (x1 - x0) * k / STEPS, y0 + (y1 - y0) * k / STEPS)
        page.mouse.up()
    return box


def draw_touch(page, digit: str, box=None, cdp=None):
    """Draw ``digit`` on the canvas with one finger (the page's context needs has_touch=True);
    returns the box used.  ``cdp``: a CDP session for the page (made here if not given)."""
    box = box or canvas_box(page)
    cdp = cdp or page.context.new_cdp_session(page)
    for stroke in DIGITS[digit]:
        pts = [(box["x"] + u * box["width"], box["y"] + v * box["height"]) for u, v in stroke]
        # Chrome acknowledges each touch move after a frame (~50 ms on a busy machine): a curve
        # already made of many points gets no points in between.
        steps = 1 if len(pts) > 10 else STEPS
        touch = [pts[0]] + [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
                            for (x0, y0), (x1, y1) in zip(pts, pts[1:])
                            for k in range(1, steps + 1)]
        for i, (x, y) in enumerate(touch):
            cdp.send("Input.dispatchTouchEvent", {
                "type": "touchStart" if i == 0 else "touchMove",
                "touchPoints": [{"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    return box


def draw_inked(page, digit: str, attempts: int = 3):
    """``draw``, then check that the strokes reached the canvas; if none did (a canvas mounted a
    moment ago may not be listening yet), wait and draw again.  Returns the attempts used."""
    for attempt in range(1, attempts + 1):
        draw(page, digit)
        for _ in range(5):
            if lit_pixels(page) > 0:
                return attempt
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)
    raise AssertionError(f"the canvas took no ink in {attempts} attempts to draw {digit!r}")


def lit_pixels(page):
    """How many pixels of the ink canvas are bright (drawn on)."""
    return page.locator(INK_CANVAS).first.evaluate(LIT_PIXELS_JS)


def wait_text(page, selector: str, text: str, timeout: int = 15_000):
    """Wait until the element ``selector`` shows ``text``; return its locator.  On a timeout,
    fail saying what the element showed instead and how much ink the canvas holds."""
    try:
        page.wait_for_function(
            "([sel, text]) => { const e = document.querySelector(sel);"
            " return e !== null && e.innerText.includes(text); }",
            arg=[selector, text], timeout=timeout)
    except Exception as exc:   # say what the page showed instead
        raise AssertionError(f"{text!r} did not appear within {timeout} ms; {selector} shows "
                             f"{page.locator(selector).all_inner_texts()!r}; lit canvas pixels: "
                             f"{lit_pixels(page)}") from exc
    return page.locator(selector)
