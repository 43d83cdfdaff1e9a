"""A class in one room: roles, the class run, /follow, the join QR code and the class model.

Several AppTest sessions in one process share the process-wide ClassRun (viz.class_run.holder),
as the browsers of a class share one server.  Every AppTest client is "loopback" (a teacher)
unless BACKPROP_LAB_LOOPBACK_TEACHER=0 when it is made.
"""
import io
import time

import numpy as np
import pytest

from helpers import apps  # noqa: F401 (a fixture)
from helpers import session_of, texts
from viz import class_run
from viz.class_run import FREE_TRIES, LOCK_S, MAX_WRONG_PER_MIN, ClassRun, first_role
from viz.session import Session

CODE = "424242"


@pytest.fixture
def room(monkeypatch):
    """A fresh class: no class run, students' training off, a known teacher code."""
    monkeypatch.setenv(class_run.TEACHER_CODE_ENV, CODE)
    monkeypatch.delenv(class_run.LOOPBACK_TEACHER_ENV, raising=False)
    holder = class_run.holder()
    holder.reset()
    yield holder
    holder.reset()


def _student(apps, monkeypatch, query=None):
    monkeypatch.setenv(class_run.LOOPBACK_TEACHER_ENV, "0")
    at = apps(query)
    monkeypatch.delenv(class_run.LOOPBACK_TEACHER_ENV)
    assert session_of(at).role == "student"
    return at


def _wait_step(tr, at_least=1, timeout=20):
    deadline = time.monotonic() + timeout
    while tr.snapshot().step < at_least:
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _shown_step(at) -> int:
    """N of the "Step: N" marker in the page's status line (one status line on the page)."""
    lines = [h for h in texts(at, "subheader") if "Step: " in h]
    assert len(lines) == 1, texts(at, "subheader")
    return int(lines[0].split("Step: ")[1].split(" ")[0].replace(",", ""))


# ---------------------------------------------------------------- the role decision
def test_loopback_is_the_teacher_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv(class_run.LOOPBACK_TEACHER_ENV, raising=False)
    assert first_role(None) == "teacher"                       # Streamlit: None for 127.0.0.1/::1
    assert first_role("192.168.1.23") == "student"
    assert first_role("192.168.1.5", {"192.168.1.5"}) == "teacher"   # this machine's own address
    assert first_role(object()) == "teacher"                   # AppTest's mock client
    monkeypatch.setenv(class_run.LOOPBACK_TEACHER_ENV, "0")
    assert first_role(None) == "student"
    assert first_role("192.168.1.5", {"192.168.1.5"}) == "student"


