"""A class in one room, in real browsers: with loopback browsers made students, a teacher enters
the code printed at start and starts a run; a phone-sized page (390x844) on /follow shows the
step advancing and, once the teacher pauses, exactly the teacher's step."""
import io
import re
import time

import pytest
from conftest import SCREENSHOTS, start_server, stop_server  # noqa: E402

CODE = "424242"
STEP = re.compile(r"Step: ([\d,]+)")
# Full-batch sigmoid at slow motion (2 steps/s), trained until paused: it runs all test long and
# each step stays on screen long enough to compare two pages.
RUN = ("/train?hidden=32&activation=sigmoid&init=seed&optimizer=sgd&lr=0.1&momentum=0.0"
       "&batch_size=0&epochs=5&until_paused=1&pace=slow")


@pytest.fixture
def classroom(tmp_path):
    proc, url, log = start_server({"BACKPROP_LAB_LOOPBACK_TEACHER": "0",
                                   "BACKPROP_LAB_TEACHER_CODE": CODE},
                                  log_path=tmp_path / "streamlit.log")
    yield url, tmp_path / "streamlit.log"
    stop_server(proc, log)


def _step(page) -> int:
    """The step in the page's status line ("Step: 1,234")."""
    text = page.get_by_text(STEP).first.inner_text(timeout=15000)
    return int(STEP.search(text).group(1).replace(",", ""))


def _wait_for(predicate, timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline
        time.sleep(0.2)


def _qr_decodes_to_the_join_link(teacher, url):
    """The QR code as the browser draws it decodes to the link shown beside it."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    qr = teacher.locator(".st-key-join-qr")
    qr.wait_for(timeout=15000)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    port = url.rsplit(":", 1)[1]
    assert len(found) == 1 and found[0].text.endswith(f":{port}/follow"), found
    assert teacher.get_by_text(found[0].text.split("://", 1)[1], exact=True).count() == 1


def test_a_phone_follows_the_teachers_run(chromium, classroom):
    url, log = classroom
    teacher_ctx = chromium.new_context(viewport={"width": 1366, "height": 900})
    teacher = teacher_ctx.new_page()
    teacher.goto(url + RUN)
    teacher.get_by_role("button", name="Class").click(timeout=30000)
    code = teacher.get_by_label("Teacher code")
    code.fill(CODE)
    code.press("Enter")
    teacher.get_by_text("You are the teacher").wait_for(timeout=15000)
    assert CODE in log.read_text()                        # printed in the server console
    _qr_decodes_to_the_join_link(teacher, url)
    teacher.keyboard.press("Escape")
    teacher.get_by_role("button", name="Start", exact=True).click()
    teacher.get_by_text("Status: running").wait_for(timeout=15000)

    phone_ctx = chromium.new_context(viewport={"width": 390, "height": 844},
                                     is_mobile=True, has_touch=True)
    phone = phone_ctx.new_page()
    phone.goto(url + "/follow")
    phone.get_by_text("Status: running").wait_for(timeout=30000)
    first = _step(phone)
    _wait_for(lambda: _step(phone) > first)                # it advances by itself
    assert phone.get_by_role("button", name="Start", exact=True).count() == 0
    assert phone.get_by_role("button", name="Pause", exact=True).count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "follow-phone.png"))

    teacher.get_by_role("button", name="Pause", exact=True).click()
    teacher.get_by_text("Status: paused").wait_for(timeout=15000)
    phone.get_by_text("Status: paused").wait_for(timeout=15000)   # within a refresh
    assert _step(phone) == _step(teacher)
    phone_ctx.close()
    teacher_ctx.close()
