"""Loss and accuracy over training steps.

Inputs are the Trainer's bounded history arrays (float32, at most ~600 points per trace), passed
to Plotly as NumPy arrays: they travel as base64 typed arrays, 10-35x cheaper than lists.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.figures import style


def loss_figure(step, loss, smoothed, eval_step, eval_loss, *, labels: dict,
                revision=0, look: style.Look = style.SCREEN) -> go.Figure:
    """Mini-batch loss (faint), its smoothed line (bold) and the held-out loss (markers).

    step, loss, smoothed: (T,) arrays; eval_step, eval_loss: (E,) arrays.
    labels: {"title", "batch", "smooth", "eval", "x", "y"} (viz.words.loss_labels).
    look: sizes (style.SCREEN, or style.PROJECTOR for projector mode).
    """
    data = [
        go.Scatter(x=step, y=loss, mode="lines", name=labels["batch"],
                   line=dict(color=style.BATCH, width=look.line / 2)),
        go.Scatter(x=step, y=smoothed, mode="lines", name=labels["smooth"],
                   line=dict(color=style.SMOOTH, width=look.line)),
        go.Scatter(x=eval_step, y=eval_loss, mode="lines+markers", name=labels["eval"],
                   line=dict(color=style.EVAL, width=look.line), marker=dict(size=look.line + 4)),
    ]
    layout = style.base_layout(labels["title"], ("loss", revision), look=look,
                               xaxis=style.axis(labels["x"], look),
                               yaxis=style.axis(labels["y"], look, rangemode="tozero"))
    return go.Figure(data=data, layout=layout)


def accuracy_figure(eval_step, train_acc_pct, eval_acc_pct, *, labels: dict,
                    revision=0, look: style.Look = style.SCREEN) -> go.Figure:
    """Accuracy (%) on a fixed training subset and on the held-out (or test) set, per evaluation.

    eval_step, train_acc_pct, eval_acc_pct: (E,) arrays, accuracies already in percent.
    labels: {"title", "train", "eval", "x", "y"} (viz.words.accuracy_labels).
    """
    data = [
        go.Scatter(x=eval_step, y=train_acc_pct, mode="lines+markers", name=labels["train"],
                   line=dict(color=style.TRAIN, width=look.line), marker=dict(size=look.line + 3)),
        go.Scatter(x=eval_step, y=eval_acc_pct, mode="lines+markers", name=labels["eval"],
                   line=dict(color=style.EVAL, width=look.line), marker=dict(size=look.line + 4)),
    ]
    layout = style.base_layout(labels["title"], ("acc", revision), look=look,
                               xaxis=style.axis(labels["x"], look),
                               yaxis=style.axis(labels["y"], look, range=[0, 100]))
    return go.Figure(data=data, layout=layout)


def empty_like(fig: go.Figure) -> bool:
    """True when no trace of ``fig`` has a point (for tests and placeholders)."""
    return all(np.size(tr.x) == 0 for tr in fig.data if tr.x is not None)
