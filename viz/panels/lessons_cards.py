"""Lessons page, part 2: one card per experiment, its live chart while it trains, its finding.

Ask first, then reveal: the card shows what to watch for and the question; the finding (worded
from the runs' numbers by "finding.<code>") and the comparison chart appear once it has run.
"""
from __future__ import annotations

import dataclasses

import streamlit as st

from core import metrics
from core.experiments import EXPERIMENTS
from viz import session, words
from viz.figures import compare, curves, gradients
from viz.figures import pixels as render
from viz.panels import lessons_run as runner
from viz.strings import t

REFRESH_S = 0.5


def variant_label(exp, i) -> str:
    """What differs in run ``i`` of ``exp``, e.g. "learning rate η = 3"."""
    return t(f"lessons.variant.{exp.variants[i]}", **dataclasses.asdict(exp.configs[i]))


def _chart(fig, key) -> None:
    st.plotly_chart(fig, key=key, config={"displaylogo": False}, theme=None)


def live_chart(exp, snap, key) -> None:
    """The experiment's chart for a live snapshot (gradient flow, loss or accuracy)."""
    h, split = snap.history, snap.test_split_name
    if exp.chart == "grad":
        fig = gradients.grad_flow_figure(h["step"], h["grad_rms"], snap.layer_names,
                                         labels=words.log_layers_labels("grad"))
    elif exp.chart == "acc":
        fig = curves.accuracy_figure(h["eval_step"], render.percent(h["train_eval_acc"]),
                                     render.percent(h["eval_acc"]),
                                     labels=words.accuracy_labels(split))
    else:
        fig = curves.loss_figure(h["step"], h["loss"], metrics.ema(h["loss"]), h["eval_step"],
                                 h["eval_loss"], labels=words.loss_labels(split))
    _chart(fig, key)


def overlay_chart(exp, records, key) -> None:
    """Both runs' curves on one chart, the legend naming what differs."""
    ov = exp.overlay(records)
    several = len({line.metric for line in ov.lines}) > 1
    lines = []
    for line in ov.lines:
        name = variant_label(exp, line.run)
        if several:
            name = t("lessons.line", variant=name, metric=t(f"lessons.metric.{line.metric}"))
        y = render.percent(line.y) if ov.y_axis == "acc" else line.y
        lines.append((line.x, y, name, line.run, line.metric == "train_eval_acc"))
    y = {"acc": "chart.axis.acc", "loss": "lessons.axis.loss",
         "loss_raw": "lessons.axis.loss_raw", "eval_loss": "lessons.axis.eval_loss"}[ov.y_axis]
    labels = {"title": t("lessons.compare.title"), "y": t(y),
              "x": t("lessons.axis.epoch" if ov.x_axis == "epoch" else "chart.axis.step")}
    _chart(compare.overlay_figure(lines, labels=labels, log_y=ov.log_y,
                                  y_range=[0, 100] if ov.y_axis == "acc" else None), key)


def results(exp, records, finding) -> None:
    st.markdown(f"**{t('lessons.finding')}**")
    st.success(t(f"finding.{finding.code}", **finding.params))
    if exp.overlay_spec is not None:
        overlay_chart(exp, records, f"lessons.{exp.id}.compare")
    else:
        h = records[0].history
        names = [f"W{i + 1}" for i in range(h["grad_rms"].shape[1])]
        labels = dict(words.log_layers_labels("grad"), title=t("lessons.grad.title"))
        _chart(gradients.grad_flow_figure(h["step"], h["grad_rms"], names, labels=labels),
               f"lessons.{exp.id}.grad")


def progress(exp_id) -> None:
    """The running experiment's status and live chart; reruns every REFRESH_S while it trains."""
    s = session.current()
    waiting = runner.advance(s)
    page = s.lessons
    if page.active != exp_id:          # it has just ended: redraw the page with its finding
        st.rerun(scope="app")
    exp = EXPERIMENTS[exp_id]
    tr = page.trainer
    if tr is None:
        st.info(t("lessons.waiting", others=waiting or 0))
        return
    snap = tr.snapshot()
    st.markdown(t("lessons.progress", variant=variant_label(exp, page.index),
                  index=page.index + 1, total=len(exp.configs), epoch=snap.epoch,
                  epochs=snap.epochs, step=snap.step))
    st.progress(min(1.0, (page.index + snap.epoch / max(snap.epochs, 1)) / len(exp.configs)))
    live_chart(exp, snap, f"lessons.{exp_id}.live")


def _run(exp_id) -> None:
    s = session.current()
    refused = runner.start(s, exp_id)
    if refused is not None:
        s.lessons.notice = ("warning", t("lessons.busy" if refused == "busy"
                                         else "controls.students_off"))


def _stop() -> None:
    runner.stop(session.current())


def card(exp) -> None:
    """One experiment: title, setup, what to watch, the question, Run, then its result."""
    s = session.current()
    page = s.lessons
    with st.container(border=True, key=f"lesson-{exp.id}"):
        st.subheader(t(f"exp.{exp.id}.title"), anchor=False)
        st.caption(t("lessons.setup", text=t(f"exp.{exp.id}.setup")))
        st.markdown(f"**{t('lessons.watch')}** {t(f'exp.{exp.id}.watch')}")
        st.markdown(f"**{t('lessons.question')}** {t(f'exp.{exp.id}.question')}")
        done = page.results.get(exp.id)
        if page.active == exp.id:
            st.button(t("lessons.stop"), key=f"lessons.{exp.id}.stop", on_click=_stop)
            st.fragment(progress, run_every=REFRESH_S)(exp.id)
            return
        st.button(t("lessons.again" if done else "lessons.run"), key=f"lessons.{exp.id}.run",
                  type="primary", on_click=_run, args=(exp.id,),
                  disabled=page.active is not None)
        if done is not None:
            results(exp, *done)
