"""core.evaluate and core.data.images: the numbers and pictures of the Draw and Evaluate pages."""
import io
import os
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from core.data import images as di
from core.data import load_dataset
from core.evaluate import check_compatible, evaluate_split, explain
from viz.figures.images import (activation_levels, activation_tiles, digit_image, grid_shape,
                                saliency_rgb, tile_size)
from core.io import load_model
from core.network import Network
from core.preprocess import canvas_to_mnist

SHIPPED = os.environ.get("BACKPROP_LAB_SHIPPED_MODEL") or os.path.join(
    os.path.dirname(__file__), "..", "core", "assets", "default_model.npz")


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist-sample")


@pytest.fixture(scope="module")
def small_net():
    """An untrained but non-trivial network: its answers vary, and some are wrong."""
    return Network([784, 16, 10], activation="tanh", init="xavier", seed=3)


# --------------------------------------------------------------------------- evaluate_split
def test_report_counts_and_accuracy_match_a_direct_count(small_net, data):
    x, y = data.x_test[:300], data.y_test[:300]
    rep = evaluate_split(small_net, x, y, "held-out")
    X = x.astype(np.float32) / 255
    pred = small_net.predict(X)
    assert rep.n == 300 and rep.confusion.sum() == 300
    assert rep.accuracy == pytest.approx(np.mean(pred == y))
    for i, j in [(0, 0), (3, 5), (y[0], pred[0])]:
        assert rep.confusion[i, j] == np.sum((y == i) & (pred == j))
    assert rep.per_class[y[0]] == pytest.approx(np.mean(pred[y == y[0]] == y[0]))
    _, acc = small_net.evaluate(X, y)
    assert rep.accuracy == pytest.approx(acc)


def test_mistakes_are_wrong_and_most_confident_first(small_net, data):
    rep = evaluate_split(small_net, data.x_test[:300], data.y_test[:300])
    assert len(rep.mistakes) == rep.n - int(np.trace(rep.confusion)) > 0
    assert np.all(rep.y_pred[rep.mistakes] != rep.y_true[rep.mistakes])
    assert np.all(np.diff(rep.mistake_conf) <= 0)
    assert np.allclose(rep.mistake_conf, rep.probs[rep.mistakes].max(axis=1))


def test_cell_lists_its_examples_most_confident_first(small_net, data):
    rep = evaluate_split(small_net, data.x_test[:300], data.y_test[:300])
    i, j = np.unravel_index(np.argmax(rep.confusion - np.diag(np.diag(rep.confusion))),
                            rep.confusion.shape)
    idx = rep.cell(i, j)
    assert len(idx) == rep.confusion[i, j] > 0
    assert np.all(rep.y_true[idx] == i) and np.all(rep.y_pred[idx] == j)
    assert np.all(np.diff(rep.probs[idx, j]) <= 0)
    assert len(rep.cell(i, j, limit=1)) == 1


def test_float_and_uint8_inputs_agree_and_lengths_are_checked(small_net, data):
    x, y = data.x_test[:50], data.y_test[:50]
    a = evaluate_split(small_net, x, y)
    b = evaluate_split(small_net, x.astype(np.float32) / 255, y)
    assert np.array_equal(a.confusion, b.confusion)
    with pytest.raises(ValueError, match="labels"):
        evaluate_split(small_net, x, y[:10])


def test_check_compatible_names_the_mismatch():
    check_compatible(Network([784, 8, 10]))
    with pytest.raises(ValueError, match="reads 100 inputs"):
        check_compatible(Network([100, 8, 10]))
    with pytest.raises(ValueError, match="answers 3 classes"):
        check_compatible(Network([784, 8, 3]))


# --------------------------------------------------------------------------- explain
def test_explain_matches_forward_and_hidden_activations(small_net, data):
    x = data.x_test[7].astype(np.float32) / 255
    ex = explain(small_net, x)
    probs = small_net.forward(x[None])[0]
    assert np.allclose(ex.probs, probs) and ex.probs.sum() == pytest.approx(1, abs=1e-5)
    assert ex.prediction == int(np.argmax(probs)) and ex.confidence == pytest.approx(probs.max())
    assert [a.shape for a in ex.hidden] == [(16,)]
    assert np.allclose(ex.hidden[0], np.tanh(x @ small_net.params["W1"].T + small_net.params["b1"]),
                       atol=1e-5)


