"""The Models page: download the answering model, upload one; bad files change nothing."""
import io

import numpy as np
import pytest

from core.data import is_available
from core.io import save_model
from core.network import Network
from helpers import needs_shipped_model, open_page, session_of, texts

pytestmark = needs_shipped_model


def _npz(net):
    buf = io.BytesIO()
    save_model(net, buf, dataset="mnist-sample")
    return buf.getvalue()


def _refused(at):
    return [e for e in texts(at, "error")
            if e.startswith("That file was refused and nothing changed")]


def _assert_unchanged(at):
    assert at.radio[0].value == "shipped"
    assert session_of(at).uploaded is None
    assert any("**Shipped model**" in m for m in texts(at, "markdown"))


def test_models_page_offers_the_answering_model_for_download():
    at = open_page("app_pages/models.py")
    assert not at.exception, at.exception
    assert any("784-" in m and "**Shipped model**" in m for m in texts(at, "markdown"))
    assert len(at.get("download_button")) == 1


def test_a_corrupt_file_is_refused_with_a_message_and_nothing_changes():
    at = open_page("app_pages/models.py")
    good = _npz(Network([784, 8, 10], seed=1))
    at.file_uploader[0].upload("model.npz", good[: len(good) // 2], "application/zip").run()
    assert not at.exception
    [message] = _refused(at)
    assert "truncated or corrupt" in message
    _assert_unchanged(at)


def test_a_foreign_npz_and_a_pickle_are_refused():
    at = open_page("app_pages/models.py")
    buf = io.BytesIO()
    np.savez(buf, W1=np.zeros((3, 3)))
    at.file_uploader[0].upload("weights.npz", buf.getvalue()).run()
    assert "no meta.json" in _refused(at)[0]
    _assert_unchanged(at)
    at = open_page("app_pages/models.py")
    at.file_uploader[0].upload("evil.npz", b"\x80\x04\x95 pickle bytes").run()
    assert "pickle" in _refused(at)[0]
    _assert_unchanged(at)


def test_a_model_for_other_inputs_is_refused():
    at = open_page("app_pages/models.py")
    at.file_uploader[0].upload("tiny.npz", _npz(Network([784, 8, 3], seed=0))).run()
    assert "answers 3 classes" in _refused(at)[0]
    _assert_unchanged(at)


def test_a_valid_upload_answers_on_the_other_pages_until_forgotten():
    at = open_page("app_pages/models.py")
    at.file_uploader[0].upload("mine.npz", _npz(Network([784, 24, 10], seed=5))).run()
    assert not at.exception
    assert any(s.startswith("Loaded mine.npz (784-24-10, sigmoid)") for s in texts(at, "success"))
    assert at.radio[0].value == "uploaded"
    at.switch_page("app_pages/evaluate.py").run()
    assert at.radio[0].value == "uploaded"           # the pick survives a page switch
    assert any("Answered by: **Uploaded model**" in c for c in texts(at, "caption"))
    at.switch_page("app_pages/models.py").run()
    at.button(key="models.forget").click().run()
    assert at.radio[0].value == "shipped" and session_of(at).uploaded is None


@pytest.mark.skipif(is_available("mnist"), reason="full MNIST is here: measured on its test set")
def test_a_full_mnist_model_measured_on_the_sample_is_flagged_as_optimistic():
    at = open_page("app_pages/models.py")
    buf = io.BytesIO()
    save_model(Network([784, 8, 10], seed=2), buf, dataset="mnist")
    at.file_uploader[0].upload("full.npz", buf.getvalue()).run()
    assert at.radio[0].value == "uploaded"
    assert any("trained on full MNIST" in w for w in texts(at, "warning"))
    at.switch_page("app_pages/evaluate.py").run()
    assert any("optimistic" in w for w in texts(at, "warning"))
