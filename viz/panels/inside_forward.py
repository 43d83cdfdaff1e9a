"""Inside page, the forward stages: input, each hidden layer, logits, softmax, loss.

Each stage reads the StepStory (core.stepthrough) and writes three lines per formula; the hidden
unit j followed is outlined in every vector.
"""
from __future__ import annotations

import streamlit as st

from core.stepthrough import dot_terms, softmax_parts, unit_slice
from viz.figures import pixels as render
from viz.figures.images import digit_image
from viz.figures.inside import cells_figure, matrix_figure, tile_figure
from viz.panels.inside_latex import num, plain, sup, vec
from viz.panels.inside_parts import chart, matrix, three
from viz.strings import t

G = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}",
     "leaky_relu": r"\mathrm{LeakyReLU}"}


def layer_input(story, l):
    """a^(l) of the article: x for l = 1, else the hidden layer below's output (1, n)."""
    return story.x if l == 1 else story.before.layers[l - 2].A[0]


def written_dot(d, w_sym, a_sym, row):
    r"""'\sum_i W_{ji} a_i + b_j = (w)(a) + ... + b' for a core.stepthrough.DotTerms."""
    terms = [f"{num(w)}\\cdot{num(a)}" for w, a in zip(d.w, d.a)]
    if d.nonzero > len(terms):
        terms.append(r"\cdots")
    body = " + ".join(terms) or "0"
    return (rf"\sum_i {w_sym}_{{{row} i}}\,{a_sym}_i + b_{{{row}}} = {body} + {num(d.b)}")


def stage_input(ch, l, j, stage=None):
    x = ch.story.x
    d = dot_terms(ch.story.updates["W1"].old[0], x)
    left, right = st.columns([1, 2])
    with left:
        st.image(render.upscale(digit_image(x), 6), output_format="PNG")
        st.caption(t("inside.input.caption", label=ch.story.y))
    with right:
        shown = ", ".join(f"x_{{{i}}} = {plain(x[i], 3)}" for i in d.indices)
        three(r"x = a^{(1)} \in \mathbb{R}^{" + str(len(x)) + "}",
              rf"x = {vec(x)},\quad {shown},\ \cdots",
              rf"\#\{{i : x_i \ne 0\}} = {d.nonzero}")
        st.markdown(t("inside.input.result", n=len(x), inked=d.nonzero))
    chart(matrix_figure(x[None, :], t("inside.fig.vector", name="x", n=len(x)), height=110),
          "x")


def stage_hidden(ch, l, j, stage=None):
    story, net = ch.story, ch.net
    u = unit_slice(net, story, l, j)
    a_prev = layer_input(story, l)
    d = dot_terms(u.w, a_prev, u.b)
    g = G[net.activation]
    z, a = f"z{sup(l + 1)}", f"a{sup(l + 1)}"
    bn = r",\ \hat z = \frac{z-\mu}{\sqrt{\sigma^2+\epsilon}}" if net.batch_norm else ""
    three(rf"{z} = W{sup(l)} a{sup(l)} + b{sup(l)},\quad {a} = {g}({z}){bn}",
          rf"{z}_{{{j}}} = " + written_dot(d, "W", "a", j),
          rf"{z}_{{{j}}} = {plain(u.z)},\quad {a}_{{{j}}} = {g}({plain(u.z)}) = {plain(u.a)}")
    if net.batch_norm:
        st.info(t("inside.bn_eval"))
    t_layer = story.before.layers[l - 1]
    c1, c2 = st.columns(2)
    with c1:
        chart(cells_figure(t_layer.Z[0], t("inside.fig.vector", name=f"z({l + 1})",
                                           n=t_layer.Z.shape[1]), mark=[j]), "z")
        chart(cells_figure(t_layer.A[0], t("inside.fig.vector", name=f"a({l + 1})",
                                           n=t_layer.A.shape[1]), mark=[j]), "a")
    with c2:
        W = story.updates[f"W{l}"].old
        if l == 1 and W.shape[1] == 784:
            chart(tile_figure(W[j], t("inside.fig.row", name=f"W({l})", j=j)), "wrow")
        else:
            matrix(W, t("inside.fig.matrix", name=f"W({l})", rows=W.shape[0],
                        cols=W.shape[1]), "W")


def stage_logits(ch, l, j, stage=None):
    story = ch.story
    L, y = ch.net.L, story.y
    W = story.updates[f"W{L}"].old
    d = dot_terms(W[y], layer_input(story, L), story.updates[f"b{L}"].old[y])
    Z = story.before.layers[-1].Z[0]
    z = f"z{sup(L + 1)}"
    three(rf"{z} = W{sup(L)} a{sup(L)} + b{sup(L)}",
          rf"{z}_{{{y}}} = " + written_dot(d, "W", "a", y),
          rf"{z} = {vec(Z)},\quad {z}_{{{y}}} = {plain(Z[y])}")
    chart(cells_figure(Z, t("inside.fig.logits"), mark=[y]), "logits")
    matrix(W, t("inside.fig.matrix", name=f"W({L})", rows=W.shape[0], cols=W.shape[1]), "WL")


def stage_softmax(ch, l, j, stage=None):
    story = ch.story
    sm = softmax_parts(story.before.layers[-1].Z[0])
    exps = ", ".join(rf"e^{{{plain(sm.shifted[k], 3)}}} = {plain(sm.e[k], 3)}" for k in range(3))
    ps = ", ".join(rf"\hat y_{k} = \frac{{{plain(sm.e[k], 3)}}}{{{plain(sm.total, 4)}}}"
                   rf" = {plain(sm.p[k], 3)}" for k in range(2))
    three(r"\hat y_k = \frac{e^{z_k - \max_j z_j}}{\sum_j e^{z_j - \max_j z_j}}",
          rf"\max_j z_j = {plain(sm.z_max)};\quad {exps},\ \cdots;\quad "
          rf"\textstyle\sum_j = {plain(sm.total)}",
          rf"{ps},\ \cdots,\quad \hat y_{{{story.y}}} = {plain(sm.p[story.y])}")
    chart(cells_figure(sm.e, t("inside.fig.exp")), "exp")
    chart(cells_figure(story.before.P[0], t("inside.fig.yhat"), mark=[story.y]), "yhat")


def stage_loss(ch, l, j, stage=None):
    story, tr = ch.story, ch.story.before
    y = story.y
    p = tr.P[0, y]
    formula = r"J = -\frac{1}{m}\sum_i\sum_j y_j \log \hat y_j"
    numbers = rf"m = 1:\ J = -\log \hat y_{{{y}}} = -\log({plain(p)}) = {plain(tr.loss)}"
    result = rf"J = {plain(tr.J)}"
    if story.l2 > 0:
        formula += r" + \frac{\lambda}{2m}\sum_l \lVert W^{(l)}\rVert^2"
        norms = " + ".join(plain(v) for v in story.sq_norms)
        numbers += (rf";\quad \frac{{{plain(story.l2)}}}{{2}}({norms}) = {plain(tr.l2)}")
        result = rf"J = {plain(tr.loss)} + {plain(tr.l2)} = {plain(tr.J)}"
    three(formula, numbers, result)
    st.markdown(t("inside.loss.marker", loss=tr.J))
    chart(cells_figure(tr.P[0], t("inside.fig.yhat"), mark=[y]), "yhat_loss")


FORWARD = {"input": stage_input, "hidden": stage_hidden, "logits": stage_logits,
           "softmax": stage_softmax, "loss": stage_loss}
