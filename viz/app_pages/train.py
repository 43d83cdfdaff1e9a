"""Train page (/train): settings in the sidebar, run buttons, live charts.

The session's Trainer trains in its own thread (viz.session owns it); this page only flips its
controls and draws its snapshots. Part 1 (settings, buttons) is train_controls.py, part 2 (the
polling live panel) train_charts.py.
"""
import streamlit as st

from viz import session, words
from viz.panels import train_charts as charts
from viz.panels import train_controls as controls
from viz.strings import t

s = session.current()           # on a session's first run: settings read from the shared link
if s.config_error:
    st.warning(t("settings.bad_query", error=words.error_text(s.config_error)))
session.sync_query(s.config)    # the address always reproduces the settings in use

with st.sidebar:
    st.header(t("settings.header"), anchor=False)
    controls.presets()
    controls.settings_form()
    controls.downloads()

st.title(t("train.title"), anchor=False)
st.markdown(t("train.intro"))

with st.expander(t("controls.live"), expanded=False):
    controls.live_controls()

view = st.segmented_control(t("view.label"), charts.VIEWS, key=session.widget_key("view"),
                            format_func=lambda v: t(f"view.{v}"), default="overview",
                            required=True, label_visibility="collapsed")
charts.show(view or "overview")

if len(s.runs) >= 2 and st.button(t("train.compare_previous"), key="btn.compare_previous",
                                  icon=":material/compare_arrows:"):
    from viz.panels.compare_runs import pick_last_two
    pick_last_two(s)
    st.switch_page("app_pages/compare.py")
