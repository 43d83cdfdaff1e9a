"""viz.session: one Session per browser session, created once even when two script runs ask at
the same time, that keeps every run it set aside or saw end as a RunRecord (once each, the last
MAX_RUNS) — directly, and through the app with AppTest."""
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import sample_slice
from core.config import DEFAULT_PRESET, PRESETS, TrainConfig
from core.data import Dataset, load_dataset
from helpers import session_of
from viz import session
from viz.session import KEY, MAX_RUNS, Session, get_or_create

APP = str(Path(__file__).resolve().parents[1] / "viz" / "app.py")
TINY = TrainConfig(hidden=(16,), activation="relu", init="he", optimizer="adam", lr=0.003,
                   batch_size=500, epochs=2, seed=2)


@pytest.fixture(scope="module")
def small():
    """2,000 training digits (4 steps an epoch at batch 500), 500 held out."""
    return sample_slice(2000, 500)


@pytest.fixture
def make(small):
    """Sessions training on ``small``; their trainers are stopped afterwards."""
    made = []

    def factory(config=TINY):
        s = Session(config, load_dataset=lambda name: small)
        made.append(s)
        return s
    yield factory
    for s in made:
        s.discard_trainer()


def _train(s, steps):
    """Train ``steps`` steps in this thread (Trainer.run: no background thread)."""
    s.ensure_trainer().run(max_steps=steps)


# ---------------------------------------------------------------- creation
def test_two_threads_asking_at_once_get_one_session_made_once():
    store, calls = {}, []
    barrier = threading.Barrier(2)

    def factory():
        calls.append(1)
        time.sleep(0.05)          # a slow creation: the other thread arrives meanwhile
        return Session()

    got = [None, None]

    def ask(i):
        barrier.wait()
        got[i] = get_or_create(store, factory)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(calls) == 1
    assert got[0] is got[1] is store[KEY]
    assert get_or_create(store, factory) is got[0] and len(calls) == 1


def test_a_new_session_has_the_defaults():
    s = Session()
    # a new session opens on a real preset, the one the picker shows
    assert s.config == PRESETS[DEFAULT_PRESET] and s.config_error is None and s.trainer is None
    assert s.runs == () and s.language is None and s.model_choice == "shipped"  # chosen later
    assert s.uploaded is None and s.draw.gen == 0 and s.models.message is None
    assert session.language() == "en"          # outside a script run


# ---------------------------------------------------------------- runs kept
def test_runs_are_kept_across_reset_and_apply_with_their_histories(make):
    s = make()
    _train(s, 3)
    first = s.trainer
    s.discard_trainer()                        # Reset
    assert s.trainer is None and first.status == "stopped"
    _train(s, 5)
    s.set_config(TINY.replace(seed=9))         # Apply: the run is set aside, not lost
    assert s.trainer is None and s.config.seed == 9
    runs = s.runs
    assert [r.steps for r in runs] == [3, 5]
    assert [r.status for r in runs] == ["stopped", "stopped"]
    assert [len(r.history["loss"]) for r in runs] == [3, 5]
    assert runs[1].history["step"].tolist() == [1, 2, 3, 4, 5]
    assert [r.config.seed for r in runs] == [2, 2] and [r.name for r in runs] == ["#1", "#2"]
    _train(s, 1)
    assert s.trainer.snapshot().config.seed == 9 and len(s.runs) == 2


def test_a_run_that_ends_on_its_own_is_kept_once(make):
    s = make()
    tr = s.ensure_trainer()
    tr.run()                                   # 2 epochs: finishes
    assert tr.status == "finished" and s.runs == ()
    s.heartbeat()                              # the page sees it ended
    s.heartbeat()
    assert [r.status for r in s.runs] == ["finished"] and s.runs[0].steps == 8
    assert len(s.runs[0].epoch_history) == 2
    assert s.ensure_trainer() is not tr        # Start again: a new run, the old one not re-kept
    s.discard_trainer()
    assert len(s.runs) == 1


def test_a_diverged_run_is_kept_when_start_replaces_it(make):
    s = make(PRESETS["too-high-lr"].replace(hidden=(32,)))
    tr = s.ensure_trainer()
    tr.run()
    assert tr.status == "diverged"
    s.ensure_trainer()
    assert [r.status for r in s.runs] == ["diverged"] and s.runs[0].steps == tr.step_count


def test_a_run_without_a_step_is_not_kept(make):
    s = make()
    s.ensure_trainer()
    s.discard_trainer()
    s.set_config(TINY)
    assert s.runs == ()


def test_only_the_last_runs_are_kept_oldest_first_out(make):
    s = make()
    for _ in range(MAX_RUNS + 2):
        _train(s, 1)
        s.discard_trainer()
    names = [r.name for r in s.runs]
    assert len(names) == MAX_RUNS
    assert names == [f"#{i}" for i in range(3, MAX_RUNS + 3)]


# ---------------------------------------------------------------- model choice, page state
def test_the_model_choice_follows_an_upload_and_its_removal():
    s = Session()
    with pytest.raises(ValueError):
        s.set_model_choice("borrowed")
    s.set_model_choice("live")
    s.set_uploaded_model(None)                 # forgetting nothing keeps the pick
    assert s.model_choice == "live"
    info = object()
    s.set_uploaded_model(info)
    assert s.uploaded is info and s.model_choice == "uploaded"
    s.set_uploaded_model(None)
    assert s.uploaded is None and s.model_choice == "shipped"


def test_a_new_canvas_forgets_the_upload_error():
    s = Session()
    s.draw.upload_error = "not an image"
    s.draw.new_canvas({"kind": "upload"})
    assert s.draw.gen == 1 and s.draw.picture == {"kind": "upload"}
    assert s.draw.upload_error is None
    s.train.notice = ("error", "bad")
    assert s.train.take_notice() == ("error", "bad") and s.train.take_notice() is None


# ---------------------------------------------------------------- through the app
@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=60).run()
    yield at
    s = session_of(at)
    for tr in [s.trainer] if s and s.trainer else []:
        tr.stop()
        tr.join(timeout=10)


def _click(at, name):
    at.button(key=f"btn.{name}").click().run()
    assert not at.exception, at.exception


def test_the_app_keeps_runs_across_reset_and_apply(app):
    s = session_of(app)
    assert isinstance(s, Session) and app.session_state[KEY] is s
    assert len(app.radio) == 0                 # the model picker is not on the Train page
    _click(app, "step")
    _click(app, "reset")
    _click(app, "step")
    _click(app, "step")
    app.sidebar.number_input(key="w.cfg.seed").set_value(5)
    next(b for b in app.sidebar.button if b.label == "Apply settings").click().run()
    assert session_of(app) is s                # one Session for the whole browser session
    assert [r.steps for r in s.runs] == [1, 2]
    assert [len(r.history["loss"]) for r in s.runs] == [1, 2]
    assert s.config.seed == 5 and s.trainer is None
