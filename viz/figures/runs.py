"""Several runs overlaid: one colour per run (Okabe-Ito, in the order the runs are given), the
same in every chart, and a self-contained HTML page of such charts.

A run is handed over as a dict of plain arrays the caller has already measured:
    {"label": legend text, "x": (T,), "loss": (T,), "eval_x": (E,), "eval_acc_pct": (E,),
     "grad_rms": (T, L), "layers": ["W1", ...]}
"""
from __future__ import annotations

import html

import plotly.graph_objects as go

from viz.figures import style

LAYER_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def run_colour(i: int) -> str:
    """Colour of the i-th run compared (0 = first)."""
    return style.LAYER_COLOURS[i % len(style.LAYER_COLOURS)]


def _layout(title, key, revision, x_title, y_title, **yaxis):
    layout = style.base_layout(title, (key, revision), height=style.HEIGHT + 60,
                               xaxis=style.axis(x_title, rangemode="tozero"), yaxis=style.axis(y_title, **yaxis))
    layout["showlegend"] = True          # even for one run: the legend names it
    layout["hovermode"] = "closest"      # runs' x values differ: "x unified" would mix them
    return layout


def runs_loss_figure(runs, *, labels: dict, revision=0) -> go.Figure:
    """Each run's (smoothed) loss over x.  labels: {"loss", "x", "loss_y"}."""
    data = [go.Scatter(x=r["x"], y=r["loss"], mode="lines", name=r["label"],
                       line=dict(color=run_colour(i), width=style.LINE_WIDTH))
            for i, r in enumerate(runs)]
    return go.Figure(data=data, layout=_layout(labels["loss"], "runs.loss", revision,
                                               labels["x"], labels["loss_y"], rangemode="tozero"))


def runs_accuracy_figure(runs, *, labels: dict, revision=0) -> go.Figure:
    """Each run's held-out (or test) accuracy in % at its evaluations.  labels: {"acc", "x",
    "acc_y"}."""
    data = [go.Scatter(x=r["eval_x"], y=r["eval_acc_pct"], mode="lines+markers", name=r["label"],
                       line=dict(color=run_colour(i), width=style.LINE_WIDTH),
                       marker=dict(size=7))
            for i, r in enumerate(runs)]
    return go.Figure(data=data, layout=_layout(labels["acc"], "runs.acc", revision, labels["x"],
                                               labels["acc_y"], range=[0, 100]))


def runs_grad_figure(runs, *, labels: dict, layer_label, revision=0) -> go.Figure:
    """Each run's per-layer gradient RMS on a log axis: the run's colour, one dash per layer
    (solid W1, dashed W2, ...).  layer_label(run_label, layer_name) -> legend text.
    labels: {"grad", "x", "grad_y"}."""
    data = []
    for i, r in enumerate(runs):
        for j, name in enumerate(r["layers"]):
            data.append(go.Scatter(
                x=r["x"], y=r["grad_rms"][:, j], mode="lines", name=layer_label(r["label"], name),
                legendgroup=str(i),
                line=dict(color=run_colour(i), width=style.LINE_WIDTH - 0.5,
                          dash=LAYER_DASHES[j % len(LAYER_DASHES)])))
    return go.Figure(data=data, layout=_layout(labels["grad"], "runs.grad", revision, labels["x"],
                                               labels["grad_y"], type="log",
                                               exponentformat="power"))


def figures_html(figs, title: str) -> str:
    """One HTML page holding ``figs`` that opens offline: Plotly.js is written into the page
    once (before the first chart), never loaded from the network."""
    parts = [fig.to_html(full_html=False, include_plotlyjs=(k == 0), config={"displaylogo": False})
             for k, fig in enumerate(figs)]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head>\n<body>\n"
            f"<h1 style=\"font-family:sans-serif\">{html.escape(title)}</h1>\n"
            + "\n".join(parts) + "\n</body></html>\n")
