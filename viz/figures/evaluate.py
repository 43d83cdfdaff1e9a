"""The Evaluate page's charts: confusion matrix and per-class accuracy, from plain arrays."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.figures import style

CORRECT_SCALE = [[0.0, "#f7fbff"], [1.0, "#2171b5"]]   # blues: the diagonal (right answers)
MISTAKE_SCALE = [[0.0, "#fff5f0"], [1.0, "#cb181d"]]   # reds: everything off the diagonal


def _masked(C, keep):
    z = np.asarray(C, dtype=np.float64).copy()
    z[~keep] = np.nan   # NaN cells are transparent, so the other trace shows through
    return z


def confusion_figure(C, class_names, *, labels: dict, selected=None,
                     height: int = 560) -> go.Figure:
    """Heatmap of counts C (k, k), rows = true class, columns = predicted class.

    Right answers (the diagonal) are blue, mistakes red on their own scale, so a handful of
    confusions stays visible next to hundreds of right answers.  ``selected`` (true, predicted)
    gets an outline.  labels: {"title", "x", "y", "hover"} (viz.words.confusion_labels).
    """
    C = np.asarray(C)
    k = C.shape[0]
    names = [str(c) for c in class_names]
    diag = np.eye(k, dtype=bool)
    off_max = float(C[~diag].max()) if k > 1 and C[~diag].size else 1.0
    common = dict(x=names, y=names, texttemplate="%{z:.0f}", showscale=False, xgap=2, ygap=2,
                  hovertemplate=labels["hover"], name="")
    data = [
        go.Heatmap(z=_masked(C, diag), colorscale=CORRECT_SCALE, zmin=0,
                   zmax=max(float(C.max()), 1.0), **common),
        go.Heatmap(z=_masked(C, ~diag), colorscale=MISTAKE_SCALE, zmin=0,
                   zmax=max(off_max, 1.0), **common),
    ]
    shapes = []
    if selected is not None:
        i, j = selected
        shapes.append(dict(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                           line=dict(color=style.INK, width=4)))
    layout = style.base_layout(labels["title"], "eval-cm", height=height, hovermode="closest",
                               xaxis=style.axis(labels["x"], type="category", side="bottom",
                                                showgrid=False, constrain="domain"),
                               yaxis=style.axis(labels["y"], type="category",
                                                autorange="reversed", showgrid=False,
                                                scaleanchor="x"),
                               shapes=shapes, margin=dict(l=80, r=20, t=60, b=70))
    return go.Figure(data=data, layout=layout)


def per_class_figure(per_class, class_names, overall: float, *, labels: dict,
                     height: int = 360) -> go.Figure:
    """Bars of per-class accuracy in percent (NaN = class absent) and a dashed line at the
    overall accuracy.  per_class (k,) and overall in [0, 1].
    labels: {"title", "x", "y", "hover"} (viz.words.per_class_labels)."""
    pct = np.asarray(per_class, dtype=np.float64) * 100.0
    names = [str(c) for c in class_names]
    bar = go.Bar(x=names, y=pct, marker=dict(color=style.SMOOTH),
                 text=[f"{p:.1f}" if np.isfinite(p) else "" for p in pct], textposition="outside",
                 cliponaxis=False, hovertemplate=labels["hover"], name="")
    # The axis starts at 0, so a bar's height is honest; the labels carry the exact numbers.
    layout = style.base_layout(labels["title"], "eval-pc", height=height,
                               hovermode="closest",
                               xaxis=style.axis(labels["x"], type="category"),
                               yaxis=style.axis(labels["y"], range=[0, 108]),
                               showlegend=False,
                               shapes=[dict(type="line", xref="paper", x0=0, x1=1,
                                            y0=overall * 100, y1=overall * 100,
                                            line=dict(color=style.EVAL, width=3, dash="dash"))])
    return go.Figure(data=[bar], layout=layout)
