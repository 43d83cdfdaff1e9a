"""The Draw page's one Plotly chart: the network's probability for each class.

Digits, the 28x28 input, the saliency map and the hidden-unit tiles are uint8 images made by
core.evaluate and shown with ``st.image`` (cheaper to send and to draw than heatmaps).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.figures import style

PREDICTED = style.EVAL    # the answer's bar stands out
OTHER = style.SMOOTH


def probability_figure(probs, class_names, prediction: int, *, labels: dict,
                       height: int = 300, look: style.Look = style.SCREEN) -> go.Figure:
    """Bars of P(class) in percent, one per class, the predicted class highlighted.

    probs (k,) floats summing to 1; class_names (k,) labels for the x axis (already worded).
    labels: {"title", "x", "y", "hover"} (viz.words.probability_labels).
    look: type sizes (style.PROJECTOR in projector mode).
    """
    pct = np.asarray(probs, dtype=np.float64) * 100.0
    names = [str(c) for c in class_names]
    colours = [PREDICTED if i == prediction else OTHER for i in range(len(pct))]
    bar = go.Bar(x=names, y=pct, marker=dict(color=colours),
                 text=[f"{p:.0f}%" if p >= 1 else "" for p in pct], textposition="outside",
                 cliponaxis=False, hovertemplate=labels["hover"], name="")
    layout = style.base_layout(labels["title"], "draw-probs", height=height, look=look,
                               xaxis=style.axis(labels["x"], look, type="category"),
                               yaxis=style.axis(labels["y"], look, range=[0, 112]),
                               hovermode="closest", showlegend=False,
                               margin=dict(l=70, r=10, t=50, b=60))
    return go.Figure(data=[bar], layout=layout)