def test_the_teacher_code_comes_from_the_environment_or_is_six_random_digits(monkeypatch):
    monkeypatch.delenv(class_run.TEACHER_CODE_ENV, raising=False)
    codes = {ClassRun().code() for _ in range(5)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 1
    monkeypatch.setenv(class_run.TEACHER_CODE_ENV, "123456")
    assert ClassRun().code() == "123456"


def test_wrong_codes_are_refused_then_rate_limited_without_revealing_the_code(monkeypatch):
    monkeypatch.setenv(class_run.TEACHER_CODE_ENV, CODE)
    holder, tries = ClassRun(), []
    for i in range(FREE_TRIES):
        assert holder.check_code("000000", tries, now=100.0 + i) == "wrong"
    # Locked: even the right code is not compared, so a locked session learns nothing.
    assert holder.check_code(CODE, tries, now=103.0) == "wait"
    assert holder.check_code(CODE, tries, now=102.0 + LOCK_S + 0.1) == "ok"
    assert holder.check_code(f" {CODE} ", [], now=200.0) == "ok"
    # New tabs do not dodge the wait: the server takes MAX_WRONG_PER_MIN wrong tries a minute.
    busy = ClassRun()
    for i in range(MAX_WRONG_PER_MIN):
        assert busy.check_code("1", [], now=300.0 + i / 100) == "wrong"
    assert busy.check_code(CODE, [], now=301.0) == "wait"
    assert busy.check_code(CODE, [], now=361.0) == "ok"


def test_a_student_session_can_neither_own_the_class_run_nor_flip_the_switch():
    holder, student, teacher = ClassRun(), Session(), Session()
    teacher.role = "teacher"
    assert student.role == "student"                     # least privilege until decided
    with pytest.raises(PermissionError):
        holder.claim(student)
    with pytest.raises(PermissionError):
        holder.set_students_may_train(True, student)
    assert holder.owner() is None and not holder.students_may_train
    assert not holder.may_train(student) and holder.may_train(teacher)
    holder.set_students_may_train(True, teacher)
    assert holder.may_train(student)


def test_entering_the_code_makes_a_student_a_teacher(apps, room, monkeypatch):
    at = _student(apps, monkeypatch)
    assert not [t for t in at.toggle if t.key == "w.class.students_train"]  # no switch for students
    at.text_input(key="w.class.code").input("111111").run()
    assert "That is not the teacher code." in texts(at, "error")
    assert session_of(at).role == "student"
    assert CODE not in " ".join(texts(at, "error") + texts(at, "markdown") + texts(at, "caption"))
    at.text_input(key="w.class.code").input(CODE).run()
    assert not at.exception, at.exception
    assert session_of(at).role == "teacher"
    assert at.toggle(key="w.class.students_train").value is False   # the teacher's switch now


# ---------------------------------------------------------------- the class run
def test_a_student_cannot_start_stop_or_change_the_class_run(apps, room, monkeypatch):
    teacher = apps()
    teacher.button(key="btn.start").click().run()
    tr = session_of(teacher).trainer
    assert room.trainer() is tr and tr.status == "running"
    lr = tr.snapshot().config.lr

    student = _student(apps, monkeypatch)
    student.button(key="btn.start").click().run()         # training off for students: refused
    assert any("switched students' own training off" in w for w in texts(student, "warning"))
    assert session_of(student).trainer is None
    student.button(key="btn.step").click().run()
    assert session_of(student).trainer is None
    student.number_input(key="w.live.lr").set_value(lr * 10).run()   # acts on its own run only
    assert student.button(key="btn.pause").disabled and student.button(key="btn.reset").disabled
    assert room.trainer() is tr and tr.status == "running" and tr.snapshot().config.lr == lr

    # Switched on by the teacher, the student trains a run of its own; the class run is untouched.
    teacher.toggle(key="w.class.students_train").set_value(True).run()
    assert room.students_may_train
    student.button(key="btn.start").click().run()
    own = session_of(student).trainer
    assert own is not None and own is not tr and room.trainer() is tr
    student.button(key="btn.pause").click().run()
    assert own.status == "paused" and tr.status == "running"


def test_a_student_cannot_train_through_the_lessons_page_while_the_switch_is_off(
        apps, room, monkeypatch):
    student = _student(apps, monkeypatch, {"page": "lessons"})
    student.switch_page("app_pages/lessons.py").run()
    student.button(key="lessons.lr.run").click().run()
    s = session_of(student)
    assert s.lessons.active is None and s.lessons.trainer is None
    assert any("switched students' own training off" in w for w in texts(student, "warning"))
    room.set_students_may_train(True, session_of(apps()))
    student.button(key="lessons.lr.run").click().run()
    assert s.lessons.active == "lr" and s.lessons.trainer is not None
    s.lessons.trainer.stop()
    s.lessons.trainer.join(timeout=10)


def test_follow_is_read_only_and_waits_for_the_teacher(apps, room, monkeypatch):
    student = _student(apps, monkeypatch)
    student.switch_page("app_pages/follow.py").run()
    assert not student.exception, student.exception
    assert "Waiting for the teacher to start… This page updates by itself." in texts(student, "info")
    teacher = apps()
    teacher.button(key="btn.step").click().run()
    student.run()
    assert not student.exception, student.exception
    assert len(student.button) == 0 and len(student.number_input) == 0   # nothing to press
    assert len(student.text_input) == 1                                  # only the code field
    assert _shown_step(student) == 1


def test_a_follower_sees_the_teachers_step(apps, room, monkeypatch):
    teacher = apps()
    for _ in range(3):
        teacher.button(key="btn.step").click().run()
    tr = session_of(teacher).trainer
    student = _student(apps, monkeypatch)
    student.switch_page("app_pages/follow.py").run()
    assert _shown_step(student) == tr.snapshot().step == 3          # paused: exactly the same
    teacher.button(key="btn.resume").click().run()
    _wait_step(tr, 10)
    before = tr.snapshot().step
    student.run()                                                   # one refresh
    after = tr.snapshot().step
    assert before <= _shown_step(student) <= after and _shown_step(student) > 3
    teacher.button(key="btn.pause").click().run()
    student.run()
    assert _shown_step(student) == tr.snapshot().step


def test_the_teacher_and_followers_share_one_build_of_each_figure(apps, room, monkeypatch):
    from viz.figures import curves
    from viz.panels import train_charts
    teacher = apps()
    followers = [_student(apps, monkeypatch) for _ in range(3)]   # on their own Train pages
    built = []
    real = curves.loss_figure
    monkeypatch.setattr(curves, "loss_figure", lambda *a, **k: built.append(1) or real(*a, **k))
    teacher.button(key="btn.step").click().run()
    tr = session_of(teacher).trainer
    for f in followers:
        f.switch_page("app_pages/follow.py").run()
        assert not f.exception, f.exception
        assert _shown_step(f) == tr.snapshot().step == 1
    assert len(built) == 1                  # one snapshot: built once for the teacher and all three
    assert train_charts.figure_cache(session_of(teacher)) is room.figures
    teacher.button(key="btn.step").click().run()
    _wait_step(tr, 2)
    for f in followers:
        f.run()
        assert _shown_step(f) == 2
    assert len(built) == 2                  # a new step: once more, for everyone
    assert set(room.figures.figs()) >= {"loss", "acc", "grad"}


def test_the_class_run_follows_the_teachers_reset_and_is_kept_alive_by_the_teacher_only(
        apps, room, monkeypatch):
    teacher = apps()
    teacher.button(key="btn.step").click().run()
    first = session_of(teacher).trainer
    student = _student(apps, monkeypatch)
    student.switch_page("app_pages/follow.py").run()
    touches = []
    monkeypatch.setattr(first, "touch", lambda: touches.append(1))
    student.run()
    assert touches == []     # a follower's heartbeat never touches (keeps alive) the class run
    teacher.run()
    assert touches           # the teacher's page does
    teacher.button(key="btn.reset").click().run()
    student.run()
    assert "Waiting for the teacher to start… This page updates by itself." in texts(student, "info")
    teacher.button(key="btn.step").click().run()
    assert room.trainer() is session_of(teacher).trainer is not first


# ---------------------------------------------------------------- join
def test_the_qr_code_decodes_to_the_join_link(apps, room):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    from viz.panels import join
    teacher = apps()
    url = join.join_url()
    assert url.startswith("http://") and url.endswith(":8501/follow")
    png = io.BytesIO()
    join.qr(url).save(png, kind="png", scale=4, border=4)      # the code the SVG draws
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))
    assert [r.text for r in found] == [url]
    assert [h.proto.body for h in teacher.get("html")].count(join.qr_html(url)) == 1
    assert join.short_link() in texts(teacher, "subheader")
    assert url in [c.value for c in teacher.code]


