"""The Train page's live charts under AppTest: the live element by default, st.plotly_chart
when BACKPROP_LAB_PLAIN_CHARTS=1 or when the browser reports that the element failed to load.
(AppTest shows both as opaque elements: the tests read their kinds and the session's record.)"""
import pytest

from helpers import apps, plotly_specs, session_of  # noqa: F401 (apps is a fixture)
from viz.live_chart import element


def _step(at):
    at.button(key="btn.step").click().run()
    assert not at.exception, at.exception


def _titles(at):
    return [spec["layout"]["title"]["text"] for spec in plotly_specs(at)]


def test_the_train_page_draws_live_elements_and_records_what_the_browser_got(apps,
                                                                              monkeypatch):
    monkeypatch.delenv(element.PLAIN_ENV, raising=False)
    at = apps()
    _step(at)
    live = session_of(at).train.live
    assert {"chart.loss", "chart.grad", "chart.acc"} <= set(live)
    assert len(at.get("bidi_component")) == 3 and not plotly_specs(at)
    seq = live["chart.loss"].seq
    _step(at)
    assert session_of(at).train.live["chart.loss"].seq > seq     # the new step was sent


def test_plain_charts_when_asked_by_the_environment(apps, monkeypatch):
    monkeypatch.setenv(element.PLAIN_ENV, "1")
    at = apps()
    _step(at)
    assert not at.get("bidi_component") and "chart.loss" not in session_of(at).train.live
    assert len(_titles(at)) == 3 and _titles(at)[0].startswith("Loss")


def test_plain_charts_for_a_session_whose_browser_could_not_load_the_element(apps, monkeypatch):
    monkeypatch.delenv(element.PLAIN_ENV, raising=False)
    at = apps()
    _step(at)
    assert at.get("bidi_component")
    at.session_state["chart.loss"] = {"failed": "Error: cannot load app/static/x.js"}
    _step(at)
    assert session_of(at).train.live.get("_plain") is True
    _step(at)
    assert not at.get("bidi_component") and len(_titles(at)) == 3
