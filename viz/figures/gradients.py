"""Gradient flow and layer health: one line per weight matrix (W1 = nearest the input).

Nielsen's "speed of learning" chart: if the lines for early layers sit decades below the last
layer on the log axis, gradients are vanishing on their way back.
"""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.figures import style


def _layer_lines(step, values, names, look=style.SCREEN):
    """One Scatter per column of ``values`` (T, L), named by ``names`` (W1, W2, ...)."""
    return [go.Scatter(x=step, y=values[:, i], mode="lines", name=str(name),
                       line=dict(color=style.layer_colour(i), width=look.line))
            for i, name in enumerate(names)]


def _log_layers_figure(key, step, values, names, labels, revision, look) -> go.Figure:
    """One line per layer over steps on a log axis; labels {"title", "x", "y"}."""
    layout = style.base_layout(labels["title"], (key, revision), look=look,
                               xaxis=style.axis(labels["x"], look),
                               yaxis=style.axis(labels["y"], look, type="log",
                                                exponentformat="power",
                                                **({"dtick": 1} if look.decades_only else {})))
    return go.Figure(data=_layer_lines(step, values, names, look), layout=layout)


def grad_flow_figure(step, grad_rms, names, *, labels: dict, revision=0,
                     look: style.Look = style.SCREEN) -> go.Figure:
    """Per-layer gradient RMS over steps on a log axis. step (T,), grad_rms (T, L).
    labels: {"title", "x", "y"} (viz.words.log_layers_labels("grad"))."""
    return _log_layers_figure("grad", step, grad_rms, names, labels, revision, look)


def update_ratio_figure(step, update_ratio, names, *, labels: dict, revision=0,
                     look: style.Look = style.SCREEN) -> go.Figure:
    """Update RMS / weight RMS per layer on a log axis. step (T,), update_ratio (T, L).
    labels: {"title", "x", "y"} (viz.words.log_layers_labels("ratio"))."""
    return _log_layers_figure("ratio", step, update_ratio, names, labels, revision, look)


def inactive_figure(step, inactive_pct, names, *, labels: dict, revision=0,
                    look: style.Look = style.SCREEN) -> go.Figure:
    """Share (%) of saturated (sigmoid/tanh) or dead (ReLU) units per hidden layer.

    step (T,), inactive_pct (T, L-1) in percent; names: the hidden layers' weight names.
    labels: {"title", "x", "y"} (viz.words.inactive_labels).
    """
    layout = style.base_layout(labels["title"], ("inactive", revision), look=look,
                               xaxis=style.axis(labels["x"], look),
                               yaxis=style.axis(labels["y"], look, range=[0, 100]))
    layout["showlegend"] = True  # even for one hidden layer: say which layer the line is
    return go.Figure(data=_layer_lines(step, inactive_pct, names, look), layout=layout)


def histograms_figure(grad_bars, weight_bars, names, *, labels: dict, revision=0,
                      look: style.Look = style.SCREEN) -> go.Figure:
    """Current distribution of each layer's gradients (top row) and weights (bottom row).

    grad_bars, weight_bars: per layer (centres (b,), widths (b,), counts (b,)), as from
    viz.figures.pixels.histogram_bars. Each panel keeps its own x range: layers differ by decades.
    labels: {"title", "grad_row", "weight_row"} (viz.words.histogram_labels).
    """
    L = len(names)
    fig = make_subplots(rows=2, cols=L, column_titles=list(names),
                        row_titles=[labels["grad_row"], labels["weight_row"]],
                        horizontal_spacing=0.03 if L > 4 else 0.06, vertical_spacing=0.16)
    for row, bars in ((1, grad_bars), (2, weight_bars)):
        for i, (centres, widths, counts) in enumerate(bars):
            fig.add_trace(go.Bar(x=centres, y=counts, width=widths, showlegend=False,
                                 marker=dict(color=style.layer_colour(i), line=dict(width=0)),
                                 name=names[i]), row=row, col=i + 1)
    fig.update_layout(**style.base_layout(labels["title"], ("hist", revision), look=look,
                                          height=look.height + 80, bargap=0, hovermode="closest"))
    fig.update_xaxes(showticklabels=True, nticks=3, tickfont=dict(size=look.font - 4),
                     exponentformat="e")
    fig.update_yaxes(showticklabels=False, gridcolor=style.GRID)
    return fig
