"""Several runs' curves on one chart (the guided experiments' comparisons).

Each line is plain data: x and y arrays, the legend name (what differs between the runs, worded
by the caller), the run's index (its colour) and whether it is a secondary metric (dashed).
"""
from __future__ import annotations

import plotly.graph_objects as go

from viz.figures import style

RUN_COLOURS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7")   # Okabe-Ito: vermillion, blue, ...


def overlay_figure(lines, *, labels: dict, log_y: bool = False, y_range=None,
                   revision=0) -> go.Figure:
    """One Scatter per line.

    lines: [(x (T,), y (T,), name, run index, dashed)], a run's lines share its colour.
    labels: {"title", "x", "y"}; log_y: a logarithmic y axis (losses that span decades);
    y_range: [low, high] for the y axis (e.g. [0, 100] for percentages), None: automatic.
    """
    data = [go.Scatter(x=x, y=y, mode="lines", name=name,
                       line=dict(color=RUN_COLOURS[run % len(RUN_COLOURS)],
                                 width=style.LINE_WIDTH, dash="dash" if dashed else "solid"))
            for x, y, name, run, dashed in lines]
    yaxis = style.axis(labels["y"], **({"type": "log", "exponentformat": "power"} if log_y
                                       else {}))
    if y_range is not None and not log_y:
        yaxis["range"] = list(y_range)
    layout = style.base_layout(labels["title"], ("compare", revision),
                               xaxis=style.axis(labels["x"]), yaxis=yaxis)
    layout["showlegend"] = True
    return go.Figure(data=data, layout=layout)
