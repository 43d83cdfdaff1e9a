"""Helpers shared by several test modules (not a test module): slices of the bundled sample,
AppTest sessions and what they show."""
import base64
import json
import os
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "viz" / "app.py")
SHIPPED = os.environ.get("BACKPROP_LAB_SHIPPED_MODEL") or str(
    Path(__file__).resolve().parents[1] / "core" / "assets" / "default_model.npz")


def wait_until(predicate, timeout=20.0):
    """Poll ``predicate()`` every 10 ms until it is true; fail the test after ``timeout`` s."""
    import time
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def steps_from_threads(trainer, n=3):
    """``trainer.step()`` called from ``n`` threads at once; their answers, sorted."""
    import threading
    results = []
    workers = [threading.Thread(target=lambda: results.append(trainer.step())) for _ in range(n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(10)
    return sorted(results)


def sample_slice(n_train, n_test):
    """The first n_train training and n_test held-out digits of the bundled sample, as a Dataset
    (small runs that finish in a fraction of a second)."""
    from core.data import Dataset, load_dataset
    ds = load_dataset("mnist-sample")
    return Dataset("mnist-sample", ds.x_train[:n_train], ds.y_train[:n_train],
                   ds.x_test[:n_test], ds.y_test[:n_test], ds.class_names, "held-out")


@pytest.fixture
def apps():
    """Factory of AppTest sessions of the whole app (``apps(query)``; several for multi-session
    tests), each checked to open without an exception; their trainers are stopped afterwards
    (AppTest never ends a session)."""
    made = []

    def make(query=None):
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        made.append(at)
        at.run()
        assert not at.exception, at.exception
        return at

    yield make
    for at in made:
        stop_trainer(at)


@pytest.fixture
def trainers():
    """Factory of Trainers (``trainers(config, dataset, **options)``) stopped and joined after
    the test, so no training thread outlives it."""
    from core.train import Trainer
    made = []

    def make(*args, **kw):
        tr = Trainer(*args, **kw)
        made.append(tr)
        return tr
    yield make
    for tr in made:
        tr.stop()
        tr.join(timeout=10)


def session_of(at):
    """The viz.session.Session of an AppTest's browser session (None before its first run)."""
    from viz.session import KEY
    return at.session_state[KEY] if KEY in at.session_state else None

needs_shipped_model = pytest.mark.skipif(
    not os.path.exists(SHIPPED), reason=f"the shipped model {SHIPPED} is not built yet")


def open_page(page):
    """A fresh session (AppTest) showing ``page``, e.g. "app_pages/draw.py"."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(page).run()


def stop_trainer(at):
    """AppTest never ends a session: stop its trainer thread, if any."""
    s = session_of(at)
    if s is not None and s.trainer is not None:
        tr = s.trainer
        tr.stop()
        tr.join(timeout=10)


def texts(at, kind):
    """Values of all elements of one kind ("header", "markdown", "caption", "info", ...)."""
    return [e.value for e in getattr(at, kind)]


def plotly_specs(at):
    """The JSON of every Plotly chart on the page."""
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def array(value):
    """A Plotly data array, plain list or base64 typed array, as a NumPy array."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return arr.reshape([int(s) for s in str(shape).split(",")]) if shape else arr
    return np.array(value, dtype=float)


def image_lists(at):
    """[[caption, ...] per st.image call] (one list per call, one caption per picture)."""
    return [[img.caption for img in e.proto.imgs] for e in at.get("image")]
