"""Inside page (/inside): one training step of the real network, forward, backward and update,
each formula beside its numbers, and a gradient check the class can watch.

Choices (example, network, optimizer) are in viz/panels/inside_choose.py; the stage view with
Previous / Next / Play in inside_stage.py (a fragment: a click redraws only the stage); the
gradient check in inside_check.py.  Every number comes from core.stepthrough.
"""
import streamlit as st

from core import threads
from viz import session
from viz.panels.inside_check import check_panel
from viz.panels.inside_choose import choose
from viz.panels.inside_stage import stages
from viz.strings import t

threads.set_blas_threads(threads.TRAINING_THREADS)   # the app's policy: one BLAS thread
st.title(t("inside.title"), anchor=False)
st.caption(t("inside.intro"))
with st.container(border=True, key="inside-choose"):
    chosen = choose()
if chosen is not None:
    for note in chosen.story.notes:
        st.info(t(f"inside.note.{note}"))
    st.toggle(t("inside.predict"), value=True, key=session.widget_key("inside.predict"))
    stages(chosen)
    st.divider()
    check_panel(chosen)
