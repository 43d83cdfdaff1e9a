"""Models page (/models): download the model that answers, or upload one saved earlier.

Saving and loading are core.io's (.npz of arrays + JSON, never a pickle); an upload is checked by
core.io.load_model and core.evaluate.check_compatible, and a refused file changes nothing.
"""
import io

import streamlit as st

from core.evaluate import check_compatible
from core.io import load_model, save_model
from viz import session, shared
from viz.markdown import literal
from viz.panels import notice
from viz.panels.model_panel import (accuracy, architecture, caveats, model_picker,
                                       show_fallbacks)
from viz import words
from viz.strings import t

MAX_MODEL_MB = 100   # core.io caps the parameters; this caps the upload itself


def _on_upload(name):
    upload = session.widget(name)
    if upload is None:
        return
    s = session.current()
    try:
        net = load_model(upload.getvalue())
        check_compatible(net)
        info = shared.measure(net, "uploaded", name=upload.name)
    except ValueError as err:
        s.models.message = ("error", t("models.upload.error",
                                       error=literal(words.error_text(err))))
        return
    s.set_uploaded_model(info)
    s.models.gen += 1   # a fresh, empty uploader
    s.models.message = ("success", t("models.upload.ok", name=literal(upload.name),
                                     arch=architecture(net)))


def _on_forget():
    s = session.current()
    s.set_uploaded_model(None)
    s.models.message = None


def _model_bytes(info) -> bytes:
    buf = io.BytesIO()
    save_model(info.net, buf, dataset=info.dataset, source=info.kind, accuracy=info.accuracy,
               split=info.split)
    return buf.getvalue()


st.title(t("models.title"), anchor=False)
st.caption(t("models.intro"))
model_picker()
s = session.current()
info, reasons = s.answering_model()
show_fallbacks(reasons)
caveats(info)
if info is None:
    st.warning(t("model.none"))
else:
    st.markdown(t("models.current", name=t(f"model.{info.kind}"), arch=architecture(info.net),
                  accuracy=accuracy(info)))
    st.download_button(t("models.download"), data=_model_bytes(info),
                       file_name=f"backprop-lab-{info.kind}-model.npz",
                       mime="application/zip", help=t("models.download_help"),
                       icon=":material/download:", key="models.download")

st.divider()
upload_key = f"models.upload.{s.models.gen}"
st.file_uploader(t("models.upload"), type=["npz"], max_upload_size=MAX_MODEL_MB,
                 key=session.widget_key(upload_key), on_change=_on_upload, args=(upload_key,))
notice.show(s.models.message)
uploaded = s.uploaded
if uploaded is not None:
    st.info(t("models.uploaded", name=literal(uploaded.name), arch=architecture(uploaded.net)))
    st.button(t("models.forget"), on_click=_on_forget, key="models.forget")
