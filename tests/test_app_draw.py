"""The Draw page, run headless with AppTest.  The canvas is replaced by a stand-in that returns
the picture a test "draws" (a canvas-size RGBA image, as the real canvas sends after a stroke);
the browser test (tests/browser/test_draw_browser.py) drives the real canvas."""
import base64
import io
import sys
import time

import numpy as np
import pytest
from PIL import Image

from core.data import load_dataset
from core.data.images import place_digit
from core.io import load_model
from core.preprocess import canvas_to_mnist
from helpers import (SHIPPED, array, image_lists, needs_shipped_model, open_page,
                          plotly_specs, session_of, stop_trainer, texts)

pytestmark = needs_shipped_model
CANVAS = 360
PAGE = "app_pages/draw.py"


class FakeCanvas:
    """Stands in for st_canvas: ``drawings[key]`` is what the canvas with that key has sent."""

    def __init__(self, result_type):
        self.result_type = result_type
        self.drawings, self.calls = {}, []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        rgba = self.drawings.get(kwargs["key"])
        url = None
        if rgba is not None:
            buf = io.BytesIO()
            Image.fromarray(rgba).save(buf, format="PNG")
            url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
        return self.result_type({"objects": []}, url, kwargs["return_image_data"])

    def draw(self, rgba):
        self.drawings[self.calls[-1]["key"]] = rgba


@pytest.fixture
def page(monkeypatch):
    """(AppTest on the Draw page, FakeCanvas).  The component can only be imported inside
    Streamlit's runtime, so the page runs once with the real canvas before it is replaced."""
    at = open_page(PAGE)
    sdc = sys.modules["streamlit_drawable_canvas"]
    fake = FakeCanvas(sdc.CanvasResult)
    monkeypatch.setattr(sdc, "st_canvas", fake)
    at.run()
    yield at, fake
    stop_trainer(at)


@pytest.fixture(scope="module")
def digits():
    """Held-out digits the shipped model reads correctly, with their labels."""
    ds = load_dataset("mnist-sample")
    net = load_model(SHIPPED)
    pred = net.predict(ds.x_test[:200].astype(np.float32) / 255)
    ok = np.flatnonzero(pred == ds.y_test[:200])
    return {int(ds.y_test[i]): ds.x_test[i] for i in ok[::-1]}


def _prediction(at):
    return next((h for h in texts(at, "header") if h.startswith("Prediction:")), None)


def _prompted(at):
    return any("Draw a digit on the black square" in i for i in texts(at, "info"))


def test_an_empty_canvas_shows_a_prompt_never_a_guess(page):
    at, canvas = page
    assert not at.exception, at.exception
    assert _prompted(at) and _prediction(at) is None
    canvas.draw(np.zeros((CANVAS, CANVAS, 4), np.uint8))   # sent, but nothing inked
    at.run()
    assert _prompted(at) and _prediction(at) is None
    assert canvas.calls[-1]["stroke_color"] == "#FFFFFF"
    paper = _decoded(canvas.calls[-1]["background_image"])   # strokes go on black paper
    assert canvas.calls[-1]["background_image_fit"] == "stretch"
    assert (paper[..., :3] == 0).all() and (paper[..., 3] == 255).all()


def test_a_drawing_gets_an_answer_probabilities_and_the_why(page, digits):
    at, canvas = page
    canvas.draw(place_digit(digits[7], (CANVAS, CANVAS), box=200, centre=(150, 200)))
    at.run()
    assert not at.exception, at.exception
    assert _prediction(at) == "Prediction: 7"
    assert not _prompted(at)
    assert any(m.startswith("Confidence:") for m in texts(at, "markdown"))
    assert any("Answered by: **Shipped model** · Held-out accuracy" in c
               for c in texts(at, "caption"))
    [bars] = [s["data"][0] for s in plotly_specs(at) if s["data"][0]["type"] == "bar"]
    probs = array(bars["y"])
    assert probs.shape == (10,) and probs.sum() == pytest.approx(100, abs=0.1)
    assert int(np.argmax(probs)) == 7
    hidden = load_model(SHIPPED).sizes[1:-1]
    assert len(image_lists(at)) == 2 + len(hidden)   # input 28x28, saliency, tiles per layer
    subheaders = texts(at, "subheader")
    assert "Why 7?" in subheaders
    for layer, n in enumerate(hidden, start=1):
        assert f"Hidden layer {layer}: {n} units" in subheaders


