"""Joining the class: the server's address on the room's network, a QR code of the Follow link,
and the teacher's panel (the link, the QR, "students may train").  Students get the teacher-code
field instead (``code_entry``).

The address is found without sending anything: connecting a UDP socket only chooses the
outgoing interface (no packet leaves), so it works on a laptop with no internet; then the
host's own addresses; Streamlit's ``server.address`` wins when it names a real address.
"""
from __future__ import annotations

import functools
import html
import socket

import streamlit as st

from viz import class_run, session
from viz.strings import t

FOLLOW_PATH = "follow"
QR_SCALE = 9     # pixels per QR module: ~330 px for a short link, big enough on a projector
QR_BORDER = 4    # the quiet zone the QR standard asks for (modules)
# A private address nobody needs to answer: connect() on a UDP socket sends nothing.
_PROBE = ("10.254.254.254", 1)
_UNSPECIFIED = {"", "0.0.0.0", "::", "localhost"}


def _usable(ip) -> bool:
    return bool(ip) and not str(ip).startswith("127.") and ip not in _UNSPECIFIED


@functools.lru_cache(maxsize=1)
def own_addresses() -> frozenset:
    """The IPv4 addresses of this machine's interfaces that others can reach (no loopback):
    a browser connecting from one of them is on the server machine itself."""
    found = set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(_PROBE)
            found.add(s.getsockname()[0])
    except OSError:   # no route at all (no network interface up)
        pass
    try:
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return frozenset(ip for ip in found if _usable(ip))


def lan_ip() -> str:
    """The address students type or scan: Streamlit's ``server.address`` if it names one, else
    the interface this machine would use to reach the network, else 127.0.0.1 (one machine)."""
    configured = st.get_option("server.address")
    if _usable(configured):
        return configured
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(_PROBE)
            ip = s.getsockname()[0]
        if _usable(ip):
            return ip
    except OSError:
        pass
    others = sorted(own_addresses())
    return others[0] if others else "127.0.0.1"


def join_url() -> str:
    """"http://<lan ip>:<port>/follow": the link the QR code holds."""
    return f"http://{lan_ip()}:{st.get_option('server.port')}/{FOLLOW_PATH}"


def short_link() -> str:
    """The same link without "http://", short enough to read off a projector and type."""
    return join_url().split("://", 1)[1]


@functools.lru_cache(maxsize=8)
def qr(url: str):
    """``url`` as a segno QR code (QR encoding with error correction is a well-kept library's
    job; error level M survives a smudged projector or glare on a phone)."""
    import segno
    return segno.make(url, error="m", micro=False)


def qr_html(url: str) -> str:
    """An <img> of ``url``'s QR code as an SVG data URI (st.html keeps <img> with a data URI but
    drops inline <svg>): black on white, with the quiet zone the standard asks for, sharp at
    any size on a projector, and a few hundred bytes."""
    code = qr(url)
    side = (code.symbol_size(border=QR_BORDER)[0]) * QR_SCALE
    uri = code.svg_data_uri(scale=QR_SCALE, border=QR_BORDER, dark="#000", light="#fff")
    return f'<img src="{uri}" width="{side}" height="{side}" alt="{html.escape(url)}">'


def _on_students_may_train() -> None:
    s = session.current()
    if s.role == "teacher":   # the switch is drawn for teachers only; this is belt and braces
        class_run.holder().set_students_may_train(bool(session.widget("class.students_train")),
                                                  s)


def teacher_panel() -> None:
    """The join link, its QR code and the "students may train" switch (teachers only)."""
    url = join_url()
    st.markdown(t("join.scan"))
    with st.container(key="join-qr"):
        st.html(qr_html(url))
    st.subheader(short_link(), anchor=False)   # big enough to read off a projector and type
    st.code(url, language=None)                # with a copy icon
    st.caption(t("join.same_network"))
    session.set_widget("class.students_train", class_run.holder().students_may_train)
    st.toggle(t("join.students_train"), key=session.widget_key("class.students_train"),
              on_change=_on_students_may_train, help=t("join.students_train_help"))


def _on_code() -> None:
    code = session.widget("class.code") or ""
    session.set_widget("class.code", "")
    session.current().code_result = session.become_teacher(code)   # shown once, below


def code_entry() -> None:
    """A student's field for the teacher code (printed in the server's console)."""
    st.caption(t("join.code_help"))
    st.text_input(t("join.code"), key=session.widget_key("class.code"), type="password",
                  on_change=_on_code, max_chars=12)
    s = session.current()
    result, s.code_result = s.code_result, None
    if result == "wrong":
        st.error(t("join.code_wrong"))
    elif result == "wait":
        st.warning(t("join.code_wait", seconds=int(class_run.LOCK_S)))


def class_button() -> None:
    """The toolbar's "Class" popover: the join panel for a teacher, the code field for a
    student."""
    teacher = session.current().role == "teacher"
    with st.popover(t("join.button"), icon=":material/groups:", help=t("join.help")):
        st.markdown(t("join.role_teacher" if teacher else "join.role_student"))
        if teacher:
            teacher_panel()
        else:
            code_entry()
