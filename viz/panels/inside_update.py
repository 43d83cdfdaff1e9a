"""Inside page, the last two stages: the optimizer's update (momentum's v, Adam's m, v and bias
correction, RMSProp's s) and the loss on this example before and after it."""
from __future__ import annotations

import streamlit as st

from viz.figures.inside import cells_figure, tile_figure
from viz.panels.inside_backward import first_inked
from viz.panels.inside_latex import num, plain
from viz.panels.inside_parts import ask, chart, guess, matrix, three

from viz.strings import t

RULES = {
    "sgd": r"W \leftarrow W - \eta\, dW",
    "momentum": r"v \leftarrow \beta v + (1-\beta)\, dW,\quad W \leftarrow W - \eta v",
    "rmsprop": r"s \leftarrow \rho s + (1-\rho)\, dW^2,\quad "
               r"W \leftarrow W - \eta \frac{dW}{\sqrt{s} + \epsilon}",
    "adam": r"m \leftarrow \beta_1 m + (1-\beta_1) dW,\ v \leftarrow \beta_2 v + (1-\beta_2) dW^2,"
            r"\ \hat m = \frac{m}{1-\beta_1^t},\ \hat v = \frac{v}{1-\beta_2^t},\ "
            r"W \leftarrow W - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}",
}


def _state(values, key, at):
    buf = values.get(key)
    return 0.0 if buf is None else float(buf[at])


def _numbers(story, upd, at):
    """The rule with this entry's numbers, by optimizer (all values from the StepStory)."""
    h, g, lr = story.hyper, float(upd.grad[at]), story.lr
    old, new = float(upd.old[at]), float(upd.new[at])
    if story.optimizer == "sgd":
        return rf"W = {plain(old)} - {plain(lr)}\cdot{num(g)} = {plain(new)}"
    if story.optimizer == "momentum":
        b, v0, v1 = h["momentum"], _state(upd.state_before, "v", at), \
            _state(upd.state_after, "v", at)
        return (rf"v = {plain(b)}\cdot{num(v0)} + {plain(1 - b, 3)}\cdot{num(g)} = {plain(v1)};"
                rf"\quad W = {plain(old)} - {plain(lr)}\cdot{num(v1)} = {plain(new)}")
    if story.optimizer == "rmsprop":
        s0, s1 = _state(upd.state_before, "s", at), _state(upd.state_after, "s", at)
        return (rf"s = {plain(h['rho'])}\cdot{num(s0)} + {plain(1 - h['rho'], 3)}\cdot{num(g)}^2"
                rf" = {plain(s1)};\quad W = {plain(old)} - {plain(lr)}\frac{{{num(g)}}}"
                rf"{{\sqrt{{{plain(s1)}}} + \epsilon}} = {plain(new)}")
    m1, v1 = _state(upd.state_after, "m", at), _state(upd.state_after, "v", at)
    mh, vh = float(upd.corrected["m_hat"][at]), float(upd.corrected["v_hat"][at])
    return (rf"t = {story.t}:\ m = {plain(m1)},\ v = {plain(v1)},\ "
            rf"\hat m = \frac{{{num(m1)}}}{{{plain(story.c1, 4)}}} = {plain(mh)},\ "
            rf"\hat v = \frac{{{plain(v1)}}}{{{plain(story.c2, 4)}}} = {plain(vh)};\ "
            rf"W = {plain(old)} \to {plain(new)}")


def stage_update(ch, l, j, stage):
    story = ch.story
    upd = story.updates["W1"]
    at = first_inked(story, j) if ch.net.L > 1 else (story.y, 0)
    rule = RULES[story.optimizer]
    three(rule, rf"W^{{(1)}}_{{{at[0]},{at[1]}}}:\ " + _numbers(story, upd, at),
          rf"\Delta W^{{(1)}}_{{{at[0]},{at[1]}}} = {plain(upd.delta[at])}")
    st.markdown(t("inside.update.marker", optimizer=story.optimizer, lr=story.lr, t=story.t))
    if story.optimizer == "momentum":
        st.caption(t("inside.update.momentum"))
    elif story.optimizer == "adam":
        st.caption(t("inside.update.adam", c1=story.c1, c2=story.c2))
    L = ch.net.L
    out = story.updates[f"W{L}"]
    c1, c2 = st.columns(2)
    with c1:
        if upd.delta.shape[1] == 784 and L > 1:
            chart(tile_figure(upd.delta[j], t("inside.fig.row", name="ΔW(1)", j=j)), "dwupd")
    with c2:
        matrix(out.delta, t("inside.fig.matrix", name=f"ΔW({L})", rows=out.delta.shape[0],
                             cols=out.delta.shape[1]), "dWL")


def stage_after(ch, l, j, stage):
    story = ch.story
    down = story.loss_after < story.loss_before
    if not ask(stage, t("inside.ask.down"), ("down", "up"),
               format_func=lambda k: t(f"inside.ask.down.{k}")):
        return
    three(r"J_{\text{before}} \;\to\; J_{\text{after}}",
          rf"{plain(story.loss_before)} \;\to\; {plain(story.loss_after)}",
          rf"\hat y_{{{story.y}}}:\ {plain(story.before.P[0, story.y])} \;\to\; "
          rf"{plain(story.after.P[0, story.y])}")
    st.markdown(t("inside.after.marker", before=story.loss_before, after=story.loss_after))
    picked = guess(stage)
    if picked is not None:
        st.markdown(t("inside.ask.right" if (picked == "down") == down else "inside.ask.wrong"))
    c1, c2 = st.columns(2)
    with c1:
        chart(cells_figure(story.before.P[0], t("inside.fig.yhat_before"), mark=[story.y]),
              "pbefore")
    with c2:
        chart(cells_figure(story.after.P[0], t("inside.fig.yhat_after"), mark=[story.y]),
              "pafter")


UPDATE = {"update": stage_update, "after": stage_after}
