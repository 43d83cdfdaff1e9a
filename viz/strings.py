"""Every string the app shows, in one table: STRINGS[language][key] -> text.

Pages call ``t("key", **fmt)``; text with ``{name}`` fields is filled with ``str.format``.
Keeping the words here (not in the pages) lets a teacher reword or translate the app in one place,
and gives tests stable markers to look for (e.g. "Step: 123", "Held-out accuracy: 93.4%").
"""
from __future__ import annotations

LANGUAGE = "en"

STRINGS: dict[str, dict[str, str]] = {"en": {}}

# --- app shell (owned by the app helper) -------------------------------------------------------
STRINGS["en"].update({
    "app.title": "Backprop Lab",
    "app.icon": ":material/neurology:",
    "nav.train": "Train",
    "nav.draw": "Draw",
    "nav.evaluate": "Evaluate",
    "nav.models": "Models",
    "page.placeholder": "This page is being built.",
})

# --- train page (owned by the app helper) ------------------------------------------------------
STRINGS["en"].update({
    "train.title": "Watch a network learn",
    "train.intro": "Press **Start** and watch the loss fall, the first-layer weights turn into stroke "
                   "detectors and the gradients flow back layer by layer.",
    # settings form
    "settings.header": "Settings",
    "settings.preset": "Preset",
    "settings.preset_help": "Fills the settings below with a ready-made recipe.",
    "settings.use_preset": "Use preset",
    "settings.dataset": "Data set",
    "settings.dataset_missing": "{label} (not downloaded)",
    "settings.hidden": "Hidden layers (units per layer, comma-separated)",
    "settings.hidden_help": "For example 128 for one hidden layer, or 256, 128 for two.",
    "settings.activation": "Activation",
    "settings.init": "Weight initialisation",
    "settings.optimizer": "Optimizer",
    "settings.lr": "Learning rate",
    "settings.schedule": "Learning-rate schedule",
    "settings.lr_decay": "Decay (inverse-time schedule)",
    "settings.momentum": "Momentum",
    "settings.batch_size": "Batch size (0 = full batch)",
    "settings.epochs": "Epochs",
    "settings.l2": "L2 strength",
    "settings.dropout": "Dropout (probability of dropping a unit)",
    "settings.batch_norm": "Batch normalisation",
    "settings.seed": "Random seed",
    "settings.apply": "Apply settings",
    "settings.applied": "Settings applied. Press Start to train.",
    "settings.bad_hidden": "Hidden layers: write whole numbers separated by commas, e.g. 128 or "
                           "256, 128 (got {text!r}).",
    "settings.invalid": "These settings cannot run: {problems}",
    "settings.bad_query": "The link's settings could not be read ({error}); using the defaults instead.",
    "settings.share": "Share this run: the page address now holds these settings.",
    "preset.tutorial": "Tutorial replica",
    "preset.fast-demo": "Fast demo",
    "preset.vanishing-gradients": "Vanishing gradients",
    "preset.too-high-lr": "Too-high learning rate",
    "preset.custom": "(custom)",
    "preset.loaded": "Preset \"{name}\" loaded. Press Start to train.",
    # download
    "download.button": "Download {label}",
    "download.progress": "Downloading {label}: {done:.1f} of {total:.1f} MB",
    "download.progress_unknown": "Downloading {label}: {done:.1f} MB",
    "download.done": "{label} is ready.",
    "download.failed": "Download failed: {error}",
    # controls
    "controls.start": "Start",
    "controls.pause": "Pause",
    "controls.resume": "Resume",
    "controls.step": "Step",
    "controls.reset": "Reset",
    "controls.step_help": "Train on exactly one mini-batch, then stop again.",
    "controls.live": "Change while training",
    "controls.busy": "The server is busy: {n} other sessions are training right now (limit {cap}). "
                     "Please try again in a moment, or use Step.",
    "controls.bad_value": "Could not change that setting: {error}",
    "controls.error": "Could not start training: {error}",
    # status
    "status.none": "Not started yet. Press Start to train, or Step to train on one mini-batch.",
    "status.label": "Status: {status}",
    "status.ready": "ready",
    "status.running": "running",
    "status.paused": "paused",
    "status.finished": "finished",
    "status.diverged": "diverged",
    "status.stopped": "stopped",
    "status.epoch": "Epoch: {epoch:.2f} / {epochs}",
    "status.step": "Step: {step}",
    "status.speed": "Samples/s: {speed:,.0f}",
    "status.lr": "Learning rate: {lr:.3g}",
    "status.eval_acc": "{split} accuracy: {acc:.1f}%",
    "status.eval_none": "{split} accuracy: not measured yet",
    "status.split.held-out": "Held-out",
    "status.split.test": "Test",
    "status.sep": "  ·  ",
    # charts
    "chart.loss.title": "Loss (cross-entropy)",
    "chart.loss.batch": "mini-batch",
    "chart.loss.smooth": "mini-batch (smoothed)",
    "chart.loss.eval": "{split}",
    "chart.acc.title": "Accuracy",
    "chart.acc.train": "training (2,000 fixed digits)",
    "chart.acc.eval": "{split}",
    "chart.axis.step": "step (mini-batches)",
    "chart.axis.loss": "loss",
    "chart.axis.acc": "accuracy (%)",
    "chart.grad.title": "Gradient flow: gradient size per layer",
    "chart.grad.axis": "RMS per weight (log)",
    "chart.hist.title": "Current distributions",
    "chart.hist.grad_row": "gradient",
    "chart.hist.weight_row": "weight",
    "chart.hist.axis": "count",
    "chart.ratio.title": "Update / weight ratio (about 0.001 is healthy)",
    "chart.ratio.axis": "update / weight (log)",
    "chart.inactive.title": "{label} units per hidden layer",
    "chart.inactive.axis": "{label} units (%)",
    "chart.inactive.saturated": "Saturated",
    "chart.inactive.dead": "Dead",
    "chart.layer": "{name}",
    "chart.deeper.title": "Deeper weight matrices",
    "chart.deeper.layer": "{name}: {rows} x {cols}",
    "chart.deeper.none": "No deeper matrix is small enough to show.",
    "mosaic.title": "First-layer weights: one 28x28 tile per hidden unit",
    "mosaic.caption": "Red = positive weight, blue = negative, white = 0 (each tile scaled to its "
                      "own largest weight). Showing {shown} of {total} units.",
    "view.label": "Charts",
    "view.overview": "Overview",
    "view.gradients": "Gradient flow",
    "view.weights": "Weights",
    "view.health": "Update size and unit health",
})

