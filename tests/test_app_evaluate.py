"""The Evaluate page, run headless with AppTest on the shipped model."""
import re

import numpy as np

from core.data import load_dataset
from helpers import (array, image_lists, needs_shipped_model, open_page, plotly_specs,
                               texts)

ACC = re.compile(r"Held-out accuracy: ([\d.]+)% \(([\d,]+) of ([\d,]+) digits right\)")
pytestmark = needs_shipped_model


def _confusion(at):
    spec = next(s for s in plotly_specs(at) if s["data"][0]["type"] == "heatmap")
    return sum(np.nan_to_num(array(tr["z"])) for tr in spec["data"])


def test_evaluate_renders_and_the_confusion_matrix_counts_the_whole_split():
    at = open_page("app_pages/evaluate.py")
    assert not at.exception, at.exception
    n_split = len(load_dataset("mnist-sample").y_test)
    m = next(ACC.search(h) for h in texts(at, "header") if ACC.search(h))
    acc, right, n = float(m[1]), int(m[2].replace(",", "")), int(m[3].replace(",", ""))
    C = _confusion(at)
    assert C.shape == (10, 10)
    assert C.sum() == n == n_split                       # every held-out digit counted once
    assert np.trace(C) == right
    assert abs(acc - 100 * right / n) < 0.05
    assert acc > 90                                      # the shipped model is a good one
    assert any("Shipped model" in c for c in texts(at, "caption"))


def test_selecting_a_cell_shows_its_digits():
    at = open_page("app_pages/evaluate.py")
    C = _confusion(at)
    box = at.selectbox[0]
    # Default: the most frequent mistake.
    off = C - np.diag(np.diag(C))
    assert C[box.value] == off.max() and box.value[0] != box.value[1]
    box.set_value((3, 3)).run()
    assert not at.exception
    title = next(m for m in texts(at, "markdown") if m.startswith("True 3, predicted 3"))
    assert f"{int(C[3, 3]):,} digits" in title
    galleries = image_lists(at)
    assert len(galleries[0]) == min(int(C[3, 3]), 40)   # the cell's digits, first gallery


def test_mistake_gallery_shows_the_most_confident_mistakes_first():
    at = open_page("app_pages/evaluate.py")
    at.slider[0].set_value(12).run()
    captions = image_lists(at)[-1]
    assert len(captions) == 12
    parsed = [re.fullmatch(r"(\d) → (\d) · ([\d.]+)%", c).groups() for c in captions]
    confs = [float(conf) for _, _, conf in parsed]
    assert confs == sorted(confs, reverse=True)
    assert all(true != pred for true, pred, _ in parsed)   # each is a mistake


def test_live_model_without_training_says_so_and_the_shipped_model_answers():
    at = open_page("app_pages/evaluate.py")
    at.radio[0].set_value("live").run()
    assert not at.exception
    assert any("Nothing is training" in i for i in texts(at, "info"))
    assert any("Answered by: **Shipped model**" in c for c in texts(at, "caption"))


def test_a_model_with_a_single_mistake_shows_it_without_a_slider_error():
    """A slider from 1 to 1 is an error in Streamlit: one mistake must still be shown."""
    from core.evaluate import evaluate_split
    from core.io import load_model
    from helpers import SHIPPED, session_of
    from viz.shared import ModelInfo
    ds = load_dataset("mnist-sample")
    net = load_model(SHIPPED)
    wrong = np.flatnonzero(net.predict(ds.x_test.astype(np.float32) / 255) != ds.y_test)
    k = int(wrong[1])                       # the first k held-out digits hold one mistake
    report = evaluate_split(net, ds.x_test[:k], ds.y_test[:k], "held-out")
    assert len(report.mistakes) == 1
    at = open_page("app_pages/evaluate.py")
    session_of(at).set_uploaded_model(ModelInfo("uploaded", net, report.accuracy, "held-out",
                                                "mnist-sample", report, "one-mistake.npz"))
    at.run()
    assert not at.exception, at.exception
    assert len(image_lists(at)[-1]) == 1 and not at.slider
