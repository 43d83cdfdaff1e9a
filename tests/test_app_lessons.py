"""The Lessons page, run headless with AppTest: cards, one quick experiment run to its finding."""
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.experiments import EXPERIMENTS
from helpers import session_of
from viz.panels import lessons_run
from viz.strings import STRINGS

APP = str(Path(__file__).resolve().parents[1] / "viz" / "app.py")


@pytest.fixture
def at(monkeypatch):
    monkeypatch.setenv(lessons_run.QUICK_ENV, "1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/lessons.py").run()
    yield at
    s = session_of(at)
    if s is not None and s.lessons.trainer is not None:
        s.lessons.trainer.stop()
        s.lessons.trainer.join(timeout=10)


def _texts(at):
    return [m.value for m in at.markdown] + [m.value for m in at.success]


def test_every_experiment_has_a_card_with_its_question_and_a_run_button(at):
    assert not at.exception
    titles = [h.value for h in at.subheader]
    for name in EXPERIMENTS:
        assert STRINGS["en"][f"exp.{name}.title"] in titles
        assert any(STRINGS["en"][f"exp.{name}.question"] in m for m in _texts(at))
        assert at.button(key=f"lessons.{name}.run").label == "Run this experiment"


def test_running_an_experiment_trains_both_runs_and_states_the_finding(at):
    at.button(key="lessons.lr.run").click().run()
    s = session_of(at)
    deadline = time.monotonic() + 60
    while "lr" not in s.lessons.results and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    assert not at.exception
    records, finding = s.lessons.results["lr"]
    assert [r.config.lr for r in records] == [3.0, 0.3]
    assert [r.name for r in s.runs[-2:]] == ["lr/lr_high", "lr/lr_ok"]   # kept in the session
    at.run()
    expected = STRINGS["en"][f"finding.{finding.code}"].format(**finding.params)
    assert expected in [m.value for m in at.success]
    assert f"step {records[0].steps:,}" in expected   # the run's own numbers
    assert at.button(key="lessons.lr.run").label == "Run it again"
