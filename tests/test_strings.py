"""The words of the app: language tables, core's codes in words, and the session's language."""
import re
import string
from pathlib import Path
from typing import NamedTuple

import pytest
from streamlit.testing.v1 import AppTest

from helpers import apps  # noqa: F401 (a fixture)
from core.config import TrainConfig
from core.data import DATASETS, MissingDataError, load_dataset
from core.data.remote import KINDS, DownloadError
from core.errors import CodedError
from viz import words
from viz.strings import LANGUAGES, STRINGS, t, t_in

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "viz" / "app.py")


def _fields(text):
    """The {format fields} of a string, with their format specs and conversions."""
    return sorted((name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text)
                  if name is not None)


# ------------------------------------------------------------------ the tables
def test_every_language_has_a_table_and_a_name():
    assert set(LANGUAGES) == set(STRINGS) == {"en", "zh"}


@pytest.mark.parametrize("lang", [lang for lang in STRINGS if lang != "en"])
def test_every_translated_key_exists_in_english_with_the_same_format_fields(lang):
    for key, text in STRINGS[lang].items():
        assert key in STRINGS["en"], key
        assert _fields(text) == _fields(STRINGS["en"][key]), key


def test_chinese_covers_navigation_titles_status_buttons_and_the_switcher():
    zh = STRINGS["zh"]
    for key in ("nav.train", "nav.draw", "nav.evaluate", "nav.models", "train.title",
                "draw.title", "eval.title", "models.title", "language.label", "status.label",
                "status.running", "status.paused", "status.finished", "status.diverged",
                "controls.start", "controls.pause", "controls.resume", "controls.step",
                "controls.reset", "settings.lr", "settings.momentum", "settings.dropout",
                "settings.batch_norm", "chart.loss.title"):
        assert key in zh and zh[key] != STRINGS["en"][key], key
    assert "学习率" in zh["settings.lr"] and "交叉熵" in zh["chart.loss.title"]
    assert "动量" in zh["settings.momentum"] and "批量归一化" in zh["settings.batch_norm"]


# Keys whose English is language-neutral: an icon code, separators and pure format strings
# (fields, arrows, "%").  Only these may lack Chinese words or have the same ones as English.
LANGUAGE_NEUTRAL = {
    "app.icon",              # ":material/neurology:", an icon code, never shown as text
    "status.sep",            # "  ·  "
    "chart.loss.eval",       # "{split}" (the split is worded already)
    "chart.acc.eval",        # "{split}"
    "error.config.invalid",  # "{problems}" (each problem is worded already)
    "eval.gallery.caption",  # "{true} → {pred} · {conf:.0f}%"
    "eval.digit.caption",    # "{conf:.0f}%"
}


def _without_fields(text):
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


def test_every_english_key_has_chinese_words_unless_it_is_language_neutral():
    en, zh = STRINGS["en"], STRINGS["zh"]
    assert LANGUAGE_NEUTRAL <= set(en)
    missing = sorted(k for k in en if k not in LANGUAGE_NEUTRAL and k not in zh)
    same = sorted(k for k in en if k not in LANGUAGE_NEUTRAL and zh.get(k) == en[k])
    assert not missing, f"no Chinese for {missing}"
    assert not same, f"Chinese equals English for {same}"


def test_the_language_neutral_keys_hold_no_words():
    for key in LANGUAGE_NEUTRAL - {"app.icon"}:
        assert not re.search(r"[A-Za-z]", _without_fields(STRINGS["en"][key])), key
    assert STRINGS["en"]["app.icon"].startswith(":material/")


# The article's Chinese term for each English term: wherever the English words use the term
# (outside {fields}), the Chinese words use the article's term.
ARTICLE_TERMS = {
    "learning rate": "学习率", "momentum": "动量", "cross-entropy": "交叉熵",
    "hidden layer": "隐藏层", "dropout": "随机失活", "batch normalisation": "批量归一化",
    "weight": "权重", "gradient": "梯度", "activation": "激活函数", "backward pass": "反向传播",
    "loss": "损失", "decay": "衰减", "l2": "正则化",
}


def test_chinese_uses_the_articles_terms():
    wrong = []
    for key, english in STRINGS["en"].items():
        words_ = _without_fields(english).lower()
        for term, chinese in ARTICLE_TERMS.items():
            if term in words_ and chinese not in STRINGS["zh"].get(key, chinese):
                wrong.append((key, term, chinese))
    assert not wrong


