"""Figures of the Inside page: the network as blocks with the current stage lit, a vector as
coloured cells with its values, a matrix as a heatmap with its shape.  Pure builders: plain
arrays and labels in, go.Figure out (no streamlit, no words of their own).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.figures import pixels as render
from viz.figures.style import FONT_SIZE, INK

LIT = "#E69F00"        # the stage now
BLOCK = "#d9e6f2"      # the other layers
BACK = "#CC79A7"       # the backward direction's arrow
DIVERGING = [[0.0, "#2166ac"], [0.5, "#f7f7f7"], [1.0, "#b2182b"]]
CELLS_PER_ROW = 16     # a long vector wraps into rows of this many cells
BIG_MATRIX = 20_000    # entries above which a matrix is a picture, not a heatmap


def _frame(height, **extra):
    layout = dict(height=height, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                  paper_bgcolor="white", font=dict(size=FONT_SIZE - 2, color=INK),
                  xaxis=dict(visible=False), yaxis=dict(visible=False), showlegend=False)
    layout.update(extra)
    return layout


def overview_figure(sizes, names, lit, backward=False, height=150):
    """The layers as blocks, left to right: ``sizes`` (784, 128, 10), ``names`` one label per
    block ("Input layer"), ``lit`` the index of the block the stage is about (None: none);
    ``backward`` draws the arrows right to left (the backward pass).  Built as one layout dict
    (adding shapes one by one costs ~50 ms a figure, at every click)."""
    n = len(sizes)
    xs = [3.0 * i for i in range(n)]
    top = np.log10(max(max(sizes), 10))
    shapes, notes = [], []
    for i, (x, size, name) in enumerate(zip(xs, sizes, names)):
        h = 0.5 + 1.5 * np.log10(size) / top
        shapes.append(dict(type="rect", x0=x - 0.9, x1=x + 0.9, y0=-h / 2, y1=h / 2,
                           fillcolor=LIT if i == lit else BLOCK, line=dict(color=INK, width=1)))
        notes.append(dict(x=x, y=0, text=f"<b>{size}</b>", showarrow=False,
                          font=dict(size=FONT_SIZE)))
        notes.append(dict(x=x, y=-1.35, text=name, showarrow=False))
    for a, b in zip(xs[:-1], xs[1:]):
        start, end = (b - 0.95, a + 0.95) if backward else (a + 0.95, b - 0.95)
        notes.append(dict(x=end, y=0.0, ax=start, ay=0.0, xref="x", yref="y", axref="x",
                          ayref="y", showarrow=True, arrowhead=3, arrowwidth=2,
                          arrowcolor=BACK if backward else INK, text=""))
    layout = _frame(height, xaxis=dict(visible=False, range=[-1.2, xs[-1] + 1.2]),
                    yaxis=dict(visible=False, range=[-1.7, 1.2]))
    return go.Figure(layout=dict(layout, shapes=shapes, annotations=notes))


def cells_figure(values, title="", labels=None, mark=None, digits=3, height=None):
    """A vector as coloured cells (blue < 0 < red), each with its value when there are at most
    CELLS_PER_ROW; a longer one wraps into rows (values on hover).  ``labels``: one per cell
    (default its index); ``mark``: indices to outline (the unit followed, the true class)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    n = len(v)
    cols = min(n, CELLS_PER_ROW)
    rows = -(-n // cols)
    grid = np.full(rows * cols, np.nan)
    grid[:n] = v
    names = np.array([str(i) for i in range(n)] if labels is None else list(labels), dtype=object)
    hover = np.full(rows * cols, "", dtype=object)
    hover[:n] = [f"{name}: {x:.{digits}g}" for name, x in zip(names, v)]
    peak = float(np.nanmax(np.abs(v))) if n else 1.0
    trace = go.Heatmap(z=grid.reshape(rows, cols)[::-1].astype(np.float32),
                       zmin=-peak or -1, zmax=peak or 1, colorscale=DIVERGING, showscale=False,
                       hovertext=hover.reshape(rows, cols)[::-1], hoverinfo="text",
                       xgap=2, ygap=2)
    if n <= CELLS_PER_ROW:
        trace.update(text=[[f"{x:.{digits}g}" for x in v]], texttemplate="%{text}",
                     textfont=dict(size=FONT_SIZE - 4))
    shapes = [dict(type="rect", x0=i % cols - 0.5, x1=i % cols + 0.5,
                   y0=rows - 1 - i // cols - 0.5, y1=rows - 1 - i // cols + 0.5,
                   line=dict(color=INK, width=3)) for i in (mark or ())]
    ticks = dict(visible=n <= CELLS_PER_ROW, tickmode="array", tickvals=list(range(cols)),
                 ticktext=list(names[:cols]), side="bottom")
    layout = _frame(height or (70 + 34 * rows), xaxis=ticks,
                    margin=dict(l=10, r=10, t=34 if title else 6, b=30),
                    title=dict(text=title, x=0, font=dict(size=FONT_SIZE - 2)))
    return go.Figure(trace, layout=dict(layout, shapes=shapes))


def matrix_figure(M, title, height=260, square=False):
    """A matrix as a heatmap (blue < 0 < red, centred on 0), its shape in ``title``;
    ``square``: square cells (a picture)."""
    M = np.asarray(M, dtype=np.float32)
    peak = float(np.max(np.abs(M))) if M.size else 1.0
    fig = go.Figure(go.Heatmap(z=M, zmin=-peak or -1, zmax=peak or 1,
                               colorscale=DIVERGING, colorbar=dict(thickness=12)))
    fig.update_layout(**_frame(height, margin=dict(l=10, r=10, t=36, b=10),
                               yaxis=dict(visible=False, autorange="reversed",
                                          **(dict(scaleanchor="x") if square else {})),
                               title=dict(text=title, x=0, font=dict(size=FONT_SIZE - 2))))
    return fig


def matrix_image(M):
    """A matrix too big for a chart (over BIG_MATRIX entries) as an RGB picture in the same
    colours (blue < 0 < red, scaled by max |M|): a PNG is a fraction of a heatmap's bytes."""
    return render.diverging_rgb(render.signed_unit(M))


def tile_figure(v784, title, height=240):
    """A 784-vector (a row of W1, of dW1, ...) as a 28 x 28 diverging heatmap."""
    return matrix_figure(np.asarray(v784).reshape(28, 28), title, height=height, square=True)
