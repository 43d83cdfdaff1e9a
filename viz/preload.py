"""Import every module the pages use, once, under one lock, before the first page runs.

On a fresh server a class opening the app at once starts many script runs in parallel threads.
If each imports the project on its own, two threads can each hold one module's import lock while
waiting for the other's (Python raises ``_DeadlockError``), or one run can see a module another
is still executing (``ImportError: cannot import name ...``), and every page of that burst fails.
``viz/app.py`` calls ``preload()`` right after setting up ``sys.path``: the first run imports
everything while the others wait on the lock, then find it all in ``sys.modules``.
"""
from __future__ import annotations

import importlib
import threading

# Third-party first (STREAMLIT.md: a half-initialised pandas broke Plotly), then the engine, then
# the app's own modules.  Page scripts (viz/app_pages/*.py) are not modules: st.navigation runs them.
MODULES = (
    "numpy", "pandas", "PIL.Image", "PIL.PngImagePlugin", "PIL.JpegImagePlugin",
    "plotly.graph_objects", "streamlit", "streamlit_drawable_canvas",
    "core.errors", "core.layers", "core.losses", "core.network", "core.optim", "core.metrics",
    "core.config", "core.threads", "core.gradcheck", "core.io", "core.evaluate",
    "core.preprocess", "core.data", "core.data.idx", "core.data.remote", "core.data.preprocess",
    "core.data.augment", "core.data.images", "core.train", "core.train.history",
    "core.train.snapshot", "core.train.fullbatch", "core.train.steps", "core.train.trainer",
    "viz.strings", "viz.markdown", "viz.state",
    "viz.figures", "viz.figures.style", "viz.figures.pixels", "viz.figures.images",
    "viz.figures.curves", "viz.figures.gradients", "viz.figures.weights", "viz.figures.draw",
    "viz.figures.evaluate",
    "viz.panels", "viz.panels.model_panel", "viz.panels.train_controls",
    "viz.panels.train_charts", "viz.panels.draw_canvas", "viz.panels.draw_panels",
    "viz.app_pages",
)

_LOCK = threading.Lock()
_done = False


def preload(modules=MODULES) -> None:
    """Import ``modules`` in order, one thread at a time; later calls return at once."""
    global _done
    if _done:
        return
    with _LOCK:
        if _done:
            return
        for name in modules:
            importlib.import_module(name)
        _done = True
