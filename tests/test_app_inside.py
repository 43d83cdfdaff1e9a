"""The Inside page, run headless with AppTest: every number it shows comes from core (the page's
story is Network.trace and the optimizer's own step; the rendered values match them), the
gradient check passes and fails with the break switch, and odd input gets words, not a crash."""
import numpy as np
import pytest

from core.data import load_dataset, to_float
from core.io import load_model
from core.optim import make_optimizer
from core.stepthrough import stage_plan
from helpers import apps  # noqa: F401 (a fixture)
from helpers import SHIPPED, needs_shipped_model, open_page, session_of, stop_trainer, texts
from viz.panels.inside_latex import plain

pytestmark = needs_shipped_model
PAGE = "app_pages/inside.py"


@pytest.fixture
def at():
    app = open_page(PAGE)
    yield app
    stop_trainer(app)


def _choose(at, network="shipped", example="heldout", optimizer="momentum", lr=0.1):
    at.radio(key="w.inside.net").set_value(network).run()
    at.radio(key="w.inside.example").set_value(example).run()
    if network != "live":
        at.selectbox(key="w.inside.opt").set_value(optimizer).run()
        at.number_input(key="w.inside.lr").set_value(lr).run()
    if any(w.key == "w.inside.predict" for w in at.toggle):   # absent without an example
        at.toggle(key="w.inside.predict").set_value(False).run()
    assert not at.exception, at.exception
    return session_of(at)


def _stage_text(at):
    return next(h for h in texts(at, "subheader") if h.startswith("Stage "))


def _walk_to(at, code):
    """Click Next until the stage with ``code`` shows; the stage plan is core's."""
    s = session_of(at)
    plan = stage_plan(s.inside.story.before.layers[-1].l)
    while plan[s.inside.stage][0] != code:
        at.button(key="inside.next").click().run()
        assert not at.exception, at.exception


def _example(s):
    ds = load_dataset("mnist-sample")
    return to_float(ds.x_test[s.inside.pick]), int(ds.y_test[s.inside.pick])


def test_the_story_is_network_trace_and_a_real_optimizer_step(at):
    s = _choose(at)
    story = s.inside.story
    x, y = _example(s)
    net = load_model(SHIPPED)
    tr = net.trace(x[None, :], [y])
    np.testing.assert_array_equal(story.x, x)
    assert story.y == y and story.loss_before == tr.J
    np.testing.assert_array_equal(story.before.P, tr.P)
    for a, b in zip(story.before.layers, tr.layers):
        np.testing.assert_array_equal(a.Z, b.Z)
        np.testing.assert_array_equal(a.dZ, b.dZ)
        np.testing.assert_array_equal(a.dW, b.dW)
    ref = net.copy()
    make_optimizer("momentum", 0.1, momentum=0.9).step(ref.params, tr.grads)
    for k, upd in story.updates.items():
        np.testing.assert_array_equal(upd.new, ref.params[k])
    assert story.loss_after == ref.trace(x[None, :], [y]).J


def test_the_rendered_numbers_are_the_trace_s(at):
    s = _choose(at)
    x, y = _example(s)
    tr = load_model(SHIPPED).trace(x[None, :], [y])
    j = s.inside.unit
    assert abs(tr.layers[0].dZ[0, j]) == np.abs(tr.layers[0].dZ[0]).max()   # a busy unit
    _walk_to(at, "hidden")
    assert _stage_text(at).startswith("Stage 2 of 16")
    assert f"Unit j = {j}" in texts(at, "caption")
    result = at.latex[2].value
    assert plain(tr.layers[0].Z[0, j]) in result and plain(tr.layers[0].A[0, j]) in result
    _walk_to(at, "loss")
    assert f"Loss on this example: J = {tr.J:.4f}" in texts(at, "markdown")
    assert plain(tr.P[0, y]) in at.latex[1].value
    _walk_to(at, "dZ_out")
    assert plain(tr.layers[-1].dZ[0, y]) in at.latex[2].value
    _walk_to(at, "after")
    story = s.inside.story
    assert (f"Loss on this example: {story.loss_before:.4f} → {story.loss_after:.4f}"
            in texts(at, "markdown"))


def test_every_stage_renders_and_previous_goes_back(at):
    _choose(at, optimizer="adam", lr=0.001)
    for k in range(1, 17):
        assert _stage_text(at).startswith(f"Stage {k} of 16"), k
        if k < 16:
            at.button(key="inside.next").click().run()
            assert not at.exception, (k, at.exception)
    assert any("bias correction" in c for c in texts(at, "caption")) is False  # not this stage
    at.button(key="inside.prev").click().run()
    assert _stage_text(at).startswith("Stage 15 of 16")
    assert any("Adam's bias correction" in c for c in texts(at, "caption"))


