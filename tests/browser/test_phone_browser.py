"""The Draw page on a phone: a 390x844 touch screen (has_touch, is_mobile), strokes made with a
finger (draw_strokes.draw_touch: Chrome's own touch events), the answer read where a student
sees it.  Saves draw-phone.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1).

Markers: ``.st-key-draw-answer-line`` is the one-line answer above the canvas ("Prediction: 7 ·
93%"; shown on narrow screens only); ``.st-key-draw-answer`` is the full answer beside (on a
phone: below) the canvas; ``.st-key-draw-clear`` holds the Clear button.
"""

import pytest

from conftest import SCREENSHOTS, needs_shipped_model
from draw_strokes import canvas_box, draw_touch, wait_text

pytestmark = needs_shipped_model
PHONE = {"width": 390, "height": 844}
LINE = ".st-key-draw-answer-line"


@pytest.fixture
def phone(chromium):
    """A page on a phone-sized touch screen, closed after the test."""
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def _open_draw(page, server):
    page.goto(server + "/draw")
    page.locator(LINE).get_by_text("Draw a digit below").wait_for(timeout=60_000)


def _line_says(page, text, timeout=15_000):
    """Wait until the one-line answer contains ``text``; return that line's element."""
    return wait_text(page, LINE, text, timeout)


def test_a_finger_draws_and_the_prediction_is_on_screen_without_scrolling(phone, server):
    _open_draw(phone, server)
    box = canvas_box(phone)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]   # the canvas fits
    draw_touch(phone, "7", box)
    answer = _line_says(phone, "Prediction: 7")
    text = answer.get_by_text("Prediction: 7")
    shown = text.bounding_box()
    assert text.is_visible()
    assert 0 <= shown["y"] and shown["y"] + shown["height"] <= PHONE["height"], shown
    assert 0 <= shown["x"] and shown["x"] + shown["width"] <= PHONE["width"], shown
    assert phone.evaluate("() => window.scrollY") == 0
    assert phone.locator(".st-key-draw-answer").inner_text().strip() == "Prediction: 7"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "draw-phone.png"))


def test_strokes_drawn_right_after_clear_are_answered(phone, server):
    """Clear, then draw at once (no wait for the page), five times: every drawing is answered,
    with its own digit (each differs from the one before, so a stale answer cannot pass)."""
    _open_draw(phone, server)
    box = canvas_box(phone)
    cdp = phone.context.new_cdp_session(phone)
    draw_touch(phone, "0", box, cdp)
    _line_says(phone, "Prediction: 0")
    for digit in ["1", "7", "0", "1", "7"]:
        phone.get_by_role("button", name="Clear").tap()
        draw_touch(phone, digit, box, cdp)
        _line_says(phone, f"Prediction: {digit}")


def test_segmented_controls_fit_a_phone(phone, server):
    """The Train page's view and pace controls and the language switcher wrap, never run past
    the right edge of a 390 px screen."""
    phone.goto(server + "/train")
    phone.get_by_text("Full speed").first.wait_for(timeout=60_000)
    rights = phone.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stButtonGroup] button')]"
        ".map(b => b.getBoundingClientRect().right)")
    assert len(rights) >= 5 and max(rights) <= PHONE["width"], rights
