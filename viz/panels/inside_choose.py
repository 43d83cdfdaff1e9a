"""Inside page, part 1: choose the example, the network and the optimizer; get the StepStory.

The story (core.stepthrough.one_step) is computed once per choice and kept in the session
(s.inside.story), so walking the stages only reads it.  A network still training is used as a
frozen copy (network, optimizer buffers and step copied together, Trainer.copy_optimizer) until
the user asks for a fresh one.
"""
from __future__ import annotations

import weakref
from typing import NamedTuple

import numpy as np
import streamlit as st

from core.config import BOUNDS
from core.data import to_float
from core.network import Network
from core.optim import OPTIMIZERS
from core.stepthrough import busiest_unit, one_step, pick_example
from viz import session, shared
from viz.strings import t

EXAMPLES = ("drawn", "heldout")
HOWS = ("digit", "random", "wrong")
NETWORKS = ("live", "shipped", "tutorial")
TUTORIAL_SIZES = [784, 128, 10]


class Chosen(NamedTuple):
    """What the stages show: ``story`` (StepStory), ``net`` (the network before the step),
    ``kind`` (a value of NETWORKS), ``step`` (the live run's step, else None), ``dataset``,
    ``source`` ("drawn" | "heldout"), ``pool`` ((X, y) held-out digits as floats, for the check)."""

    story: object
    net: object
    kind: str
    step: int | None
    dataset: str
    source: str
    pool: tuple


def _tutorial_network():
    """The article's network: 784-128-10, sigmoid, weights randn * 0.01."""
    return Network(TUTORIAL_SIZES, activation="sigmoid", init="seed", seed=0)


def _network(s, kind):
    """(net, optimizer or None, step or None, dataset name) for ``kind``; None when unavailable."""
    if kind == "live":
        tr = s.trainer
        if tr is None or tr.step_count == 0:
            return None
        held = s.inside.frozen_from
        if s.inside.frozen is None or held is None or held() is not tr:   # none, or another run's
            s.inside.frozen, s.inside.frozen_from = tr.copy_optimizer(), weakref.ref(tr)
        net, opt, step = s.inside.frozen
        return net, opt, step, tr.config.dataset
    if kind == "shipped":
        info, _ = shared.shipped_model()
        return None if info is None else (info.net, None, None, info.dataset)
    return _tutorial_network(), None, None, "mnist-sample"


def _refreeze():
    session.current().inside.frozen = None


def _network_choice(s):
    live = s.trainer is not None and s.trainer.step_count > 0
    kind = st.radio(t("inside.net.label"), NETWORKS, format_func=lambda k: t(f"inside.net.{k}"),
                    index=0 if live else 1, horizontal=True, key=session.widget_key("inside.net"))
    got = _network(s, kind)
    if got is None:
        st.info(t("inside.net.no_live" if kind == "live" else "inside.net.no_shipped"))
        kind, got = "tutorial", _network(s, "tutorial")
    net, opt, step, dataset = got
    if kind == "live":
        st.caption(t("inside.net.frozen", step=step))
        st.button(t("inside.net.refreeze"), on_click=_refreeze, key="inside.refreeze")
    st.caption(t("inside.net.shape", sizes=" → ".join(map(str, net.sizes)),
                 activation=net.activation))
    return kind, net, opt, step, dataset


