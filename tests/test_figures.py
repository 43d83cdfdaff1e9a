"""Figure builders: plain data in, go.Figure (or PNG bytes) out; checked without Streamlit."""
import io

import numpy as np
from PIL import Image

import pytest

from viz import words
from viz.figures import curves, draw, evaluate, gradients, weights

T, E, L = 40, 5, 3
NAMES = ["W1", "W2", "W3"]


def _series():
    step = np.arange(1, T + 1, dtype=np.float32)
    return step, np.linspace(2.3, 0.1, T, dtype=np.float32)


def test_loss_figure_has_batch_smoothed_and_eval_traces_as_typed_arrays():
    step, loss = _series()
    fig = curves.loss_figure(step, loss, loss, step[:E], loss[:E],
                             labels=words.loss_labels("held-out", "en"), revision=7)
    assert [tr.name for tr in fig.data] == ["mini-batch", "mini-batch (smoothed)", "Held-out"]
    assert isinstance(fig.data[0].y, np.ndarray) and fig.data[0].y.dtype == np.float32
    assert len(fig.data[2].x) == E
    assert fig.layout.uirevision == str(("loss", 7))     # zoom survives refreshes of one run
    spec = fig.to_json()
    assert '"bdata"' in spec                             # sent as base64 typed arrays, not lists
    assert fig.layout.font.size >= 16                    # projector-readable


def test_accuracy_figure_names_the_split_and_fixes_the_percent_axis():
    fig = curves.accuracy_figure(np.arange(E, dtype=np.float32), np.full(E, 90.0),
                                 np.full(E, 88.0), labels=words.accuracy_labels("test", "en"))
    assert fig.data[1].name == "Test"
    assert tuple(fig.layout.yaxis.range) == (0, 100)


def test_gradient_charts_have_one_line_per_layer_on_log_axes():
    step, _ = _series()
    values = np.abs(np.random.default_rng(0).standard_normal((T, L))).astype(np.float32)
    for key, build in (("grad", gradients.grad_flow_figure),
                       ("ratio", gradients.update_ratio_figure)):
        fig = build(step, values, NAMES, labels=words.log_layers_labels(key, "en"), revision=1)
        assert [tr.name for tr in fig.data] == NAMES
        assert fig.layout.yaxis.type == "log"
        assert np.array_equal(fig.data[2].y, values[:, 2])
        colours = {tr.line.color for tr in fig.data}
        assert len(colours) == L                        # layers tell apart


def test_inactive_figure_uses_the_activation_word():
    step, _ = _series()
    fig = gradients.inactive_figure(step, np.zeros((T, L - 1), np.float32), NAMES[:-1],
                                    labels=words.inactive_labels("dead", "en"))
    assert "Dead" in fig.layout.title.text and len(fig.data) == L - 1


def test_histograms_figure_has_a_gradient_and_a_weight_panel_per_layer():
    bars = [(np.arange(4, dtype=np.float32), np.ones(4, np.float32), np.arange(4.0))
            for _ in NAMES]
    fig = gradients.histograms_figure(bars, bars, NAMES, labels=words.histogram_labels("en"))
    assert len(fig.data) == 2 * L
    assert {tr.type for tr in fig.data} == {"bar"}
    assert len({tr.xaxis for tr in fig.data}) == 2 * L  # each panel has its own x range


def test_mosaic_png_is_a_palette_image_with_one_tile_per_unit_in_sign_colours():
    W1 = np.zeros((4, 784), np.float32)
    W1[0, :] = 1.0            # unit 0 all positive -> red tile
    W1[1, :] = -1.0           # unit 1 all negative -> blue tile
    png = weights.mosaic_png(W1, scale=1)
    img = Image.open(io.BytesIO(png))
    assert img.mode == "P" and img.size == (2 * 29 + 1, 2 * 29 + 1)
    rgb = np.asarray(img.convert("RGB")).astype(int)
    r0, g0, b0 = rgb[1 + 14, 1 + 14]                   # centre of tile 0
    r1, g1, b1 = rgb[1 + 14, 30 + 14]                  # centre of tile 1
    assert r0 > 2 * b0 and b1 > 2 * r1
    assert (rgb[58 - 14, 1 + 14] >= 240).all()         # unit 2: all zero -> white


def test_mosaic_png_caps_the_number_of_tiles():
    img = Image.open(io.BytesIO(weights.mosaic_png(np.ones((1000, 784)), max_units=100, scale=2)))
    assert img.size == (2 * (10 * 29 + 1), 2 * (10 * 29 + 1))


def test_matrix_pngs_keep_layer_order_and_shapes():
    out = weights.matrix_pngs({"W2": np.ones((10, 32)), "W3": -np.ones((5, 10))})
    assert [(name, shape) for name, shape, _ in out] == [("W2", (10, 32)), ("W3", (5, 10))]
    assert all(Image.open(io.BytesIO(png)).format == "PNG" for _, _, png in out)


# ------------------------------------------------------------------ labels come from the caller
def _made_up(*keys):
    return {k: f"ZZ-{k}-label" for k in keys}