def test_brush_size_reaches_the_canvas(page):
    at, canvas = page
    at.slider[0].set_value(40).run()
    assert canvas.calls[-1]["stroke_width"] == 40


def _decoded(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_clear_keeps_the_canvas_and_ignores_the_drawing_it_held(page, digits):
    """Clear empties the canvas in the browser; the server keeps the canvas (same key, same
    initial drawing: a remount or reload would drop strokes drawn right after Clear) and never
    answers the drawing the canvas sent before the Clear, which it goes on sending until the
    browser's empty canvas arrives."""
    at, canvas = page
    canvas.draw(place_digit(digits[1], (CANVAS, CANVAS)))
    at.run()
    assert _prediction(at) == "Prediction: 1"
    before = canvas.calls[-1]
    at.button[0].click().run()                 # Clear; the canvas still sends the 1
    assert canvas.calls[-1]["key"] == before["key"]
    assert canvas.calls[-1]["initial_drawing"] == before["initial_drawing"]
    assert _prompted(at) and _prediction(at) is None
    at.run()
    assert _prompted(at) and _prediction(at) is None
    canvas.draw(place_digit(digits[7], (CANVAS, CANVAS)))   # drawn right after the Clear
    at.run()
    assert _prediction(at) == "Prediction: 7"


def test_clear_runs_in_the_browser_by_pressing_the_canvas_reset(page):
    at, _ = page
    [html] = [e.proto.body for e in at.get("html") if "Reset canvas" in e.proto.body]
    assert 'aria-label="Reset canvas & history"' in html and ".st-key-draw-clear" in html


def test_try_a_real_digit_puts_it_under_the_strokes_with_its_label(page):
    at, canvas = page
    before = canvas.calls[-1]["initial_drawing"]
    at.button[1].click().run()                 # Try a real digit
    assert not at.exception, at.exception
    assert canvas.calls[-1]["initial_drawing"] != before   # the browser empties the canvas
    shown = _decoded(canvas.calls[-1]["background_image"])
    assert shown.shape == (CANVAS, CANVAS, 4) and canvas_to_mnist(shown) is not None
    caption = next(m for m in texts(at, "markdown") if "true label is" in m)
    label = caption.split("**")[1]
    predicted = _prediction(at).split(": ")[1]
    verdicts = texts(at, "success") + texts(at, "error")
    assert verdicts == [f"{'Right' if predicted == label else 'Wrong'}: the true label is {label}."]


def test_strokes_over_a_real_digit_are_read_with_it_and_clear_removes_both(page):
    at, canvas = page
    at.button[1].click().run()                 # Try a real digit
    digit = _decoded(canvas.calls[-1]["background_image"])
    blank = np.zeros((CANVAS, CANVAS, 4), np.uint8)          # the canvas reloads empty
    canvas.draw(blank)
    at.run()
    assert _prediction(at) is not None and (texts(at, "success") + texts(at, "error"))
    stroke = blank.copy()
    stroke[20:40, 20:340] = 255                              # a bar across the top
    canvas.draw(stroke)
    at.run()
    read = session_of(at).draw.last_x.reshape(28, 28)
    assert np.allclose(read, canvas_to_mnist(np.maximum(digit, stroke)).reshape(28, 28))
    assert not (texts(at, "success") + texts(at, "error"))   # drawn on: no true label
    at.button[0].click().run()                 # Clear: paper is black again
    paper = _decoded(canvas.calls[-1]["background_image"])
    assert not paper[..., :3].any()
    assert _prompted(at)


def test_what_is_shown_is_reused_while_the_input_and_model_stay_the_same(page, digits,
                                                                          monkeypatch):
    at, canvas = page
    from viz.panels import draw_panels
    calls = []
    real = draw_panels.explain
    monkeypatch.setattr(draw_panels, "explain", lambda net, x: calls.append(x) or real(net, x))
    canvas.draw(place_digit(digits[7], (CANVAS, CANVAS)))
    at.run()
    assert _prediction(at) == "Prediction: 7" and len(calls) == 1
    at.slider[0].set_value(40).run()           # a rerun with the same drawing
    assert _prediction(at) == "Prediction: 7" and len(calls) == 1
    assert len(image_lists(at)) == 2 + len(load_model(SHIPPED).sizes[1:-1])
    urls = [img.url for e in at.get("image") for img in e.proto.imgs]
    assert urls and all(u.endswith(".png") for u in urls), urls   # sent as PNG, not as JPEG
    canvas.draw(place_digit(digits[4], (CANVAS, CANVAS)))
    at.run()
    assert _prediction(at) == "Prediction: 4" and len(calls) == 2


def test_the_one_line_answer_above_the_canvas_follows_the_drawing(page, digits):
    at, canvas = page
    assert "Draw a digit below: the answer appears here." in texts(at, "markdown")
    canvas.draw(place_digit(digits[7], (CANVAS, CANVAS)))
    at.run()
    [line] = [m for m in texts(at, "markdown") if m.startswith("**Prediction:")]
    assert line.startswith("**Prediction: 7** · ") and line.endswith("%")


def _paper_photo(digit):
    """A 'photo' of a digit: dark ink on light grey paper, as a PNG."""
    ink = place_digit(digit, (300, 240))[..., 0].astype(np.float32) / 255
    grey = (215 - 175 * ink).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, format="PNG")
    return buf.getvalue()


