"""Entry point: ``streamlit run viz/app.py`` from the repo root.

Sets up the page, then hands over to ``st.navigation``: Train (/train; "/" forwards there), Draw,
Inside (one training step, stage by stage), Evaluate, Compare, Models and Follow (the class run,
read-only, for students' screens) live in viz/app_pages/ (not pages/, which would trigger
Streamlit's old automatic page discovery).  The first page load prints the teacher code and the
join link in the server console (viz.class_run).
"""
import sys
from pathlib import Path

# `streamlit run viz/app.py` puts only viz/ on sys.path; `core` and `viz` live in the repo root.
_REPO_ROOT = str(Path(__file__).resolve().parents[1])
if _REPO_ROOT not in sys.path:
    sys.path.insert(0, _REPO_ROOT)

# Import every module once, under one lock, before any page runs: on a fresh server a class's
# simultaneous first loads import in parallel threads, which can deadlock on import locks or see
# half-initialised modules (pandas under Plotly, core.config, viz.app_pages); see viz/preload.py.
from viz.preload import preload  # noqa: E402

preload()

import streamlit as st  # noqa: E402

from viz import class_run, session  # noqa: E402
from viz.panels import classroom, join  # noqa: E402
from viz.strings import LANGUAGES, t  # noqa: E402


def _first_language() -> str:
    """A new session's language when its link named none (a link's ?lang= is read with the rest
    of the link, viz.session): the browser's (zh* -> zh), else en."""
    locale = (st.context.locale or "").lower()
    return "zh" if locale.startswith("zh") else "en"


# On a phone (Streamlit stacks columns below 640 px) segmented controls wrap onto a second row
# instead of running past the right edge (tests/browser/test_phone_browser.py).
NARROW_CSS = ("<style>@media (max-width: 640px) { [data-testid='stButtonGroup'] > div "
              "{ flex-wrap: wrap; row-gap: 0.25rem; } }</style>")


def _language_switcher() -> None:
    """A small English / 简体中文 control atop every page; the choice is the session's."""
    lang = session.language()
    st.html(NARROW_CSS)
    with st.container(horizontal=True, horizontal_alignment="right", key="language",
                      vertical_alignment="center"):
        classroom.toolbar()   # projector mode and the lesson's link, in the same row
        picked = st.segmented_control(t("language.label"), list(LANGUAGES), default=lang,
                                      format_func=LANGUAGES.get, required=True,
                                      label_visibility="collapsed", key="language.switch")
    if picked in LANGUAGES and picked != lang:
        session.set_language(picked)
        st.rerun()   # every label of this run was already worded in the old language


def _announce() -> None:
    """Print the teacher code and the join link in the server console, once per process (the
    teacher reads them there; a browser on another machine needs the code to teach)."""
    holder = class_run.holder()
    if holder.take_announcement():
        print(f"\n  Backprop Lab teacher code: {holder.code()}"
              f"\n  Students join at: {join.join_url()}\n", flush=True)


_announce()
if not session.language_chosen():
    session.set_language(_first_language())
st.set_page_config(page_title=t("app.title"), page_icon=t("app.icon"), layout="wide")

TRAIN = st.Page("app_pages/train.py", title=t("nav.train"), url_path="train",
                icon=":material/model_training:")


def _landing() -> None:
    """The root URL opens the Train page at /train, keeping any settings in the link."""
    st.switch_page(TRAIN, query_params=st.query_params.to_dict())


PAGES = [
    # Hidden default page: a default page is always served at "/", so Train itself could not
    # also be reachable at /train; this one forwards there.
    st.Page(_landing, title=t("nav.train"), url_path="home", default=True, visibility="hidden"),
    TRAIN,
    st.Page("app_pages/lessons.py", title=t("nav.lessons"), url_path="lessons",
            icon=":material/school:"),
    st.Page("app_pages/draw.py", title=t("nav.draw"), url_path="draw", icon=":material/draw:"),
    st.Page("app_pages/inside.py", title=t("nav.inside"), url_path="inside",
            icon=":material/account_tree:"),
    st.Page("app_pages/evaluate.py", title=t("nav.evaluate"), url_path="evaluate",
            icon=":material/fact_check:"),
    st.Page("app_pages/compare.py", title=t("nav.compare"), url_path="compare",
            icon=":material/compare_arrows:"),
    st.Page("app_pages/models.py", title=t("nav.models"), url_path="models",
            icon=":material/save:"),
    st.Page("app_pages/follow.py", title=t("nav.follow"), url_path="follow",
            icon=":material/visibility:"),
]

page = st.navigation(PAGES, position="top")
_language_switcher()
classroom.shell()     # projector CSS, a bad link's message, the address kept in step
session.heartbeat()   # every page that is open keeps this session's run alive
page.run()
