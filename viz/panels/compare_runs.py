"""Compare page, part 2: which runs are picked, and keeping, renaming, deleting, exporting and
bringing in runs (Session.pin / rename / delete / add_run; core.train.export builds the files).

Downloads are built only when clicked (st.download_button with a function: it runs in its own
thread, so it is handed plain values, never ``st``).
"""
from __future__ import annotations

import io

import streamlit as st

from core.io import save_model
from core.train.export import file_stem, history_csv, read_run_bytes, runs_zip
from viz import session, words
from viz.figures import runs as runfigs
from viz.panels import notice
from viz.session import MAX_PINNED, MAX_RUNS
from viz.strings import t

PICK = "compare.pick"
WHICH = "compare.which"
NEW_NAME = "compare.new_name"
UPLOAD_MB = 50           # the uploader's own limit; files over MAX_BYTES (20 MB) get our message


# ---------------------------------------------------------------- which runs
def pick_last_two(s) -> None:
    """Pick the session's last two runs (the Train page's "Compare with the previous run")."""
    session.set_widget(PICK, [r.name for r in s.runs[-2:]])


def pick(s) -> list[str]:
    """The runs picked (names, in the multiselect's order): the last two at first; names of
    runs gone since are dropped."""
    names = [r.name for r in s.runs]
    current = session.widget(PICK)
    session.set_widget(PICK, names[-2:] if current is None else
                       [n for n in current if n in names])
    return st.multiselect(t("compare.pick"), names, key=session.widget_key(PICK),
                          help=t("compare.pick_help"))


def _rename_pick(old: str, new: str | None) -> None:
    current = session.widget(PICK) or []
    session.set_widget(PICK, [new if n == old else n for n in current if new or n != old])


# ---------------------------------------------------------------- keep, rename, delete
def _say(s, kind: str, text: str) -> None:
    s.compare.message = (kind, text)


def _on_pin(name: str) -> None:
    s = session.current()
    on = bool(session.widget(f"compare.pin.{name}"))
    if not s.pin(name, on):
        session.set_widget(f"compare.pin.{name}", False)
        _say(s, "warning", t("compare.pin_full", n=MAX_PINNED))


def _on_rename(name: str) -> None:
    s = session.current()
    try:
        new = s.rename(name, session.widget(NEW_NAME, ""))
    except ValueError:
        _say(s, "warning", t("compare.bad_name"))
        return
    _rename_pick(name, new)
    session.set_widget(WHICH, new)
    session.set_widget(NEW_NAME, "")
    _say(s, "success", t("compare.renamed", name=new))


def _on_delete(name: str) -> None:
    s = session.current()
    s.delete(name)
    _rename_pick(name, None)
    _say(s, "info", t("compare.deleted", name=name))


def _model_npz(tr, rec):
    """A function building the .npz of ``tr``'s network (copied now, saved when clicked)."""
    net = tr.copy_network()
    acc = None if rec.final is None else rec.final.accuracy
    split = None if rec.final is None else rec.final.split

    def build():
        buf = io.BytesIO()
        save_model(net, buf, dataset=rec.config.dataset, source="live", accuracy=acc,
                   split=split)
        return buf.getvalue()
    return build


def _downloads(s, rec, figs) -> None:
    stem = file_stem(rec.name)
    row = st.container(horizontal=True)
    with row:
        st.download_button(t("compare.csv"), data=lambda: history_csv(rec), on_click="ignore",
                           file_name=f"backprop-lab-{stem}.csv", mime="text/csv",
                           icon=":material/download:", key="compare.dl.csv")
        st.download_button(t("compare.json"), data=rec.to_json, on_click="ignore",
                           file_name=f"backprop-lab-{stem}.json", mime="application/json",
                           icon=":material/download:", key="compare.dl.json")
        tr = s.trainer_of(rec)
        if tr is not None:
            st.download_button(t("compare.model"), data=_model_npz(tr, rec), on_click="ignore",
                               file_name=f"backprop-lab-{stem}-model.npz",
                               mime="application/zip", icon=":material/download:",
                               key="compare.dl.model")
    if s.trainer_of(rec) is None:
        st.caption(t("compare.model_gone"))
    title, records = t("compare.html_title"), s.runs
    charts = (lambda: runfigs.figures_html(figs, title)) if figs else None
    with st.container(horizontal=True):
        if charts:
            st.download_button(t("compare.html"), data=charts, on_click="ignore",
                               file_name="backprop-lab-compare.html", mime="text/html",
                               icon=":material/download:", key="compare.dl.html")
        st.download_button(t("compare.zip"), on_click="ignore", mime="application/zip",
                           data=lambda: runs_zip(records, {"charts.html": charts()} if charts
                                                 else None),
                           file_name="backprop-lab-runs.zip", icon=":material/download:",
                           key="compare.dl.zip")


def manage(s, figs) -> None:
    """Pin, rename, delete and export one run; export the charts and all runs."""
    names = [r.name for r in s.runs]
    if session.widget(WHICH) not in names:
        session.set_widget(WHICH, names[-1])
    with st.expander(t("compare.manage"), expanded=False):
        st.caption(t("compare.kept", n=len(names), max=MAX_RUNS))
        name = st.selectbox(t("compare.which"), names, key=session.widget_key(WHICH))
        rec = s.run(name)
        session.set_widget(f"compare.pin.{name}", s.pinned(name))
        st.checkbox(t("compare.pin"), key=session.widget_key(f"compare.pin.{name}"),
                    on_change=_on_pin, args=(name,))
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.text_input(t("compare.rename"), key=session.widget_key(NEW_NAME),
                          placeholder=name)
            st.button(t("compare.rename_button"), on_click=_on_rename, args=(name,),
                      key="compare.rename")
            st.button(t("compare.delete"), on_click=_on_delete, args=(name,),
                      key="compare.delete", icon=":material/delete:")
        message, s.compare.message = s.compare.message, None
        notice.show(message)
        _downloads(s, rec, figs)


# ---------------------------------------------------------------- bring in a run file
def _on_upload(key: str) -> None:
    s = session.current()
    file = session.widget(key)
    if file is None:
        return
    try:
        rec = s.add_run(read_run_bytes(file.getvalue()))
    except (ValueError, TypeError, RecursionError) as err:   # CodedError is a ValueError
        s.compare.upload_message = ("error", t("compare.refused", file=file.name,
                                               error=words.error_text(err)))
    else:
        current = session.widget(PICK)
        if current is not None:
            session.set_widget(PICK, [*current, rec.name])
        s.compare.upload_message = ("success", t("compare.imported", name=rec.name))
    s.compare.gen += 1           # a fresh, empty uploader: the file is read once


def importer(s) -> None:
    """The run-file uploader and what became of the last file."""
    key = f"compare.upload.{s.compare.gen}"
    st.file_uploader(t("compare.upload"), type=["json"], max_upload_size=UPLOAD_MB,
                     key=session.widget_key(key), on_change=_on_upload, args=(key,))
    notice.show(s.compare.upload_message)
