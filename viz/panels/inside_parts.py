"""Pieces every Inside stage uses: the three lines of a formula, a chart, predict-then-reveal."""
from __future__ import annotations

import streamlit as st

from viz import session
from viz.figures.inside import BIG_MATRIX, matrix_figure, matrix_image
from viz.strings import t

CONFIG = {"displayModeBar": False}


def three(formula, numbers, result):
    """The formula in the article's notation, the same with the real numbers, the result."""
    with st.container(key="inside-formula", border=True):
        st.caption(t("inside.line.formula"))
        st.latex(formula)
        st.caption(t("inside.line.numbers"))
        st.latex(numbers)
        st.caption(t("inside.line.result"))
        st.latex(result)


def chart(fig, key):
    """A chart in the next slot of the stage: stages reuse the same keys in order, so the
    browser updates a chart in place (Plotly.react) instead of mounting a new one per stage.
    ``key`` names it for readers; the overview keeps its own."""
    if key != "overview":
        ins = session.current().inside
        ins.slot += 1
        key = f"slot{ins.slot}"
    st.plotly_chart(fig, key=f"inside.{key}", config=CONFIG, theme=None)


def matrix(M, title, key):
    """A matrix with its shape in ``title``: a heatmap, or a picture when it is big."""
    if M.size <= BIG_MATRIX:
        chart(matrix_figure(M, title), key)
        return
    st.markdown(title)
    st.image(matrix_image(M), output_format="PNG", width="stretch")


def _reveal(stage):
    session.current().inside.revealed.add(stage)


def ask(stage, question, options, format_func=str):
    """Predict, then reveal: with the switch on and this stage not yet revealed, ask
    ``question`` (a radio of ``options``) and return False (the caller keeps the answer hidden);
    otherwise return True."""
    s = session.current()
    if not session.widget("inside.predict", True) or stage in s.inside.revealed:
        return True
    with st.container(key="inside-ask", border=True):
        st.markdown(t("inside.ask.title", question=question))
        st.radio(question, options, format_func=format_func, index=None, horizontal=True,
                 key=session.widget_key(f"inside.guess.{stage}"), label_visibility="collapsed")
        st.button(t("inside.ask.reveal"), on_click=_reveal, args=(stage,),
                  key=f"inside.reveal.{stage}")
    return False


def guess(stage):
    """What the user predicted at ``stage`` (None when nothing was picked)."""
    return session.widget(f"inside.guess.{stage}")