def test_a_key_missing_in_a_language_falls_back_to_english():
    key = next(k for k in STRINGS["en"] if k not in STRINGS["zh"] and "{" not in STRINGS["en"][k])
    assert t_in("zh", key) == STRINGS["en"][key]
    assert t_in("zh", "status.step", step=3) == "步数：3"
    assert t_in("en", "status.step", step=3) == "Step: 3"
    with pytest.raises(KeyError):
        t_in("zh", "no.such.key")


def test_t_outside_a_session_is_english():
    assert t("status.step", step=1234) == "Step: 1234"


def test_every_literal_key_the_app_uses_has_english_words():
    used = set()
    for path in (ROOT / "viz").rglob("*.py"):
        if path.name == "strings.py":   # its docstring shows t("key")
            continue
        used |= set(re.findall(r"""\bt\(\s*["']([a-z][\w.-]*)["']""", path.read_text()))
    assert used and not sorted(used - set(STRINGS["en"]))


# ------------------------------------------------------------------ core's codes have words
def test_every_download_error_kind_has_words_and_remote_raises_only_those():
    source = (ROOT / "core" / "data" / "remote.py").read_text()
    raised = set(re.findall(r'"(\w+)",? remote\.url', source))
    assert raised and raised <= set(KINDS)
    for kind in KINDS:
        err = DownloadError("english sentence", kind)
        for lang in LANGUAGES:
            text = words.error_text(err, lang)
            assert text and text != "english sentence", (kind, lang)


def test_download_errors_are_worded_by_kind_not_by_their_english():
    err = DownloadError("could not reach https://x.example/mnist.npz", "network")
    assert words.error_text(err, "en") == STRINGS["en"]["download.error.network"]
    assert str(err) == "could not reach https://x.example/mnist.npz"   # the CLI keeps English


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_and_class_has_words(name):
    info = DATASETS[name]
    for lang in LANGUAGES:
        assert words.dataset_label(name, lang) and words.dataset_about(name, lang)
        names = words.class_words(name, info.classes, lang)
        assert len(set(names)) == 10
        for code, word in zip(info.classes, names):
            if code.isdigit():
                assert word == code             # digits stay digits
            else:
                assert f"class.{name}.{code}" in STRINGS[lang]
                assert word != code


def test_fashion_classes_are_worded_per_language():
    codes = DATASETS["fashion-mnist"].classes
    assert words.class_words("fashion-mnist", codes, "en")[0] == "T-shirt/top"
    assert words.class_words("fashion-mnist", codes, "en")[9] == "Ankle boot"
    assert words.class_words("fashion-mnist", codes, "zh")[1] == "裤子"


def test_every_config_problem_has_words_in_every_language():
    from tests.test_config import BAD, _bad
    for fields, _ in BAD:
        (problem,) = _bad(**fields).problems()
        for lang in LANGUAGES:
            text = words.problem_text(problem, lang)
            assert text and "{" not in text, (problem, lang)
    (problem,) = _bad(activation="swish").problems()
    assert words.problem_text(problem, "en").startswith("Activation must be one of sigmoid")
    assert words.problem_text(problem, "zh").startswith("激活函数")


def test_an_invalid_config_error_is_worded_problem_by_problem():
    with pytest.raises(CodedError) as info:
        TrainConfig(lr=-1.0, momentum=2.0)
    text = words.error_text(info.value, "en")
    assert text == ("Learning rate must be a number from 1e-06 to 1000; got -1.0; Momentum must "
                    "be a number from 0 to 0.999; got 2.0")


def test_every_coded_error_core_raises_has_words():
    codes = set()
    for path in (ROOT / "core").rglob("*.py"):
        codes |= set(re.findall(r'CodedError\(\s*"([\w.]+)"', path.read_text()))
    codes.add(MissingDataError.code)
    assert {"config.invalid", "data.missing"} <= codes
    assert not sorted(c for c in codes if f"error.{c}" not in STRINGS["en"])


def test_missing_data_is_worded_without_the_servers_folder(tmp_path):
    with pytest.raises(MissingDataError) as info:
        load_dataset("mnist", cache_dir=tmp_path)
    err = info.value
    assert str(tmp_path) in str(err)                  # the command line says where it looked
    for lang in LANGUAGES:
        text = words.error_text(err, lang)
        assert str(tmp_path) not in text and "/" not in text.replace("/top", "")
        assert "11 MB" in text and words.dataset_label("mnist", lang) in text


