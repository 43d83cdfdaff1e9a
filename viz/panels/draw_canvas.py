"""The Draw page's canvas: brush, Clear, "Try a real digit", picture upload.

Every picture ends up as an RGBA image of light ink on black, the canvas's own convention.  A
drawing comes from the canvas; "Try a real digit" puts a held-out digit onto a fresh canvas as an
image object (so it can be drawn over, and the canvas sends it back with the strokes); an upload
is decoded by core.data.images.  Clear and both pictures remount the canvas under a new key.
"""
from __future__ import annotations

import base64
import io

import streamlit as st
import streamlit_drawable_canvas as sdc
from PIL import Image

from core.data.images import (MAX_UPLOAD_BYTES, as_canvas_ink, decode_image, place_digit,
                                random_placement)
from viz import session, shared, words
from viz.markdown import literal
from viz.strings import t

CANVAS = 360          # canvas side in CSS pixels: wide enough for a finger, fits half a projector
INK, PAPER = "#FFFFFF", "#000000"


# ----------------------------------------------------------------------------- callbacks
def _new_canvas(picture=None):
    """A fresh canvas (a new key remounts it empty), optionally showing ``picture``."""
    session.current().draw.new_canvas(picture)


def _fabric_image(rgba):
    """An initial_drawing holding one image object that covers the canvas exactly."""
    buf = io.BytesIO()
    Image.fromarray(rgba).save(buf, format="PNG")
    src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    h, w = rgba.shape[:2]
    return {"version": "7.0.0", "objects": [{
        "type": "Image", "src": src, "left": 0, "top": 0, "width": w, "height": h,
        "originX": "left", "originY": "top", "scaleX": 1, "scaleY": 1,
        "selectable": False, "evented": False}]}


def _on_real_digit(dataset_name):
    ds = shared.dataset(dataset_name)
    rng = session.current().draw.rng
    i = int(rng.integers(len(ds.y_test)))
    box, centre = random_placement(rng, (CANVAS, CANVAS), 0.5, 0.8)
    rgba = place_digit(ds.x_test[i], (CANVAS, CANVAS), box, centre)
    _new_canvas({"kind": "digit", "rgba": rgba, "initial": _fabric_image(rgba), "index": i,
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
    """Controls and canvas; returns (RGBA image to read or None, its source, the picture placed
    or uploaded since the last Clear or None).  Source: "canvas", "digit" or "upload"."""
    draw = session.current().draw
    gen, picture = draw.gen, draw.picture
    brush = st.slider(t("draw.brush"), 8, 48, 24, key=session.widget_key("draw.brush"))
    on_canvas = picture if picture and picture["kind"] == "digit" else None
    result = sdc.st_canvas(stroke_width=brush, stroke_color=INK, background_color=PAPER,
                           width=CANVAS, height=CANVAS, drawing_mode="freedraw",
                           initial_drawing=on_canvas["initial"] if on_canvas else None,
                           return_image_data=True, key=f"draw.canvas.{gen}")
    rgba, source = _source(result, picture)
    left, right = st.columns(2)
    left.button(t("draw.clear"), on_click=_on_clear, width="stretch", icon=":material/delete:")
    right.button(t("draw.real"), on_click=_on_real_digit, args=(dataset_name,),
                 help=t("draw.real_help"), width="stretch", icon=":material/casino:")
    upload_key = f"draw.upload.{gen}"
    st.file_uploader(t("draw.upload"), type=["png", "jpg", "jpeg"],
                     max_upload_size=MAX_UPLOAD_BYTES >> 20, key=session.widget_key(upload_key),
                     on_change=_on_upload, args=(upload_key,))
    if draw.upload_error:
        st.error(t("draw.upload.error", error=literal(words.error_text(draw.upload_error))))
    return rgba, source, picture


def _source(result, picture):
    """The canvas's drawing once it sent one (strokes and any placed digit), else the picture
    placed or uploaded since the canvas was last cleared, else nothing."""
    if result.image_data is not None:
        return result.image_data, "canvas"
    if picture is None:
        return None, "canvas"
    if picture["kind"] == "upload":
        st.caption(t("draw.upload.caption", name=literal(picture["name"])))
        st.image(picture["rgba"], width=160, output_format="PNG")
    else:
        st.markdown(t("draw.real.caption", index=picture["index"],
                      label=words.class_word(picture.get("dataset", ""), picture["label"])))
    return picture["rgba"], picture["kind"]


def _on_clear():
    _new_canvas()
