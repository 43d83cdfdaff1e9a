"""The Compare page with AppTest: runs overlaid one colour each, the legend naming what differs,
run management, a CLI metrics file brought in, bad files refused with nothing changed, and the
Train page's one-click "Compare with the previous run"."""
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from helpers import apps  # noqa: F401 (a fixture)
from helpers import APP, array, plotly_specs, sample_slice, session_of, stop_trainer, texts
from core.config import TrainConfig
from core.train import Trainer
from core.train.cli import write_metrics
from core.train.record import MAX_BYTES, RunRecord, read_run
from viz.figures import runs as runfigs

PAGE = "app_pages/compare.py"
TINY = TrainConfig(hidden=(16,), activation="relu", init="he", optimizer="adam", lr=0.003,
                   batch_size=500, epochs=1, seed=2)


@pytest.fixture(scope="module")
def small():
    return sample_slice(1000, 300)


def _run(small, cfg, name):
    tr = Trainer(cfg, small)
    tr.run()
    return tr, RunRecord.from_trainer(tr, name=name)


@pytest.fixture(scope="module")
def two(small):
    """A relu/he run and a sigmoid/xavier run, otherwise alike."""
    return [_run(small, TINY, "#1")[1],
            _run(small, TINY.replace(activation="sigmoid", init="xavier"), "#2")[1]]


@pytest.fixture
def app():
    made = []

    def make(records=()):
        at = AppTest.from_file(APP, default_timeout=60).run()
        for rec in records:
            session_of(at).add_run(rec)
        made.append(at)
        return at.switch_page(PAGE).run()
    yield make
    for at in made:
        stop_trainer(at)


def _legends(spec):
    return [tr["name"] for tr in spec["data"]]


def test_without_runs_the_page_says_how_to_get_some(app):
    at = app()
    assert not at.exception
    assert any("No runs yet" in v for v in texts(at, "info"))
    assert len(at.file_uploader) == 1 and not plotly_specs(at)


def test_two_runs_are_overlaid_one_colour_each_named_by_what_differs(app, two):
    at = app(two)
    assert not at.exception, at.exception
    assert at.multiselect[0].value == ["#1", "#2"]               # the last two at first
    loss, acc, grad = plotly_specs(at)
    assert _legends(loss) == ["#1 · relu, he", "#2 · sigmoid, xavier"]
    assert _legends(acc) == _legends(loss)
    assert _legends(grad) == ["#1 · relu, he · W1", "#1 · relu, he · W2",
                              "#2 · sigmoid, xavier · W1", "#2 · sigmoid, xavier · W2"]
    colours = [[tr["line"]["color"] for tr in spec["data"]] for spec in (loss, acc)]
    assert colours[0] == colours[1] == [runfigs.run_colour(0), runfigs.run_colour(1)]
    assert [tr["line"]["color"] for tr in grad["data"]] == [runfigs.run_colour(0)] * 2 + [
        runfigs.run_colour(1)] * 2
    assert array(loss["data"][1]["x"]).tolist() == two[1].history["step"].tolist()
    assert array(acc["data"][0]["y"]) == pytest.approx(100 * two[0].history["eval_acc"])
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["#1", "#2"]
    assert list(table["What differs"]) == ["relu, he", "sigmoid, xavier"]
    assert list(table["Final accuracy (%)"]) == pytest.approx(
        [round(100 * r.final.accuracy, 2) for r in two])


def test_the_x_axis_can_be_epochs_or_seconds(app, two):
    at = app(two)
    at.segmented_control(key="w.compare.axis").set_value("epochs").run()
    loss = plotly_specs(at)[0]
    rec = two[0]
    per_epoch = rec.steps / rec.epochs_done
    assert array(loss["data"][0]["x"]) == pytest.approx(rec.history["step"] / per_epoch)
    assert loss["layout"]["xaxis"]["title"]["text"] == "epoch"
    at.segmented_control(key="w.compare.axis").set_value("seconds").run()
    x = array(plotly_specs(at)[0]["data"][0]["x"])
    assert x[-1] == pytest.approx(rec.train_seconds) and np.all(np.diff(x) >= 0)


def test_one_run_picked_is_named_alone_and_none_picked_draws_nothing(app, two):
    at = app(two)
    at.multiselect[0].set_value(["#2"]).run()
    assert _legends(plotly_specs(at)[0]) == ["#2"]
    at.multiselect[0].set_value([]).run()
    assert not plotly_specs(at) and any("at least one" in v for v in texts(at, "info"))