def test_an_error_without_words_keeps_its_english():
    assert words.error_text(CodedError("model.brand_new", "the model is odd"), "en") == \
        "the model is odd"
    assert words.error_text(ValueError("plain"), "zh") == "plain"


# ------------------------------------------------------------------ trainer notes
class Note(NamedTuple):   # the shape of core.train.notes.Note (code, params)
    code: str
    params: dict


NOTES = [
    (Note("ready", {}), "Ready to train."),
    (Note("training", {}), "Training."),
    (Note("paused", {"step": 1234}), "Paused at step 1,234."),
    (Note("paused_idle", {"step": 5, "seconds": 180.0}),
     "Paused at step 5: nobody has watched for 3 min."),
    (Note("released_idle", {"step": 5, "seconds": 900.0}),
     "Paused at step 5: nobody has watched for 15 min, so the training thread was released. "
     "Resume continues the run."),
    (Note("stopped", {"step": 7}), "Stopped at step 7."),
    (Note("finished", {"epochs": 15, "split": "held-out", "accuracy": 0.934}),
     "Finished 15 epochs: held-out accuracy 93.40%."),
    (Note("error", {"step": 3, "error": "boom"}), "Training stopped by an error at step 3: boom"),
]
REASONS = ["loss_nan", "grads_nan", "weights_nan", "loss_exploded", "update_nan", "eval_nan"]


@pytest.mark.parametrize("note, english", NOTES)
def test_each_note_is_worded(note, english):
    assert words.note_text(note, "en") == english
    assert words.note_text(note, "zh")


@pytest.mark.parametrize("reason", REASONS)
def test_each_divergence_reason_is_worded_in_the_diverged_note(reason):
    params = {"step": 1061, "reason": reason, "lr": 5.0, "suggested_lr": 0.5, "kept_step": 1060}
    if reason == "loss_exploded":
        params.update(loss=207.0, first_loss=2.5)
    for lang in LANGUAGES:
        text = words.note_text(Note("diverged", params), lang)
        assert "1,061" in text and "{" not in text
    text = words.note_text(Note("diverged", params), "en")
    assert text.startswith(f"Diverged at step 1,061: {STRINGS['en']['diverge.reason.' + reason]}"
                           if reason != "loss_exploded" else
                           "Diverged at step 1,061: the loss exploded to 207 (it started at 2.5)")
    assert "learning rate" in text and "try 0.5" in text and "step 1,060" in text


def test_a_note_with_an_exception_words_the_exception():
    err = DownloadError("offline", "timeout")
    text = words.note_text(Note("error", {"step": 1, "error": err}), "en")
    assert text.endswith(STRINGS["en"]["download.error.timeout"])


# ------------------------------------------------------------------ the session's language
@pytest.fixture
def two_sessions(apps):
    return apps


def _labels(at):
    return [b.label for b in at.button]


def test_two_sessions_keep_their_own_language(two_sessions):
    english, chinese = two_sessions(), two_sessions()
    chinese.segmented_control(key="language.switch").set_value("zh").run()
    assert not english.exception and not chinese.exception
    for _ in range(2):   # and again after both rerun
        assert "开始" in _labels(chinese) and "Start" not in _labels(chinese)
        assert "Start" in _labels(english) and "开始" not in _labels(english)
        assert any("尚未开始" in i.value for i in chinese.info)
        assert any("Press Start" in i.value for i in english.info)
        english.run()
        chinese.run()


def test_a_link_with_lang_opens_in_that_language_and_the_switch_goes_back(two_sessions):
    at = two_sessions({"lang": "zh"})
    assert "开始" in _labels(at)
    at.segmented_control(key="language.switch").set_value("en").run()
    assert "Start" in _labels(at) and not at.exception
    at.switch_page("app_pages/evaluate.py").run()
    assert not at.exception and at.title[0].value == STRINGS["en"]["eval.title"]


def test_chinese_pages_render(two_sessions):
    at = two_sessions({"lang": "zh"})
    for page, key in (("app_pages/draw.py", "draw.title"), ("app_pages/evaluate.py", "eval.title"),
                      ("app_pages/models.py", "models.title")):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert at.title[0].value == STRINGS["zh"][key]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_setting_runs_can_differ_in_has_words(lang):
    """The Compare page's legend words any TrainConfig field two runs differ in."""
    import dataclasses
    cfg = TrainConfig()
    for f in dataclasses.fields(TrainConfig):
        text = words.setting_text(f.name, getattr(cfg, f.name), lang)
        assert text and "compare." not in text and "pace." not in text, (f.name, text)
