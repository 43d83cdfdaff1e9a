"""The live chart element: a Plotly chart that stays alive in the browser between refreshes.

``chart(built, key, sent)`` draws one chart.  Streamlit 1.67 re-creates an ``st.plotly_chart``
whenever its figure changes (its element id hashes the spec): every refresh rebuilt every chart
and a zoom was lost half a second later.  This element is a components-v2 component keyed by
``key``, so the browser keeps the same chart across reruns, and the server sends only what the
browser lacks (viz/live_chart/delta.py): the new points, or the whole figure when the history
re-buckets, the run, language or look changes, or the browser asks for it (a remount).

Plotly.js comes from the installed ``plotly`` package, copied once per process into the app's
static folder (viz/static/, git-ignored, served at app/static/ by ``server.enableStaticServing``)
with the element's script chart.js; the inline loader each element carries is a few hundred
bytes.  Fallback to ``st.plotly_chart`` (same figure, same look): when the environment sets
BACKPROP_LAB_PLAIN_CHARTS=1, when the component API or the static copy is unavailable, or when
the browser reports that the element could not load (its "failed" state value) — from then on
for that session.

``sent`` is the session's own record of what its browser holds ({key: Sent}, plus "_seq" and
"_plain"): never share it between sessions.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from viz.live_chart import delta

PLAIN_ENV = "BACKPROP_LAB_PLAIN_CHARTS"
CHECK_ENV = "BACKPROP_LAB_LIVE_CHECK"   # test hook: each update also carries the whole figure's
                                        # points; the browser counts mismatches (chart.js check)
STATIC = Path(__file__).resolve().parents[1] / "static"     # <app dir>/static, app = viz/app.py
CONFIG = {"displaylogo": False, "responsive": True}

_lock = threading.Lock()
_ready: dict = {}        # process-wide, the same for every user: {"component", "plotly", "script"}


@dataclass
class Sent:
    """What one browser chart holds: the update ``seq``, the figure ``skeleton`` and ``traces``
    it was last sent, and the last ``resync`` request the server answered."""
    seq: int
    skeleton: str
    traces: list
    resync: object = None


def _copy(src: Path, name: str) -> str:
    """Copy ``src`` to STATIC/name unless an identical-size copy is there; return the URL path."""
    dest = STATIC / name
    if not dest.exists() or dest.stat().st_size != src.stat().st_size:
        STATIC.mkdir(exist_ok=True)
        tmp = dest.with_name(f".{name}.{os.getpid()}.tmp")
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)                 # atomic: a concurrent server sees old or new
    return f"app/static/{name}"


def _setup() -> dict | None:
    """Register the component and copy its scripts, once per process; None: use plain charts."""
    with _lock:
        if "component" in _ready:
            return _ready["component"] and _ready
        try:
            import plotly
            from streamlit.components.v2 import component
            src = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
            _ready["plotly"] = _copy(src, f"plotly-{plotly.__version__}.min.js")
            script = Path(__file__).with_name("chart.js")
            digest = hashlib.sha256(script.read_bytes()).hexdigest()[:10]
            _ready["script"] = _copy(script, f"live_chart-{digest}.js")
            _ready["component"] = component("backprop_live_chart", js=_loader(_ready["script"]),
                                            isolate_styles=False)
        except Exception:  # noqa: BLE001 - no component API, read-only tree, ...: plain charts
            logging.getLogger(__name__).warning("live charts unavailable, using st.plotly_chart",
                                                exc_info=True)
            _ready["component"] = None
        return _ready["component"] and _ready


def _loader(script: str) -> str:
    """The inline JS every element carries (re-sent with each rerun, so kept tiny): load
    chart.js once per page, then hand it the component."""
    # Multi-line on purpose: Streamlit takes a one-line string naming a .js file for a path.
    return ("export default function(c) {\nconst w=window;if(!w.__blLive){w.__blLive=new Promise("
            "(ok,no)=>{const s=document.createElement('script');s.src=" + repr(script) +
            ";s.onload=()=>ok(w.__blLiveChart);s.onerror=()=>no(new Error('cannot load "
            + script + "'));document.head.appendChild(s);});}"
            "w.__blLive.then((m)=>m.apply(c),(e)=>c.setStateValue('failed',String(e)));\n}\n")


def plain_wanted() -> bool:
    return os.environ.get(PLAIN_ENV, "") == "1"


def plain_chart(fig, key: str) -> None:
    st.plotly_chart(fig, key=key, config={"displaylogo": False}, theme=None)


def payload(built, key: str, sent: dict, resync=None) -> dict:
    """The data to send for ``built`` (a viz.live_chart.cache.Built) to the browser chart whose
    record is ``sent[key]``; updates ``sent``.  ``resync``: the chart's current "resync" state
    value (a new value means it holds nothing usable: send the whole figure)."""
    prev = sent.get(key)
    if prev is not None and resync is not None and resync != prev.resync:
        prev = None
    op = {"op": "full"} if prev is None or prev.skeleton != built.skeleton else \
        delta.plan(prev.traces, built.traces)
    if op["op"] == "none":
        return {"key": key, "seq": prev.seq, "op": "none"}
    seq = sent["_seq"] = sent.get("_seq", 0) + 1
    sent[key] = Sent(seq, built.skeleton, built.traces, resync)
    if op["op"] == "full":
        return {"key": key, "seq": seq, "op": "full", "fig": built.json, "config": CONFIG}
    return {"key": key, "seq": seq, "base": prev.seq, "op": "tail",
            "traces": [[i, keep, delta.encode(x), delta.encode(y)]
                       for i, keep, x, y in op["traces"]]}


def chart(built, key: str, sent: dict) -> None:
    """Draw ``built.fig`` under ``key``: the live element, or ``st.plotly_chart`` as fallback."""
    ready = None if plain_wanted() or sent.get("_plain") else _setup()
    state = st.session_state[key] if key in st.session_state else {}
    if ready and state and state.get("failed"):
        sent["_plain"] = True                 # the browser could not load it: plain from now on
        ready = None
    if not ready:
        plain_chart(built.fig, key=key)
        return
    data = payload(built, key, sent, state.get("resync") if state else None)
    data["plotly"] = ready["plotly"]
    if os.environ.get(CHECK_ENV, "") == "1":
        data["expect"] = [[delta.encode(x), delta.encode(y)] for x, y in built.traces]
    height = built.fig.layout.height
    ready["component"](key=key, data=data, height=int(height) if height else "content",
                       on_resync_change=_noop, on_failed_change=_noop)


def _noop() -> None:
    """State values need a callback to be kept; nothing to do (the next run reads them)."""


def forget(sent: dict) -> None:
    """Forget what the browser's charts hold (each is sent whole next), keeping the fallback
    choice."""
    for key in [k for k in sent if not k.startswith("_")]:
        del sent[key]
