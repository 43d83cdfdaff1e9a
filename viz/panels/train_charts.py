"""Train page, part 2: the live panel (status line, buttons, charts) in a polling fragment.

While the session's Trainer runs, the fragment reruns every REFRESH_S seconds (more slowly when
refreshes take longer than that: viz/live_chart/pace.py), copies a snapshot (taken under the
trainer's lock) and redraws. The charts are live chart elements (viz/live_chart): each stays
alive in the browser and receives only the points it lacks, so zoom, pan and legend clicks
survive the refreshes. When the run is not running, the panel is drawn once and stays still; a
slow heartbeat fragment keeps the paused trainer alive while the tab is open.
"""
from __future__ import annotations

import time

import numpy as np
import streamlit as st

from core import metrics

from viz.figures import pixels as render
from viz.panels import notice
from viz.panels import train_controls as controls
from viz.figures import curves, gradients, style, weights
from viz import class_run, session, words
from viz.live_chart import element
from viz.live_chart.cache import Built, FigureCache
from viz.live_chart.pace import Pace
from viz.strings import t

REFRESH_S = 0.45         # timer period: ~2 refreshes/s (measured ~1.97/s at 0.5; the goal is >= 2/s)
HEARTBEAT_S = 30.0       # keeps a paused run alive while its tab is open (trainer idles at ~180 s)
REFRESH_CAP_S = 2.0      # the slowest the adaptive refresh goes (viz/live_chart/pace.py)
# Seconds between rebuilds of an element while training runs (default: every refresh): fewer
# figures to build on the server, fewer updates to apply in the browser.
EVERY_S = {"acc": 1.0, "grad": 1.0, "hist": 1.0, "ratio": 1.0, "inactive": 1.0,
           "mosaic": 2.0, "deeper": 2.0}
VIEWS = ("overview", "gradients", "weights", "health")


def status_line(snap) -> str:
    """"Status: running · Epoch: 1.25 / 15 · Step: 123 · Samples/s: 20,000 · ..." (stable
    markers the tests read)."""
    split = t(f"status.split.{snap.test_split_name}")
    acc = (t("status.eval_none", split=split) if snap.eval_acc is None
           else t("status.eval_acc", split=split, acc=render.percent(snap.eval_acc)))
    parts = [t("status.label", status=t(f"status.{snap.status}")),
             (t("status.epoch_open", epoch=snap.epoch) if snap.config.until_paused
              else t("status.epoch", epoch=snap.epoch, epochs=snap.epochs)),
             t("status.step", step=snap.step),
             t("status.speed", speed=snap.samples_per_s or 0.0),
             t("status.lr", lr=snap.lr), acc]
    return t("status.sep").join(parts)


def _builders(snap, revision, lang, look) -> dict:
    """name -> (views it appears in, function building it from ``snap`` in language ``lang``,
    sized by ``look``: viz.figures.style.SCREEN or PROJECTOR)."""
    h, names, split = snap.history, snap.layer_names, snap.test_split_name
    return {
        "loss": (("overview",), lambda: curves.loss_figure(
            h["step"], h["loss"], metrics.ema(h["loss"]), h["eval_step"], h["eval_loss"],
            labels=words.loss_labels(split, lang), revision=revision, look=look)),
        "acc": (("overview",), lambda: curves.accuracy_figure(
            h["eval_step"], render.percent(h["train_eval_acc"]), render.percent(h["eval_acc"]),
            labels=words.accuracy_labels(split, lang), revision=revision, look=look)),
        "grad": (("overview", "gradients"), lambda: gradients.grad_flow_figure(
            h["step"], h["grad_rms"], names, labels=words.log_layers_labels("grad", lang),
            revision=revision, look=look)),
        "hist": (("gradients",), lambda: gradients.histograms_figure(
            [render.histogram_bars(c, e) for c, e in snap.grad_hist],
            [render.histogram_bars(c, e) for c, e in snap.weight_hist], names,
            labels=words.histogram_labels(lang), revision=revision, look=look)),
        "ratio": (("health",), lambda: gradients.update_ratio_figure(
            h["step"], h["update_ratio"], names, labels=words.log_layers_labels("ratio", lang),
            revision=revision, look=look)),
        "inactive": (("health",), lambda: gradients.inactive_figure(
            h["step"], render.percent(h["inactive"]), names[:-1],
            labels=words.inactive_labels(snap.inactive_label, lang), revision=revision, look=look)),
        "mosaic": (("overview", "weights"), lambda: weights.mosaic_png(snap.W1)),
        "deeper": (("weights",), lambda: weights.matrix_pngs(snap.deeper)),
    }


def _figures(snap, view: str, revision, cache: FigureCache | None = None) -> dict:
    """{name: Built} of ``view``, each rebuilt from ``snap`` when it is due.

    While training runs, each element is rebuilt at most every EVERY_S[name] seconds (the loss
    curve at every refresh), and all of them as soon as the run stops.  ``cache``: a shared
    FigureCache (e.g. one for every follower of a class run); default the session's own.  It
    is keyed by the run (``revision``), the language and projector mode: a switch of either
    rebuilds them all.
    """
    s = session.current()
    lang, projector = session.language(), s.projector
    look = style.look_for(projector)
    cache = s.train.figcache if cache is None else cache
    return cache.figures((revision, lang, projector), snap, view,
                         _builders(snap, revision, lang, look), EVERY_S)


def figure_cache(s) -> FigureCache:
    """The cache Session ``s``'s run is drawn from: the class run's figures are built once for
    the teacher and every follower (viz.class_run); any other run's are the session's own."""
    room = class_run.holder()
    tr = s.trainer
    return room.figures if tr is not None and room.trainer() is tr else s.train.figcache


