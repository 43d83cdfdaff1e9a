"""Compare page (/compare): the session's kept runs overlaid, a table of their final figures,
and (panels/compare_runs.py) keeping, renaming, deleting, exporting and bringing in runs.

Each picked run has one colour in every chart (its place in the pick); the legend names a run by
the settings that differ between the picked runs (core.train.compare.differing_fields).
"""
import numpy as np
import streamlit as st

from core import metrics
from core.train.compare import AXES, differing_fields, run_x
from viz import session, words
from viz.figures import pixels as render
from viz.figures import runs as runfigs
from viz.panels import compare_runs as panel
from viz.strings import has, t


def _series(rec, label: str, axis: str) -> dict:
    """What the overlay builders draw of one run (viz.figures.runs), x on ``axis``."""
    h, empty = rec.history, np.zeros(0, np.float32)
    step, eval_step = h.get("step", empty), h.get("eval_step", empty)
    grad = h.get("grad_rms", np.zeros((len(step), 0), np.float32))
    grad = grad if grad.ndim == 2 else grad.reshape(len(grad), -1)
    return {"label": label, "x": run_x(rec, step, axis), "loss": metrics.ema(h.get("loss", empty)),
            "eval_x": run_x(rec, eval_step, axis),
            "eval_acc_pct": render.percent(h.get("eval_acc", empty)),
            "grad_rms": grad, "layers": [f"W{j + 1}" for j in range(grad.shape[1])]}


def _figures(records, diffs, axis: str) -> list:
    labels = words.compare_labels(axis)
    runs = [_series(r, words.run_legend(r.name, d), axis) for r, d in zip(records, diffs)]
    revision = (tuple(r.name for r in records), axis)
    layer = lambda run, name: t("compare.legend_layer", run=run, layer=name)  # noqa: E731
    return [runfigs.runs_loss_figure(runs, labels=labels, revision=revision),
            runfigs.runs_accuracy_figure(runs, labels=labels, revision=revision),
            runfigs.runs_grad_figure(runs, labels=labels, layer_label=layer, revision=revision)]


def _table(s, records, diffs) -> None:
    """One row per picked run: its differing settings and its final figures."""
    def status(code):
        return t(f"status.{code}") if has(f"status.{code}") else code
    rows = [{t("compare.col.run"): r.name,
             t("compare.col.differs"): words.settings_text(d) or "—",
             t("compare.col.status"): status(r.status),
             t("compare.col.steps"): r.steps,
             t("compare.col.epochs"): round(r.epochs_done, 2),
             t("compare.col.acc"): None if r.final is None else round(100 * r.final.accuracy, 2),
             t("compare.col.loss"): None if r.final is None else round(r.final.loss, 4),
             t("compare.col.split"): None if r.final is None else words.split_word(r.final.split),
             t("compare.col.seconds"): round(r.train_seconds, 1),
             t("compare.col.pinned"): s.pinned(r)} for r, d in zip(records, diffs)]
    st.markdown(f"**{t('compare.table')}**")
    st.dataframe(rows, hide_index=True, width="stretch")


def _chart(fig, key):
    st.plotly_chart(fig, key=key, config={"displaylogo": False}, theme=None)


s = session.current()
st.title(t("compare.title"), anchor=False)
st.markdown(t("compare.intro"))
figs = []
if not s.runs:
    st.info(t("compare.none"))
else:
    picked = panel.pick(s)
    axis = st.segmented_control(t("compare.axis"), AXES, key=session.widget_key("compare.axis"),
                                format_func=lambda a: t(f"compare.axis.{a}"), default="steps",
                                required=True) or "steps"
    records = [s.run(n) for n in picked]
    if not records:
        st.info(t("compare.pick_none"))
    else:
        diffs = differing_fields([r.config for r in records])
        figs = _figures(records, diffs, axis)
        if len(records) > 1 and not any(diffs[0]):
            st.caption(t("compare.same"))
        left, right = st.columns(2)
        with left:
            _chart(figs[0], "compare.chart.loss")
        with right:
            _chart(figs[1], "compare.chart.acc")
        _chart(figs[2], "compare.chart.grad")
        _table(s, records, diffs)
    panel.manage(s, figs)
st.divider()
panel.importer(s)