def test_the_lan_address_is_the_configured_one_when_set(monkeypatch):
    from viz.panels import join
    options = {"server.address": "10.1.2.3", "server.port": 8600}
    monkeypatch.setattr(join.st, "get_option", options.get)
    assert join.join_url() == "http://10.1.2.3:8600/follow"
    assert join.short_link() == "10.1.2.3:8600/follow"
    options["server.address"] = "0.0.0.0"                     # all interfaces: find one
    assert not join.lan_ip().startswith("0.")


# ---------------------------------------------------------------- the class model on Draw
def test_students_can_ask_the_class_runs_model_on_draw(apps, room, monkeypatch):
    student = _student(apps, monkeypatch)
    student.switch_page("app_pages/draw.py").run()
    student.radio(key="w.model.choice").set_value("class").run()
    assert not student.exception, student.exception
    info, reasons = session_of(student).answering_model()
    assert info.kind == "shipped" and reasons == ["no_class"]
    assert ("The class run has not taken a step yet, so the shipped model answers."
            in texts(student, "info"))

    teacher = apps()
    for _ in range(2):
        teacher.button(key="btn.step").click().run()
    tr = session_of(teacher).trainer
    student.run()
    info, reasons = session_of(student).answering_model()
    assert info.kind == "class" and reasons == []
    want = tr.copy_network()
    assert all(np.array_equal(info.net.params[k], want.params[k]) for k in want.params)
    assert info is room.model()                     # one copy, shared by every student
    teacher.button(key="btn.step").click().run()    # a new step: a new copy
    newer = room.model()
    assert newer is not info
    assert all(np.array_equal(newer.net.params[k], tr.copy_network().params[k])
               for k in want.params)
