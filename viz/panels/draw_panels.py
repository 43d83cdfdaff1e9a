"""Draw page panels: the network's answer for the picture on the canvas, and why.

The picture (an RGBA image from viz.panels.draw_canvas) -> core.preprocess.canvas_to_mnist ->
core.evaluate.explain; the answer text is written first, because it is what the class waits for.
What is shown for one input and model (the explanation and its PNG pictures) is kept in the
session and reused while neither changes (a brush change, a language switch, a stroke that does
not change the 28x28 input).  The 28x28 pictures are sent at 28x28 and enlarged by the browser
(CSS ``image-rendering: pixelated``): 64x fewer pixels to encode than enlarging them here.
"""
from __future__ import annotations

import io
from typing import NamedTuple

import streamlit as st
from PIL import Image

from core import threads
from core.data.preprocess import canvas_to_mnist
from core.evaluate import explain
from viz.figures import style
from viz.figures.images import (activation_levels, activation_tiles, digit_image, saliency_rgb,
                                tile_size)
from viz import session, shared
from viz.panels.draw_canvas import canvas_panel
from viz.panels.model_panel import answered_by, caveats, show_fallbacks
from viz.figures.draw import probability_figure
from viz import words
from viz.strings import t

ZOOM = 8              # 28x28 pictures are shown 224 px wide, every pixel a crisp square


class Shown(NamedTuple):
    """What the page shows for one input: ``ex`` core.evaluate.explain's result; ``seen`` and
    ``saliency`` 28x28 PNGs; ``hidden`` one PNG of unit tiles per hidden layer."""
    ex: object
    seen: bytes
    saliency: bytes
    hidden: list


def _png(img) -> bytes:
    """A uint8 image as PNG bytes (fast compression: the pictures are small)."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def reading(net, x) -> Shown:
    """What ``net`` makes of input ``x`` (784,), and its pictures; computed once per input and
    model in this session (DrawPage.shown), then reused."""
    draw = session.current().draw
    key = x.tobytes()
    if draw.shown is not None and draw.shown[0] is net and draw.shown[1] == key:
        return draw.shown[2]
    ex = explain(net, x)
    tiles = [activation_tiles(activation_levels(A, net.activation), tile=tile_size(len(A)))
             for A in ex.hidden]
    shown = Shown(ex, _png(digit_image(x)), _png(saliency_rgb(ex.saliency)),
                  [_png(img) for img in tiles])
    draw.shown = (net, key, shown)
    return shown


def _answer(ex, info, codes, names, picture, source, line):
    """The answer first (it is what the class waits for), then all ten probabilities.
    codes: the data set's class codes; names: the same classes in words; line: the container
    above the canvas for the one-line answer (shown on phones only)."""
    label = names[ex.prediction]
    line.markdown(t("draw.answer_line", label=label, conf=ex.confidence * 100))
    with st.container(key="draw-answer"):
        st.header(t("draw.prediction", label=label), anchor=False)
    st.markdown(t("draw.confidence", conf=ex.confidence * 100))
    if source == "digit":
        right = picture["label"] == codes[ex.prediction]
        (st.success if right else st.error)(
            t("draw.truth.right" if right else "draw.truth.wrong",
              label=words.class_word(info.dataset, picture["label"])))
    st.caption(answered_by(info))
    look = style.look_for(session.current().projector)
    st.plotly_chart(probability_figure(ex.probs, names, ex.prediction, look=look,
                                       height=max(300, look.height - 30),
                                       labels=words.probability_labels()), key="draw.probs",
                    config={"displayModeBar": False}, theme=None)


def _why(shown, info, names):
    """What the network sees, which hidden units fire, and which pixels drove the answer."""
    ex = shown.ex
    with st.container(key="draw-why"):
        seen, why, hidden = st.columns([1, 1, 1.4], gap="medium")
    with seen:
        st.subheader(t("draw.input.title"), anchor=False)
        st.image(shown.seen, width=28 * ZOOM, output_format="PNG")   # PNG: not re-encoded
        st.caption(t("draw.input.caption"))
    with why:
        label = names[ex.prediction]
        st.subheader(t("draw.saliency.title", label=label), anchor=False)
        st.image(shown.saliency, width=28 * ZOOM, output_format="PNG")
        st.caption(t("draw.saliency.caption", label=label))
    with hidden:
        for layer, (A, png) in enumerate(zip(ex.hidden, shown.hidden), start=1):
            st.subheader(t("draw.hidden.title", layer=layer, n=len(A)), anchor=False)
            st.image(png, output_format="PNG")
        st.caption(t("draw.hidden.caption", activation=info.net.activation))


@st.fragment
def draw_fragment():
    """Canvas and answer; a stroke reruns only this."""
    s = session.current()
    session.heartbeat()  # drawing counts as someone watching: a live run keeps training
    threads.set_blas_threads(threads.TRAINING_THREADS)  # the app's policy: one BLAS thread
    info, reasons = s.answering_model()
    left, right = st.columns(2, gap="medium")   # equal halves: the canvas fits down to 800 px
    with left:
        rgba, source, picture, line = canvas_panel(info.dataset if info else "mnist-sample")
    with right:
        show_fallbacks(reasons)
        caveats(info)
        if info is None:
            st.warning(t("model.none"))
            return
        x = canvas_to_mnist(rgba) if rgba is not None else None
        s.draw.last_x = x   # the Inside page steps through the last drawing (None: empty)
        if x is None:   # an empty canvas gets a prompt, never a guess
            line.markdown(t("draw.answer_line.prompt"))
            with st.container(key="draw-answer"):
                st.info(t("draw.prompt"))
            st.caption(answered_by(info))
            return
        codes = shared.dataset(info.dataset).class_names
        names = words.class_words(info.dataset, codes)
        shown = reading(info.net, x)
        _answer(shown.ex, info, codes, names, picture, source, line)
    _why(shown, info, names)