def test_an_uploaded_picture_is_read_and_a_bad_file_is_refused(page, digits):
    at, canvas = page
    at.file_uploader[0].upload("three.png", _paper_photo(digits[3]), "image/png").run()
    assert not at.exception, at.exception
    assert _prediction(at) == "Prediction: 3"
    assert "Your picture: three.png" in texts(at, "caption")
    at.file_uploader[0].upload("notes.png", b"this is not a picture", "image/png").run()
    assert any(e.startswith("Could not use that file: this file is not an image")
               for e in texts(at, "error"))
    assert _prediction(at) == "Prediction: 3"   # the picture before the bad file stays


def test_the_live_model_answers_once_something_has_trained(page, digits):
    at, canvas = page
    at.switch_page("app_pages/train.py").run()
    at.button(key=next(b.key for b in at.button if b.label == "Step")).click().run()
    deadline = time.monotonic() + 20
    while session_of(at).trainer.snapshot().step == 0:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    at.switch_page(PAGE).run()
    at.radio[0].set_value("live").run()
    canvas.draw(place_digit(digits[0], (CANVAS, CANVAS)))
    at.run()
    assert not at.exception, at.exception
    assert _prediction(at) is not None
    assert any(c.startswith("Answered by: **Live model from Train**")
               for c in texts(at, "caption"))


def test_a_blank_picture_says_so_and_a_file_name_is_shown_as_plain_text(page, digits):
    at, canvas = page
    buf = io.BytesIO()
    Image.new("L", (300, 240), 230).save(buf, format="PNG")        # grey paper, no ink
    at.file_uploader[0].upload("blank.png", buf.getvalue(), "image/png").run()
    assert not at.exception, at.exception
    assert any(e.startswith("Could not use that file: the picture shows no digit")
               for e in texts(at, "error"))
    name = "**bold**_[link](http://x)_.png"
    at.file_uploader[0].upload(name, _paper_photo(digits[3]), "image/png").run()
    assert _prediction(at) == "Prediction: 3"
    assert r"Your picture: \*\*bold\*\*\_\[link\](http\://x)\_.png" in texts(at, "caption")
