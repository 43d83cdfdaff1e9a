"""Which model answers, shared by the Draw, Evaluate and Models pages (not a page itself).

The pick lives in the session (viz.session: it survives page switches, which drop widget
values); the picker's radio only mirrors it.
"""
from __future__ import annotations

import streamlit as st

from viz import session, words
from viz.shared import MODEL_KINDS
from viz.strings import t, t_in

_PICK = "model.choice"   # the picker's widget name, the same on every page


def _on_pick():
    session.current().set_model_choice(session.widget(_PICK))


def model_picker() -> None:
    """A horizontal radio (shipped / live from Train / uploaded) mirroring the session's pick;
    the Draw, Evaluate and Models pages call it under their title (Train does not)."""
    # Set on every run, not only when it differs: a keyed widget's identity includes its page,
    # so on another page the value this key holds is the old page's widget's and would be
    # dropped for the default; a value set through session state is taken by any widget.
    session.set_widget(_PICK, session.current().model_choice)
    lang = session.language()   # bound now: AppTest calls format_func outside the script run
    st.radio(t("model.label"), MODEL_KINDS, format_func=lambda k: t_in(lang, f"model.{k}"),
             horizontal=True, key=session.widget_key(_PICK), on_change=_on_pick)


def show_fallbacks(reasons):
    """Say why the picked model is not the one answering (reasons: Session.answering_model)."""
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
    """'held-out accuracy 97.1%' (or 'not measured yet') for a shared.ModelInfo."""
    split = words.split_word(info.split)
    if info.accuracy is None:
        return t("model.accuracy_unmeasured", split=split)
    return t("model.accuracy", split=split, acc=info.accuracy * 100)


def answered_by(info) -> str:
    """'Answered by: **Shipped model** · Held-out accuracy 97.1%' for a shared.ModelInfo."""
    return t("model.answered", name=t(f"model.{info.kind}"), accuracy=accuracy(info))


def architecture(net) -> str:
    """'784-128-10, sigmoid'."""
    return t("models.arch", sizes="-".join(map(str, net.sizes)), activation=net.activation)
