"""Which model answers, shared by the Draw, Evaluate and Models pages (not a page itself).

The pick lives in viz.state (it survives page switches, which drop widget values); each page's
radio only mirrors it.
"""
from __future__ import annotations

import streamlit as st

from viz import state
from viz import words
from viz.strings import t

def _widget(page):
    # One widget key per page: a keyed widget's identity includes its page, and the value a
    # page left behind must not stand in for the pick on the next page.
    return f"model.choice.{page}"


def _on_pick(page):
    state.set_model_choice(state.widget(_widget(page)))


def model_picker(page: str):
    """A horizontal radio (shipped / live from Train / uploaded) mirroring the session's pick."""
    name = _widget(page)
    if state.widget(name) != state.model_choice():   # first visit, or changed elsewhere
        state.set_widget(name, state.model_choice())
    st.radio(t("model.label"), state.MODEL_KINDS, format_func=lambda k: t(f"model.{k}"),
             horizontal=True, key=state.widget_key(name), on_change=_on_pick, args=(page,))


def show_fallbacks(reasons):
    """Say why the picked model is not the one answering (reasons: state.answering_model)."""
    for reason in reasons:
        if reason.startswith("no_shipped:"):
            st.warning(t("model.no_shipped", error=reason.split(":", 1)[1]))
        else:
            st.info(t(f"model.{reason}"))


def caveats(info):
    """Warn when the model is measured on data other than its own: the bundled sample's
    held-out digits are part of full MNIST's training set, and a model of a data set that is
    not here (e.g. Fashion-MNIST) falls back to the bundled digits."""
    if info is None or not info.trained_on or info.trained_on == info.dataset:
        return
    if info.trained_on == "mnist" and info.dataset == "mnist-sample":
        st.warning(t("model.optimistic"))
    else:
        st.warning(t("model.other_data", trained_on=words.dataset_label(info.trained_on),
                     dataset=words.dataset_label(info.dataset)))


def accuracy(info) -> str:
    """'held-out accuracy 97.1%' (or 'not measured yet') for a state.ModelInfo."""
    split = words.split_word(info.split)
    if info.accuracy is None:
        return t("model.accuracy_unmeasured", split=split)
    return t("model.accuracy", split=split, acc=info.accuracy * 100)


def answered_by(info) -> str:
    """'Answered by: **Shipped model** · Held-out accuracy 97.1%' for a state.ModelInfo."""
    return t("model.answered", name=t(f"model.{info.kind}"), accuracy=accuracy(info))


def architecture(net) -> str:
    """'784-128-10, sigmoid'."""
    return t("models.arch", sizes="-".join(map(str, net.sizes)), activation=net.activation)