def _builds():
    """(builder call with made-up labels, the label keys it was given), for every builder."""
    step, loss = _series()
    values = np.ones((T, L), np.float32)
    bars = [(np.arange(4, dtype=np.float32), np.ones(4, np.float32), np.arange(4.0))] * L
    probs, C = np.full(10, 0.1), np.eye(10) * 5 + 1
    classes = [f"class{i}" for i in range(10)]
    log_keys = ("title", "x", "y")
    return [
        (lambda lab: curves.loss_figure(step, loss, loss, step[:E], loss[:E], labels=lab),
         ("title", "batch", "smooth", "eval", "x", "y")),
        (lambda lab: curves.accuracy_figure(step[:E], loss[:E], loss[:E], labels=lab),
         ("title", "train", "eval", "x", "y")),
        (lambda lab: gradients.grad_flow_figure(step, values, NAMES, labels=lab), log_keys),
        (lambda lab: gradients.update_ratio_figure(step, values, NAMES, labels=lab), log_keys),
        (lambda lab: gradients.inactive_figure(step, values[:, :2], NAMES[:2], labels=lab),
         log_keys),
        (lambda lab: gradients.histograms_figure(bars, bars, NAMES, labels=lab),
         ("title", "grad_row", "weight_row")),
        (lambda lab: draw.probability_figure(probs, classes, 3, labels=lab),
         ("title", "x", "y", "hover")),
        (lambda lab: evaluate.confusion_figure(C, classes, labels=lab),
         ("title", "x", "y", "hover")),
        (lambda lab: evaluate.per_class_figure(np.full(10, 0.9), classes, 0.9, labels=lab),
         ("title", "x", "y", "hover")),
    ]


@pytest.mark.parametrize("case", range(9))
def test_every_builder_shows_exactly_the_labels_it_is_given(case):
    build, keys = _builds()[case]
    spec = build(_made_up(*keys)).to_json()
    for k in keys:
        assert f"ZZ-{k}-label" in spec, k
    for english in ("mini-batch", "Accuracy", "accuracy (%)", "Probability", "predicted",
                    "Gradient", "Held-out", "count", "class"):
        assert english not in spec.replace("ZZ-", "").replace('"class', ""), english


def test_class_names_given_in_words_label_the_axes():
    fig = evaluate.confusion_figure(np.eye(3), ["T-shirt", "Hose", "包"],
                                    labels=_made_up("title", "x", "y", "hover"))
    assert list(fig.data[0].x) == ["T-shirt", "Hose", "包"]
    assert list(fig.data[0].y) == ["T-shirt", "Hose", "包"]


def test_figure_modules_never_import_the_strings():
    import pathlib
    for path in pathlib.Path(gradients.__file__).parent.glob("*.py"):
        imports = [line for line in path.read_text().splitlines()
                   if line.startswith(("import ", "from "))]
        assert not [i for i in imports if "strings" in i or "words" in i or "streamlit" in i]


# ------------------------------------------------------------------ projector look
def test_the_projector_look_enlarges_type_thickens_lines_and_keeps_the_colours():
    from viz.figures import style
    step = np.arange(5, dtype=np.float32)
    loss = np.linspace(2.3, 0.5, 5).astype(np.float32)
    grad = np.ones((5, 2), np.float32)
    figs = {}
    for look in (style.SCREEN, style.PROJECTOR):
        figs[look] = (
            curves.loss_figure(step, loss, loss, step[:2], loss[:2], look=look,
                               labels=words.loss_labels("held-out", "en")),
            gradients.grad_flow_figure(step, grad, ["W1", "W2"], look=look,
                                       labels=words.log_layers_labels("grad", "en")),
            draw.probability_figure(np.full(10, 0.1), list("0123456789"), 3, look=look,
                                    labels=words.probability_labels("en")))
    for screen, big in zip(figs[style.SCREEN], figs[style.PROJECTOR]):
        assert big.layout.font.size >= screen.layout.font.size + 4
        assert big.layout.title.font.size > screen.layout.title.font.size
    loss_s, grad_s, _ = figs[style.SCREEN]
    loss_p, grad_p, _ = figs[style.PROJECTOR]
    assert loss_p.data[1].line.width > loss_s.data[1].line.width
    assert [t.line.width for t in grad_p.data] == [style.PROJECTOR.line] * 2
    assert [t.line.color for t in grad_p.data] == [t.line.color for t in grad_s.data]
    assert loss_p.layout.height == style.PROJECTOR.height < loss_s.layout.height
    assert loss_p.layout.legend.y > 1 > 0 > loss_s.layout.legend.y   # above the plot
    # ... under a title pinned to the top, in type small enough that the held-out entry wraps
    # to one more row, not one entry a row over the title (seen at 1366x768 after step 50)
    assert (loss_p.layout.title.y, loss_p.layout.title.yanchor) == (1.0, "top")
    assert loss_s.layout.title.y is None
    assert loss_p.layout.legend.font.size <= style.PROJECTOR.font - 6
    assert grad_p.layout.yaxis.dtick == 1 and grad_s.layout.yaxis.dtick is None   # 10^k only
    assert style.look_for(True) is style.PROJECTOR and style.look_for(False) is style.SCREEN
