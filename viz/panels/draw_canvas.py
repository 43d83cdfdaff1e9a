"""The Draw page's canvas: brush, Clear, "Try a real digit", picture upload.

Every picture ends up as an RGBA image of light ink on black, the canvas's own convention.  A
drawing comes from the canvas; "Try a real digit" puts a held-out digit under the strokes as the
canvas's background image (the canvas sends back only the strokes: the two are combined here);
an upload is decoded by core.data.images.

The canvas keeps one key for the whole visit: a remount (a new key) lost strokes drawn while the
new canvas mounted.  Clear empties the canvas in the browser at once (CLEAR_JS presses the
component's own reset when the Clear button is tapped: no round trip, so a stroke drawn right
after is kept) and tells the server, which ignores the drawing the canvas held until the empty
one arrives (DrawPage.stale).  A new picture changes ``initial_drawing`` (its ``pictures``
count), which empties the canvas in the browser when the server answers.
"""
from __future__ import annotations

import functools
import hashlib
import io

import numpy as np
import streamlit as st
import streamlit_drawable_canvas as sdc
from PIL import Image

from core.data.images import (MAX_UPLOAD_BYTES, as_canvas_ink, decode_image, place_digit,
                                random_placement)
from viz import session, shared, words
from viz.markdown import literal
from viz.strings import t

CANVAS = 360          # canvas side in CSS pixels: wide enough for a finger, fits half a projector
INK = "#FFFFFF"
PHONE_PX = 640        # Streamlit stacks columns below this width: the page's phone layout
PHONE_ZOOM = 0.8      # the canvas shown 288 px wide on a phone (fabric maps touches through it)

# Clear, in the browser: the canvas lives in the component's shadow root; its toolbar's reset
# button (aria-label from streamlit-drawable-canvas 0.13) empties it and sends the empty drawing.
# Installed once per page (a capturing listener on the document outlives Streamlit's re-renders).
CLEAR_JS = """<script>
(() => {
  if (window.__backpropLabClear) return;
  window.__backpropLabClear = true;
  const reset = () => {
    const box = document.querySelector('.st-key-draw-canvas');
    for (const el of box ? box.querySelectorAll('*') : []) {
      const button = el.shadowRoot &&
        el.shadowRoot.querySelector('button[aria-label="Reset canvas & history"]');
      if (button) { button.click(); return; }
    }
  };
  document.addEventListener('click', e => {
    if (e.target.closest && e.target.closest('.st-key-draw-clear')) reset();
  }, true);
})();
</script>"""

# The phone layout: a one-line answer above the canvas (the full answer is below it, off
# screen), the canvas zoomed to fit with Clear under it, the intro left out (the one-line
# prompt says what to do); wider screens show the full answer beside the canvas.  The canvas's
# key "draw.canvas" gives its element the class st-key-draw-canvas.
PAGE_CSS = f"""<style>
@media (min-width: {PHONE_PX + 1}px) {{ .st-key-draw-answer-line {{ display: none; }} }}
@media (max-width: {PHONE_PX}px) {{
  .stElementContainer.st-key-draw-canvas {{ zoom: {PHONE_ZOOM}; }}
  .st-key-draw-intro {{ display: none; }}
  .st-key-draw-answer-line p {{ font-size: 1.35rem; font-weight: 600; margin: 0; }}
  h1 {{ font-size: 1.9rem !important; padding: 0 !important; }}
}}
.st-key-draw-why img {{ image-rendering: pixelated; }}
</style>"""


def page_head():
    """The page's CSS and the in-browser Clear: call once per run, before the canvas."""
    st.html(PAGE_CSS + CLEAR_JS, unsafe_allow_javascript=True)


# ----------------------------------------------------------------------------- callbacks
def _new_canvas(picture=None):
    """An empty canvas, optionally with ``picture``."""
    session.current().draw.new_canvas(picture)


@functools.cache
def _paper() -> bytes:
    """The canvas's background when no digit is placed: one opaque black pixel as PNG, which the
    canvas stretches over itself (sent with every rerun: 70 bytes; canvas-sized it is 1.3 kB)."""
    buf = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 255)).save(buf, format="PNG")
    return buf.getvalue()


