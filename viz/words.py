"""Core's codes and numbers in the session's words: data sets, classes, config problems, trainer
notes, errors, and the labels each figure builder is given.

core never writes sentences for the screen (core/errors.py); this module maps its codes to keys of
viz/strings.py and fills them in.  Every function takes an optional ``lang`` (default: the
session's language), so a caller that already knows the language can pass it.
"""
from __future__ import annotations

from viz import session
from viz.strings import STRINGS, t_in


def _lang(lang):
    return lang or session.language()


# ---------------------------------------------------------------- data sets and classes
def split_word(split: str, lang=None) -> str:
    """"Held-out" / "Test" for a test_split_name code."""
    return t_in(_lang(lang), f"status.split.{split}")


def dataset_label(name: str, lang=None) -> str:
    """'MNIST (70,000 digits, 11 MB download)' for a registry name; unknown names as they are."""
    key = f"dataset.{name}.label"
    return t_in(_lang(lang), key) if key in STRINGS["en"] else name


def dataset_about(name: str, lang=None) -> str:
    """One sentence about the data set (what its train and test splits are)."""
    return t_in(_lang(lang), f"dataset.{name}.about")


def class_word(dataset: str, code: str, lang=None) -> str:
    """The word for class ``code`` of ``dataset``: digits stay "0".."9"; other codes are worded
    by "class.<dataset>.<code>"."""
    key = f"class.{dataset}.{code}"
    return t_in(_lang(lang), key) if key in STRINGS["en"] else str(code)


def class_words(dataset: str, codes, lang=None) -> list:
    """[class_word(dataset, c) for c in codes]: the axis labels of the Draw/Evaluate charts."""
    return [class_word(dataset, c, lang) for c in codes]


# ---------------------------------------------------------------- config problems
def problem_text(problem, lang=None) -> str:
    """A core.config.Problem (field, code, params) in words ("problem.<code>")."""
    lang = _lang(lang)
    params = dict(problem.params)
    if "options" in params:
        params["options"] = ", ".join(map(str, params["options"]))
    if "lower" in params:
        params["lower"] = t_in(lang, "problem.or").join(
            t_in(lang, f"problem.lower.{name}") for name in params["lower"])
    label_key = f"settings.{problem.field}"
    label = t_in(lang, label_key) if label_key in STRINGS["en"] else problem.field
    return t_in(lang, f"problem.{problem.code}", label=label, **params)


def problems_text(problems, lang=None) -> str:
    """Several problems joined into one line."""
    lang = _lang(lang)
    return t_in(lang, "problem.sep").join(problem_text(p, lang) for p in problems)


# ---------------------------------------------------------------- trainer notes
def duration_text(seconds: float, lang=None) -> str:
    """'3 min' for 180 s, '45 s' below a minute."""
    if seconds >= 60:
        return t_in(_lang(lang), "duration.minutes", n=round(seconds / 60))
    return t_in(_lang(lang), "duration.seconds", n=round(seconds))


def note_text(note, lang=None) -> str:
    """A trainer note (core.train.notes.Note: .code, .params) in words ("note.<code>").

    Adds the derived fields the sentences use: ``duration`` from "seconds", ``split`` worded,
    ``reason`` from "diverge.reason.<reason>" (with its own "loss"/"first_loss"), ``error``
    through error_text when it is an exception.
    """
    lang = _lang(lang)
    fmt = dict(note.params)
    if "seconds" in fmt:
        fmt["duration"] = duration_text(fmt["seconds"], lang)
    if "split" in fmt:   # inside a sentence: "held-out", not "Held-out"
        fmt["split"] = t_in(lang, f"split.{fmt['split']}")
    if "reason" in fmt:
        fmt["reason"] = t_in(lang, f"diverge.reason.{fmt['reason']}", **note.params)
    if isinstance(fmt.get("error"), BaseException):
        fmt["error"] = error_text(fmt["error"], lang)
    return t_in(lang, f"note.{note.code}", **fmt)


# ---------------------------------------------------------------- errors
def _error_params(err, lang) -> dict:
    """The error's params plus the derived fields its sentence needs."""
    fmt = dict(getattr(err, "params", {}) or {})
    if getattr(err, "problems", None):
        fmt["problems"] = problems_text(err.problems, lang)
    if "name" in fmt:
        fmt["label"] = dataset_label(fmt["name"], lang)
    return fmt


def error_text(err, lang=None) -> str:
    """An exception in words: a coded error (``.code``, ``.params``) by "error.<code>", a
    DownloadError by "download.error.<kind>", anything else (or a code without words yet) as
    its English str(err)."""
    lang = _lang(lang)
    code = getattr(err, "code", None)
    if isinstance(code, str) and f"error.{code}" in STRINGS["en"]:
        try:
            return t_in(lang, f"error.{code}", **_error_params(err, lang))
        except (KeyError, IndexError, ValueError):   # params not as the words expect
            return str(err)
    kind = getattr(err, "kind", None)
    if isinstance(kind, str) and f"download.error.{kind}" in STRINGS["en"]:
        return t_in(lang, f"download.error.{kind}")
    return str(err)


