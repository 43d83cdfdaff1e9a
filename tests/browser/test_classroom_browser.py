"""Classroom mode in a real browser at a projector's 1366x768: the Projector switch hides the
sidebar and enlarges the type, the Train page shows its controls, status line and the loss and
gradient-flow charts without scrolling, the Draw page shows the canvas and the prediction without
scrolling, and 中文 reaches every page.  Saves projector-train.png, projector-draw.png and
train-zh.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1, else test-artifacts/).
"""
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import SCREENSHOTS  # noqa: E402
from draw_strokes import draw_inked

from viz.strings import STRINGS

PROJECTOR = {"width": 1366, "height": 768}
ANSWER = ".st-key-draw-answer"


def _inside(page, locator, what):
    """Assert that ``locator``'s box lies wholly inside the viewport (no scrolling needed).
    Live charts are re-created while training runs: a box read during a swap is read again."""
    box = None
    for _ in range(20):
        locator.first.wait_for(state="visible", timeout=20_000)
        box = locator.first.bounding_box()
        if box is not None:
            break
        page.wait_for_timeout(100)
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    assert box is not None, f"{what}: not laid out"
    assert (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vw
            and box["y"] + box["height"] <= vh), f"{what} lies outside {vw}x{vh}: {box}"


def _plot(page, title):
    """The Plotly chart whose title starts with ``title``."""
    return page.locator(".js-plotly-plot", has=page.locator(".gtitle", has_text=title))


def _font_px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def _query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.fixture
def page(chromium):
    """A fresh page at a projector's 1366x768 (every test here), closed after the test."""
    context = chromium.new_context(viewport=PROJECTOR)
    yield context.new_page()
    context.close()


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)   # let Plotly finish its layout
    page.screenshot(path=str(SCREENSHOTS / name))


def test_projector_mode_fits_train_and_draw_on_a_1366x768_projector(page, server):
    page.goto(server + "/train")
    page.get_by_role("button", name="Start", exact=True).wait_for(timeout=30_000)
    sidebar = page.locator('section[data-testid="stSidebar"]')
    assert sidebar.is_visible()
    page.get_by_text("Projector", exact=True).click()             # the shell's switch
    sidebar.wait_for(state="hidden", timeout=10_000)
    page.wait_for_function("() => location.search.includes('projector=1')")
    assert _query(page)["preset"] == "fast-demo"                   # the link keeps it all
    assert _font_px(page.locator('[data-testid="stWidgetLabel"] p').first) >= 20

    page.get_by_role("button", name="Start", exact=True).click()
    status = page.locator("h3", has_text="Status: running")
    for what, loc in [("Start", page.get_by_role("button", name="Start", exact=True)),
                      ("Reset", page.get_by_role("button", name="Reset", exact=True)),
                      ("pace control", page.get_by_text("Class pace", exact=True)),
                      ("status line", status),
                      ("loss chart", _plot(page, "Loss")),
                      ("gradient-flow chart", _plot(page, "Gradient flow"))]:
        _inside(page, loc, what)
    assert _font_px(status) >= 20
    _shot(page, "projector-train.png")
    page.get_by_text("Full speed", exact=True).click()          # live, the run goes on
    page.wait_for_function("() => location.search.includes('pace=full')")
    assert page.locator("h3", has_text="Status: running").count() == 1

    page.get_by_role("link", name="Draw").click()
    page.locator(ANSWER).wait_for(timeout=30_000)
    assert _query(page).get("projector") == "1"
    sidebar.wait_for(state="hidden", timeout=10_000)
    draw_inked(page, "7")
    page.wait_for_function(f"() => document.querySelector('{ANSWER}')"
                           ".innerText.includes('Prediction: 7')", timeout=20_000)
    _inside(page, page.locator("canvas.dc-canvas.lower-canvas").first, "canvas")
    _inside(page, page.locator(ANSWER), "prediction")
    assert _font_px(page.locator(f"{ANSWER} h2")) >= 32
    _shot(page, "projector-draw.png")


def test_a_projector_link_opens_in_projector_mode(page, server):
    page.goto(server + "/train?preset=vanishing-gradients&projector=1&lang=en")
    page.get_by_role("button", name="Start", exact=True).wait_for(timeout=30_000)
    page.locator('section[data-testid="stSidebar"]').wait_for(state="hidden",
                                                              timeout=10_000)
    page.wait_for_function("() => location.search.includes('preset=vanishing-gradients')")
    switch = page.locator('[data-testid="stCheckbox"]', has_text="Projector").locator("input")
    assert switch.is_checked()


def test_chinese_reaches_every_page(page, server):
    zh = STRINGS["zh"]
    page.goto(server + "/train")
    page.get_by_role("button", name="Start", exact=True).wait_for(timeout=30_000)
    page.get_by_text("简体中文", exact=True).click()
    page.get_by_role("button", name=zh["controls.start"], exact=True).wait_for(timeout=20_000)
    page.get_by_text(zh["train.title"]).wait_for()
    page.get_by_text(zh["pace.class"]).wait_for()
    page.wait_for_function("() => location.search.includes('lang=zh')")
    _shot(page, "train-zh.png")
    for nav, title in [("nav.lessons", "lessons.title"), ("nav.draw", "draw.title"),
                       ("nav.inside", "inside.title"), ("nav.evaluate", "eval.title"),
                       ("nav.compare", "compare.title"), ("nav.models", "models.title"),
                       ("nav.follow", "follow.title")]:
        page.get_by_role("link", name=zh[nav]).click()
        page.get_by_role("heading", name=zh[title]).wait_for(timeout=30_000)
        assert _query(page).get("lang") == "zh"
