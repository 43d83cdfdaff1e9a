"""Inside page, part 2: the overview (layers as blocks, the stage's block lit) and one stage at a
time with Previous / Next / Play, in a fragment so a click redraws only the stage.

Play advances every PLAY_SECONDS with a timed fragment (``run_every``); Pause, the last stage or
any other click ends it.  The hidden unit j chosen here is followed through every stage.
"""
from __future__ import annotations

import time

import streamlit as st

from core.stepthrough import busiest_unit, stage_plan
from viz import session
from viz.figures.inside import overview_figure
from viz.panels.inside_backward import BACKWARD
from viz.panels.inside_forward import FORWARD
from viz.panels.inside_parts import chart
from viz.panels.inside_update import UPDATE
from viz.strings import t

PLAY_SECONDS = 1.5
RENDER = {**FORWARD, **BACKWARD, **UPDATE}
BACKWARD_CODES = ("dZ_out", "grads", "dA", "dZ")


def _lit(code, l, L):
    """Which block of the overview a stage is about (None: the whole network)."""
    if code in ("input",):
        return 0
    if code in ("hidden", "grads", "dA", "dZ"):
        return l
    if code in ("logits", "softmax", "loss", "dZ_out"):
        return L
    return None


def _overview(net, code, l):
    L = net.L
    names = ([t("inside.block.input")] + [t("inside.block.hidden", l=i) for i in range(1, L)]
             + [t("inside.block.output")])
    chart(overview_figure(net.sizes, names, _lit(code, l, L), backward=code in BACKWARD_CODES),
          "overview")


def _move(by, last):
    ins = session.current().inside
    ins.playing = False
    ins.stage = min(max(ins.stage + by, 0), last)


def _play(last):
    ins = session.current().inside
    if ins.playing:
        ins.playing = False
        return
    if ins.stage >= last:
        ins.stage = 0
    ins.playing, ins.next_at = True, time.monotonic() + PLAY_SECONDS


def _tick(ins, last):
    """Play: advance one stage when due; True when Play just ended (the page must swap back to
    the untimed fragment)."""
    now = time.monotonic()
    if now >= ins.next_at - 0.1:
        ins.stage = min(ins.stage + 1, last)
        ins.next_at = now + PLAY_SECONDS
    if ins.stage >= last:
        ins.playing = False
        return True
    return False


def _controls(ins, last, net):
    with st.container(horizontal=True, key="inside-nav"):
        st.button(t("inside.nav.prev"), on_click=_move, args=(-1, last), key="inside.prev",
                  disabled=ins.stage == 0, icon=":material/arrow_back:")
        st.button(t("inside.nav.next"), on_click=_move, args=(1, last), key="inside.next",
                  disabled=ins.stage >= last, icon=":material/arrow_forward:", type="primary")
        st.button(t("inside.nav.pause" if ins.playing else "inside.nav.play"), on_click=_play,
                  args=(last,), key="inside.play",
                  icon=":material/pause:" if ins.playing else ":material/play_arrow:")
        if net.L > 1:
            n = net.sizes[1]
            held = session.widget("inside.unit")
            if held is None or held > n - 1:   # dropped on a page switch, or a smaller network
                session.set_widget("inside.unit", min(ins.unit, n - 1))
            ins.unit = int(st.number_input(t("inside.unit.label", n=n), min_value=0, width=260,
                                           max_value=n - 1, step=1,
                                           key=session.widget_key("inside.unit")))


def _view(ch, timed):
    s = session.current()
    ins, net = s.inside, ch.net
    plan = stage_plan(net.L)
    last = len(plan) - 1
    if timed and _tick(ins, last):
        st.rerun()
    if not timed and ins.playing:
        st.rerun()            # Play was pressed: the timed fragment takes over
    ins.stage = min(ins.stage, last)
    _controls(ins, last, net)
    code, l = plan[ins.stage]
    j = ins.unit
    ins.slot = 0
    deeper = l > 1 and (code in ("hidden", "dA", "dZ") or (code == "grads" and l < net.L))
    if deeper:   # unit j is layer 1's; deeper layers show their busiest unit
        j = busiest_unit(ch.story, l)
    with st.container(key="inside-stage"):
        st.subheader(t("inside.stage.marker", n=ins.stage + 1, total=len(plan),
                       title=t(f"inside.stage.{code}", l=l, k=l + 1)), anchor=False)
        if net.L > 1:
            st.caption(t("inside.unit.marker", j=ins.unit)
                       + (t("inside.unit.deeper", l=l, j=j) if deeper else ""))
        _overview(net, code, l)
        RENDER[code](ch, l, j, stage=ins.stage)


@st.fragment
def _still(ch):
    _view(ch, timed=False)


@st.fragment(run_every=PLAY_SECONDS)
def _timed(ch):
    _view(ch, timed=True)


def stages(ch):
    """The stage view: timed while playing, otherwise redrawn only on its own clicks."""
    (_timed if session.current().inside.playing else _still)(ch)
