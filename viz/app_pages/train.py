"""Train page (/train): settings in the sidebar, run buttons, live charts.

The session's Trainer trains in its own thread (viz.session owns it); this page only flips its
controls and draws its snapshots. Part 1 (settings, buttons) is train_controls.py, part 2 (the
polling live panel) train_charts.py.
"""
import streamlit as st

from viz import session
from viz.panels import classroom
from viz.panels import train_charts as charts
from viz.panels import train_controls as controls
from viz.strings import t, t_in

# The shell (viz/app.py, viz.panels.classroom) has read the shared link, said what in it could
# not be read, and keeps the address in step with the settings.
projector = classroom.is_on()

with st.sidebar:
    st.header(t("settings.header"), anchor=False)
    controls.presets()
    controls.settings_form()
    controls.downloads()

st.title(t("train.title"), anchor=False)
if not projector:   # on a projector the teacher says it; the charts need the room
    st.markdown(t("train.intro"))
    with st.expander(t("controls.live"), expanded=False):
        controls.live_controls()

with st.container(horizontal=True, vertical_alignment="center", key="train-bar"):
    lang = session.language()   # bound now: AppTest calls format_func outside the script run
    view = st.segmented_control(t("view.label"), charts.VIEWS, key=session.widget_key("view"),
                                format_func=lambda v: t_in(lang, f"view.{v}"),
                                default="overview", required=True, label_visibility="collapsed")
    classroom.pace_controls()
charts.show(view or "overview")

s = session.current()
if len(s.runs) >= 2 and st.button(t("train.compare_previous"), key="btn.compare_previous",
                                  icon=":material/compare_arrows:"):
    from viz.panels.compare_runs import pick_last_two
    pick_last_two(s)
    st.switch_page("app_pages/compare.py")