def test_saliency_is_the_gradient_of_the_predicted_score():
    """Centred finite differences on a float64 network: d Z_L[pred] / d x_i."""
    net = Network([784, 12, 9, 10], activation="sigmoid", init="xavier", seed=1, dtype="float64")
    x = np.random.default_rng(0).uniform(0, 1, 784)
    ex = explain(net, x)
    h = 1e-6
    pixels = np.random.default_rng(1).choice(784, 25, replace=False)
    num = []
    for i in pixels:
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        num.append((net.logits(xp[None])[0, ex.prediction]
                    - net.logits(xm[None])[0, ex.prediction]) / (2 * h))
    num = np.array(num)
    ana = net.input_gradient(x[None], [ex.prediction])[0][pixels]
    rel = np.abs(ana - num).max() / max(np.abs(num).max(), 1e-12)
    assert rel <= 1e-6
    assert np.allclose(ex.saliency[pixels], ana, rtol=1e-5, atol=1e-9)
    assert len(ex.hidden) == 2


# --------------------------------------------------------------------------- pictures
def test_digit_image_round_trips_and_rejects_wrong_sizes(data):
    x = data.x_test[0]
    assert np.array_equal(digit_image(x), x.reshape(28, 28))
    assert np.array_equal(digit_image(x.astype(np.float32) / 255), x.reshape(28, 28))
    with pytest.raises(ValueError, match="784"):
        digit_image(np.zeros(100))


def test_activation_levels_follow_each_activation_range():
    a = np.array([-1.0, 0.0, 0.5, 1.0])
    assert np.allclose(activation_levels(a, "tanh"), [0, 0.5, 0.75, 1])
    assert np.allclose(activation_levels(np.array([0.2, 0.9]), "sigmoid"), [0.2, 0.9])
    assert np.allclose(activation_levels(np.array([0.0, 2.0, 4.0]), "relu"), [0, 0.5, 1])
    assert np.allclose(activation_levels(np.zeros(3), "relu"), 0)


def test_activation_tiles_put_unit_j_in_row_major_order():
    levels = np.zeros(20)
    levels[7] = 1.0
    rows, cols = grid_shape(20)
    img = activation_tiles(levels, tile=4, gap=1)
    assert img.shape == (rows * 5 + 1, cols * 5 + 1, 3) and img.dtype == np.uint8
    r, c = divmod(7, cols)
    assert np.all(img[1 + r * 5:5 + r * 5, 1 + c * 5:5 + c * 5] == 255)
    assert np.all(img[1:5, 1:5] == 0)            # unit 0 is off
    last = rows * cols - 1                        # an unused cell is not mistaken for a unit
    if last >= 20:
        r, c = divmod(last, cols)
        assert not np.all(img[1 + r * 5, 1 + c * 5] == 0)


def test_tile_grids_stay_about_400_pixels_wide():
    for n in (16, 128, 512, 1024):
        rows, cols = grid_shape(n)
        assert rows * cols >= n and cols <= 32 and rows <= cols
        width = activation_tiles(np.zeros(n), tile=tile_size(n)).shape[1]
        assert width <= 520 and (n < 128 or width >= 250), (n, width)


def test_saliency_colours_show_the_sign():
    s = np.zeros(784)
    s[0], s[1] = 2.0, -2.0
    s[2:50] = 0.5
    rgb = saliency_rgb(s)
    assert rgb.shape == (28, 28, 3)
    assert rgb[0, 0, 0] > rgb[0, 0, 2]           # positive: red
    assert rgb[0, 1, 2] > rgb[0, 1, 0]           # negative: blue
    assert np.all(rgb[27, 27] > 230)             # zero: near white


# --------------------------------------------------------------------------- digits on a canvas
def _centre_of_mass(ink):
    r, c = np.indices(ink.shape)
    return (ink * r).sum() / ink.sum() + 0.5, (ink * c).sum() / ink.sum() + 0.5


def test_place_digit_scales_and_positions_the_digit(data):
    x = data.x_test[3]
    rgba = di.place_digit(x, (300, 400), box=100, centre=(120, 250))
    assert rgba.shape == (300, 400, 4) and rgba.dtype == np.uint8 and np.all(rgba[..., 3] == 255)
    ink = rgba[..., 0].astype(float)
    # The 28x28 frame is 140 px wide (box 100 = 20 MNIST pixels), centred on (120, 250).
    rows, cols = np.nonzero(ink > 0)
    assert rows.min() >= 120 - 70 - 1 and rows.max() <= 120 + 70
    assert cols.min() >= 250 - 70 - 1 and cols.max() <= 250 + 70
    cy, cx = _centre_of_mass(ink)
    dy, dx = _centre_of_mass(x.reshape(28, 28).astype(float))
    assert cy == pytest.approx(120 + (dy - 14) * 5, abs=1.5)
    assert cx == pytest.approx(250 + (dx - 14) * 5, abs=1.5)


def test_placed_digit_reads_back_like_the_original(data):
    """Placed anywhere at any size, the preprocessed digit is close to the MNIST original."""
    rng = np.random.default_rng(0)
    for x in data.x_test[:20]:
        box, centre = di.random_placement(rng, (280, 280))
        assert 0.3 * 280 <= box <= 0.9 * 280
        assert box / 2 <= centre[0] <= 280 - box / 2 and box / 2 <= centre[1] <= 280 - box / 2
        back = canvas_to_mnist(di.place_digit(x, (280, 280), box, centre))
        orig = x.astype(np.float32) / 255
        assert np.corrcoef(back, orig)[0, 1] > 0.8


