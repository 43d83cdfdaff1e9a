"""The Lessons page in a real browser: run one guided experiment and read its finding.

Opens /lessons, presses "Run this experiment" on the learning-rate card (two runs of ~1-2 s),
waits for "What happened" and checks the finding names the step the too-high rate diverged at;
saves lessons.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
"""
import re

from conftest import SCREENSHOTS  # noqa: E402

SCREENSHOT = SCREENSHOTS / "lessons.png"
DIVERGED = re.compile(r"the run diverged at step (\d[\d,]*)")


def test_the_learning_rate_experiment_runs_and_states_its_finding(page, server):
    page.goto(server + "/lessons")
    card = page.locator(".st-key-lesson-lr")
    card.get_by_role("button", name="Run this experiment").click()
    card.get_by_text("What happened").wait_for(timeout=60000)
    text = card.inner_text()
    m = DIVERGED.search(text)
    assert m and int(m.group(1).replace(",", "")) > 0, text
    assert "η = 0.3 the same network learned" in text
    card.locator(".js-plotly-plot").first.wait_for(timeout=15000)   # the runs overlaid
    legend = card.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert "learning rate η = 3" in legend and "learning rate η = 0.3" in legend
    assert card.get_by_role("button", name="Run it again").is_enabled()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SCREENSHOT))