# --- draw / evaluate / models (owned by the draw helper) ---------------------------------------
# (the draw helper appends its STRINGS["en"].update({...}) block below this line)
STRINGS["en"].update({
    # which model answers (shared by Draw, Evaluate and Models)
    "model.label": "Model that answers",
    "model.shipped": "Shipped model",
    "model.live": "Live model from Train",
    "model.uploaded": "Uploaded model",
    "model.answered": "Answered by: **{name}** · {accuracy}",
    "model.accuracy": "{split} accuracy {acc:.1f}%",
    "model.accuracy_unmeasured": "{split} accuracy not measured yet",
    "model.no_live": "Nothing is training in this session yet, so the shipped model answers. "
                     "Start training on the Train page to use the live model.",
    "model.no_uploaded": "No model has been uploaded (Models page), so the shipped model answers.",
    "model.no_shipped": "The shipped model could not be loaded ({error}). Train a model on the "
                        "Train page and choose the live model.",
    "model.none": "No model is available yet: train one on the Train page or upload one on the "
                  "Models page.",
    "model.optimistic": "This model was trained on full MNIST, whose training set contains the "
                        "bundled sample's held-out digits: its held-out accuracy here is "
                        "optimistic. Download full MNIST on the Train page to measure it on the "
                        "official test set.",
    "model.other_data": "This model was trained on {trained_on}, which is not available here, "
                        "so it is measured on {dataset}: expect poor answers.",
    # draw page
    "draw.title": "Draw a digit",
    "draw.intro": "Draw one digit (0-9) with the mouse or a finger. When you lift the pen the network "
                  "answers, and shows what it saw and why.",
    "draw.brush": "Brush size",
    "draw.clear": "Clear",
    "draw.real": "Try a real digit",
    "draw.real_help": "Put a held-out digit (one the network never trained on) on the canvas.",
    "draw.real.caption": "A real held-out digit (#{index}); its true label is **{label}**. "
                         "Draw on it to change it.",
    "draw.upload": "Or upload a picture of a digit (PNG or JPEG)",
    "draw.upload.caption": "Your picture: {name}",
    "draw.upload.error": "Could not use that file: {error}",
    "draw.prompt": "Draw a digit on the black square: the network answers when you lift the pen.",
    "draw.prediction": "Prediction: {label}",
    "draw.confidence": "Confidence: {conf:.1f}%",
    "draw.truth.right": "Right: the true label is {label}.",
    "draw.truth.wrong": "Wrong: the true label is {label}.",
    "draw.input.title": "What the network sees",
    "draw.input.caption": "28x28: the ink cropped, scaled to fit 20x20 and centred by its centre "
                          "of mass, as in MNIST.",
    "draw.saliency.title": "Why {label}?",
    "draw.saliency.caption": "Red: more ink here raises the score of {label}; blue: lowers it. "
                             "The gradient of that score for each pixel, from our own backward pass.",
    "draw.hidden.title": "Hidden layer {layer}: {n} units",
    "draw.hidden.caption": "One square per unit, brighter = fires more ({activation}).",
    "draw.chart.title": "Probability of each class",
    "draw.chart.x": "class",
    "draw.chart.y": "probability (%)",
    "draw.chart.hover": "%{x}: %{y:.1f}%<extra></extra>",
    # evaluate page
    "eval.title": "How good is the model?",
    "eval.intro": "Measured on digits the model never trained on.",
    "eval.accuracy": "{split} accuracy: {acc:.1f}% ({correct:,} of {n:,} digits right)",
    "eval.about": "{description}.",
    "eval.cm.title": "Confusion matrix",
    "eval.cm.x": "predicted",
    "eval.cm.y": "true",
    "eval.cm.hover": "true %{y}, predicted %{x}: %{z:.0f}<extra></extra>",
    "eval.cm.caption": "Rows: true class; columns: the model's answer. Blue: right answers; red: "
                       "mistakes (on their own scale, so rare confusions still show).",
    "eval.cell.label": "Show the digits of one cell",
    "eval.cell.option": "true {true} → predicted {pred} ({count:,})",
    "eval.cell.title": "True {true}, predicted {pred}: {count:,} digits, most confident first",
    "eval.cell.more": "Showing the first {shown} of {count:,}.",
    "eval.cell.empty": "This cell is empty.",
    "eval.pc.title": "Accuracy per class (dashed line: overall {acc:.1f}%)",
    "eval.pc.x": "true class",
    "eval.pc.y": "accuracy (%)",
    "eval.pc.hover": "%{x}: %{y:.1f}%<extra></extra>",
    "eval.gallery.title": "Mistakes, most confident first",
    "eval.gallery.count": "How many mistakes to show",
    "eval.gallery.caption": "{true} → {pred} · {conf:.0f}%",
    "eval.gallery.help": "Under each digit: its true label → the model's answer · its confidence.",
    "eval.gallery.none": "No mistakes on this split.",
    "eval.digit.caption": "{conf:.0f}%",
    # models page
    "models.title": "Models",
    "models.intro": "Save the model that answers on the Draw and Evaluate pages, or load one saved "
                    "earlier.",
    "models.current": "The model that answers now: **{name}** ({arch}) · {accuracy}.",
    "models.arch": "{sizes}, {activation}",
    "models.download": "Download this model (.npz)",
    "models.download_help": "A .npz file: the weights as NumPy arrays plus a JSON description. "
                            "It holds no code.",
    "models.upload": "Upload a model saved by Backprop Lab (.npz)",
    "models.upload.ok": "Loaded {name} ({arch}). It now answers on the Draw and Evaluate pages.",
    "models.upload.error": "That file was refused and nothing changed: {error}",
    "models.uploaded": "Uploaded model in use: {name} ({arch}).",
    "models.forget": "Stop using the uploaded model",
})


def t(key: str, **fmt) -> str:
    """The text for ``key`` in the current language, with ``fmt`` filled in.

    A missing key raises KeyError (a test catches it) rather than showing a blank label.
    """
    text = STRINGS[LANGUAGE][key]
    return text.format(**fmt) if fmt else text