def _png(arr, mode=None):
    buf = io.BytesIO()
    Image.fromarray(arr, mode).save(buf, format="PNG")
    return buf.getvalue()


def test_decode_reads_png_and_jpeg_as_rgba():
    img = np.zeros((40, 30, 3), np.uint8)
    img[10:30, 12:18] = 255
    rgba = di.decode_image(_png(img))
    assert rgba.shape == (40, 30, 4) and np.array_equal(rgba[..., :3], img)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=95)
    rgba = di.decode_image(buf.getvalue())
    assert rgba.shape == (40, 30, 4) and abs(int(rgba[20, 15, 0]) - 255) < 30


def test_decode_reduces_large_pictures_by_block_means():
    img = np.zeros((2500, 2100), np.uint8)
    img[:, 1000:] = 255
    rgba = di.decode_image(_png(img))
    assert rgba.shape == (1250, 1050, 4)               # factor 2500 // 1024 = 2
    assert rgba[0, 499, 0] == 0 and rgba[0, 500, 0] == 255
    odd = np.zeros((5, 5, 1), np.uint8)
    odd[0, 0] = 255
    assert di.reduce_image(odd, 2).tolist() == [[[64], [0]], [[0], [0]]]


def test_decode_refuses_bad_files_with_a_sentence():
    with pytest.raises(ValueError, match="empty"):
        di.decode_image(b"")
    with pytest.raises(ValueError, match="not an image"):
        di.decode_image(b"%PDF-1.4 definitely not a picture")
    buf = io.BytesIO()
    Image.fromarray(np.zeros((20, 20), np.uint8)).save(buf, format="GIF")
    with pytest.raises(ValueError, match="GIF images are not supported"):
        di.decode_image(buf.getvalue())
    with pytest.raises(ValueError, match="MB"):
        di.decode_image(b"\x89PNG" + b"0" * 100, max_bytes=50)
    png = _png(np.full((64, 64), 200, np.uint8))
    with pytest.raises(ValueError, match="truncated or corrupt"):
        di.decode_image(png[: len(png) // 2])
    with pytest.raises(ValueError, match="at least 8x8"):
        di.decode_image(_png(np.zeros((4, 4), np.uint8)))


def test_decode_refuses_a_decompression_bomb_before_decoding():
    """A tiny file whose header claims 20000 x 20000 pixels."""
    def chunk(kind, body):
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc
    head = chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
    bomb = (b"\x89PNG\r\n\x1a\n" + head + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
            + chunk(b"IEND", b""))
    with pytest.raises(ValueError, match="megapixels"):
        di.decode_image(bomb)


def test_as_canvas_ink_handles_paper_ink_and_transparency():
    paper = np.full((50, 50, 4), 255, np.uint8)         # black pen on white paper
    paper[10:40, 20:26, :3] = 0
    ink = di.as_canvas_ink(paper)
    assert ink[25, 22, 0] == 255 and ink[2, 2, 0] == 0 and np.all(ink[..., 3] == 255)
    grey = np.full((50, 50, 4), 255, np.uint8)          # grey paper, dark-grey pen
    grey[..., :3] = 180
    grey[10:40, 20:26, :3] = 40
    ink = di.as_canvas_ink(grey)
    assert ink[25, 22, 0] == 255 and ink[2, 2, 0] == 0
    clear = np.zeros((50, 50, 4), np.uint8)             # black strokes on a transparent layer
    clear[10:40, 20:26, 3] = 255
    ink = di.as_canvas_ink(clear)
    assert ink[25, 22, 0] == 255 and ink[2, 2, 0] == 0
    x = canvas_to_mnist(di.as_canvas_ink(paper))
    assert x is not None and x.max() == pytest.approx(1.0)


@pytest.mark.skipif(not os.path.exists(SHIPPED), reason="the shipped model is not built yet")
def test_shipped_model_reads_digits_placed_on_a_canvas(data):
    """The issue's target, on 500 held-out digits: accuracy through the canvas path within
    2 points of the digits fed directly (benchmarks/bench_draw.py measures all 2,000)."""
    net = load_model(SHIPPED)
    rng = np.random.default_rng(7)
    x, y = data.x_test[:500], data.y_test[:500]
    placed = []
    for d in x:
        box, centre = di.random_placement(rng, (360, 360))
        placed.append(canvas_to_mnist(di.place_digit(d, (360, 360), box, centre)))
    direct = evaluate_split(net, x, y).accuracy
    drawn = evaluate_split(net, np.array(placed), y).accuracy
    assert direct > 0.9
    assert abs(drawn - direct) <= 0.02