def test_predict_then_reveal_hides_the_answer_until_clicked(at):
    s = _choose(at)
    at.toggle(key="w.inside.predict").set_value(True).run()
    _walk_to(at, "dZ_out")
    assert any("which of the ten outputs" in m for m in texts(at, "markdown"))
    assert len(at.latex) == 0
    at.radio(key=f"w.inside.guess.{s.inside.stage}").set_value(s.inside.story.y).run()
    at.button(key=f"inside.reveal.{s.inside.stage}").click().run()
    assert len(at.latex) == 3 and "Your prediction was right." in texts(at, "markdown")


def test_gradient_check_passes_then_fails_with_each_fault(at):
    _choose(at, network="tutorial")
    at.button(key="inside.check.run").click().run()
    assert [e.value for e in at.success] == ["Gradient check: passed"]
    for fault, layers in (("no_sigma_prime", "1"), ("no_one_over_m", "1, 2")):
        at.radio(key="w.inside.fault").set_value(fault).run()
        at.button(key="inside.check.run").click().run()
        assert [e.value for e in at.error] == [f"Gradient check: failed (layer {layers})"]
    assert session_of(at).inside.check[3] == 10   # the example and 9 held-out digits


def test_an_empty_drawing_asks_for_one(at):
    _choose(at, example="drawn")
    assert any("Nothing drawn yet" in i for i in texts(at, "info"))
    assert not any(h.startswith("Stage ") for h in texts(at, "subheader"))


def test_a_drawing_is_used_with_the_label_the_user_gives(at):
    ds = load_dataset("mnist-sample")
    s = session_of(at)
    s.draw.last_x = to_float(ds.x_test[0])
    _choose(at, example="drawn")
    assert s.inside.story.y == load_model(SHIPPED).predict(s.draw.last_x[None, :])[0]
    key = next(k for k in at.session_state if k.startswith("w.inside.drawn_y."))
    at.selectbox(key=key).set_value(4).run()
    assert s.inside.story.y == 4


def test_a_live_run_is_frozen_with_its_optimizer_buffers(at):
    s = session_of(at)
    tr = s.ensure_trainer()
    tr.run(max_steps=3)
    at.run()
    s = _choose(at, network="live")
    frozen_net, frozen_opt, step = s.inside.frozen
    assert step == 3 and any("step 3" in c for c in texts(at, "caption"))
    story = s.inside.story
    assert story.optimizer == tr.copy_optimizer()[1].name and story.t == 4
    name = next(iter(k for k in story.updates if k.startswith("W")))
    for kind, buf in story.updates[name].state_before.items():
        np.testing.assert_array_equal(buf, frozen_opt.state[(kind, name)])


def test_a_new_run_is_not_shown_as_the_frozen_copy_of_the_old_one(at):
    """After Reset (or Apply settings) the live network is the new run's, not a copy of the run
    that was set aside."""
    s = session_of(at)
    s.ensure_trainer().run(max_steps=3)
    at.run()
    s = _choose(at, network="live")
    assert s.inside.frozen[2] == 3
    s.discard_trainer()
    tr = s.ensure_trainer()
    tr.run(max_steps=5)
    at.run()
    assert not at.exception, at.exception
    net, _, step = s.inside.frozen
    assert step == 5 and any("step 5" in c for c in texts(at, "caption"))
    for k in net.params:
        np.testing.assert_array_equal(net.params[k], tr.net.params[k])


def test_play_advances_one_stage_when_due_and_pause_stops(at):
    s = _choose(at)
    at.button(key="inside.play").click().run()
    assert s.inside.playing and s.inside.stage == 0
    s.inside.next_at = 0.0          # as if PLAY_SECONDS had passed
    at.run()
    assert s.inside.stage == 1 and _stage_text(at).startswith("Stage 2 of 16")
    at.button(key="inside.play").click().run()   # now labelled Pause
    assert not s.inside.playing
    s.inside.next_at = 0.0
    at.run()
    assert s.inside.stage == 1


def test_a_session_whose_learning_rate_is_above_the_pages_range_still_opens_it(apps):
    """Settings allow lr up to core.config.BOUNDS (1000); the page's own lr field starts from
    them, so it must take any lr the settings can hold, not raise above its own maximum."""
    at = apps({"lr": "50"})
    assert not at.exception and session_of(at).config.lr == 50
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.number_input(key="w.inside.lr").value == 50
