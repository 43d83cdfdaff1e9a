"""Follow page (/follow): the class run, live and read-only, on any screen (a phone too).

It shows the teacher's run (viz.class_run) with the Train page's status line and charts
(viz.panels.train_charts), and nothing that could change it: no buttons, no settings, and no
code path here calls the class trainer's controls — it only takes snapshots.  While the class
run trains, a fragment redraws every REFRESH_S seconds; otherwise the panel is drawn once and a
tiny watcher fragment reruns the page when the run starts, steps or is replaced.  Each
session's heartbeat keeps only its own run alive (the class run belongs to the teacher's tab).
"""
import streamlit as st

from viz import class_run, session, words
from viz.live_chart import element
from viz.panels import train_charts
from viz.strings import t, t_in

REFRESH_S = 1.0                                  # a room of followers: one refresh a second
VIEWS = ("overview", "gradients", "weights")     # the health view is the teacher's detail
# On a phone (narrow screen) the title and the status line take less of the first screen.
PHONE_CSS = """<style>@media (max-width: 640px) {
  .st-key-follow-head h1 { font-size: 1.7rem !important; }
  .st-key-follow-status h3 { font-size: 1.05rem !important; line-height: 1.4 !important; }
}</style>"""


def _key(tr, snap):
    """What the static panel shows: a different run, or a new step of it, means redraw."""
    return None if snap is None else (id(tr), snap.version)


def _draw(tr, snap, view: str) -> None:
    if snap is None:
        st.info(t("follow.waiting"))
        return
    with st.container(key="follow-status"):
        st.subheader(train_charts.status_line(snap), anchor=False)
    if snap.status == "diverged":
        st.error(words.note_text(snap.note))
    elif snap.status != "running":
        st.caption(words.note_text(snap.note))
    # One figure cache for the whole room: each snapshot's figures are built once.
    train_charts.charts(snap, view, revision=id(tr), cache=class_run.holder().figures)


def _live(view: str) -> None:
    """Polling while the class run trains; back to the still panel when it stops."""
    session.heartbeat()   # this session's own run only
    tr, snap = class_run.holder().snapshot()
    _draw(tr, snap, view)
    if snap is None or snap.status != "running":
        st.rerun(scope="app")


def _watch(drawn) -> None:
    """Rerun the page when the class run is not what the still panel shows any more."""
    session.heartbeat()
    tr, snap = class_run.holder().snapshot()
    if _key(tr, snap) != drawn:
        st.rerun(scope="app")


st.html(PHONE_CSS)
element.forget(session.current().train.live)   # a full run remounts the charts: send each whole
with st.container(key="follow-head"):
    st.title(t("follow.title"), anchor=False)
    if not session.current().projector:
        st.caption(t("follow.intro"))
lang = session.language()   # bound now: AppTest calls format_func outside the script run
view = st.segmented_control(t("view.label"), VIEWS, key=session.widget_key("follow.view"),
                            format_func=lambda v: t_in(lang, f"view.{v}"), default="overview",
                            required=True, label_visibility="collapsed") or "overview"
tr, snap = class_run.holder().snapshot()
if snap is not None and snap.status == "running":
    st.fragment(_live, run_every=REFRESH_S)(view)
else:
    _draw(tr, snap, view)
    st.fragment(_watch, run_every=REFRESH_S)(_key(tr, snap))
