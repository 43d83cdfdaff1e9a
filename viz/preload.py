"""Import every module the pages use, once, under one lock, before the first page runs.

On a fresh server a class opening the app at once starts many script runs in parallel threads.
If each imports the project on its own, two threads can each hold one module's import lock while
waiting for the other's (Python raises ``_DeadlockError``), or one run can see a module another
is still executing (``ImportError: cannot import name ...``), and every page of that burst fails.
``viz/app.py`` calls ``preload()`` right after setting up ``sys.path``: the first run imports
everything while the others wait on the lock, then find it all in ``sys.modules``.
"""
from __future__ import annotations

import gc
import importlib
import threading
from pathlib import Path

# Third-party first (a half-initialised pandas once broke Plotly on a fresh server), then the
# project's modules.  Page scripts (viz/app_pages/*.py) are not modules: st.navigation runs them.
# The libraries the pages use, then every module of the project that a page may import: found
# by walking the packages (a hand-kept list would drift as modules are added).  Page scripts run
# as scripts, and the command-line entries are never imported by the app.
LIBRARIES = ("numpy", "pandas", "PIL.Image", "PIL.PngImagePlugin", "PIL.JpegImagePlugin",
             "plotly.graph_objects", "segno", "streamlit", "streamlit_drawable_canvas")
_SKIP = {"__main__", "cli"}
_ROOT = Path(__file__).resolve().parents[1]


def project_modules() -> tuple:
    """Dotted names of core/ and viz/ modules (packages first), without the page scripts, the
    entry script and the command-line entries."""
    names = []
    for top in ("core", "viz"):
        for path in sorted((_ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(_ROOT).with_suffix("").parts)
            page_script = "app_pages" in parts[:-1] and parts[-1] != "__init__"
            if parts[-1] in _SKIP or page_script or parts == ["viz", "app"]:
                continue
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return tuple(sorted(names, key=lambda n: (n.count("."), n)))


MODULES = LIBRARIES + project_modules()

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
        # Streamlit runs a full gc.collect() after every script run (runner.postScriptGC); over
        # the ~120k objects these imports leave it cost ~60 ms of CPU per rerun, the largest part
        # of what a stroke on the Draw page cost the server.  They live as long as the process:
        # freezing them leaves each collection only what the runs themselves allocate.
        gc.freeze()
        # Before the students come: large buffers in mmaps of their own and fewer malloc
        # arenas, so the memory a class used goes back when it leaves (viz/memory.py).
        from viz import memory
        memory.cap_arenas()
        memory.fix_mmap_threshold()
        _done = True
