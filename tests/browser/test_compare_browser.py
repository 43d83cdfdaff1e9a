"""The Compare page in a real browser: two short runs with different activations, compared.

Opens /train with a link that sets the settings (relu), trains one epoch, switches the activation
to sigmoid in the settings form, Apply, trains again, then "Compare with the previous run":
the Compare page shows two loss curves whose legend names the differing setting.  Saves
compare.png (the whole page, 1366 wide; docs/screenshots/ with UPDATE_SCREENSHOTS=1) and, under
test-artifacts/screenshots/, the page at 1366 x 768 and on a 390 x 844 phone.
"""
import io
import re
import zipfile
from pathlib import Path

from core.io import load_model
from core.train.record import RunRecord
from conftest import REPO, SCREENSHOTS  # noqa: E402

LINK = "/train?hidden=32&activation=relu&init=he&optimizer=adam&lr=0.003&epochs=1&seed=1"
# Legend names of the traces of the loss chart, from Plotly's own data.
LOSS_TRACES = """() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')]
    .filter(p => p.layout && p.layout.title && String(p.layout.title.text).startsWith('Loss'));
  if (!plots.length || !plots[0]._fullData) return null;
  return plots[0]._fullData.map(t => [t.name, t.x.length]);
}"""


def _train_to_the_end(page):
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_text("Status: finished").wait_for(timeout=60000)


def _download(page, name):
    with page.expect_download(timeout=30000) as got:
        page.get_by_role("button", name=name).click()
    return Path(got.value.path()).read_bytes()


def _downloads_work(page):
    """The zip of all runs and the model file, built when clicked, arrive whole."""
    page.get_by_text("Keep, rename, delete and export runs").click()
    with zipfile.ZipFile(io.BytesIO(_download(page, "All runs (zip)"))) as zf:
        names = zf.namelist()
        assert names == ["01-1/run.json", "01-1/history.csv", "02-2/run.json",
                         "02-2/history.csv", "charts.html"], names
        assert RunRecord.from_json(zf.read("02-2/run.json")).config.activation == "sigmoid"
        html = zf.read("charts.html").decode()
    assert "#2 · sigmoid" in html and not re.search(r"<script[^>]*src=[\"']?https?:", html)
    assert load_model(io.BytesIO(_download(page, "Model (.npz)"))).sizes == [784, 32, 10]
    page.get_by_text("Keep, rename, delete and export runs").click()


def test_two_runs_compared_side_by_side(page, server):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server + LINK)
    _train_to_the_end(page)

    sidebar = page.get_by_test_id("stSidebar")
    activation = sidebar.get_by_role("combobox", name="Activation")
    activation.click()
    page.get_by_role("option", name="sigmoid", exact=True).click()
    for _ in range(50):                                         # the pick has landed
        if activation.input_value() == "sigmoid":
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    sidebar.get_by_role("button", name="Apply settings").click()
    page.get_by_text("Settings applied").wait_for(timeout=15000)
    _train_to_the_end(page)

    page.get_by_role("button", name="Compare with the previous run").click()
    page.get_by_text("Compare runs").first.wait_for(timeout=15000)
    assert page.url.split("?")[0].endswith("/compare")
    page.wait_for_function(f"({LOSS_TRACES})() && ({LOSS_TRACES})().length == 2",
                           timeout=15000)
    traces = page.evaluate(LOSS_TRACES)
    assert [name for name, _ in traces] == ["#1 · relu", "#2 · sigmoid"], traces
    assert all(n > 1 for _, n in traces), traces                # two real curves
    legend = page.locator(".legendtext").all_text_contents()       # SVG: no innerText
    assert "#1 · relu" in legend and "#2 · sigmoid" in legend

    _downloads_work(page)
    page.mouse.move(5, 300)                                     # no hover tooltips in the shot
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 1900})      # the whole page
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SCREENSHOTS / "compare.png"))
    shots = REPO / "test-artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for name, width, height in (("compare-1366x768", 1366, 768), ("compare-390x844", 390, 844),
                                ("compare-390-tall", 390, 3600)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / f"{name}.png"))