def _optimizer_choice(s, opt, step):
    """(name, lr, momentum, optimizer state or None): the live run's own, or chosen here."""
    if opt is not None:
        st.caption(t("inside.opt.live", optimizer=opt.name, lr=opt.lr, step=step))
        return opt.name, opt.lr, getattr(opt, "momentum", 0.0), opt
    cfg = s.config
    cols = st.columns(3)
    name = cols[0].selectbox(t("settings.optimizer"), tuple(OPTIMIZERS),
                             index=tuple(OPTIMIZERS).index(cfg.optimizer),
                             key=session.widget_key("inside.opt"))
    # The settings' own ranges (core.config.BOUNDS): the fields start from the settings' values.
    (lr_low, lr_high), (beta_low, beta_high) = BOUNDS["lr"], BOUNDS["momentum"]
    lr = cols[1].number_input(t("settings.lr"), min_value=lr_low, max_value=lr_high,
                              value=float(cfg.lr), format="%g", key=session.widget_key("inside.lr"))
    beta = cols[2].number_input(t("settings.momentum"), min_value=beta_low, max_value=beta_high,
                                value=float(cfg.momentum), format="%g",
                                key=session.widget_key("inside.beta"))
    return name, float(lr), float(beta), None


def _new_pick():
    session.current().inside.pick = None


def _heldout(s, net, ds):
    """(x, y, index) of a held-out digit chosen by class, at random or misread; None if none."""
    cols = st.columns([2, 1, 1])
    how = cols[0].radio(t("inside.how.label"), HOWS, format_func=lambda k: t(f"inside.how.{k}"),
                        horizontal=True, key=session.widget_key("inside.how"), on_change=_new_pick)
    digit = cols[1].selectbox(t("inside.how.digit_pick"), range(10),
                              key=session.widget_key("inside.digit"), on_change=_new_pick,
                              disabled=how != "digit")
    cols[2].button(t("inside.how.another"), on_click=_new_pick, key="inside.another")
    X, y = ds.x_test, ds.y_test
    pick = s.inside.pick
    if pick is None or pick >= len(y) or (how == "digit" and y[pick] != digit):
        pick = s.inside.pick = pick_example(net, to_float(X), y, how, s.inside.rng, digit=digit)
    if pick is None:
        st.info(t("inside.how.none"))
        return None
    return to_float(X[pick]), int(y[pick]), pick


def _drawn(s, net):
    """(x, y, None) of the last drawing, y said by the user (default: the network's answer)."""
    x = s.draw.last_x
    if x is None:
        st.info(t("inside.drawn.none"))
        st.page_link("app_pages/draw.py", label=t("inside.drawn.go"), icon=":material/draw:")
        return None
    guess = int(net.predict(np.asarray(x, np.float32).reshape(1, -1))[0])
    y = st.selectbox(t("inside.drawn.label"), range(10), index=guess,
                     key=session.widget_key(f"inside.drawn_y.{hash(x.tobytes())}"))
    return np.asarray(x, np.float32), int(y), None


def choose() -> Chosen | None:
    """The choice controls; the StepStory for them (recomputed only when they change)."""
    s = session.current()
    left, right = st.columns(2, gap="large")
    with right:
        kind, net, opt, step, dataset = _network_choice(s)
        name, lr, beta, state = _optimizer_choice(s, opt, step)
    with left:
        source = st.radio(t("inside.example.label"), EXAMPLES,
                          index=0 if s.draw.last_x is not None else 1,
                          format_func=lambda k: t(f"inside.example.{k}"), horizontal=True,
                          key=session.widget_key("inside.example"))
        ds = shared.dataset(dataset)
        got = _drawn(s, net) if source == "drawn" else _heldout(s, net, ds)
        if got is None:
            return None
        x, y, index = got
    key = (kind, step, id(net) if kind != "tutorial" else 0, source, index,
           hash(x.tobytes()), y, name, lr, beta)
    if s.inside.story_key != key:
        s.inside.story = one_step(net, x, y, name, lr, optimizer_state=state, momentum=beta)
        s.inside.story_key, s.inside.check = key, None
        s.inside.revealed.clear()
        if net.L > 1:   # follow a unit that takes part: its numbers are not all 0
            s.inside.unit = busiest_unit(s.inside.story, 1)
            session.set_widget("inside.unit", s.inside.unit)
    pool = (to_float(ds.x_test[:64]), ds.y_test[:64])
    return Chosen(s.inside.story, net, kind, step, dataset, source, pool)
