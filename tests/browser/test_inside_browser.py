"""The Inside page in a real browser: draw a digit, open Inside, walk every stage with Next,
follow another hidden unit, run the gradient check (pass, then fail with the break switch).

Saves inside-forward.png, inside-backward.png and inside-update.png (docs/screenshots/ with
UPDATE_SCREENSHOTS=1).  Stable markers: "Stage k of n" in the container ``st-key-inside-stage``,
"Unit j = 5", and the verdict in ``st-key-inside-verdict``.
"""
import re

from conftest import SCREENSHOTS, needs_shipped_model
from draw_strokes import draw_inked

pytestmark = needs_shipped_model
STAGE = ".st-key-inside-stage"
VERDICT = ".st-key-inside-verdict"
SHOTS = {2: "inside-forward.png", -2: "inside-backward.png", -1: "inside-update.png"}


def wait_text(page, selector, text, timeout=20_000):
    """Wait until ``selector`` shows ``text`` and nothing on the page is stale (Streamlit keeps
    the last run's elements, marked data-stale="true", until the new run replaces them)."""
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel);"
        " return e !== null && e.innerText.includes(text)"
        " && !document.querySelector('[data-stale=\"true\"]'); }",
        arg=[selector, text], timeout=timeout)
    return page.locator(selector).inner_text()


def open_inside_with_a_drawing(page, server, digit="7"):
    """Draw ``digit`` on /draw, then go to Inside by the navigation (same session)."""
    page.goto(server + "/draw")
    page.locator(".st-key-draw-answer").wait_for(timeout=60_000)
    draw_inked(page, digit)
    wait_text(page, ".st-key-draw-answer", "Prediction:")
    page.get_by_role("link", name="Inside").first.click()
    return wait_text(page, STAGE, "Stage 1 of")


def reveal_if_asked(page):
    button = page.locator(STAGE).get_by_role("button", name="Reveal")
    if not button.count():
        return False
    button.first.click()
    page.wait_for_function("() => ![...document.querySelectorAll('button')]"
                           ".some(b => b.innerText.trim() === 'Reveal')")
    return True


def _shot(page, name):
    page.locator(f"{STAGE} .js-plotly-plot .main-svg").first.wait_for()
    page.wait_for_timeout(400)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_walk_every_stage_follow_a_unit_and_watch_the_gradient_check(page, server):
    first = open_inside_with_a_drawing(page, server)
    total = int(re.search(r"Stage 1 of (\d+)", first).group(1))
    assert total == 4 * 3 + 4   # the shipped model has L = 3 weight layers: 4L + 4 stages
    shots = {(k if k > 0 else total + k): name for k, name in SHOTS.items()}
    assert page.get_by_text("My drawing").count() >= 1
    page.set_viewport_size({"width": 1600, "height": 1900})
    asked = []
    for k in range(1, total + 1):
        wait_text(page, STAGE, f"Stage {k} of {total}")
        if reveal_if_asked(page):
            asked.append(k)
        if k in shots:   # hidden layer 1; dW of layer 1 (stage n - 2); the update (n - 1)
            _shot(page, shots[k])
        if k < total:
            page.get_by_role("button", name="Next").click()
    # predict-then-reveal: dZ of the output, dW of layer 1, the loss after the update
    assert asked == [7, total - 2, total]   # dZ_out is stage L + 4 = 7
    assert "Loss on this example:" in page.locator(STAGE).inner_text()
    page.get_by_role("button", name="Previous").click()
    wait_text(page, STAGE, f"Stage {total - 1} of {total}")
    unit = page.get_by_label(re.compile("Hidden unit j"))
    unit.fill("5")
    unit.press("Enter")
    wait_text(page, STAGE, "Unit j = 5")
    page.get_by_role("button", name="Run the gradient check").click()
    assert "Gradient check: passed" in wait_text(page, VERDICT, "Gradient check:")
    page.get_by_text("Forget g′(z)").click()
    page.get_by_role("button", name="Run the gradient check").click()
    assert "Gradient check: failed" in wait_text(page, VERDICT, "failed")
