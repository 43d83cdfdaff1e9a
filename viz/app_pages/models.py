"""Models page (/models): download the model that answers, or upload one saved earlier.

Saving and loading are core.io's (.npz of arrays + JSON, never a pickle); an upload is checked by
core.io.load_model and core.evaluate.check_compatible, and a refused file changes nothing.
"""
import io

import streamlit as st

from core.evaluate import check_compatible
from core.io import load_model, save_model
from viz import state
from viz.markdown import literal
from viz.panels.model_panel import (accuracy, architecture, caveats, model_picker,
                                       show_fallbacks)
from viz.strings import t

MAX_MODEL_MB = 100   # core.io caps the parameters; this caps the upload itself
_GEN, _MESSAGE = "models.gen", "models.message"


def _on_upload(name):
    upload = state.widget(name)
    if upload is None:
        return
    try:
        net = load_model(upload.getvalue())
        check_compatible(net)
        info = state.measure(net, "uploaded", name=upload.name)
    except ValueError as err:
        state.put(_MESSAGE, ("error", t("models.upload.error", error=literal(err))))
        return
    state.set_uploaded_model(info)
    state.put(_GEN, state.get(_GEN, 0) + 1)   # a fresh, empty uploader
    state.put(_MESSAGE, ("success", t("models.upload.ok", name=literal(upload.name),
                                      arch=architecture(net))))


def _on_forget():
    state.set_uploaded_model(None)
    state.pop(_MESSAGE)


def _model_bytes(info) -> bytes:
    buf = io.BytesIO()
    save_model(info.net, buf, dataset=info.dataset, source=info.kind, accuracy=info.accuracy,
               split=info.split)
    return buf.getvalue()


st.title(t("models.title"), anchor=False)
st.caption(t("models.intro"))
model_picker("models")
info, reasons = state.answering_model()
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
upload_key = f"models.upload.{state.get(_GEN, 0)}"
st.file_uploader(t("models.upload"), type=["npz"], max_upload_size=MAX_MODEL_MB,
                 key=state.widget_key(upload_key), on_change=_on_upload, args=(upload_key,))
message = state.get(_MESSAGE)
if message:
    getattr(st, message[0])(message[1])
uploaded = state.uploaded_model()
if uploaded is not None:
    st.info(t("models.uploaded", name=literal(uploaded.name), arch=architecture(uploaded.net)))
    st.button(t("models.forget"), on_click=_on_forget, key="models.forget")
