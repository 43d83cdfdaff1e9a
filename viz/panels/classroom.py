"""Classroom tools in the app shell: projector mode, the lesson's link, and the pace control.

Projector mode is per session (``Session.projector``; ``?projector=1`` in a link).  Streamlit's
``theme.baseFontSize`` is a server option, so the bigger type is this session's own CSS, written
with stable selectors only (``data-testid`` attributes and the ``st-key-<key>`` classes of keyed
containers), never generated ``st-emotion-cache-*`` names.  Charts get bigger type and thicker
lines through their builders' ``look`` argument (viz.figures.style.PROJECTOR).

The page address always holds the lesson (session.sync_query): the page, a preset and the
settings that differ from it, the language and projector mode; "Link" shows the full address
with a copy icon (``st.code``; nothing leaves the machine).
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from core.config import PACES
from viz import session, words
from viz.figures import style
from viz.panels import join
from viz.strings import t, t_in

BODY_PX = 20   # body text in projector mode: readable from the back of a classroom

# Projector mode: no sidebar, big body text, compact headings and padding (the page must fit a
# 1366x768 projector).  Selectors: data-testid attributes Streamlit documents in its own tests.
PROJECTOR_CSS = f"""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 3.6rem !important;
  padding-bottom: 1rem !important; max-width: 100% !important; }}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, [data-testid="stAlert"] p,
[data-testid="stBaseButton-primary"] p, [data-testid="stBaseButton-secondary"] p,
[data-testid="stBaseButton-segmented_control"] p, [data-testid="stBaseButton-segmented_controlActive"] p,
[data-testid="stExpander"] summary p, [data-testid="stCode"] code {{
  font-size: {BODY_PX}px !important; line-height: 1.35 !important; }}
h1 {{ font-size: 2.0rem !important; padding: 0.1rem 0 0.3rem 0 !important; }}
h3 {{ font-size: 1.3rem !important; }}
.st-key-draw-answer h2 {{ font-size: 2.6rem !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.55rem; }}
</style>"""


def is_on() -> bool:
    """Whether this session shows the app in projector mode."""
    return session.current().projector


def look() -> style.Look:
    """The chart sizes of this session (style.PROJECTOR in projector mode)."""
    return style.look_for(is_on())


def _on_projector() -> None:
    session.current().projector = bool(session.widget("projector"))


def toolbar() -> None:
    """Projector switch and Link, drawn in the shell's row beside the language switcher."""
    s = session.current()
    if session.widget("projector") is None:
        session.set_widget("projector", s.projector)
    st.toggle(t("projector.toggle"), key=session.widget_key("projector"), on_change=_on_projector,
              help=t("projector.help"))
    with st.popover(t("link.button"), icon=":material/link:", help=t("link.help")):
        st.code(lesson_url(), language=None, wrap_lines=True)
        st.caption(t("link.caption"))
    join.class_button()   # the join link and QR (teacher) or the teacher-code field (student)


def lesson_url() -> str:
    """The full address of this page with the lesson in its query."""
    base = st.context.url or ""
    return f"{base}?{urlencode(session.link_query())}"


def shell() -> None:
    """Each run, on every page: projector CSS, the shared link's problems, and the address kept
    in step with the lesson."""
    s = session.current()
    if s.projector:
        st.html(PROJECTOR_CSS)
    if s.config_error:
        st.warning(t("settings.bad_query", error=words.error_text(s.config_error)))
    session.sync_query()


# ---------------------------------------------------------------- pace (the Train page)
def _on_pace() -> None:
    pace = session.widget("pace")
    if pace in PACES:
        session.current().set_pace(pace)


def _on_until_paused() -> None:
    session.current().set_until_paused(bool(session.widget("until_paused")))


def pace_controls() -> None:
    """Full speed / class pace / slow motion, and "until paused": both change the settings and
    the run in progress at once (the run goes on)."""
    cfg = session.current().config
    session.set_widget("pace", cfg.pace)              # follows presets, links and Apply
    session.set_widget("until_paused", cfg.until_paused)
    lang = session.language()   # bound now: AppTest calls format_func outside the script run
    st.segmented_control(t("pace.label"), tuple(PACES), key=session.widget_key("pace"),
                         format_func=lambda p: t_in(lang, f"pace.{p}"), required=True,
                         on_change=_on_pace, label_visibility="collapsed",
                         help=t("pace.help", class_rate=PACES["class"], slow_rate=PACES["slow"]))
    st.toggle(t("until_paused.label"), key=session.widget_key("until_paused"),
              on_change=_on_until_paused, help=t("until_paused.help"))
