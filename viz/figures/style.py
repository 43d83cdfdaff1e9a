"""The shared look of every chart: large type and high contrast for a projector.

LAYER_COLOURS follow the Okabe-Ito palette (distinguishable with colour-blindness), in layer
order, so W1 has the same colour in every chart.
"""
from __future__ import annotations

from typing import NamedTuple

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


class Look(NamedTuple):
    """Sizes of a chart: type (px), line width (px), height (px), and where the legend goes.
    SCREEN for a laptop; PROJECTOR for the back row of a classroom (bigger type, thicker lines,
    a lower chart so the controls and two charts fit a 1366x768 projector without scrolling)."""

    font: int = FONT_SIZE
    title: int = TITLE_SIZE
    line: float = LINE_WIDTH
    height: int = HEIGHT
    margin_l: int = 80
    margin_t: int = 50
    margin_b: int = 140          # room under the plot for the x axis (and the legend)
    legend_on_top: bool = False  # legend between the title and the plot: a low chart keeps
                                 # its plot area (a legend under it takes a fixed share)
    decades_only: bool = False   # log axes label only 10^k (big type crowds the 2, 3, ... 9)


SCREEN = Look()
PROJECTOR = Look(font=22, title=24, line=5, height=340, margin_l=100, margin_t=108, margin_b=72,
                 legend_on_top=True, decades_only=True)


def look_for(projector: bool) -> Look:
    """The Look of a page in projector mode or not."""
    return PROJECTOR if projector else SCREEN


def layer_colour(i: int) -> str:
    """Colour of layer i (0 = W1)."""
    return LAYER_COLOURS[i % len(LAYER_COLOURS)]


def base_layout(title: str, revision, height: int | None = None, look: Look = SCREEN,
                **extra) -> dict:
    """Layout shared by all charts, sized by ``look`` (``height`` overrides its height).
    ``revision`` is Plotly's uirevision: while it stays the same, a user's zoom and legend clicks
    survive every refresh."""
    legend = dict(orientation="h", yanchor="top", y=-0.34, xanchor="left", x=0.0,
                  font=dict(size=look.font - 2))
    if look.legend_on_top:
        # Above the plot, in the top margin: smaller type, so a third entry (the held-out curve,
        # from the first evaluation on) wraps to a second row that still fits under the title
        # instead of one entry a row over it (Plotly wraps into columns as wide as the widest).
        legend.update(yanchor="bottom", y=1.02, font=dict(size=look.font - 6))
    title_at = dict(x=0.0, xanchor="left")
    if look.legend_on_top:   # the title at the very top: the legend's rows take the rest
        title_at.update(y=1.0, yref="container", yanchor="top", pad=dict(t=6))
    layout = dict(
        title=dict(text=title, font=dict(size=look.title, color=INK), **title_at),
        font=dict(size=look.font, color=INK),
        # No template: copying a template costs ~20 ms per figure (measured), every refresh.
        plot_bgcolor="white", paper_bgcolor="white",
        height=height or look.height,
        margin=dict(l=look.margin_l, r=20, t=look.margin_t, b=look.margin_b),
        uirevision=str(revision),
        # Legend under the x axis: above the plot it collides with the title on narrow columns.
        legend=legend,
        hovermode="x unified",
    )
    layout.update(extra)
    return layout


def axis(title: str, look: Look = SCREEN, **extra) -> dict:
    """An axis with a readable title and a visible grid."""
    return dict(title=dict(text=title, font=dict(size=look.font)), gridcolor=GRID,
                zeroline=False, showline=True, linecolor=INK, **extra)
