"""Evaluate page (/evaluate): how good the answering model is on digits it never trained on.

Accuracy on the held-out (bundled sample) or test split, the confusion matrix with the digits of
any cell, accuracy per class, and the mistakes it was surest of.  core.evaluate does the maths.
"""
import streamlit as st

from viz.figures import pixels as render
from viz import session, shared
from viz.panels.model_panel import answered_by, caveats, model_picker, show_fallbacks
from viz.figures.images import digit_image
from viz.figures.evaluate import confusion_figure, per_class_figure
from viz import words
from viz.strings import t, t_in

ZOOM = 4          # 112-pixel digits in the galleries
CELL_LIMIT = 40   # digits shown for one confusion-matrix cell
_CELL = "eval.cell"   # the cell picker's widget name


def _digits(ds, indices, captions):
    """A wrapping gallery of held-out digits with one caption each."""
    images = [render.upscale(digit_image(ds.x_test[i]), ZOOM) for i in indices]
    st.image(images, caption=captions, output_format="PNG")


def _cells(C):
    """Non-empty cells, mistakes first (most frequent first), then right answers."""
    k = C.shape[0]
    cells = [(i, j) for i in range(k) for j in range(k) if C[i, j] > 0]
    return sorted(cells, key=lambda c: (c[0] == c[1], -C[c], c))


def _cell_panel(ds, report, names):
    C = report.confusion
    cells = _cells(C)
    if session.widget(_CELL) not in cells:     # a cell of another model's matrix, or none yet
        session.set_widget(_CELL, cells[0] if cells else None)
    lang = session.language()   # bound now: AppTest calls format_func outside the script run
    picked = st.selectbox(t("eval.cell.label"), cells, key=session.widget_key(_CELL),
                          format_func=lambda c: t_in(lang, "eval.cell.option", true=names[c[0]],
                                                     pred=names[c[1]], count=int(C[c])))
    if picked is None:
        return None
    i, j = picked
    idx = report.cell(i, j, limit=CELL_LIMIT)
    st.markdown(t("eval.cell.title", true=names[i], pred=names[j], count=int(C[i, j])))
    if C[i, j] > len(idx):
        st.caption(t("eval.cell.more", shown=len(idx), count=int(C[i, j])))
    _digits(ds, idx, [t("eval.digit.caption", conf=report.probs[n, j] * 100) for n in idx])
    return picked


def _mistakes(ds, report, names):
    st.subheader(t("eval.gallery.title"), anchor=False)
    if len(report.mistakes) == 0:
        st.success(t("eval.gallery.none"))
        return
    most = min(len(report.mistakes), 120)
    n = 1 if most == 1 else st.slider(t("eval.gallery.count"), 1, most, min(30, most),
                                      key=session.widget_key("eval.gallery.count"))  # 1..1: error
    idx = report.mistakes[:n]
    captions = [t("eval.gallery.caption", true=names[report.y_true[i]], pred=names[p],
                  conf=c * 100)
                for i, p, c in zip(idx, report.mistake_pred[:n], report.mistake_conf[:n])]
    _digits(ds, idx, captions)
    st.caption(t("eval.gallery.help"))


st.title(t("eval.title"), anchor=False)
st.caption(t("eval.intro"))
model_picker()
s = session.current()
info, reasons = s.answering_model(full_report=True)
show_fallbacks(reasons)
if info is None:
    st.warning(t("model.none"))
    st.stop()
caveats(info)
report, ds = info.report, shared.dataset(info.dataset)
names = words.class_words(ds.name, ds.class_names)
correct = int(round(report.accuracy * report.n))
with st.container(key="eval-accuracy"):
    st.header(t("eval.accuracy", split=words.split_word(report.split_name),
                acc=report.accuracy * 100, correct=correct, n=report.n), anchor=False)
st.caption(answered_by(info) + t("status.sep")
           + t("eval.about", description=words.dataset_about(ds.name)))

left, right = st.columns([6, 5], gap="large")
with right:
    selected = _cell_panel(ds, report, names)
with left:
    # A selectbox picks the cell: Plotly heatmaps do not report clicks as selections.
    st.plotly_chart(confusion_figure(report.confusion, names, selected=selected,
                                     labels=words.confusion_labels()), key="eval.cm",
                    config={"displayModeBar": False}, theme=None)
    st.caption(t("eval.cm.caption"))
st.plotly_chart(per_class_figure(report.per_class, names, report.accuracy,
                                 labels=words.per_class_labels(report.accuracy)), key="eval.pc",
                config={"displayModeBar": False}, theme=None)
_mistakes(ds, report, names)
