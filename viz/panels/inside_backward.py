"""Inside page, the backward stages and the update: dZ of the output, dW and db of each layer
going back, dA = W^T dZ, dZ = dA * g'(z), the optimizer's update, the loss before and after.

With one example m = 1, so the (1/m) of the article's dW = (1/m) dZ a^T is 1 (core keeps it in
dZ of the output).  Every number is read from the StepStory.
"""
from __future__ import annotations

import streamlit as st

from core.stepthrough import activation_derivative, dot_terms, unit_slice
from viz.figures.inside import cells_figure, tile_figure
from viz.panels.inside_forward import layer_input
from viz.panels.inside_latex import num, plain, sup, vec
from viz.panels.inside_parts import ask, chart, guess, matrix, three
from viz.strings import t

GPRIME = {"sigmoid": r"g'(z) = \sigma(z)(1-\sigma(z)) = a(1-a)",
          "tanh": r"g'(z) = 1 - \tanh^2 z = 1 - a^2",
          "relu": r"g'(z) = 1\ (z > 0),\ 0\ (z \le 0)",
          "leaky_relu": r"g'(z) = 1\ (z > 0),\ 0.01\ (z \le 0)"}


def stage_dz_out(ch, l, j, stage):
    story = ch.story
    y, L = story.y, ch.net.L
    P, dZ = story.before.P[0], story.before.layers[-1].dZ[0]
    if not ask(stage, t("inside.ask.negative"), list(range(10))):
        return
    firsts = ", ".join(rf"{plain(P[k], 3)} - 0" for k in range(2) if k != y)
    three(rf"dZ{sup(L + 1)} = \hat y - y",
          rf"dZ{sup(L + 1)} = \begin{{bmatrix}}{firsts} \\ \vdots \\ "
          rf"\hat y_{{{y}}} - 1 = {plain(P[y], 3)} - 1 \\ \vdots\end{{bmatrix}}",
          rf"dZ{sup(L + 1)} = {vec(dZ)},\quad dZ{sup(L + 1)}_{{{y}}} = {plain(dZ[y])}")
    picked = guess(stage)
    if picked is not None:
        st.markdown(t("inside.ask.right" if dZ[picked] < 0 else "inside.ask.wrong"))
    st.markdown(t("inside.dz_out.explain", label=y))
    chart(cells_figure(dZ, t("inside.fig.vector", name=f"dZ({L + 1})", n=len(dZ)), mark=[y]),
          "dzout")


def stage_grads(ch, l, j, stage):
    story, net = ch.story, ch.net
    upd, tr = story.updates[f"W{l}"], story.before.layers[l - 1]
    a_prev = layer_input(story, l)
    row = j if l < net.L else story.y
    if l == 1 and not ask(stage, t("inside.ask.pixels"), ("all", "inked", "blank"),
                          format_func=lambda k: t(f"inside.ask.pixels.{k}")):
        return
    d = dot_terms(upd.old[row], a_prev)
    i = int(d.indices[0]) if len(d.indices) else 0
    reg = rf" + \frac{{\lambda}}{{m}} W{sup(l)}" if story.l2 > 0 else ""
    reg_n = rf" + {plain(story.l2)}\cdot{num(upd.old[row, i])}" if story.l2 > 0 else ""
    db = "" if tr.db is None else rf",\quad db{sup(l)} = \frac{{1}}{{m}}\sum dZ{sup(l + 1)}"
    three(rf"dW{sup(l)} = \frac{{1}}{{m}} dZ{sup(l + 1)} a^{{({l})\top}}{reg}{db}",
          rf"m = 1:\ dW{sup(l)}_{{{row},{i}}} = dZ{sup(l + 1)}_{{{row}}}\, a{sup(l)}_{{{i}}}"
          rf" = {num(tr.dZ[0, row])}\cdot{num(a_prev[i])}{reg_n}",
          rf"dW{sup(l)}_{{{row},{i}}} = {plain(tr.dW[row, i])},\quad "
          rf"dW{sup(l)} \in \mathbb{{R}}^{{{tr.dW.shape[0]}\times{tr.dW.shape[1]}}}")
    if l == 1:
        st.markdown(t("inside.grads.inked", inked=d.nonzero, n=len(a_prev)))
    c1, c2 = st.columns(2)
    with c1:
        if l == 1 and tr.dW.shape[1] == 784:
            chart(tile_figure(tr.dW[j], t("inside.fig.row", name=f"dW({l})", j=j)), "dwrow")
        else:
            matrix(tr.dW, t("inside.fig.matrix", name=f"dW({l})", rows=tr.dW.shape[0],
                            cols=tr.dW.shape[1]), "dW")
    with c2:
        if tr.db is not None:
            chart(cells_figure(tr.db, t("inside.fig.vector", name=f"db({l})", n=len(tr.db)),
                               mark=[row]), "db")


def stage_dA(ch, l, j, stage):
    story, net = ch.story, ch.net
    u = unit_slice(net, story, l, j)
    W = story.updates[f"W{l + 1}"].old
    dZ_above = story.before.layers[l].dZ[0]
    d = dot_terms(W[:, j], dZ_above)
    terms = " + ".join(f"{num(w)}\\cdot{num(a)}" for w, a in zip(d.w, d.a))
    three(rf"dA{sup(l + 1)} = W^{{({l + 1})\top}} dZ{sup(l + 2)}",
          rf"dA{sup(l + 1)}_{{{j}}} = \sum_k W{sup(l + 1)}_{{k {j}}}\, dZ{sup(l + 2)}_k = "
          rf"{terms} + \cdots",
          rf"dA{sup(l + 1)}_{{{j}}} = {plain(u.dA)}")
    st.markdown(t("inside.dA.explain"))
    tr = story.before.layers[l - 1]
    chart(cells_figure(tr.dA[0], t("inside.fig.vector", name=f"dA({l + 1})", n=tr.dA.shape[1]),
                       mark=[j]), "dA")


def stage_dZ(ch, l, j, stage):
    story, net = ch.story, ch.net
    u = unit_slice(net, story, l, j)
    tr = story.before.layers[l - 1]
    three(rf"dZ{sup(l + 1)} = dA{sup(l + 1)} \odot g'(z{sup(l + 1)}),\quad "
          + GPRIME[net.activation],
          rf"dZ{sup(l + 1)}_{{{j}}} = dA_{{{j}}}\cdot g'(z_{{{j}}}) = {num(u.dA)}\cdot"
          rf"{num(u.gprime)}\quad (a_{{{j}}} = {plain(u.a)})",
          rf"dZ{sup(l + 1)}_{{{j}}} = {plain(u.dZ)}")
    if net.batch_norm:
        st.info(t("inside.bn_eval_back"))
    st.markdown(t("inside.dZ.explain", activation=net.activation))
    c1, c2 = st.columns(2)
    with c1:
        chart(cells_figure(activation_derivative(net, tr.A[0]),
                           t("inside.fig.gprime", n=tr.A.shape[1]), mark=[j]), "gprime")
    with c2:
        chart(cells_figure(tr.dZ[0], t("inside.fig.vector", name=f"dZ({l + 1})",
                                       n=tr.dZ.shape[1]), mark=[j]), "dZ")


BACKWARD = {"dZ_out": stage_dz_out, "grads": stage_grads, "dA": stage_dA, "dZ": stage_dZ}


def first_inked(story, j):
    """(j, i): the entry of W(1) the update stage writes out: unit j, its first inked pixel."""
    d = dot_terms(story.updates["W1"].old[j], story.x)
    return j, int(d.indices[0]) if len(d.indices) else 0

