"""The app shell and the Train page, run headless with Streamlit's AppTest.

AppTest runs the threaded app for real: the session's Trainer trains in its own thread between
``at.run()`` calls, and a ``run_every`` fragment runs once per ``at.run()``. Plotly charts are
opaque here, so the tests read the status line's stable markers and the session's Trainer.
AppTest never ends sessions: every trainer is stopped in teardown.
"""
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.config import DEFAULT_PRESET, PRESETS, TrainConfig, from_link
from helpers import apps, session_of  # noqa: F401 (apps is a fixture)

APP = str(Path(__file__).resolve().parents[1] / "viz" / "app.py")
PAGES = ["app_pages/train.py", "app_pages/draw.py", "app_pages/evaluate.py",
         "app_pages/models.py"]
STEP = re.compile(r"Step: (\d+)")
ACC = re.compile(r"Held-out accuracy: ([\d.]+)%")


@pytest.fixture
def app(apps):
    return apps()


def _status(at):
    texts = [s.value for s in at.subheader]
    return next((s for s in texts if s.startswith("Status:")), None)


def _step(at):
    return int(STEP.search(_status(at)).group(1))


def _click(at, name):
    at.button(key=f"btn.{name}").click().run()
    assert not at.exception, at.exception


def _apply(at):
    """Press the settings form's "Apply settings"."""
    next(b for b in at.sidebar.button if b.label == "Apply settings").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(app, page):
    app.switch_page(page).run()
    assert not app.exception, app.exception


def test_train_page_is_the_landing_page_with_all_controls(app):
    assert not app.exception
    labels = [b.label for b in app.button]
    for label in ("Start", "Pause", "Resume", "Step", "Reset"):
        assert label in labels
    assert app.button(key="btn.pause").disabled and not app.button(key="btn.start").disabled
    assert any("Press Start" in i.value for i in app.info)


def test_step_advances_exactly_one_mini_batch_while_paused(app):
    _click(app, "step")
    tr = session_of(app).trainer
    assert tr.status == "paused" and tr.snapshot().step == 1 and _step(app) == 1
    _click(app, "step")
    _click(app, "step")
    time.sleep(0.3)                       # a paused trainer must not move on its own
    assert tr.snapshot().step == 3 and _step(app) == 3


def test_start_trains_in_the_background_then_pause_holds(app):
    _click(app, "start")
    tr = session_of(app).trainer
    assert tr.status == "running"
    deadline = time.monotonic() + 20
    while tr.snapshot().step < 20 and time.monotonic() < deadline:
        time.sleep(0.1)
    app.run()                             # a fragment tick redraws the status line
    assert _step(app) >= 20 and "Status: running" in _status(app)
    _click(app, "pause")
    held = tr.snapshot().step
    time.sleep(0.5)
    assert tr.status == "paused" and tr.snapshot().step == held
    assert _step(app) == held and "Status: paused" in _status(app)
    assert not app.button(key="btn.resume").disabled
    _click(app, "resume")
    assert tr.status == "running"


def test_reset_discards_the_run_and_start_begins_a_new_one(app):
    _click(app, "step")
    first = session_of(app).trainer
    _click(app, "reset")
    assert session_of(app).trainer is None
    assert first.status == "stopped"
    assert any("Press Start" in i.value for i in app.info)
    _click(app, "step")
    assert session_of(app).trainer is not first and _step(app) == 1


def test_a_preset_fills_the_form_and_becomes_the_run_config(app):
    app.sidebar.selectbox(key="w.preset").set_value("vanishing-gradients")
    app.sidebar.button(key="use_preset").click().run()
    assert not app.exception
    want = PRESETS["vanishing-gradients"]
    assert app.sidebar.text_input(key="w.cfg.hidden").value == "32, 32, 32, 32, 32, 32"
    assert app.sidebar.selectbox(key="w.cfg.activation").value == want.activation
    assert app.sidebar.selectbox(key="w.cfg.optimizer").value == want.optimizer
    assert app.sidebar.number_input(key="w.cfg.lr").value == pytest.approx(want.lr)
    assert session_of(app).config == want
    assert app.query_params["preset"] == "vanishing-gradients"   # the shareable link follows
    assert app.sidebar.selectbox(key="w.preset").value == "vanishing-gradients"
    _click(app, "step")
    assert session_of(app).trainer.snapshot().layer_names == [f"W{i}" for i in range(1, 8)]


def test_applied_settings_reach_the_trainer_and_the_link(app):
    app.sidebar.text_input(key="w.cfg.hidden").set_value("64, 32")
    app.sidebar.selectbox(key="w.cfg.activation").set_value("tanh")
    app.sidebar.number_input(key="w.cfg.seed").set_value(5)
    _apply(app)
    cfg = session_of(app).config
    assert cfg.hidden == (64, 32) and cfg.activation == "tanh" and cfg.seed == 5
    assert from_link(dict(app.query_params)) == cfg
    assert app.sidebar.selectbox(key="w.preset").value == "custom"   # no preset any more
    _click(app, "step")
    assert session_of(app).trainer.snapshot().config == cfg