def test_rename_pin_and_delete_from_the_page(app, two):
    at = app(two)
    s = session_of(at)
    at.selectbox(key="w.compare.which").set_value("#1").run()
    at.checkbox(key="w.compare.pin.#1").check().run()
    assert s.pinned("#1")
    at.text_input(key="w.compare.new_name").input("relu run").run()
    at.button(key="compare.rename").click().run()
    assert not at.exception, at.exception
    assert [r.name for r in s.runs] == ["relu run", "#2"] and s.pinned("relu run")
    assert at.multiselect[0].value == ["relu run", "#2"]
    assert _legends(plotly_specs(at)[0])[0] == "relu run · relu, he"
    at.button(key="compare.delete").click().run()
    assert [r.name for r in s.runs] == ["#2"] and at.multiselect[0].value == ["#2"]
    assert any("Deleted" in v for v in texts(at, "info"))


def test_a_cli_metrics_file_is_brought_in_and_compared(app, two, small, tmp_path):
    tr, _ = _run(small, TINY.replace(lr=0.01), "")
    path = tmp_path / "metrics.json"
    write_metrics(str(path), tr, tr.snapshot(), "python -m core.train --lr 0.01", 3.0, 2.5)
    at = app(two)
    at.file_uploader[0].upload("metrics.json", path.read_bytes(), "application/json").run()
    assert not at.exception, at.exception
    s = session_of(at)
    assert len(s.runs) == 3 and s.runs[-1].command == "python -m core.train --lr 0.01"
    name = s.runs[-1].name
    assert any("Brought in" in v for v in texts(at, "success"))
    assert at.multiselect[0].value == ["#1", "#2", name]
    legends = _legends(plotly_specs(at)[0])
    assert legends[2].endswith("relu, he, lr 0.01") and legends[0] == "#1 · relu, he, lr 0.003"
    assert s.runs[-1].history["loss"].tobytes() == read_run(path).history["loss"].tobytes()


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG not a run", "not a run file"),
    (b'{"format": "something-else", "version": 1}', "not a Backprop Lab run file"),
    (None, "not a run file"),                                  # truncated: filled in below
    (b" " * (MAX_BYTES + 1), "at most 20 MB"),
])
def test_a_bad_file_gets_one_message_and_changes_nothing(app, two, data, words):
    full = two[0].to_json().encode()
    data = data if data is not None else full[: len(full) // 2]
    at = app(two)
    s = session_of(at)
    before = s.runs
    at.file_uploader[0].upload("bad.json", data, "application/json").run()
    assert not at.exception, at.exception
    errors = texts(at, "error")
    assert len(errors) == 1 and "bad.json was not brought in" in errors[0] and words in errors[0]
    assert s.runs == before and at.multiselect[0].value == ["#1", "#2"]


def test_the_train_page_compares_with_the_previous_run_in_one_click(apps):
    at = apps({"hidden": "16", "epochs": "1", "batch_size": "500"})
    assert not [b for b in at.button if b.key == "btn.compare_previous"]
    for _ in range(3):
        at.button(key="btn.step").click().run()
        at.button(key="btn.reset").click().run()
    assert len(session_of(at).runs) == 3
    at.button(key="btn.compare_previous").click().run()
    assert not at.exception, at.exception
    assert at.multiselect[0].value == ["#2", "#3"]
    assert len(plotly_specs(at)) == 3


def test_an_exported_html_chart_holds_its_data_and_plotly_itself(two):
    figs = [runfigs.runs_loss_figure([{"label": "relu run", "x": np.array([1.0, 2.0]),
                                       "loss": np.array([2.25, 1.125])}],
                                     labels={"loss": "Loss", "x": "step", "loss_y": "loss"})]
    page = runfigs.figures_html(figs * 2, "Runs <compared>")
    assert "relu run" in page and "Runs &lt;compared&gt;" in page
    assert not re.search(r"<script[^>]*\bsrc=[\"']?https?:", page)
    assert page.count("plotly.js v") >= 1 and len(page) > 3_000_000     # the library inside
    assert page.count("Plotly.newPlot") == 2
    fig_json = json.loads(figs[0].to_json())
    assert fig_json["data"][0]["name"] == "relu run"


def test_runs_with_the_same_settings_say_so(app, two):
    twin = RunRecord.from_json(two[0].to_json())
    at = app([two[0], twin])
    assert at.multiselect[0].value == ["#1", "#1 (2)"]
    assert _legends(plotly_specs(at)[0]) == ["#1", "#1 (2)"]
    assert any("share every setting" in v for v in texts(at, "caption"))
    at.multiselect[0].set_value(["#1"]).run()
    assert not any("share every setting" in v for v in texts(at, "caption"))


def test_runs_that_differ_in_pace_or_until_paused_are_named_by_it(app, two):
    """Pace and "until paused" are settings too (a demo preset starts at the class pace): a
    legend naming them must find their words, not raise KeyError on the page."""
    import dataclasses
    paced = dataclasses.replace(two[1], name="#3", config=two[0].config.replace(
        pace="class", until_paused=True))
    at = app([two[0], paced])
    assert not at.exception, at.exception
    loss = plotly_specs(at)[0]
    assert _legends(loss) == ["#1 · until paused off, Full speed",
                              "#3 · until paused on, Class pace"]
