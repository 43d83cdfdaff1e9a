"""Inside page, part 3: a gradient check the class can watch, with a switch that breaks the
backward pass on purpose (core.network.FAULTS) so the check fails visibly.

The check runs on a small batch, the chosen example and 9 held-out digits: forgetting the 1/m
of the mean changes nothing when m = 1, so one example could not catch it.
"""
from __future__ import annotations

import time

import numpy as np
import streamlit as st

from core.gradcheck import PASS_TOLERANCE, check_layers
from core.network import FAULTS
from viz import session
from viz.strings import t

BATCH_EXTRA = 9     # held-out digits added to the chosen example
SHOWN_ENTRIES = 4   # entries listed per layer


def _run(ch, fault):
    X = np.vstack([ch.story.x[None, :], ch.pool[0][:BATCH_EXTRA]])
    y = np.concatenate([[ch.story.y], ch.pool[1][:BATCH_EXTRA]])
    t0 = time.perf_counter()
    checks = check_layers(ch.net, X, y, per_layer=20, rng=np.random.default_rng(0), fault=fault)
    session.current().inside.check = (fault, checks, time.perf_counter() - t0, len(y))


def _table(checks):
    rows = []
    for c in checks:
        rows.append({t("inside.check.col.layer"): f"W({c.l}), b({c.l})",
                     t("inside.check.col.entries"): len(c.numeric),
                     t("inside.check.col.error"): f"{c.rel_error:.2e}",
                     t("inside.check.col.verdict"): t("inside.check.pass" if c.passed
                                                      else "inside.check.fail")})
    st.table(rows)
    entries = []
    for c in checks:
        for name, i, num, bp in list(zip(c.names, c.index, c.numeric, c.backprop))[:SHOWN_ENTRIES]:
            entries.append({t("inside.check.col.param"): f"{name}[{i}]",
                            t("inside.check.col.numeric"): f"{num:.8e}",
                            t("inside.check.col.backprop"): f"{bp:.8e}"})
    st.dataframe(entries, hide_index=True)


@st.fragment
def check_panel(ch):
    """The break switch, the Run button, the per-layer table and the verdict."""
    st.subheader(t("inside.check.title"), anchor=False)
    st.markdown(t("inside.check.intro", m=BATCH_EXTRA + 1, tol=PASS_TOLERANCE))
    options = ("none",) + FAULTS
    fault = st.radio(t("inside.check.fault"), options, horizontal=True,
                     format_func=lambda k: t(f"inside.check.fault.{k}"),
                     key=session.widget_key("inside.fault"))
    st.button(t("inside.check.run"), on_click=_run, args=(ch, None if fault == "none" else fault),
              key="inside.check.run", icon=":material/rule:")
    done = session.current().inside.check
    if done is None:
        return
    used, checks, seconds, m = done
    passed = all(c.passed for c in checks)
    with st.container(key="inside-verdict"):
        if passed:
            st.success(t("inside.check.passed"))
        else:
            failed = ", ".join(str(c.l) for c in checks if not c.passed)
            st.error(t("inside.check.failed", layers=failed))
    st.caption(t("inside.check.timing", seconds=seconds, m=m,
                 fault=t(f"inside.check.fault.{used or 'none'}")))
    _table(checks)