def test_bad_settings_give_a_message_and_keep_the_old_config(app):
    before = session_of(app).config
    app.sidebar.text_input(key="w.cfg.hidden").set_value("12a, x")
    _apply(app)
    assert any("Hidden layers" in e.value for e in app.error)
    assert session_of(app).config == before


def test_a_shared_link_fills_the_form(apps):
    at = apps({"lr": "0.05", "hidden": "100-50", "activation": "relu"})
    assert not at.exception and not at.warning
    assert at.sidebar.text_input(key="w.cfg.hidden").value == "100, 50"
    assert at.sidebar.number_input(key="w.cfg.lr").value == pytest.approx(0.05)
    assert session_of(at).config.activation == "relu"


@pytest.mark.parametrize("query, why", [({"lr": "fast"}, "Learning rate: cannot read 'fast'"),
                                        ({"lr": "-1"}, "Learning rate must be a number from"),
                                        ({"lr": "1e308", "epochs": "999999999"},
                                         "got 1e+308; Epochs must be a number from 1 to 100000"),
                                        ({"hidden": "0"}, "hidden layers"),
                                        ({"activation": "magic"}, "Activation must be one of")])
def test_a_bad_link_says_why_and_falls_back_to_defaults(apps, query, why):
    at = apps(query)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("could not be read" in w and why in w for w in warnings), warnings
    assert session_of(at).config == PRESETS[DEFAULT_PRESET]


def test_live_learning_rate_change_applies_to_the_next_step(app):
    app.sidebar.selectbox(key="w.cfg.schedule").set_value("constant")
    _click(app, "step")
    app.number_input(key="w.live.lr").set_value(0.0123).run()
    assert not app.exception and not app.error
    _click(app, "step")
    assert session_of(app).trainer.snapshot().lr == pytest.approx(0.0123)


def test_sessions_over_the_training_cap_are_told_to_try_again(apps, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_MAX_TRAINING", "1")
    first, second = apps(), apps()
    _click(first, "start")
    assert session_of(first).trainer.status == "running"
    _click(second, "start")
    assert any("busy" in w.value for w in second.warning)
    assert session_of(second).trainer is None          # refused before anything was built
    _click(first, "pause")               # a slot frees up: the second session may train now
    _click(second, "start")
    assert session_of(second).trainer.status == "running"


def _fake_downloads(monkeypatch, fail=None):
    """Pretend full MNIST is missing and replace the download with a local stand-in that
    reports progress (the real download is tested against a local HTTP server in test_data)."""
    import core.data
    calls = []
    monkeypatch.setattr(core.data, "is_available", lambda name, cache_dir=None: name != "mnist")

    def download(name, cache_dir=None, progress=None, **kw):
        calls.append(name)
        progress(0, 100)
        progress(100, 100)
        if fail:
            raise core.data.DownloadError(fail, "network")
    monkeypatch.setattr(core.data, "download", download)
    return calls


def test_download_button_downloads_with_progress_and_reports_success(apps, monkeypatch):
    calls = _fake_downloads(monkeypatch)
    at = apps()
    button = next(b for b in at.sidebar.button if b.label.startswith("Download MNIST"))
    button.click().run()
    assert calls == ["mnist"]
    assert any("is ready" in s.value for s in at.sidebar.success)


def test_a_failed_download_says_why(apps, monkeypatch):
    _fake_downloads(monkeypatch, fail="could not reach any MNIST mirror (offline?)")
    at = apps()
    next(b for b in at.sidebar.button if b.label.startswith("Download MNIST")).click().run()
    assert not at.exception
    assert any("Download failed: could not reach" in e.value for e in at.sidebar.error)


def test_choosing_a_missing_data_set_is_refused_with_a_message(apps, monkeypatch):
    _fake_downloads(monkeypatch)
    at = apps()
    at.sidebar.selectbox(key="w.cfg.dataset").set_value("mnist")
    _apply(at)
    assert any("not downloaded" in e.value for e in at.error)
    assert session_of(at).config.dataset == "mnist-sample"


def test_a_diverging_run_is_explained_in_plain_language(app):
    app.sidebar.selectbox(key="w.preset").set_value("too-high-lr")
    app.sidebar.button(key="use_preset").click().run()
    _click(app, "start")
    tr = session_of(app).trainer
    deadline = time.monotonic() + 30
    while tr.status == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    app.run()
    assert tr.status == "diverged"
    assert "Status: diverged" in _status(app)
    errors = [e.value for e in app.error]
    assert any("learning rate" in e and f"{tr.snapshot().step:,}" in e for e in errors), errors
    assert not app.button(key="btn.start").disabled       # a new run may start right away
