"""Draw page (/draw): draw a digit and see what the network sees, thinks and why.

The canvas and everything that depends on it run in one ``st.fragment`` (no run_every): a stroke
reruns only that fragment, so the answer comes back quickly even while training runs.
"""
import streamlit as st

from viz.panels import draw_canvas, draw_panels
from viz.panels.model_panel import model_picker
from viz.strings import t

draw_canvas.page_head()
st.title(t("draw.title"), anchor=False)
with st.container(key="draw-intro"):   # left out on a phone (draw_canvas.PAGE_CSS)
    st.caption(t("draw.intro"))
model_picker()
draw_panels.draw_fragment()