def _on_real_digit(dataset_name):
    ds = shared.dataset(dataset_name)
    rng = session.current().draw.rng
    i = int(rng.integers(len(ds.y_test)))
    box, centre = random_placement(rng, (CANVAS, CANVAS), 0.5, 0.8)
    rgba = place_digit(ds.x_test[i], (CANVAS, CANVAS), box, centre)
    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG")
    _new_canvas({"kind": "digit", "rgba": rgba, "png": buf.getvalue(), "index": i,
                 "label": ds.class_names[int(ds.y_test[i])], "dataset": dataset_name})


def _on_upload(name):
    upload = session.widget(name)
    if upload is None:
        return
    try:
        rgba = as_canvas_ink(decode_image(upload.getvalue()))
    except ValueError as err:  # the drawing stays as it was
        session.current().draw.upload_error = err
        return
    _new_canvas({"kind": "upload", "rgba": rgba, "name": upload.name})


# ----------------------------------------------------------------------------- panels
def canvas_panel(dataset_name):
    """The one-line answer's place, canvas and controls; returns (RGBA image to read or None,
    its source, the picture placed or uploaded since the last Clear or None, the container for
    the one-line answer shown above the canvas on phones).  Source: "canvas", "digit" or
    "upload"."""
    draw = session.current().draw
    picture = draw.picture
    line = st.container(key="draw-answer-line")
    board = st.container(key="draw-board")
    left, right = st.columns(2)      # Clear and a real digit right under the canvas
    brush = st.slider(t("draw.brush"), 8, 48, 24, key=session.widget_key("draw.brush"))
    digit = picture if picture and picture["kind"] == "digit" else None
    with board:
        # One key for good; a picture's count in initial_drawing empties the canvas when it
        # changes (an extra key the canvas sets on itself and never sends back).
        result = sdc.st_canvas(stroke_width=brush, stroke_color=INK,
                               background_image=digit["png"] if digit else _paper(),
                               background_image_fit="stretch",
                               width=CANVAS, height=CANVAS, drawing_mode="freedraw",
                               initial_drawing={"objects": [], "backpropLabPictures":
                                                draw.pictures},
                               return_image_data=True, key="draw.canvas")
        rgba, source = _source(_strokes(result, draw), picture)
    with left.container(key="draw-clear"):
        st.button(t("draw.clear"), on_click=_on_clear, width="stretch", icon=":material/delete:")
    right.button(t("draw.real"), on_click=_on_real_digit, args=(dataset_name,),
                 help=t("draw.real_help"), width="stretch", icon=":material/casino:")
    upload_key = f"draw.upload.{draw.gen}"
    st.file_uploader(t("draw.upload"), type=["png", "jpg", "jpeg"],
                     max_upload_size=MAX_UPLOAD_BYTES >> 20, key=session.widget_key(upload_key),
                     on_change=_on_upload, args=(upload_key,))
    if draw.upload_error:
        st.error(t("draw.upload.error", error=literal(words.error_text(draw.upload_error))))
    return rgba, source, picture, line


def _strokes(result, draw):
    """The strokes the canvas sent (RGBA, transparent where nothing is drawn), or None when it
    sent none, none with ink, or only the drawing it held when it was last cleared."""
    png = result.image_bytes
    if png is None:
        return None
    draw.seen = hashlib.blake2b(png, digest_size=16).hexdigest()
    if draw.seen == draw.stale:
        return None
    rgba = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    return rgba if rgba[..., 3].any() else None


def combine(digit, strokes):
    """A placed digit (opaque RGBA, light ink on black) with strokes (RGBA) drawn over it: each
    pixel's brightness is the brighter of the two, strokes weighted by their opacity."""
    out = digit.copy()
    ink = strokes[..., :3].astype(np.uint16) * strokes[..., 3:] // 255
    out[..., :3] = np.maximum(digit[..., :3], ink.astype(np.uint8))
    return out


def _source(strokes, picture):
    """What the network reads: the strokes (over a digit placed since the canvas was last
    cleared); else that digit, or a picture uploaded since then; else nothing."""
    if picture is None:
        return strokes, "canvas"
    if strokes is not None:   # drawn on: no longer the held-out digit with its label
        digit = picture["kind"] == "digit"
        return (combine(picture["rgba"], strokes) if digit else strokes), "canvas"
    if picture["kind"] == "digit":
        st.markdown(t("draw.real.caption", index=picture["index"],
                      label=words.class_word(picture.get("dataset", ""), picture["label"])))
        return picture["rgba"], "digit"
    st.caption(t("draw.upload.caption", name=literal(picture["name"])))
    st.image(picture["rgba"], width=160, output_format="PNG")
    return picture["rgba"], "upload"


def _on_clear():
    _new_canvas()
