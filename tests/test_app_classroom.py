"""Classroom features of the app, run headless with AppTest: what the picker shows is what runs,
a link reopens the same lesson (settings, preset, language, projector mode), a bad link is named
in one message, the pace and "until paused" change the run live, projector mode resizes charts."""
import pytest

from core.config import DEFAULT_PRESET, PRESETS, TrainConfig, from_link, to_link
from helpers import apps  # noqa: F401 (a fixture)
from helpers import session_of
from viz.figures import style
from viz.panels import train_charts

EVERY = TrainConfig(hidden=(300, 100), activation="tanh", init="he", optimizer="rmsprop",
                    lr=0.0015, momentum=0.5, schedule="step", lr_decay=0.1, step_size=3,
                    step_gamma=0.7, batch_size=500, epochs=7, l2=0.25, dropout=0.35,
                    batch_norm=True, augment=True, seed=123456, until_paused=True, pace="slow")


def _form(at):
    sb = at.sidebar
    return dict(hidden=sb.text_input(key="w.cfg.hidden").value,
                activation=sb.selectbox(key="w.cfg.activation").value,
                init=sb.selectbox(key="w.cfg.init").value,
                optimizer=sb.selectbox(key="w.cfg.optimizer").value,
                lr=sb.number_input(key="w.cfg.lr").value,
                batch_size=sb.number_input(key="w.cfg.batch_size").value,
                epochs=sb.number_input(key="w.cfg.epochs").value,
                l2=sb.number_input(key="w.cfg.l2").value,
                batch_norm=sb.checkbox(key="w.cfg.batch_norm").value)


def _as_form(cfg):
    return dict(hidden=", ".join(map(str, cfg.hidden)), activation=cfg.activation,
                init=cfg.init, optimizer=cfg.optimizer, lr=pytest.approx(cfg.lr),
                batch_size=cfg.batch_size, epochs=cfg.epochs, l2=pytest.approx(cfg.l2),
                batch_norm=cfg.batch_norm)


def _step(at):
    at.button(key="btn.step").click().run()
    assert not at.exception, at.exception


def test_a_fresh_session_shows_the_preset_it_runs(apps):
    at = apps()
    want = PRESETS[DEFAULT_PRESET]
    assert at.sidebar.selectbox(key="w.preset").value == DEFAULT_PRESET
    assert _form(at) == _as_form(want)
    assert session_of(at).config == want
    assert at.segmented_control(key="w.pace").value == want.pace == "class"
    assert dict(at.query_params) == {"preset": DEFAULT_PRESET, "lang": "en"}
    _step(at)
    assert session_of(at).trainer.config == want   # Start/Step run exactly what is shown


def test_picking_a_preset_loads_it_and_an_edit_shows_custom(apps):
    at = apps()
    at.sidebar.selectbox(key="w.preset").set_value("vanishing-gradients").run()
    assert session_of(at).config == PRESETS["vanishing-gradients"]
    assert _form(at) == _as_form(PRESETS["vanishing-gradients"])
    at.sidebar.number_input(key="w.cfg.lr").set_value(0.3)
    next(b for b in at.sidebar.button if b.label == "Apply settings").click().run()
    assert at.sidebar.selectbox(key="w.preset").value == "custom"
    assert at.sidebar.selectbox(key="w.preset").format_func("custom") == "Custom"
    at.sidebar.selectbox(key="w.preset").set_value("custom").run()   # not a recipe: no change
    assert session_of(at).config.lr == 0.3


def test_a_link_with_every_setting_reopens_the_same_lesson(apps):
    link = {**to_link(EVERY), "lang": "zh", "projector": "1"}
    at = apps(link)
    s = session_of(at)
    assert not at.warning and s.config_error is None
    assert s.config == EVERY and _form(at) == _as_form(EVERY)
    assert s.language == "zh" and s.projector
    assert at.sidebar.selectbox(key="w.preset").value == "custom"
    assert at.toggle(key="w.projector").value is True
    assert at.segmented_control(key="w.pace").value == "slow"
    assert at.toggle(key="w.until_paused").value is True
    assert dict(at.query_params) == link   # the address still holds the whole lesson


def test_projector_mode_from_a_link_resizes_the_charts_and_can_be_switched_off(apps):
    at = apps({"projector": "1"})
    assert session_of(at).projector
    _step(at)
    cache = train_charts.figure_cache(session_of(at))
    assert cache.key[2] is True
    assert cache.figs()["loss"].layout.font.size == style.PROJECTOR.font
    assert cache.figs()["grad"].data[0].line.width == style.PROJECTOR.line
    at.toggle(key="w.projector").set_value(False).run()
    assert not session_of(at).projector and "projector" not in at.query_params
    cache = train_charts.figure_cache(session_of(at))
    assert cache.key[2] is False
    assert cache.figs()["loss"].layout.font.size == style.SCREEN.font


@pytest.mark.parametrize("query, named", [
    ({"lang": "fr"}, ["Language must be one of en, zh; got 'fr'"]),
    ({"projector": "yes"}, ["Projector mode must be one of 1, 0; got 'yes'"]),
    ({"pace": "warp"}, ["Pace must be one of full, class, slow; got 'warp'"]),
    ({"preset": "magic", "lang": "xx", "projector": "2"},
     ["Preset must be one of", "'magic'", "Language must", "'xx'", "Projector mode must", "'2'"]),
])
def test_a_bad_link_opens_with_defaults_and_one_message_naming_the_bad_part(apps, query, named):
    at = apps(query)
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "could not be read" in warnings[0], warnings
    for part in named:
        assert part in warnings[0], warnings[0]
    s = session_of(at)
    assert s.config == PRESETS[DEFAULT_PRESET] and s.language == "en" and not s.projector


def test_a_bad_part_keeps_the_good_parts_of_the_link(apps):
    at = apps({"preset": "tutorial", "lang": "zh", "projector": "maybe"})
    s = session_of(at)
    assert s.config == PRESETS["tutorial"] and s.language == "zh" and not s.projector
    assert len(at.warning) == 1


def test_pace_and_until_paused_change_the_run_in_progress(apps):
    at = apps()
    at.button(key="btn.start").click().run()
    tr = session_of(at).trainer
    assert tr.status == "running" and tr.pace == "class"
    at.segmented_control(key="w.pace").set_value("full").run()
    assert session_of(at).trainer is tr and tr.status == "running"   # the run goes on
    assert tr.pace == "full" and session_of(at).config.pace == "full"
    assert at.query_params["pace"] == "full"
    assert at.sidebar.selectbox(key="w.preset").value == DEFAULT_PRESET   # same recipe
    at.toggle(key="w.until_paused").set_value(True).run()
    assert session_of(at).trainer is tr and session_of(at).config.until_paused
    assert at.sidebar.selectbox(key="w.preset").value == "custom"
    tr.pause()
    tr.step(timeout=10)   # the pending change lands with the next step
    assert tr.config.until_paused
    at.run()
    assert any("(until paused)" in h.value for h in at.subheader)


def test_the_address_keeps_query_keys_the_lesson_does_not_own(apps):
    at = apps({"lesson": "3", "lr": "0.01"})
    assert at.query_params["lesson"] == "3"          # e.g. another page's own key
    assert from_link(dict(at.query_params)) == PRESETS[DEFAULT_PRESET].replace(lr=0.01)
