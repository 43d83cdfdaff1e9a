"""Numbers written for KaTeX (formatting only: every value comes from core.stepthrough).

The article numbers layers from the input: x = a^(1), z^(l+1) = W^(l) a^(l) + b^(l); our layer
l (core's W_l, Z_l, A_l) is its W^(l), z^(l+1), a^(l+1).
"""
from __future__ import annotations

import numpy as np

SHOWN = 3   # entries written out before \cdots


def num(v, digits=4):
    """A number for LaTeX: 0.1234, -1.2\\times10^{-5}; parenthesised when negative."""
    v = float(v)
    if v == 0:
        return "0"
    text = f"{v:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = rf"{mant}\times10^{{{int(exp)}}}"
    return f"({text})" if v < 0 else text


def plain(v, digits=4):
    """A number for LaTeX without parentheses (a result after '=')."""
    return num(v, digits).strip("()")


def vec(values, shown=SHOWN, digits=3):
    r"""A column vector's first entries and \vdots, as a bmatrix (one row when short)."""
    v = np.asarray(values).ravel()
    parts = [plain(x, digits) for x in v[:shown]]
    if len(v) > shown:
        parts += [r"\vdots", plain(v[-1], digits)]
    return r"\begin{bmatrix}" + r"\\ ".join(parts) + r"\end{bmatrix}"


def sup(l):
    """The article's layer superscript, (l)."""
    return f"^{{({l})}}"


def text(words):
    r"""Words inside a formula (\text{...}), e.g. Chinese."""
    return r"\text{" + words.replace("{", "").replace("}", "") + "}"