def _chart(built, key: str) -> None:
    """One chart: the live element (only what the browser lacks), or st.plotly_chart."""
    element.chart(built, key, session.current().train.live)


def _mosaic(figs, snap) -> None:
    st.markdown(f"**{t('mosaic.title')}**")
    st.image(figs["mosaic"].fig, output_format="PNG", width="stretch")
    n = snap.W1.shape[0]
    st.caption(t("mosaic.caption", shown=min(n, weights.MAX_TILES), total=n))


def charts(snap, view: str, revision, cache: FigureCache | None = None) -> None:
    """The charts of ``view`` for one snapshot of the run ``revision`` (any hashable naming the
    run); ``cache``: a FigureCache shared by many viewers (default: the session's own)."""
    figs = _figures(snap, view, revision, cache)
    if view == "overview":
        # A projector fits one row: there it holds the loss beside the gradient flow, the story
        # of backprop; on a screen the loss sits beside the accuracy.
        below, beside = ("acc", "grad") if session.current().projector else ("grad", "acc")
        left, right = st.columns(2)
        with left:
            _chart(figs["loss"], "chart.loss")
            _chart(figs[below], f"chart.{below}")
        with right:
            _chart(figs[beside], f"chart.{beside}")
            _mosaic(figs, snap)
    elif view == "gradients":
        _chart(figs["grad"], "chart.grad")
        _chart(figs["hist"], "chart.hist")
    elif view == "weights":
        left, right = st.columns([3, 2])
        with left:
            _mosaic(figs, snap)
        with right:
            st.markdown(f"**{t('chart.deeper.title')}**")
            if not figs["deeper"].fig:
                st.caption(t("chart.deeper.none"))
            for name, (rows, cols), image in figs["deeper"].fig:
                st.image(image, output_format="PNG",
                         caption=t("chart.deeper.layer", name=name, rows=rows, cols=cols))
    else:
        left, right = st.columns(2)
        with left:
            _chart(figs["ratio"], "chart.ratio")
        with right:
            _chart(figs["inactive"], "chart.inactive")


def _empty_charts() -> None:
    """Empty loss and accuracy axes before the first run: the room sees where the curves will
    appear, and the browser loads its charting code now rather than in the first second of
    training (measured: a ~1.7 s stall of the first refresh otherwise)."""
    empty = np.zeros(0, np.float32)
    look = style.look_for(session.current().projector)
    left, right = st.columns(2)
    with left:
        _chart(Built(curves.loss_figure(empty, empty, empty, empty, empty, look=look,
                                        labels=words.loss_labels("held-out")), None),
               "chart.loss")
    with right:
        _chart(Built(curves.accuracy_figure(empty, empty, empty, look=look,
                                            labels=words.accuracy_labels("held-out")), None),
               "chart.acc")


def live_panel(view: str, interval, drawn) -> None:
    """Status and charts; reruns every ``interval`` s (None: only on interaction).  ``drawn``:
    the status the buttons above were drawn for (a different one reruns the whole page)."""
    began = time.monotonic()
    s = session.current()
    tr = s.trainer
    session.heartbeat()
    snap = tr.snapshot() if tr is not None else None
    status = snap.status if snap is not None else None
    notice.show(s.train.take_notice())
    if snap is None:
        st.info(t("status.none"))
        _empty_charts()
    else:
        st.subheader(status_line(snap), anchor=False)
        if snap.status == "diverged":
            st.error(words.note_text(snap.note))
        elif snap.status != "running":
            st.caption(words.note_text(snap.note))   # e.g. "Paused at step 1,234: nobody has watched ..."
        charts(snap, view, revision=id(tr), cache=figure_cache(s))
    # Redraw the buttons and switch the refresh timer on or off when the status changes (the
    # run starts, stops, ends or diverges), or to the adapted interval (a full rerun redraws
    # this fragment with the other interval).
    if interval is not None:
        _pace(s).observe(began, time.monotonic() - began)
    # (``interval`` is not None exactly when ``drawn`` is "running".)
    if status != drawn or (interval is not None and _pace(s).interval != interval):
        st.rerun(scope="app")


def show(view: str) -> None:
    """The run buttons, then the live panel as a fragment that polls while training runs.

    The buttons stay out of the polling fragment (fewer elements to send and redraw at each
    refresh): they depend only on the status, and a change of status reruns the whole page."""
    s = session.current()
    tr = s.trainer
    status = tr.status if tr is not None else None
    controls.buttons(status)
    # A full run may have remounted the charts (another page, a language switch): send each
    # chart whole once; and the timer restarts, so its first gap is not lateness.
    element.forget(s.train.live)
    _pace(s).restart()
    interval = _pace(s).interval if status == "running" else None
    st.fragment(live_panel, run_every=interval)(view, interval, status)
    st.fragment(_heartbeat, run_every=HEARTBEAT_S)(interval is not None)


def _pace(s) -> Pace:
    """The session's adaptive refresh interval (REFRESH_S .. REFRESH_CAP_S)."""
    if s.train.pace is None:
        s.train.pace = Pace(REFRESH_S, REFRESH_CAP_S)
    return s.train.pace


def _heartbeat(polling: bool) -> None:
    """Keep the session's run alive; when this resumed an idle-paused run (through the gate)
    while the live panel is drawn still (``polling`` False), rerun the page so it polls again."""
    session.heartbeat()
    tr = session.current().trainer
    if not polling and tr is not None and tr.status == "running":
        st.rerun(scope="app")
