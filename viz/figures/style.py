"""The shared look of every chart: large type and high contrast for a projector.

LAYER_COLOURS follow the Okabe-Ito palette (distinguishable with colour-blindness), in layer
order, so W1 has the same colour in every chart.
"""
from __future__ import annotations

FONT_SIZE = 18
TITLE_SIZE = 20
HEIGHT = 400
LINE_WIDTH = 3

INK = "#111111"
GRID = "#d0d0d0"
BATCH = "rgba(0, 114, 178, 0.30)"   # raw mini-batch curve: light, behind the smoothed line
SMOOTH = "#0072B2"                  # blue
EVAL = "#D55E00"                    # vermillion: held-out / test
TRAIN = "#0072B2"
LAYER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
                 "#000000", "#F0E442", "#999999"]


def layer_colour(i: int) -> str:
    """Colour of layer i (0 = W1)."""
    return LAYER_COLOURS[i % len(LAYER_COLOURS)]


def base_layout(title: str, revision, height: int = HEIGHT, **extra) -> dict:
    """Layout shared by all charts. ``revision`` is Plotly's uirevision: while it stays the same,
    a user's zoom and legend clicks survive every refresh."""
    layout = dict(
        title=dict(text=title, font=dict(size=TITLE_SIZE, color=INK), x=0.0, xanchor="left"),
        font=dict(size=FONT_SIZE, color=INK),
        # No template: copying a template costs ~20 ms per figure (measured), every refresh.
        plot_bgcolor="white", paper_bgcolor="white",
        height=height,
        margin=dict(l=80, r=20, t=50, b=140),
        uirevision=str(revision),
        # Legend under the x axis: above the plot it collides with the title on narrow columns.
        legend=dict(orientation="h", yanchor="top", y=-0.34, xanchor="left", x=0.0,
                    font=dict(size=FONT_SIZE - 2)),
        hovermode="x unified",
    )
    layout.update(extra)
    return layout


def axis(title: str, **extra) -> dict:
    """An axis with a readable title and a visible grid."""
    return dict(title=dict(text=title, font=dict(size=FONT_SIZE)), gridcolor=GRID,
                zeroline=False, showline=True, linecolor=INK, **extra)