# ---------------------------------------------------------------- figure labels
def _keys(lang, **keys) -> dict:
    return {name: t_in(lang, key) for name, key in keys.items()}


def loss_labels(split: str, lang=None) -> dict:
    """Labels for viz.figures.curves.loss_figure."""
    lang = _lang(lang)
    out = _keys(lang, title="chart.loss.title", batch="chart.loss.batch",
                smooth="chart.loss.smooth", x="chart.axis.step", y="chart.axis.loss")
    out["eval"] = t_in(lang, "chart.loss.eval", split=split_word(split, lang))
    return out


def accuracy_labels(split: str, lang=None) -> dict:
    """Labels for viz.figures.curves.accuracy_figure."""
    lang = _lang(lang)
    out = _keys(lang, title="chart.acc.title", train="chart.acc.train", x="chart.axis.step",
                y="chart.axis.acc")
    out["eval"] = t_in(lang, "chart.acc.eval", split=split_word(split, lang))
    return out


def log_layers_labels(key: str, lang=None) -> dict:
    """Labels for grad_flow_figure (key "grad") and update_ratio_figure (key "ratio")."""
    return _keys(_lang(lang), title=f"chart.{key}.title", x="chart.axis.step",
                 y=f"chart.{key}.axis")


def inactive_labels(kind: str, lang=None) -> dict:
    """Labels for inactive_figure; kind "saturated" (sigmoid/tanh) or "dead" (ReLU)."""
    lang = _lang(lang)
    word = t_in(lang, f"chart.inactive.{kind}")
    return {"title": t_in(lang, "chart.inactive.title", label=word),
            "x": t_in(lang, "chart.axis.step"),
            "y": t_in(lang, "chart.inactive.axis", label=word)}


def histogram_labels(lang=None) -> dict:
    """Labels for histograms_figure."""
    return _keys(_lang(lang), title="chart.hist.title", grad_row="chart.hist.grad_row",
                 weight_row="chart.hist.weight_row")


def probability_labels(lang=None) -> dict:
    """Labels for viz.figures.draw.probability_figure."""
    return _keys(_lang(lang), title="draw.chart.title", x="draw.chart.x", y="draw.chart.y",
                 hover="draw.chart.hover")


def confusion_labels(lang=None) -> dict:
    """Labels for viz.figures.evaluate.confusion_figure."""
    return _keys(_lang(lang), title="eval.cm.title", x="eval.cm.x", y="eval.cm.y",
                 hover="eval.cm.hover")


def per_class_labels(overall: float, lang=None) -> dict:
    """Labels for viz.figures.evaluate.per_class_figure; overall accuracy in [0, 1]."""
    lang = _lang(lang)
    out = _keys(lang, x="eval.pc.x", y="eval.pc.y", hover="eval.pc.hover")
    out["title"] = t_in(lang, "eval.pc.title", acc=overall * 100)
    return out


# ---------------------------------------------------------------- compared runs
# Settings whose value alone says what it is ("relu", "he", "adam", "mnist"); the others are
# written with their short label ("lr 0.01", "hidden 64-32").
VALUE_ONLY = ("activation", "init", "optimizer", "dataset")


def setting_text(name: str, value, lang=None) -> str:
    """One differing setting (a TrainConfig field and its value) in words: "relu", "lr 0.01",
    "hidden 64-32", "batch norm on"."""
    lang = _lang(lang)
    if name in VALUE_ONLY:
        return str(value)
    if name == "pace":   # its value has words of its own: "Class pace"
        return t_in(lang, f"pace.{value}")
    if isinstance(value, bool):
        value = t_in(lang, "compare.on" if value else "compare.off")
    elif isinstance(value, (tuple, list)):
        value = "-".join(map(str, value)) or "0"
    elif isinstance(value, float):
        value = f"{value:g}"
    return t_in(lang, "compare.setting", label=t_in(lang, f"compare.field.{name}"), value=value)


def settings_text(diffs, lang=None) -> str:
    """A run's differing settings [(field, value), ...] (core.train.compare.differing_fields)
    joined: "relu, he"; "" when nothing differs."""
    lang = _lang(lang)
    return t_in(lang, "compare.sep").join(setting_text(n, v, lang) for n, v in diffs)


def run_legend(name: str, diffs, lang=None) -> str:
    """A run's legend entry: "#2 · relu, he" (just "#2" when no setting differs)."""
    lang = _lang(lang)
    text = settings_text(diffs, lang)
    return t_in(lang, "compare.legend", name=name, settings=text) if text else name


def compare_labels(axis: str, lang=None) -> dict:
    """Labels for viz.figures.runs: {"loss", "acc", "grad", "x", "loss_y", "acc_y", "grad_y"}."""
    lang = _lang(lang)
    return _keys(lang, loss="compare.loss.title", acc="compare.acc.title",
                 grad="compare.grad.title", x=f"compare.axis_title.{axis}",
                 loss_y="chart.axis.loss", acc_y="chart.axis.acc", grad_y="compare.grad.axis")
