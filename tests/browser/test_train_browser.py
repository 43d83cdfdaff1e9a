"""The Train page in a real browser: start a run and watch it learn.

Starts `streamlit run viz/app.py` (conftest), opens /train in headless Chromium, loads the
"Fast demo" preset, presses Start and checks that the loss chart gains points and the held-out
accuracy text rises; saves train.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
"""
import re
import time

from conftest import SCREENSHOTS  # noqa: E402

SCREENSHOT = SCREENSHOTS / "train.png"
ACC = re.compile(r"Held-out accuracy: ([\d.]+)%")
STEP = re.compile(r"Step: ([\d,]+)")
# The last step plotted in the loss chart's first trace (mini-batch loss), from Plotly's decoded
# trace data (`data[0].x` is still the base64 typed-array object sent by the server). The number
# of points is no measure of growth: the bounded history thins itself (600 rows merge to 300).
LOSS_LAST_STEP = """() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(p => p.layout && p.layout.title && String(p.layout.title.text).startsWith('Loss'));
  if (!plots.length || !plots[0]._fullData) return -1;
  const x = plots[0]._fullData[0].x;
  return x.length ? Number(x[x.length - 1]) : 0;
}"""


def _status(page):
    return " ".join(page.locator("h3").all_inner_texts())


def _accuracy(page):
    m = ACC.search(_status(page))
    return float(m.group(1)) if m else None


def test_root_forwards_to_train(page, server):
    page.goto(server + "/")
    page.get_by_role("button", name="Start", exact=True).wait_for(timeout=15000)
    assert page.url.split("?")[0].endswith("/train")
    assert page.get_by_text("Page not found").count() == 0


def test_start_fast_demo_the_loss_chart_grows_and_accuracy_rises(page, server):
    page.goto(server + "/train")
    page.get_by_role("button", name="Use preset").click()          # "Fast demo" is preselected
    page.get_by_text('Preset "Fast demo" loaded').wait_for(timeout=15000)
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_text("Status: running").wait_for(timeout=15000)
    page.get_by_text("Full speed", exact=True).click()   # the demo starts at the class pace

    first_acc, first_last, deadline = None, None, time.monotonic() + 25
    best_acc, last = None, -1
    while time.monotonic() < deadline:
        acc, last = _accuracy(page), page.evaluate(LOSS_LAST_STEP)
        if first_acc is None and acc is not None:
            first_acc, first_last = acc, last
        best_acc = acc if acc is not None else best_acc
        if (best_acc is not None and best_acc >= 93 and first_acc < best_acc
                and last > first_last):
            break
        time.sleep(0.2)
    assert first_acc is not None, "no held-out accuracy was ever shown"
    assert best_acc >= 93 and best_acc > first_acc, (first_acc, best_acc)
    assert last > first_last > 0, (first_last, last)                # the loss chart grew

    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_text("Status: paused").wait_for(timeout=10000)
    held = STEP.search(_status(page)).group(1)
    time.sleep(1.0)
    assert STEP.search(_status(page)).group(1) == held                # pause holds on screen

    page.set_viewport_size({"width": 1600, "height": 1750})
    time.sleep(1.0)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_when_a_run_ends_on_its_own_the_buttons_follow_without_a_click(page, server):
    """The run buttons sit outside the polling panel: a change of status (here the run
    diverges while the page polls) redraws them, so Start is enabled again at once."""
    from urllib.parse import urlencode

    from core.config import PRESETS
    page.goto(server + "/train?" + urlencode(PRESETS["too-high-lr"].to_query()))
    start = page.get_by_role("button", name="Start", exact=True)
    start.click()
    page.get_by_text("Status: running").first.wait_for(timeout=15000)
    page.get_by_text("Status: diverged").first.wait_for(timeout=30000)
    page.wait_for_function("""() => [...document.querySelectorAll('button')]
        .some(b => b.innerText.trim() === 'Start' && !b.disabled)""", timeout=10000)
    assert page.get_by_role("button", name="Pause", exact=True).is_disabled()
