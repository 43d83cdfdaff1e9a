"""Lessons page (/lessons): guided one-click experiments, each with what to watch for, a question
for the class, and, once run, what happened in the run's own numbers (panels/lessons_*.py)."""
import streamlit as st

from core.experiments import EXPERIMENTS
from viz import session
from viz.panels import lessons_cards as cards
from viz.panels import notice
from viz.panels import lessons_run as runner
from viz.strings import t

s = session.current()
runner.advance(s)            # an experiment that ended while nobody looked is taken in now

st.title(t("lessons.title"), anchor=False)
st.markdown(t("lessons.intro"))
pending, s.lessons.notice = s.lessons.notice, None
notice.show(pending)

for exp in EXPERIMENTS.values():
    cards.card(exp)
