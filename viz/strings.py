"""Every string the app shows, one table per language: STRINGS[language][key] -> text.

Pages call ``t("key", **fmt)`` (the session's language, from viz.session) or ``t_in(lang, "key",
**fmt)``; text with ``{name}`` fields is filled with ``str.format``.  A key missing from a language
falls back to English.  Keeping the words here (not in the pages) lets a teacher reword or
translate the app in one place, and gives tests stable markers to look for (e.g. "Step: 123",
"Held-out accuracy: 93.4%").  viz/words.py turns core's codes (problems, notes, errors, classes)
into these keys.
"""
from __future__ import annotations

from viz import session

LANGUAGES = {"en": "English", "zh": "简体中文"}

STRINGS: dict[str, dict[str, str]] = {"en": {}, "zh": {}}

# --- app shell (owned by the app helper) -------------------------------------------------------
STRINGS["en"].update({
    "app.title": "Backprop Lab",
    "app.icon": ":material/neurology:",
    "nav.train": "Train",
    "nav.draw": "Draw",
    "nav.evaluate": "Evaluate",
    "nav.models": "Models",
    "page.placeholder": "This page is being built.",
    "language.label": "Language",
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
    "settings.range": "From {low:g} to {high:g}.",
    "settings.applied": "Settings applied. Press Start to train.",
    "settings.bad_hidden": "Hidden layers: write whole numbers separated by commas, e.g. 128 or "
                           "256, 128 (got {text!r}).",
    "settings.invalid": "These settings cannot run: {problems}",
    "settings.bad_query": "Part of the link could not be read ({error}); using the defaults for it instead.",
    "settings.share": "Share this run: the page address now holds these settings.",
    "preset.tutorial": "Tutorial replica",
    "preset.fast-demo": "Fast demo",
    "preset.vanishing-gradients": "Vanishing gradients",
    "preset.too-high-lr": "Too-high learning rate",
    "preset.custom": "Custom",
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



# --- codes from core: data sets, config problems, trainer notes, errors -------------------------
STRINGS["en"].update({
    "dataset.mnist-sample.label": "MNIST sample (10,000 digits, built in)",
    "dataset.mnist.label": "MNIST (70,000 digits, 11 MB download)",
    "dataset.fashion-mnist.label": "Fashion-MNIST (70,000 clothing images)",
    "dataset.mnist-sample.about": "Bundled MNIST sample: first 8,000 of the 10,000 digits for "
                                  "training, last 2,000 held out (not the official MNIST test set)",
    "dataset.mnist.about": "Full MNIST: 60,000 training digits and the official 10,000-digit "
                           "test set",
    "dataset.fashion-mnist.about": "Fashion-MNIST (Zalando): 60,000 training images and the "
                                   "official 10,000-image test set",
    "class.fashion-mnist.tshirt": "T-shirt/top",
    "class.fashion-mnist.trouser": "Trouser",
    "class.fashion-mnist.pullover": "Pullover",
    "class.fashion-mnist.dress": "Dress",
    "class.fashion-mnist.coat": "Coat",
    "class.fashion-mnist.sandal": "Sandal",
    "class.fashion-mnist.shirt": "Shirt",
    "class.fashion-mnist.sneaker": "Sneaker",
    "class.fashion-mnist.bag": "Bag",
    "class.fashion-mnist.ankle-boot": "Ankle boot",
    # core.config.Problem codes; {label} is the field's name on the settings form
    "problem.choice": "{label} must be one of {options}; got {value!r}",
    "problem.hidden": "hidden layers: 1 to {max_layers} layers of 1 to {max_units} units each; "
                      "got {hidden}",
    "problem.range": "{label} must be a number from {low:g} to {high:g}; got {value}",
    "problem.memory": "this run would need about {estimate_mb:,} MB of memory, more than the "
                      "{budget_mb:,} MB one run may use: lower {lower}",
    "problem.unreadable": "{label}: cannot read {text!r}",
    "problem.bn_batch": "with batch normalisation a step of {rows:,} examples is too much work "
                        "to pause promptly: use a batch size of at most {max_rows:,}",
    "problem.lower.hidden": "the hidden layers' units",
    "problem.lower.batch_size": "the batch size (a full batch holds every example at once)",
    "problem.or": " or ",
    "problem.sep": "; ",
    # core.train.notes.Note codes (Snapshot.note)
    "note.ready": "Ready to train.",
    "note.training": "Training.",
    "note.paused": "Paused at step {step:,}.",
    "note.paused_idle": "Paused at step {step:,}: nobody has watched for {duration}.",
    "note.released_idle": "Paused at step {step:,}: nobody has watched for {duration}, so the "
                          "training thread was released. Resume continues the run.",
    "note.stopped": "Stopped at step {step:,}.",
    "note.finished": "Finished {epochs:,} epochs: {split} accuracy {accuracy:.2%}.",
    "note.diverged": "Diverged at step {step:,}: {reason}. The likely cause is a learning rate "
                     "too high for this network ({lr:g}); try {suggested_lr:g}. The parameters "
                     "of step {kept_step:,}, the last that gave a finite, sane loss, were "
                     "restored.",
    "note.error": "Training stopped by an error at step {step:,}: {error}",
    "diverge.reason.loss_nan": "the loss became NaN or infinite",
    "diverge.reason.grads_nan": "the gradients became NaN or infinite",
    "diverge.reason.weights_nan": "the weights became NaN or infinite",
    "diverge.reason.loss_exploded": "the loss exploded to {loss:.3g} (it started at "
                                    "{first_loss:.3g})",
    "diverge.reason.update_nan": "the update became infinite or NaN",
    "diverge.reason.eval_nan": "the held-out loss became NaN or infinite",
    "split.held-out": "held-out",
    "split.test": "test",
    "duration.seconds": "{n:,} s",
    "duration.minutes": "{n:,} min",
    # core.errors.CodedError codes ("error.<code>"); others fall back to the English str(err)
    "error.config.invalid": "{problems}",
    "error.data.missing": "{label} is not on this server yet: download it once with the button "
                          "on the Train page ({size_mb} MB).",
    "error.model.pickle": "this is a Python pickle, not a Backprop Lab model; pickles are never "
                          "loaded because they can run code.",
    "error.model.not_zip": "this is not a Backprop Lab model file (expected an .npz archive).",
    "error.model.truncated": "the model file is truncated or corrupt.",
    "error.model.no_meta": "not a Backprop Lab model: the archive has no meta.json (a plain "
                           "NumPy .npz?).",
    "error.model.meta_too_large": "the model's description is implausibly large; refused.",
    "error.model.bad_meta": "the model's description cannot be read.",
    "error.model.bad_format": "this is not a Backprop Lab model.",
    "error.model.version": "this model file has format version {version}; this app reads "
                           "version {supported}.",
    "error.model.bad_architecture": "the model describes an architecture this app cannot build.",
    "error.model.too_deep": "the model has {layers} hidden layers; this app accepts at most "
                            "{limit}.",
    "error.model.too_wide": "layer {layer} of the model has {units:,} units; this app accepts at "
                            "most {limit:,} per layer.",
    "error.model.too_large": "the model holds {params:,} {dtype} numbers, more than this app "
                             "accepts.",
    "error.model.array_mismatch": "the model's arrays do not match the architecture it states.",
    "error.model.bad_array": "an array of the model cannot be read ({array}).",
    "error.model.nan": "the model contains NaN or infinite values ({array}).",
    "error.image.empty": "the file is empty.",
    "error.image.file_too_large": "the file is {mb} MB; pictures up to {limit_mb} MB are "
                                  "accepted.",
    "error.image.too_big": "the picture is too large: at most {limit_mp} megapixels are "
                           "accepted.",
    "error.image.unreadable": "this file is not an image that can be read; upload a PNG or JPEG.",
    "error.image.format": "{format} pictures are not supported; upload a PNG or JPEG.",
    "error.image.corrupt": "the image is truncated or corrupt.",
    "error.image.too_small": "the picture is only {width}×{height} pixels; a digit needs at "
                             "least 8×8.",
    "error.image.blank": "the picture shows no digit: it is blank, or its ink is too faint.",
    "error.run.not_json": "this is not a run file (it is not JSON, or it is cut off).",
    "error.run.bad_format": "this is not a Backprop Lab run file.",
    "error.run.bad_version": "this run file has version {version}, which this app cannot read.",
    "error.run.too_big": "the run file is {mb} MB; at most {limit} MB are accepted.",
    "error.run.bad_field": "the run file's field {field} is missing or wrong.",
    # core.data.DownloadError kinds
    "download.error.network": "could not reach the server (offline?)",
    "download.error.timeout": "the server did not answer in time",
    "download.error.http": "the server refused to send the file",
    "download.error.truncated": "the download was cut off before the end; please try again",
    "download.error.checksum": "the file arrived damaged (its checksum is wrong); nothing was kept",
    "download.error.disk": "the file could not be written to the server's disk",
})

# --- 简体中文 (the article's terms; keys absent here fall back to English) ---------------
# Every English key has words here except the language-neutral ones listed in
# tests/test_strings.py (LANGUAGE_NEUTRAL).  Maths keeps its symbols; units as in English.
STRINGS["zh"].update({
    # app shell
    "app.title": "反向传播实验室",
    "nav.train": "训练",
    "nav.draw": "手写",
    "nav.evaluate": "评估",
    "nav.models": "模型",
    "page.placeholder": "本页正在建设中。",
    "language.label": "语言",
    # train page
    "train.title": "看神经网络如何学习",
    "train.intro": "按 **开始**，看损失函数下降、第一层权重变成笔画检测器、"
                   "梯度通过反向传播逐层流回。",
    "settings.header": "设置",
    "settings.preset": "预设",
    "settings.preset_help": "用现成的配方填好下面的设置。",
    "settings.use_preset": "使用预设",
    "settings.dataset": "数据集",
    "settings.dataset_missing": "{label}（未下载）",
    "settings.hidden": "隐藏层（每层单元数，逗号分隔）",
    "settings.hidden_help": "例如 128 表示一个隐藏层，256, 128 表示两个隐藏层。",
    "settings.activation": "激活函数",
    "settings.init": "权重初始化",
    "settings.optimizer": "优化器",
    "settings.lr": "学习率",
    "settings.schedule": "学习率调度",
    "settings.lr_decay": "学习率衰减（反时间衰减）",
    "settings.momentum": "动量",
    "settings.batch_size": "批量大小（0 = 全部样本）",
    "settings.epochs": "训练轮数",
    "settings.l2": "L2 正则化强度",
    "settings.dropout": "随机失活（丢弃单元的概率）",
    "settings.batch_norm": "批量归一化",
    "settings.seed": "随机种子",
    "settings.apply": "应用设置",
    "settings.range": "取值范围：{low:g} 到 {high:g}。",
    "settings.applied": "设置已应用。按“开始”训练。",
    "settings.bad_hidden": "隐藏层：请填写用逗号分隔的整数，例如 128 或 256, 128"
                           "（收到的是 {text!r}）。",
    "settings.invalid": "这些设置无法运行：{problems}",
    "settings.bad_query": "链接中有部分内容无法读取（{error}），这部分改用默认设置。",
    "settings.share": "分享这次训练：页面地址已包含这些设置。",
    "preset.tutorial": "教程复现",
    "preset.fast-demo": "快速演示",
    "preset.vanishing-gradients": "梯度消失",
    "preset.too-high-lr": "学习率过高",
    "preset.custom": "自定义",
    "preset.loaded": "已载入预设“{name}”。按“开始”训练。",
    "download.button": "下载 {label}",
    "download.progress": "正在下载 {label}：{done:.1f} / {total:.1f} MB",
    "download.progress_unknown": "正在下载 {label}：{done:.1f} MB",
    "download.done": "{label} 已就绪。",
    "download.failed": "下载失败：{error}",
    "controls.start": "开始",
    "controls.pause": "暂停",
    "controls.resume": "继续",
    "controls.step": "单步",
    "controls.reset": "重置",
    "controls.step_help": "只用一个小批量训练一步，然后停下。",
    "controls.live": "训练中修改",
    "controls.busy": "服务器繁忙：现在有 {n} 个其他会话正在训练（上限 {cap}）。"
                     "请稍后再试，或使用“单步”。",
    "controls.bad_value": "无法修改该设置：{error}",
    "controls.error": "无法开始训练：{error}",
    "status.none": "尚未开始。按“开始”训练，或按“单步”只训练一个小批量。",
    "status.label": "状态：{status}",
    "status.ready": "就绪",
    "status.running": "训练中",
    "status.paused": "已暂停",
    "status.finished": "已完成",
    "status.diverged": "已发散",
    "status.stopped": "已停止",
    "status.epoch": "轮次：{epoch:.2f} / {epochs}",
    "status.step": "步数：{step}",
    "status.speed": "样本/秒：{speed:,.0f}",
    "status.lr": "学习率：{lr:.3g}",
    "status.eval_acc": "{split}准确率：{acc:.1f}%",
    "status.eval_none": "{split}准确率：尚未测量",
    "status.split.held-out": "留出集",
    "status.split.test": "测试集",
    "status.sep": "  ·  ",
    "chart.loss.title": "损失函数（交叉熵）",
    "chart.loss.batch": "小批量",
    "chart.loss.smooth": "小批量（平滑）",
    "chart.loss.eval": "{split}",
    "chart.acc.title": "准确率",
    "chart.acc.train": "训练集（固定的 2,000 个数字）",
    "chart.acc.eval": "{split}",
    "chart.axis.step": "步数（小批量）",
    "chart.axis.loss": "损失",
    "chart.axis.acc": "准确率 (%)",
    "chart.grad.title": "梯度流：每层的梯度大小（反向传播）",
    "chart.grad.axis": "每个权重的 RMS（对数）",
    "chart.hist.title": "当前分布",
    "chart.hist.grad_row": "梯度",
    "chart.hist.weight_row": "权重",
    "chart.hist.axis": "个数",
    "chart.ratio.title": "更新量 / 权重之比（约 0.001 为健康）",
    "chart.ratio.axis": "更新量 / 权重（对数）",
    "chart.inactive.title": "各隐藏层中{label}的单元",
    "chart.inactive.axis": "{label}的单元 (%)",
    "chart.inactive.saturated": "饱和",
    "chart.inactive.dead": "死亡",
    "chart.deeper.title": "更深层的权重矩阵",
    "chart.deeper.layer": "{name}：{rows} x {cols}",
    "chart.deeper.none": "没有足够小、可以显示的更深层矩阵。",
    "mosaic.title": "第一层权重：每个隐藏层单元一个 28x28 图块",
    "mosaic.caption": "红色 = 正权重，蓝色 = 负权重，白色 = 0（每个图块按自己的最大权重缩放）。"
                      "显示 {total} 个单元中的 {shown} 个。",
    "view.label": "图表",
    "view.overview": "概览",
    "view.gradients": "梯度流",
    "view.weights": "权重",
    "view.health": "更新大小与单元健康",
    # which model answers
    "model.label": "回答的模型",
    "model.shipped": "自带模型",
    "model.live": "“训练”页面的实时模型",
    "model.uploaded": "上传的模型",
    "model.answered": "回答者：**{name}** · {accuracy}",
    "model.accuracy": "{split}准确率 {acc:.1f}%",
    "model.accuracy_unmeasured": "{split}准确率尚未测量",
    "model.no_live": "本会话还没有在训练，所以由自带模型回答。"
                     "在“训练”页面开始训练后即可使用实时模型。",
    "model.no_uploaded": "还没有上传模型（“模型”页面），所以由自带模型回答。",
    "model.no_shipped": "无法载入自带模型（{error}）。请在“训练”页面训练一个模型，"
                        "然后选择实时模型。",
    "model.none": "还没有可用的模型：请在“训练”页面训练一个，或在“模型”页面上传一个。",
    "model.optimistic": "这个模型在完整的 MNIST 上训练，其训练集包含自带样本的留出集数字："
                        "因此这里的留出集准确率偏乐观。在“训练”页面下载完整的 MNIST，"
                        "即可在官方测试集上测量。",
    "model.other_data": "这个模型在 {trained_on} 上训练，而此处没有该数据集，"
                        "所以改在 {dataset} 上测量：结果多半很差。",
    # draw page
    "draw.title": "写一个数字",
    "draw.intro": "用鼠标或手指写一个数字（0-9）。抬起笔时，网络给出答案，"
                  "并展示它看到了什么、为什么这样判断。",
    "draw.brush": "笔刷大小",
    "draw.clear": "清除",
    "draw.real": "试试真实的数字",
    "draw.real_help": "把一个留出集数字（网络从未训练过的）放到画布上。",
    "draw.real.caption": "一个真实的留出集数字（#{index}），真实标签是 **{label}**。"
                         "在上面书写可以修改它。",
    "draw.upload": "或上传一张数字图片（PNG 或 JPEG）",
    "draw.upload.caption": "你的图片：{name}",
    "draw.upload.error": "无法使用该文件：{error}",
    "draw.prompt": "在黑色方块上写一个数字：抬起笔时网络就会回答。",
    "draw.prediction": "预测：{label}",
    "draw.confidence": "置信度：{conf:.1f}%",
    "draw.truth.right": "正确：真实标签是 {label}。",
    "draw.truth.wrong": "错误：真实标签是 {label}。",
    "draw.input.title": "输入层看到的图像",
    "draw.input.caption": "28x28：裁出笔迹，缩放到 20x20 以内，再按质心居中，与 MNIST 相同。",
    "draw.saliency.title": "为什么是 {label}？",
    "draw.saliency.caption": "红色：这里多些笔迹会提高 {label} 的得分；蓝色：会降低它。"
                             "即该得分对每个像素的梯度，由我们自己的反向传播算出。",
    "draw.hidden.title": "隐藏层 {layer}：{n} 个单元",
    "draw.hidden.caption": "每个单元一个方块，越亮 = 激活越强（{activation}）。",
    "draw.chart.title": "输出层：每个类别的概率",
    "draw.chart.x": "类别",
    "draw.chart.y": "概率 (%)",
    "draw.chart.hover": "%{x}：%{y:.1f}%<extra></extra>",
    # evaluate page
    "eval.title": "模型有多好？",
    "eval.intro": "在模型从未训练过的数字上测量。",
    "eval.accuracy": "{split}准确率：{acc:.1f}%（{n:,} 个数字中对了 {correct:,} 个）",
    "eval.about": "{description}。",
    "eval.cm.title": "混淆矩阵",
    "eval.cm.x": "预测",
    "eval.cm.y": "真实",
    "eval.cm.hover": "真实 %{y}，预测 %{x}：%{z:.0f}<extra></extra>",
    "eval.cm.caption": "行：真实类别；列：模型的回答。蓝色：答对；红色：答错"
                       "（单独配色，罕见的混淆也看得见）。",
    "eval.cell.label": "显示某一格中的数字",
    "eval.cell.option": "真实 {true} → 预测 {pred}（{count:,}）",
    "eval.cell.title": "真实 {true}，预测 {pred}：{count:,} 个数字，置信度高的在前",
    "eval.cell.more": "显示 {count:,} 个中的前 {shown} 个。",
    "eval.cell.empty": "这一格是空的。",
    "eval.pc.title": "每个类别的准确率（虚线：总体 {acc:.1f}%）",
    "eval.pc.x": "真实类别",
    "eval.pc.y": "准确率 (%)",
    "eval.pc.hover": "%{x}：%{y:.1f}%<extra></extra>",
    "eval.gallery.title": "错误样本，置信度高的在前",
    "eval.gallery.count": "显示多少个错误",
    "eval.gallery.caption": "{true} → {pred} · {conf:.0f}%",
    "eval.gallery.help": "每个数字下方：真实标签 → 模型的回答 · 置信度。",
    "eval.gallery.none": "这部分数据上没有错误。",
    "eval.digit.caption": "{conf:.0f}%",
    # models page
    "models.title": "模型",
    "models.intro": "保存在“手写”和“评估”页面回答的模型，或载入之前保存的模型。",
    "models.current": "当前回答的模型：**{name}**（{arch}）· {accuracy}。",
    "models.arch": "{sizes}，{activation}",
    "models.download": "下载此模型（.npz）",
    "models.download_help": "一个 .npz 文件：NumPy 数组形式的权重，加上一段 JSON 描述。"
                            "其中不含任何代码。",
    "models.upload": "上传由反向传播实验室保存的模型（.npz）",
    "models.upload.ok": "已载入 {name}（{arch}）。现在由它在“手写”和“评估”页面回答。",
    "models.upload.error": "该文件被拒绝，没有任何改动：{error}",
    "models.uploaded": "正在使用上传的模型：{name}（{arch}）。",
    "models.forget": "停止使用上传的模型",
    # data sets and classes
    "dataset.mnist-sample.label": "MNIST 样本（10,000 个数字，内置）",
    "dataset.mnist.label": "MNIST（70,000 个数字，需下载 11 MB）",
    "dataset.fashion-mnist.label": "Fashion-MNIST（70,000 张服饰图片）",
    "dataset.mnist-sample.about": "内置 MNIST 样本：10,000 个数字中前 8,000 个用于训练，"
                                  "后 2,000 个留出（不是官方 MNIST 测试集）",
    "dataset.mnist.about": "完整 MNIST：60,000 个训练数字，以及官方的 10,000 个数字测试集",
    "dataset.fashion-mnist.about": "Fashion-MNIST（Zalando）：60,000 张训练图片，"
                                   "以及官方的 10,000 张图片测试集",
    "class.fashion-mnist.tshirt": "T恤/上衣",
    "class.fashion-mnist.trouser": "裤子",
    "class.fashion-mnist.pullover": "套头衫",
    "class.fashion-mnist.dress": "连衣裙",
    "class.fashion-mnist.coat": "外套",
    "class.fashion-mnist.sandal": "凉鞋",
    "class.fashion-mnist.shirt": "衬衫",
    "class.fashion-mnist.sneaker": "运动鞋",
    "class.fashion-mnist.bag": "包",
    "class.fashion-mnist.ankle-boot": "短靴",
    # config problems
    "problem.choice": "{label}必须是以下之一：{options}；收到的是 {value!r}",
    "problem.hidden": "隐藏层：1 到 {max_layers} 层，每层 1 到 {max_units} 个单元；"
                      "收到的是 {hidden}",
    "problem.range": "{label}必须是 {low:g} 到 {high:g} 之间的数；收到的是 {value}",
    "problem.memory": "这次训练约需 {estimate_mb:,} MB 内存，超过单次训练可用的 "
                      "{budget_mb:,} MB：请减小{lower}",
    "problem.unreadable": "{label}：无法读取 {text!r}",
    "problem.bn_batch": "使用批量归一化时，一步 {rows:,} 个样本的计算量太大，无法及时暂停：批量大小最多为 {max_rows:,}",
    "problem.lower.hidden": "隐藏层的单元数",
    "problem.lower.batch_size": "批量大小（全批量一次包含所有样本）",
    "problem.or": "或",
    "problem.sep": "；",
    # trainer notes
    "note.ready": "准备好训练了。",
    "note.training": "训练中。",
    "note.paused": "在第 {step:,} 步暂停。",
    "note.paused_idle": "在第 {step:,} 步暂停：已经 {duration} 没有人观看。",
    "note.released_idle": "在第 {step:,} 步暂停：已经 {duration} 没有人观看，"
                          "因此释放了训练线程。按“继续”可接着训练。",
    "note.stopped": "在第 {step:,} 步停止。",
    "note.finished": "已完成 {epochs:,} 轮训练：{split}准确率 {accuracy:.2%}。",
    "note.diverged": "在第 {step:,} 步发散：{reason}。可能的原因是学习率对这个网络来说太高"
                     "（{lr:g}）；试试 {suggested_lr:g}。已恢复第 {kept_step:,} 步的参数，"
                     "那是最后一次损失有限且正常的一步。",
    "note.error": "训练在第 {step:,} 步因错误停止：{error}",
    "diverge.reason.loss_nan": "损失变成了 NaN 或无穷大",
    "diverge.reason.grads_nan": "梯度变成了 NaN 或无穷大",
    "diverge.reason.weights_nan": "权重变成了 NaN 或无穷大",
    "diverge.reason.loss_exploded": "损失爆炸到 {loss:.3g}（开始时为 {first_loss:.3g}）",
    "diverge.reason.update_nan": "更新量变成了无穷大或 NaN",
    "diverge.reason.eval_nan": "留出集损失变成了 NaN 或无穷大",
    "split.held-out": "留出集",
    "split.test": "测试集",
    "duration.seconds": "{n:,} 秒",
    "duration.minutes": "{n:,} 分钟",
    # coded errors
    "error.config.invalid": "{problems}",
    "error.data.missing": "{label} 还不在这台服务器上：请在“训练”页面用按钮下载一次"
                          "（{size_mb} MB）。",
    "error.run.not_json": "这不是训练记录文件（不是 JSON，或内容被截断）。",
    "error.run.bad_format": "这不是反向传播实验室的训练记录文件。",
    "error.run.bad_version": "这个训练记录文件的版本是 {version}，本应用无法读取。",
    "error.run.too_big": "训练记录文件有 {mb} MB；最多接受 {limit} MB。",
    "error.run.bad_field": "训练记录文件的字段 {field} 缺失或有误。",
    # download error kinds
    "download.error.network": "无法连接服务器（是否离线？）",
    "download.error.timeout": "服务器没有及时响应",
    "download.error.http": "服务器拒绝发送该文件",
    "download.error.truncated": "下载在完成前中断了；请重试",
    "download.error.checksum": "文件传输中损坏（校验和不对）；未保留任何内容",
    "download.error.disk": "文件无法写入服务器磁盘",
})


# --- 简体中文: errors of model files, pictures and run files -------------------------------
STRINGS["zh"].update({
    "error.model.pickle": "这是 Python pickle 文件，不是反向传播实验室的模型；pickle 可能运行代码，因此从不加载。",
    "error.model.not_zip": "这不是反向传播实验室的模型文件（应为 .npz 压缩包）。",
    "error.model.truncated": "模型文件不完整或已损坏。",
    "error.model.no_meta": "这个 .npz 没有反向传播实验室的说明（meta.json）：它不是本应用保存的。",
    "error.model.meta_too_large": "模型的说明大得不合理，已拒绝。",
    "error.model.bad_meta": "无法读取模型的说明。",
    "error.model.bad_format": "这不是反向传播实验室的模型。",
    "error.model.version": "该模型文件的格式版本为 {version}；本应用读取版本 {supported}。",
    "error.model.bad_architecture": "模型描述的结构本应用无法构建。",
    "error.model.too_deep": "模型有 {layers} 个隐藏层；本应用最多接受 {limit} 个。",
    "error.model.too_wide": "模型第 {layer} 层有 {units:,} 个单元；本应用每层最多接受 {limit:,} 个。",
    "error.model.too_large": "模型包含 {params:,} 个 {dtype} 数值，超过本应用接受的上限。",
    "error.model.array_mismatch": "模型的数组与其声明的结构不符。",
    "error.model.bad_array": "无法读取模型的一个数组（{array}）。",
    "error.model.nan": "模型包含 NaN 或无穷大的数值（{array}）。",
    "error.image.empty": "文件是空的。",
    "error.image.file_too_large": "文件大小为 {mb} MB；最多接受 {limit_mb} MB 的图片。",
    "error.image.too_big": "图片太大：最多接受 {limit_mp} 百万像素。",
    "error.image.unreadable": "无法读取这个文件的图片；请上传 PNG 或 JPEG。",
    "error.image.format": "不支持 {format} 格式的图片；请上传 PNG 或 JPEG。",
    "error.image.corrupt": "图片不完整或已损坏。",
    "error.image.too_small": "图片只有 {width}×{height} 像素；一个数字至少需要 8×8。",
    "error.image.blank": "图片中没有数字：它是空白的，或者笔迹太淡。",
    "error.run.not_json": "这不是运行记录文件（不是 JSON，或已被截断）。",
    "error.run.bad_format": "这不是反向传播实验室的运行记录文件。",
    "error.run.bad_version": "该运行记录文件的版本为 {version}，本应用无法读取。",
    "error.run.too_big": "运行记录文件为 {mb} MB；最多接受 {limit} MB。",
    "error.run.bad_field": "运行记录文件的字段 {field} 缺失或有误。",
    "problem.range": "{label}必须是 {low:g} 到 {high:g} 之间的数；当前为 {value}",
    "problem.memory": "这次训练大约需要 {estimate_mb:,} MB 内存，超过每次训练可用的 {budget_mb:,} MB：请减小{lower}",
    "problem.unreadable": "{label}：无法读取 {text!r}",
    "problem.lower.hidden": "隐藏层的单元数",
    "problem.lower.batch_size": "批量大小（全批量一次包含所有样本）",
    "problem.or": "或",
    "settings.range": "范围：{low:g} 到 {high:g}。",
})


# --- Inside page (owned by helper F: viz/app_pages/inside.py, viz/panels/inside_*.py) ----------
STRINGS["en"].update({
    "nav.inside": "Inside",
    "inside.title": "Inside one training step",
    "inside.intro": "One example goes forward through the real network, the error comes back "
                    "(back-propagation) and the weights take one step. Each formula is shown "
                    "three times: in symbols, with the real numbers, and its result.",
    "inside.example.label": "Example",
    "inside.example.drawn": "My drawing",
    "inside.example.heldout": "A held-out digit",
    "inside.drawn.none": "Nothing drawn yet: draw a digit on the Draw page, or pick a held-out "
                         "digit above.",
    "inside.drawn.go": "Draw a digit",
    "inside.drawn.label": "Which digit did you draw? (the label y)",
    "inside.how.label": "Which one",
    "inside.how.digit": "By class",
    "inside.how.random": "At random",
    "inside.how.wrong": "One the network gets wrong",
    "inside.how.digit_pick": "Digit",
    "inside.how.another": "Another one",
    "inside.how.none": "No such digit here (the network reads every held-out digit right?). "
                       "Choose another way.",
    "inside.net.label": "Network",
    "inside.net.live": "Live from Train",
    "inside.net.shipped": "Shipped model",
    "inside.net.tutorial": "Fresh tutorial network",
    "inside.net.no_live": "Nothing trained yet on the Train page: showing a fresh tutorial "
                          "network instead.",
    "inside.net.no_shipped": "The shipped model cannot be loaded: showing a fresh tutorial "
                             "network instead.",
    "inside.net.frozen": "A frozen copy of the live network at step {step:,} (training goes on "
                         "without it).",
    "inside.net.refreeze": "Take a fresh copy",
    "inside.net.shape": "Layers: {sizes} · activation: {activation}",
    "inside.opt.live": "The run's own optimizer: {optimizer}, learning rate {lr:.3g}, with its "
                       "buffers after step {step:,}.",
    "inside.predict": "Predict first, then reveal",
    "inside.note.batch_norm_eval": "Batch normalisation with one example: the step uses the "
                                   "running (evaluation) statistics, not the batch's.",
    "inside.note.dropout_off": "Dropout is off for this step (evaluation mode), so every unit "
                               "takes part.",
    "inside.nav.prev": "Previous",
    "inside.nav.next": "Next",
    "inside.nav.play": "Play",
    "inside.nav.pause": "Pause",
    "inside.unit.label": "Hidden unit j (0 to {n} − 1)",
    "inside.unit.marker": "Unit j = {j}",
    "inside.unit.deeper": " (in hidden layer 1); in hidden layer {l}: unit {j}, the one with "
                          "the largest |dZ|",
    "inside.stage.marker": "Stage {n} of {total}: {title}",
    "inside.stage.input": "Input layer: the image as the vector x",
    "inside.stage.hidden": "Forward: hidden layer {l}, z({k}) and a({k})",
    "inside.stage.logits": "Forward: output layer, the scores z({k})",
    "inside.stage.softmax": "Softmax: scores to probabilities",
    "inside.stage.loss": "Loss function: cross-entropy J",
    "inside.stage.dZ_out": "Backward: dZ of the output = ŷ − y",
    "inside.stage.grads": "Backward: the gradients of layer {l}, dW({l}) and db({l})",
    "inside.stage.dA": "Backward: chain rule through the weights, dA({k})",
    "inside.stage.dZ": "Backward: chain rule through the activation, dZ({k})",
    "inside.stage.update": "Gradient descent: the update",
    "inside.stage.after": "The loss on this example, before and after",
    "inside.block.input": "Input layer",
    "inside.block.hidden": "Hidden layer {l}",
    "inside.block.output": "Output layer",
    "inside.line.formula": "Formula",
    "inside.line.numbers": "With the numbers",
    "inside.line.result": "Result",
    "inside.ask.title": "**Predict first:** {question}",
    "inside.ask.reveal": "Reveal",
    "inside.ask.right": "Your prediction was right.",
    "inside.ask.wrong": "Not this time: look at the numbers.",
    "inside.ask.negative": "which of the ten outputs gets a negative dZ?",
    "inside.ask.pixels": "the weights of which pixels get a gradient in dW(1)?",
    "inside.ask.pixels.all": "All 784",
    "inside.ask.pixels.inked": "Only the inked pixels",
    "inside.ask.pixels.blank": "Only the blank pixels",
    "inside.ask.down": "will the loss on this example go down after the update?",
    "inside.ask.down.down": "Down",
    "inside.ask.down.up": "Up",
    "inside.input.caption": "The example (label y = {label})",
    "inside.input.result": "{n} numbers in [0, 1]; {inked} of them are not 0 (inked pixels).",
    "inside.fig.vector": "{name}: {n} values",
    "inside.fig.row": "{name}, row j = {j}, as 28 × 28",
    "inside.fig.matrix": "{name}: {rows} × {cols}",
    "inside.fig.logits": "Scores z before softmax (outlined: the true class)",
    "inside.fig.exp": "exp(z − max z)",
    "inside.fig.yhat": "ŷ: the probabilities (outlined: the true class)",
    "inside.fig.yhat_before": "ŷ before the update",
    "inside.fig.yhat_after": "ŷ after the update",
    "inside.fig.gprime": "g′(z): {n} values",
    "inside.bn_eval": "Batch normalisation here uses the running mean and variance (one "
                      "example has no batch statistics).",
    "inside.bn_eval_back": "With batch normalisation in evaluation mode, dZ also carries "
                           "γ / √(var + ε) of each unit.",
    "inside.loss.marker": "Loss on this example: J = {loss:.4f}",
    "inside.dz_out.explain": "Only the true class ({label}) gets a negative dZ: the update will "
                             "raise its score and lower all the others.",
    "inside.grads.inked": "Only the {inked} inked pixels of {n} get a gradient: where x is 0, "
                          "dW = dZ · 0 = 0.",
    "inside.dA.explain": "The chain rule sends each output's error back along the same weights "
                         "that carried the signal forward.",
    "inside.dZ.explain": "Each unit passes on its error scaled by the slope of its activation "
                         "function ({activation}) at z.",
    "inside.update.marker": "Update with {optimizer}, learning rate η = {lr:.3g}, step t = {t}",
    "inside.update.momentum": "Momentum: v is a moving average of the gradients; it started "
                              "at 0 unless the run had buffers already.",
    "inside.update.adam": "Adam's bias correction this step: 1 − β₁ᵗ = {c1:.4g}, "
                          "1 − β₂ᵗ = {c2:.4g}.",
    "inside.after.marker": "Loss on this example: {before:.4f} → {after:.4f}",
    "inside.check.title": "Gradient check",
    "inside.check.intro": "For 20 weights and 20 biases of every layer, nudge the weight by ±h "
                          "and measure how J changes: (J(w + h) − J(w − h)) / 2h. Back-propagation "
                          "must give the same number (relative error ≤ {tol:g}). The check runs "
                          "on {m} examples (this one and held-out digits): forgetting the 1/m "
                          "changes nothing when m = 1.",
    "inside.check.fault": "Break the backward pass on purpose",
    "inside.check.fault.none": "Correct backward pass",
    "inside.check.fault.no_sigma_prime": "Forget g′(z)",
    "inside.check.fault.no_one_over_m": "Forget the 1/m",
    "inside.check.run": "Run the gradient check",
    "inside.check.passed": "Gradient check: passed",
    "inside.check.failed": "Gradient check: failed (layer {layers})",
    "inside.check.timing": "{m} examples, {fault}, {seconds:.2f} s.",
    "inside.check.pass": "pass",
    "inside.check.fail": "FAIL",
    "inside.check.col.layer": "Layer",
    "inside.check.col.entries": "Entries",
    "inside.check.col.error": "Relative error",
    "inside.check.col.verdict": "Verdict",
    "inside.check.col.param": "Entry",
    "inside.check.col.numeric": "Numerical (±h)",
    "inside.check.col.backprop": "Back-propagation",
})

STRINGS["zh"].update({
    "nav.inside": "内部",
    "inside.title": "一步训练的内部",
    "inside.intro": "一个样本经过真实网络的前向传播，误差通过反向传播传回，权重按梯度下降走一步。"
                    "每个公式写三遍：符号、代入真实数值、结果。",
    "inside.example.label": "样本",
    "inside.example.drawn": "我写的数字",
    "inside.example.heldout": "留出集中的数字",
    "inside.drawn.none": "还没有手写数字：请在“手写”页写一个，或在上面选择留出集中的数字。",
    "inside.drawn.go": "去写一个数字",
    "inside.drawn.label": "你写的是哪个数字？（标签 y）",
    "inside.how.label": "选哪一个",
    "inside.how.digit": "按类别",
    "inside.how.random": "随机",
    "inside.how.wrong": "网络认错的",
    "inside.how.digit_pick": "数字",
    "inside.how.another": "换一个",
    "inside.how.none": "这里没有这样的数字，请换一种方式选择。",
    "inside.net.label": "网络",
    "inside.net.live": "训练页中的网络",
    "inside.net.shipped": "自带模型",
    "inside.net.tutorial": "新的教程网络",
    "inside.net.no_live": "训练页还没有训练：改用新的教程网络。",
    "inside.net.no_shipped": "无法加载自带模型：改用新的教程网络。",
    "inside.net.frozen": "训练中网络在第 {step:,} 步的冻结副本（训练继续进行，不受影响）。",
    "inside.net.refreeze": "重新复制",
    "inside.net.shape": "各层：{sizes} · 激活函数：{activation}",
    "inside.opt.live": "本次训练的优化器：{optimizer}，学习率 {lr:.3g}，使用第 {step:,} 步之后的缓存。",
    "inside.predict": "先预测，再揭晓",
    "inside.note.batch_norm_eval": "只有一个样本时的批量归一化：这一步使用滑动平均（评估）统计量，而不是批量统计量。",
    "inside.note.dropout_off": "这一步关闭随机失活（评估模式），所有单元都参与。",
    "inside.nav.prev": "上一步",
    "inside.nav.next": "下一步",
    "inside.nav.play": "播放",
    "inside.nav.pause": "暂停",
    "inside.unit.label": "隐藏层单元 j（0 到 {n} − 1）",
    "inside.unit.marker": "单元 j = {j}",
    "inside.unit.deeper": "（隐藏层 1）；隐藏层 {l} 中：单元 {j}，即 |dZ| 最大的单元",
    "inside.stage.marker": "第 {n} 步，共 {total} 步：{title}",
    "inside.stage.input": "输入层：图像作为向量 x",
    "inside.stage.hidden": "前向传播：隐藏层 {l}，z({k}) 与 a({k})",
    "inside.stage.logits": "前向传播：输出层的得分 z({k})",
    "inside.stage.softmax": "Softmax：得分变成概率",
    "inside.stage.loss": "损失函数：交叉熵 J",
    "inside.stage.dZ_out": "反向传播：输出层的 dZ = ŷ − y",
    "inside.stage.grads": "反向传播：第 {l} 层的梯度 dW({l}) 与 db({l})",
    "inside.stage.dA": "反向传播：链式法则经过权重，dA({k})",
    "inside.stage.dZ": "反向传播：链式法则经过激活函数，dZ({k})",
    "inside.stage.update": "梯度下降：更新权重",
    "inside.stage.after": "更新前后这个样本的损失",
    "inside.block.input": "输入层",
    "inside.block.hidden": "隐藏层 {l}",
    "inside.block.output": "输出层",
    "inside.line.formula": "公式",
    "inside.line.numbers": "代入数值",
    "inside.line.result": "结果",
    "inside.ask.title": "**先预测：** {question}",
    "inside.ask.reveal": "揭晓",
    "inside.ask.right": "你的预测是对的。",
    "inside.ask.wrong": "这次不对：看看这些数值。",
    "inside.ask.negative": "十个输出中哪一个的 dZ 是负的？",
    "inside.ask.pixels": "dW(1) 中哪些像素的权重有梯度？",
    "inside.ask.pixels.all": "全部 784 个",
    "inside.ask.pixels.inked": "只有有笔迹的像素",
    "inside.ask.pixels.blank": "只有空白像素",
    "inside.ask.down": "更新之后，这个样本的损失会下降吗？",
    "inside.ask.down.down": "下降",
    "inside.ask.down.up": "上升",
    "inside.input.caption": "样本（标签 y = {label}）",
    "inside.input.result": "{n} 个 [0, 1] 之间的数，其中 {inked} 个不为 0（有笔迹的像素）。",
    "inside.fig.vector": "{name}：{n} 个值",
    "inside.fig.row": "{name} 的第 j = {j} 行，排成 28 × 28",
    "inside.fig.matrix": "{name}：{rows} × {cols}",
    "inside.fig.logits": "softmax 之前的得分 z（框出：真实类别）",
    "inside.fig.exp": "指数 exp(z − max z)",
    "inside.fig.yhat": "ŷ：概率（框出：真实类别）",
    "inside.fig.yhat_before": "更新前的 ŷ",
    "inside.fig.yhat_after": "更新后的 ŷ",
    "inside.fig.gprime": "g′(z)：{n} 个值",
    "inside.bn_eval": "这里的批量归一化使用滑动平均的均值和方差（一个样本没有批量统计量）。",
    "inside.bn_eval_back": "评估模式下的批量归一化：dZ 还要乘以每个单元的 γ / √(var + ε)。",
    "inside.loss.marker": "这个样本的损失：J = {loss:.4f}",
    "inside.dz_out.explain": "只有真实类别（{label}）的 dZ 是负的：更新会提高它的得分，降低其他得分。",
    "inside.grads.inked": "{n} 个像素中只有 {inked} 个有笔迹的像素有梯度：x 为 0 的地方 dW = dZ · 0 = 0。",
    "inside.dA.explain": "链式法则把每个输出的误差沿着前向传播时的同一组权重传回去。",
    "inside.dZ.explain": "每个单元把误差乘以激活函数（{activation}）在 z 处的斜率再传下去。",
    "inside.update.marker": "用 {optimizer} 更新，学习率 η = {lr:.3g}，第 t = {t} 步",
    "inside.update.momentum": "动量：v 是梯度的滑动平均；除非训练已有缓存，它从 0 开始。",
    "inside.update.adam": "这一步 Adam 的偏差修正：1 − β₁ᵗ = {c1:.4g}，1 − β₂ᵗ = {c2:.4g}。",
    "inside.after.marker": "这个样本的损失：{before:.4f} → {after:.4f}",
    "inside.check.title": "梯度检验",
    "inside.check.intro": "对每层的 20 个权重和 20 个偏置，把权重加减 h，看 J 的变化："
                          "(J(w + h) − J(w − h)) / 2h。反向传播必须给出同样的数（相对误差 ≤ {tol:g}）。"
                          "检验使用 {m} 个样本（这个样本和留出集中的数字）：m = 1 时忘记 1/m 不会有任何区别。",
    "inside.check.fault": "故意弄错反向传播",
    "inside.check.fault.none": "正确的反向传播",
    "inside.check.fault.no_sigma_prime": "忘记 g′(z)",
    "inside.check.fault.no_one_over_m": "忘记 1/m",
    "inside.check.run": "运行梯度检验",
    "inside.check.passed": "梯度检验：通过",
    "inside.check.failed": "梯度检验：未通过（第 {layers} 层）",
    "inside.check.timing": "{m} 个样本，{fault}，{seconds:.2f} 秒。",
    "inside.check.pass": "通过",
    "inside.check.fail": "未通过",
    "inside.check.col.layer": "层",
    "inside.check.col.entries": "条目数",
    "inside.check.col.error": "相对误差",
    "inside.check.col.verdict": "结论",
    "inside.check.col.param": "条目",
    "inside.check.col.numeric": "数值梯度（±h）",
    "inside.check.col.backprop": "反向传播",
})


# --- lessons page: guided experiments (owned by the lessons helper) ----------------------------
STRINGS["en"].update({
    "nav.lessons": "Lessons",
    "lessons.title": "Guided experiments",
    "lessons.intro": "Each experiment trains a small network for a few seconds to show one idea. "
                     "Read what to watch for, ask the class the question, then press **Run this "
                     "experiment**: the page says what happened, with the run's own numbers.",
    "lessons.watch": "What to watch for:",
    "lessons.question": "Question for the class:",
    "lessons.run": "Run this experiment",
    "lessons.again": "Run it again",
    "lessons.stop": "Stop",
    "lessons.busy": "Another experiment is running; wait for it to finish or stop it.",
    "lessons.waiting": "Waiting for a free training slot ({others} other runs are training); "
                       "it starts by itself.",
    "lessons.progress": "Training {variant} (run {index} of {total}) · epoch {epoch:.1f} of "
                        "{epochs} · step {step:,}",
    "lessons.stopped": "The experiment was stopped before it finished.",
    "lessons.finding": "What happened",
    "lessons.compare.title": "The runs compared",
    "lessons.grad.title": "Gradient flow of the finished run",
    "lessons.axis.epoch": "epoch (passes over the training digits)",
    "lessons.axis.loss": "loss (smoothed)",
    "lessons.axis.loss_raw": "mini-batch loss (log)",
    "lessons.axis.eval_loss": "held-out loss",
    "lessons.metric.eval_acc": "held-out",
    "lessons.metric.train_eval_acc": "training",
    "lessons.line": "{variant} · {metric}",
    "lessons.setup": "Setup: {text}",
    # the variants: what differs between an experiment's runs
    "lessons.variant.deep_sigmoid": "6 sigmoid layers",
    "lessons.variant.lr_high": "learning rate η = {lr:g}",
    "lessons.variant.lr_ok": "learning rate η = {lr:g}",
    "lessons.variant.no_momentum": "no momentum",
    "lessons.variant.momentum": "momentum β = {momentum:g}",
    "lessons.variant.init_small": "randn·0.01",
    "lessons.variant.init_he": "He",
    "lessons.variant.plain": "no regularisation",
    "lessons.variant.regularized": "L2 λ = {l2:g} + dropout {dropout:g}",
    "lessons.variant.batch_one": "batch size 1",
    "lessons.variant.batch_full": "full batch",
    # the experiments
    "exp.vanishing.title": "Vanishing gradients in a deep sigmoid network",
    "exp.vanishing.setup": "six hidden layers of 32 sigmoid units, gradient descent with η = 0.1 "
                           "on batches of 64, 10 epochs.",
    "exp.vanishing.watch": "The gradient-flow chart has one line per layer. Does W1 (next to the "
                           "input) get as much gradient as W7 (the output layer)?",
    "exp.vanishing.question": "On its way back, each layer multiplies the gradient by σ′(z), "
                              "which is at most 1/4. What is left of it after six layers, and "
                              "what would you change?",
    "exp.lr.title": "A learning rate that is too high",
    "exp.lr.setup": "one hidden layer of 128 tanh units, batches of 64, 3 epochs: first η = 3, "
                    "then η = 0.3.",
    "exp.lr.watch": "The loss, on a log scale: does it fall or climb? A run whose loss explodes "
                    "stops by itself.",
    "exp.lr.question": "How can a step downhill that is too long make the loss go up?",
    "exp.momentum.title": "Momentum against none",
    "exp.momentum.setup": "64 sigmoid units, η = 4 on small batches of 16, 2 epochs: first plain "
                          "gradient descent, then momentum with β = 0.9.",
    "exp.momentum.watch": "The two loss curves: which one is smoother, and which ends lower?",
    "exp.momentum.question": "Momentum follows the average of recent gradients, v = βv + (1 − β)dW. "
                             "Why does averaging help when every batch of 16 digits gives a noisy "
                             "gradient?",
    "exp.init.title": "The article's tiny start (randn·0.01) against He",
    "exp.init.setup": "three hidden layers of 128 ReLU units, η = 0.05, 6 epochs: first weights "
                      "randn·0.01, then He's randn·√(2/n_in).",
    "exp.init.watch": "Does the loss leave ln 10 ≈ 2.30, the loss of guessing among 10 digits?",
    "exp.init.question": "With weights of about 0.01, how large are the activations after three "
                         "layers, and the gradients that come back?",
    "exp.overfit.title": "Overfitting on 500 digits, and L2 with dropout",
    "exp.overfit.setup": "256 ReLU units, Adam, 60 epochs on only the first 500 training digits: "
                         "first without regularisation, then with L2 (λ = 1) and dropout 0.3.",
    "exp.overfit.watch": "While it trains: the gap between training and held-out accuracy. "
                         "Afterwards: the held-out loss of both runs. Does it turn back up?",
    "exp.overfit.question": "The network gets its 500 digits right. Why is it worse on digits it "
                            "has never seen, and what does regularisation change?",
    "exp.batch.title": "Batch size 1 against the full batch",
    "exp.batch.setup": "64 sigmoid units: one pass with batch size 1 (8,000 updates, η = 0.1), "
                       "then 40 passes with the full batch of 8,000 digits (40 updates, η = 2).",
    "exp.batch.watch": "The loss against epochs: one curve jumps about, the other glides. Which "
                       "gets lower sooner?",
    "exp.batch.question": "A full-batch step uses all 8,000 digits for one exact gradient. Is one "
                          "exact step worth more than 8,000 noisy ones?",
    # the findings, from the runs' own numbers
    "finding.vanishing.shrank": "The first layer's gradient was **{ratio:,.0f}× smaller** than "
                                "the last layer's (median RMS per weight {first:.1e} against "
                                "{last:.1e}, over {layers} weight layers). Held-out accuracy after "
                                "training: {acc:.1%} (guessing gives about 10%).",
    "finding.vanishing.flat": "The first layer's gradient was only {ratio:,.1f}× smaller than the "
                              "last layer's (median RMS per weight {first:.1e} against {last:.1e}): "
                              "it reached the early layers almost whole. Held-out accuracy: "
                              "{acc:.1%}.",
    "finding.lr.diverged": "With η = {lr_high:g} the loss climbed from {first_loss:.2f} to "
                           "**{peak_loss:,.1f}** and the run diverged at step {step:,}. With "
                           "η = {lr_ok:g} the same network learned: **{acc_ok:.1%}** held-out "
                           "accuracy.",
    "finding.lr.survived": "With η = {lr_high:g} the run did not diverge this time (the loss "
                           "peaked at {peak_loss:.2f}; held-out accuracy {acc_high:.1%}). With "
                           "η = {lr_ok:g}: {acc_ok:.1%}.",
    "finding.momentum.better": "With momentum (β = {beta:g}) the held-out accuracy was "
                               "**{acc_momentum:.1%}** against {acc_plain:.1%} without, and the "
                               "mini-batch loss over the last quarter of the run averaged "
                               "{loss_momentum:.3f} against {loss_plain:.3f}.",
    "finding.momentum.same": "Momentum (β = {beta:g}) made little difference this time: "
                             "{acc_momentum:.1%} against {acc_plain:.1%} held-out accuracy; "
                             "late loss {loss_momentum:.3f} against {loss_plain:.3f}.",
    "finding.momentum.worse": "This time momentum (β = {beta:g}) did worse: {acc_momentum:.1%} "
                              "against {acc_plain:.1%} held-out accuracy; late loss "
                              "{loss_momentum:.3f} against {loss_plain:.3f}.",
    "finding.init.stuck": "After {steps} steps the loss with randn·0.01 was still "
                          "**{loss_small:.3f}** (ln 10 = {ln10:.3f}, the loss of pure guessing); "
                          "with He it was {loss_he:.3f}. At the end: {acc_small:.1%} against "
                          "**{acc_he:.1%}** held-out accuracy.",
    "finding.init.he_better": "After {steps} steps the loss was {loss_small:.3f} with randn·0.01 "
                              "and {loss_he:.3f} with He; at the end {acc_small:.1%} against "
                              "**{acc_he:.1%}** held-out accuracy.",
    "finding.init.same": "Both starts learned: after {steps} steps the loss was "
                         "{loss_small:.3f} (randn·0.01) and {loss_he:.3f} (He); at the end "
                         "{acc_small:.1%} and {acc_he:.1%} held-out accuracy.",
    "finding.init.small_better": "This time randn·0.01 did better: after {steps} steps the loss "
                                 "was {loss_small:.3f} against {loss_he:.3f} with He; at the end "
                                 "{acc_small:.1%} against {acc_he:.1%}.",
    "finding.overfit.helped": "Without regularisation: {train_plain:.1%} on the training digits, "
                              "{test_plain:.1%} held-out (a gap of {gap_plain:.1%}). With L2 and "
                              "dropout: {train_reg:.1%} and **{test_reg:.1%}** (a gap of "
                              "{gap_reg:.1%}); the held-out loss ended at {loss_reg:.2f} against "
                              "{loss_plain:.2f}.",
    "finding.overfit.calmer": "Without regularisation the network got {train_plain:.1%} of its "
                              "training digits right but {test_plain:.1%} of the held-out ones "
                              "(a gap of {gap_plain:.1%}), and its held-out loss rose from "
                              "{loss_min_plain:.2f} to **{loss_plain:.2f}**: ever more sure of its "
                              "mistakes. With L2 and dropout the held-out loss ended at "
                              "**{loss_reg:.2f}** (lowest {loss_min_reg:.2f}), though the "
                              "accuracy was {test_reg:.1%}: 500 digits are simply too few.",
    "finding.overfit.no_help": "Regularisation did not help this time: {train_plain:.1%} / "
                               "{test_plain:.1%} (training / held-out) without, {train_reg:.1%} / "
                               "{test_reg:.1%} with; held-out loss {loss_plain:.2f} against "
                               "{loss_reg:.2f}.",
    "finding.batch.one_better": "Batch size 1 made {steps_one:,} updates in {epochs_one:g} pass "
                                "({seconds_one:.1f} s of training) and reached **{acc_one:.1%}** "
                                "held-out accuracy. The full batch made {steps_full:,} updates in "
                                "{epochs_full:g} passes ({seconds_full:.1f} s) and reached "
                                "{acc_full:.1%}: many noisy steps beat a few exact ones.",
    "finding.batch.full_better": "The full batch made {steps_full:,} updates in {epochs_full:g} "
                                 "passes ({seconds_full:.1f} s) and reached **{acc_full:.1%}**; "
                                 "batch size 1 made {steps_one:,} updates in {epochs_one:g} pass "
                                 "({seconds_one:.1f} s) and reached {acc_one:.1%}.",
    "finding.batch.same": "Both reached about the same held-out accuracy: {acc_one:.1%} with "
                          "batch size 1 ({steps_one:,} updates, {seconds_one:.1f} s) and "
                          "{acc_full:.1%} with the full batch ({steps_full:,} updates, "
                          "{seconds_full:.1f} s).",
})

STRINGS["zh"].update({
    "nav.lessons": "课堂实验",
    "lessons.title": "引导式实验",
    "lessons.intro": "每个实验用几秒钟训练一个小网络，展示一个概念。先读“观察什么”，向全班提出问题，"
                     "再按 **运行这个实验**：页面会用这次训练自己的数字说明发生了什么。",
    "lessons.watch": "观察什么：",
    "lessons.question": "给全班的问题：",
    "lessons.run": "运行这个实验",
    "lessons.again": "再运行一次",
    "lessons.stop": "停止",
    "lessons.busy": "另一个实验正在运行；请等它结束或停止它。",
    "lessons.waiting": "正在等待空闲的训练名额（另有 {others} 个训练在进行）；有空位时会自动开始。",
    "lessons.progress": "正在训练{variant}（第 {index} 次，共 {total} 次）· 第 {epoch:.1f} 轮，"
                        "共 {epochs} 轮 · 第 {step:,} 步",
    "lessons.stopped": "实验在完成前被停止了。",
    "lessons.finding": "发生了什么",
    "lessons.compare.title": "几次训练的对比",
    "lessons.grad.title": "训练结束后的梯度流",
    "lessons.axis.epoch": "轮数（遍历训练数字的次数）",
    "lessons.axis.loss": "损失（平滑）",
    "lessons.axis.loss_raw": "小批量损失（对数）",
    "lessons.axis.eval_loss": "留出集损失",
    "lessons.metric.eval_acc": "留出集",
    "lessons.metric.train_eval_acc": "训练集",
    "lessons.line": "{variant}：{metric}",
    "lessons.setup": "设置：{text}",
    "lessons.variant.deep_sigmoid": "6 个 sigmoid 层",
    "lessons.variant.lr_high": "学习率 η = {lr:g}",
    "lessons.variant.lr_ok": "学习率 η = {lr:g}",
    "lessons.variant.no_momentum": "无动量",
    "lessons.variant.momentum": "动量 β = {momentum:g}",
    "lessons.variant.init_small": "randn·0.01 初始化",
    "lessons.variant.init_he": "He 初始化",
    "lessons.variant.plain": "无正则化",
    "lessons.variant.regularized": "L2 正则化 λ = {l2:g} + 随机失活 {dropout:g}",
    "lessons.variant.batch_one": "批量大小 1",
    "lessons.variant.batch_full": "全批量",
    "exp.vanishing.title": "深层 sigmoid 网络中的梯度消失",
    "exp.vanishing.setup": "六个各含 32 个 sigmoid 单元的隐藏层，梯度下降，学习率 η = 0.1，"
                           "批量大小 64，10 轮。",
    "exp.vanishing.watch": "梯度流图中每层一条线。靠近输入层的 W1 得到的梯度，和输出层的 W7 一样多吗？",
    "exp.vanishing.question": "反向传播时，每经过一层，梯度都要乘以 σ′(z)，而它最多只有 1/4。"
                              "经过六层后还剩多少？你会改什么？",
    "exp.lr.title": "学习率过大",
    "exp.lr.setup": "一个含 128 个 tanh 单元的隐藏层，批量大小 64，3 轮：先用 η = 3，再用 η = 0.3。",
    "exp.lr.watch": "看对数坐标上的损失：它在下降还是在上升？损失爆炸的训练会自动停止。",
    "exp.lr.question": "为什么沿下坡方向迈出太长的一步，反而会让损失上升？",
    "exp.momentum.title": "有动量与无动量",
    "exp.momentum.setup": "64 个 sigmoid 单元，η = 4，批量大小只有 16，2 轮：先用普通梯度下降，"
                          "再用动量 β = 0.9。",
    "exp.momentum.watch": "看两条损失曲线：哪一条更平滑，哪一条最后更低？",
    "exp.momentum.question": "动量沿着最近梯度的平均方向前进：v = βv + (1 − β)dW。"
                             "当每个 16 个数字的小批量都给出带噪声的梯度时，为什么平均会有帮助？",
    "exp.init.title": "文章中的微小初始值（randn·0.01）与 He 初始化",
    "exp.init.setup": "三个各含 128 个 ReLU 单元的隐藏层，η = 0.05，6 轮：先用 randn·0.01 "
                      "权重初始化，再用 He 的 randn·√(2/n_in)。",
    "exp.init.watch": "损失能离开 ln 10 ≈ 2.30 吗？那是在 10 个数字中瞎猜的损失。",
    "exp.init.question": "权重只有 0.01 左右时，经过三层后激活函数的输出有多大？反向传回来的梯度又有多大？",
    "exp.overfit.title": "在 500 个数字上过拟合，以及 L2 正则化与随机失活",
    "exp.overfit.setup": "256 个 ReLU 单元，Adam，只用前 500 个训练数字训练 60 轮：先不加正则化，"
                         "再加 L2 正则化（λ = 1）和随机失活 0.3。",
    "exp.overfit.watch": "训练时：看训练集准确率与留出集准确率之间的差距。训练后：看两次训练的留出集损失，它会不会回升？",
    "exp.overfit.question": "网络把它的 500 个数字都认对了。为什么它在从未见过的数字上更差？"
                            "正则化改变了什么？",
    "exp.batch.title": "批量大小 1 与全批量",
    "exp.batch.setup": "64 个 sigmoid 单元：先用批量大小 1 遍历一次（8,000 次更新，η = 0.1），"
                       "再用包含全部 8,000 个数字的全批量遍历 40 次（40 次更新，η = 2）。",
    "exp.batch.watch": "看损失随轮数的变化：一条曲线上下跳动，另一条平稳滑行。哪一条更快降低？",
    "exp.batch.question": "全批量的一步用全部 8,000 个数字算出一个精确的梯度。"
                          "一步精确的更新，比 8,000 步带噪声的更新更有价值吗？",
    "finding.vanishing.shrank": "第一层的梯度比最后一层 **小 {ratio:,.0f} 倍**（每个权重的 RMS 中位数："
                                "{first:.1e} 对 {last:.1e}，共 {layers} 个权重层）——这就是梯度消失。"
                                "训练后留出集准确率：{acc:.1%}（瞎猜约为 10%）。",
    "finding.vanishing.flat": "第一层的梯度只比最后一层小 {ratio:,.1f} 倍（每个权重的 RMS 中位数："
                              "{first:.1e} 对 {last:.1e}）：梯度几乎完整地传到了前面的层。"
                              "留出集准确率：{acc:.1%}。",
    "finding.lr.diverged": "学习率 η = {lr_high:g} 时，损失从 {first_loss:.2f} 升到 "
                           "**{peak_loss:,.1f}**，训练在第 {step:,} 步发散。η = {lr_ok:g} 时，"
                           "同一个网络学会了：留出集准确率 **{acc_ok:.1%}**。",
    "finding.lr.survived": "学习率 η = {lr_high:g} 这次没有发散（损失最高 {peak_loss:.2f}；"
                           "留出集准确率 {acc_high:.1%}）。η = {lr_ok:g} 时：{acc_ok:.1%}。",
    "finding.momentum.better": "使用动量（β = {beta:g}）时留出集准确率为 **{acc_momentum:.1%}**，"
                               "不用时为 {acc_plain:.1%}；训练最后四分之一的小批量损失平均为 "
                               "{loss_momentum:.3f}，不用时为 {loss_plain:.3f}。",
    "finding.momentum.same": "这次动量（β = {beta:g}）差别不大：留出集准确率 {acc_momentum:.1%} "
                             "对 {acc_plain:.1%}；后期损失 {loss_momentum:.3f} 对 {loss_plain:.3f}。",
    "finding.momentum.worse": "这次动量（β = {beta:g}）反而更差：留出集准确率 {acc_momentum:.1%} "
                              "对 {acc_plain:.1%}；后期损失 {loss_momentum:.3f} 对 {loss_plain:.3f}。",
    "finding.init.stuck": "{steps} 步之后，randn·0.01 初始化的损失仍是 **{loss_small:.3f}**"
                          "（ln 10 = {ln10:.3f}，即瞎猜的损失）；He 初始化为 {loss_he:.3f}。"
                          "最终留出集准确率：{acc_small:.1%} 对 **{acc_he:.1%}**。",
    "finding.init.he_better": "{steps} 步之后，randn·0.01 的损失为 {loss_small:.3f}，He 为 "
                              "{loss_he:.3f}；最终留出集准确率 {acc_small:.1%} 对 **{acc_he:.1%}**。",
    "finding.init.same": "两种权重初始化都学会了：{steps} 步之后损失为 {loss_small:.3f}（randn·0.01）"
                         "和 {loss_he:.3f}（He）；最终留出集准确率 {acc_small:.1%} 和 {acc_he:.1%}。",
    "finding.init.small_better": "这次 randn·0.01 更好：{steps} 步之后损失为 {loss_small:.3f}，"
                                 "He 为 {loss_he:.3f}；最终 {acc_small:.1%} 对 {acc_he:.1%}。",
    "finding.overfit.helped": "不加正则化：训练数字 {train_plain:.1%}，留出集 {test_plain:.1%}"
                              "（差距 {gap_plain:.1%}）。加 L2 和随机失活：{train_reg:.1%} 和 "
                              "**{test_reg:.1%}**（差距 {gap_reg:.1%}）；留出集损失最后为 "
                              "{loss_reg:.2f}，不加时为 {loss_plain:.2f}。",
    "finding.overfit.calmer": "不加正则化时，网络认对了 {train_plain:.1%} 的训练数字，却只认对 "
                              "{test_plain:.1%} 的留出数字（差距 {gap_plain:.1%}），留出集损失从 "
                              "{loss_min_plain:.2f} 升到 **{loss_plain:.2f}**：这就是过拟合，它对自己的"
                              "错误越来越自信。加了 L2 和随机失活后，留出集损失最后为 **{loss_reg:.2f}**"
                              "（最低 {loss_min_reg:.2f}），准确率为 {test_reg:.1%}：500 个数字实在太少。",
    "finding.overfit.no_help": "这次正则化没有帮助：不加时 {train_plain:.1%} / {test_plain:.1%}"
                               "（训练集 / 留出集），加了之后 {train_reg:.1%} / {test_reg:.1%}；"
                               "留出集损失 {loss_plain:.2f} 对 {loss_reg:.2f}。",
    "finding.batch.one_better": "批量大小 1 在 {epochs_one:g} 轮中做了 {steps_one:,} 次更新"
                                "（训练 {seconds_one:.1f} 秒），留出集准确率达到 **{acc_one:.1%}**。"
                                "全批量在 {epochs_full:g} 轮中做了 {steps_full:,} 次更新"
                                "（{seconds_full:.1f} 秒），达到 {acc_full:.1%}：许多带噪声的小步胜过"
                                "少数精确的大步。",
    "finding.batch.full_better": "全批量在 {epochs_full:g} 轮中做了 {steps_full:,} 次更新"
                                 "（{seconds_full:.1f} 秒），达到 **{acc_full:.1%}**；批量大小 1 在 "
                                 "{epochs_one:g} 轮中做了 {steps_one:,} 次更新（{seconds_one:.1f} 秒），"
                                 "达到 {acc_one:.1%}。",
    "finding.batch.same": "两者的留出集准确率差不多：批量大小 1 为 {acc_one:.1%}（{steps_one:,} 次更新，"
                          "{seconds_one:.1f} 秒），全批量为 {acc_full:.1%}（{steps_full:,} 次更新，"
                          "{seconds_full:.1f} 秒）。",
})


# --- Compare page: runs side by side, export, import (owned by the compare helper) ------------
STRINGS["en"].update({
    "nav.compare": "Compare",
    "compare.title": "Compare runs",
    "compare.intro": "Every run of this session is kept here. Pick runs to overlay their curves: "
                     "each run keeps one colour in every chart, and the legend names only the "
                     "settings that differ.",
    "compare.none": "No runs yet. Train on the Train page (a run is kept when it ends, or when "
                    "you Reset or apply new settings), or bring in a run file below.",
    "compare.pick": "Runs to compare",
    "compare.pick_help": "The last two runs are picked at first.",
    "compare.pick_none": "Pick at least one run to see its curves.",
    "compare.same": "These runs share every setting, the seed included, so their curves lie "
                    "on top of each other.",
    "compare.axis": "x axis",
    "compare.axis.steps": "Steps",
    "compare.axis.epochs": "Epochs",
    "compare.axis.seconds": "Seconds",
    "compare.axis_title.steps": "step (mini-batches)",
    "compare.axis_title.epochs": "epoch",
    "compare.axis_title.seconds": "training time (s)",
    "compare.loss.title": "Loss (smoothed)",
    "compare.acc.title": "Held-out or test accuracy",
    "compare.grad.title": "Gradient flow per layer",
    "compare.grad.axis": "gradient RMS (log)",
    "compare.legend": "{name} · {settings}",
    "compare.legend_layer": "{run} · {layer}",
    "compare.setting": "{label} {value}",
    "compare.sep": ", ",
    "compare.on": "on",
    "compare.off": "off",
    "compare.table": "Final figures",
    "compare.col.run": "Run",
    "compare.col.differs": "What differs",
    "compare.col.status": "Status",
    "compare.col.steps": "Steps",
    "compare.col.epochs": "Epochs",
    "compare.col.acc": "Final accuracy (%)",
    "compare.col.loss": "Final loss",
    "compare.col.split": "Measured on",
    "compare.col.seconds": "Training time (s)",
    "compare.col.pinned": "Pinned",
    "compare.field.dataset": "data",
    "compare.field.hidden": "hidden",
    "compare.field.activation": "activation",
    "compare.field.init": "init",
    "compare.field.optimizer": "optimizer",
    "compare.field.lr": "lr",
    "compare.field.momentum": "momentum",
    "compare.field.schedule": "schedule",
    "compare.field.lr_decay": "decay",
    "compare.field.step_size": "step size",
    "compare.field.step_gamma": "step factor",
    "compare.field.batch_size": "batch",
    "compare.field.epochs": "epochs",
    "compare.field.l2": "L2",
    "compare.field.dropout": "dropout",
    "compare.field.batch_norm": "batch norm",
    "compare.field.augment": "augmentation",
    "compare.field.seed": "seed",
    "compare.field.until_paused": "until paused",
    "compare.manage": "Keep, rename, delete and export runs",
    "compare.which": "Run",
    "compare.kept": "{n} of at most {max} runs kept; when a new run needs room, the oldest "
                    "unpinned run goes first.",
    "compare.pin": "Pinned (kept when newer runs push old ones out)",
    "compare.pin_full": "At most {n} runs can be pinned, so that a new run always has room.",
    "compare.rename": "New name",
    "compare.rename_button": "Rename",
    "compare.renamed": "Renamed to \u201c{name}\u201d.",
    "compare.bad_name": "A run needs a name.",
    "compare.delete": "Delete this run",
    "compare.deleted": "Deleted \u201c{name}\u201d.",
    "compare.csv": "History (CSV)",
    "compare.json": "Run file (JSON)",
    "compare.model": "Model (.npz)",
    "compare.model_gone": "A run's model can be saved only while it is the session's latest "
                          "run (until the next Start).",
    "compare.html": "Charts (HTML, opens offline)",
    "compare.zip": "All runs (zip)",
    "compare.html_title": "Backprop Lab: runs compared",
    "compare.upload": "Bring in a run file: the JSON of `python -m core.train --metrics FILE`, "
                      "or one exported here",
    "compare.imported": "Brought in \u201c{name}\u201d.",
    "compare.refused": "{file} was not brought in: {error}",
    "train.compare_previous": "Compare with the previous run",
})

STRINGS["zh"].update({
    "nav.compare": "对比",
    "compare.title": "对比训练记录",
    "compare.intro": "本会话的每次训练都保存在这里。选择几次训练，把它们的曲线叠在一起：每次训练在所有图中"
                     "颜色一致，图例只写出彼此不同的设置。",
    "compare.none": "还没有训练记录。请在“训练”页训练（训练结束、重置或应用新设置时会保存记录），"
                    "或在下方导入训练记录文件。",
    "compare.pick": "要对比的训练",
    "compare.pick_help": "默认选中最近两次训练。",
    "compare.pick_none": "请至少选择一次训练以查看曲线。",
    "compare.same": "这些训练的所有设置（包括随机种子）都相同，所以它们的曲线重叠在一起。",
    "compare.axis": "横轴",
    "compare.axis.steps": "步数",
    "compare.axis.epochs": "轮数",
    "compare.axis.seconds": "秒",
    "compare.axis_title.steps": "步数（小批量）",
    "compare.axis_title.epochs": "轮（epoch）",
    "compare.axis_title.seconds": "训练时间（秒）",
    "compare.loss.title": "损失（平滑后）",
    "compare.acc.title": "留出集或测试集准确率",
    "compare.grad.title": "每层的梯度流",
    "compare.grad.axis": "梯度 RMS（对数）",
    "compare.legend": "{name}：{settings}",
    "compare.legend_layer": "{run}：{layer}",
    "compare.setting": "{label}为{value}",
    "compare.sep": "，",
    "compare.on": "开",
    "compare.off": "关",
    "compare.table": "最终结果",
    "compare.col.run": "训练",
    "compare.col.differs": "不同的设置",
    "compare.col.status": "状态",
    "compare.col.steps": "步数",
    "compare.col.epochs": "轮数",
    "compare.col.acc": "最终准确率 (%)",
    "compare.col.loss": "最终损失",
    "compare.col.split": "测量数据",
    "compare.col.seconds": "训练时间（秒）",
    "compare.col.pinned": "已固定",
    "compare.field.dataset": "数据",
    "compare.field.hidden": "隐藏层",
    "compare.field.activation": "激活函数",
    "compare.field.init": "初始化",
    "compare.field.optimizer": "优化器",
    "compare.field.lr": "学习率",
    "compare.field.momentum": "动量",
    "compare.field.schedule": "学习率计划",
    "compare.field.lr_decay": "衰减",
    "compare.field.step_size": "步长",
    "compare.field.step_gamma": "衰减因子",
    "compare.field.batch_size": "批量",
    "compare.field.epochs": "轮数",
    "compare.field.l2": "L2 正则化",
    "compare.field.dropout": "随机失活",
    "compare.field.batch_norm": "批量归一化",
    "compare.field.augment": "数据增强",
    "compare.field.seed": "随机种子",
    "compare.field.until_paused": "直到暂停",
    "compare.manage": "保留、重命名、删除和导出训练记录",
    "compare.which": "训练",
    "compare.kept": "已保存 {n} 次训练，最多 {max} 次；需要空间时，最早的未固定记录先被删除。",
    "compare.pin": "已固定（新的训练不会把它挤掉）",
    "compare.pin_full": "最多只能固定 {n} 次训练，以便新的训练总有位置。",
    "compare.rename": "新名称",
    "compare.rename_button": "重命名",
    "compare.renamed": "已重命名为“{name}”。",
    "compare.bad_name": "训练记录需要一个名称。",
    "compare.delete": "删除这次训练",
    "compare.deleted": "已删除“{name}”。",
    "compare.csv": "历史数据（CSV）",
    "compare.json": "训练记录文件（JSON）",
    "compare.model": "模型（.npz）",
    "compare.model_gone": "只有本会话最近一次训练的模型可以保存（在下一次开始训练之前）。",
    "compare.html": "图表（HTML，可离线打开）",
    "compare.zip": "全部训练记录（zip）",
    "compare.html_title": "反向传播实验室：训练对比",
    "compare.upload": "导入训练记录文件：`python -m core.train --metrics FILE` 写出的 JSON，或在此导出的文件",
    "compare.imported": "已导入“{name}”。",
    "compare.refused": "{file} 未导入：{error}",
    "train.compare_previous": "与上一次训练对比",
})


# --- classroom: projector mode, pace, links (helper H) ------------------------------------------
STRINGS["en"].update({
    "settings.lang": "Language",
    "settings.projector": "Projector mode",
    "settings.pace": "Pace",
    "settings.until_paused": "Train until paused",
    "projector.toggle": "Projector",
    "projector.help": "Big type and thick lines for the back row; the settings sidebar is hidden.",
    "pace.label": "Pace",
    "pace.full": "Full speed",
    "pace.class": "Class pace",
    "pace.slow": "Slow motion",
    "pace.help": "How fast the run takes its steps: full speed, about {class_rate:g} steps a "
                 "second (class pace) or {slow_rate:g} (slow motion). Change it any time.",
    "until_paused.label": "Until paused",
    "until_paused.help": "No epoch limit: the run goes on until you press Pause.",
    "status.epoch_open": "Epoch: {epoch:.2f} (until paused)",
    "link.button": "Link",
    "link.help": "A link that opens this lesson: the page, every setting, the language and "
                 "projector mode. Copy it with the icon at its right.",
    "link.caption": "Copy with the icon on the right; anyone who opens it sees this page with "
                    "these settings.",
})
STRINGS["zh"].update({
    "settings.lang": "语言",
    "settings.projector": "投影模式",
    "settings.pace": "速度",
    "settings.until_paused": "训练直到暂停",
    "projector.toggle": "投影",
    "projector.help": "大字号、粗线条，后排也看得清；设置侧边栏会隐藏。",
    "pace.label": "速度",
    "pace.full": "全速",
    "pace.class": "课堂速度",
    "pace.slow": "慢动作",
    "pace.help": "训练每秒走多少步：全速、约每秒 {class_rate:g} 步（课堂速度）或 {slow_rate:g} 步"
                 "（慢动作）。随时可以切换。",
    "until_paused.label": "直到暂停",
    "until_paused.help": "不限轮次：训练一直进行，直到按下“暂停”。",
    "status.epoch_open": "轮次：{epoch:.2f}（直到暂停）",
    "link.button": "链接",
    "link.help": "打开这节课的链接：页面、全部设置、语言和投影模式。用右侧的图标复制。",
    "link.caption": "用右侧的图标复制；打开它的人会看到这个页面和这些设置。",
})

# --- the class run: roles, join, Follow (owned by the class helper) -----------------------------
STRINGS["en"].update({
    "nav.follow": "Follow",
    "follow.title": "Follow the class run",
    "follow.intro": "The teacher's run, live: watch the loss fall and the weights change. "
                    "Nothing here changes it. Draw a digit on Draw and pick “Class run” to ask "
                    "the class's network.",
    "follow.waiting": "Waiting for the teacher to start… This page updates by itself.",
    "join.button": "Class",
    "join.help": "Join the class: the link and QR code for students (teacher), or the teacher "
                 "code (student).",
    "join.role_teacher": "You are the **teacher**: your run is the class run everyone follows.",
    "join.role_student": "You are a **student**: you follow the teacher's run on Follow.",
    "join.scan": "Students: scan the code or type the address to follow the class run.",
    "join.same_network": "Phones and laptops must be on the same network (Wi-Fi) as this "
                         "computer.",
    "join.students_train": "Students may train their own runs",
    "join.students_train_help": "Off: only teachers can start a run, so the class run keeps the "
                                "computer's training slots. Runs already going go on.",
    "join.code": "Teacher code",
    "join.code_help": "Teaching from this device? Enter the code shown in the server's console.",
    "join.code_wrong": "That is not the teacher code.",
    "join.code_wait": "Too many wrong codes: wait {seconds} seconds and try again.",
    "controls.students_off": "Your teacher has switched students' own training off. Watch the "
                             "class run on Follow.",
    "model.class": "Class run",
    "model.no_class": "The class run has not taken a step yet, so the shipped model answers.",
})
STRINGS["zh"].update({
    "nav.follow": "跟随",
    "follow.title": "跟随课堂训练",
    "follow.intro": "老师的训练，实时显示：看损失下降、权重变化。这里的任何操作都不会改变它。"
                    "在“手写”页面画一个数字并选择“课堂训练”，就能问课堂的网络。",
    "follow.waiting": "等待老师开始训练…… 本页会自动更新。",
    "join.button": "课堂",
    "join.help": "加入课堂：给学生的链接和二维码（老师），或输入老师口令（学生）。",
    "join.role_teacher": "你是**老师**：你的训练就是全班跟随的课堂训练。",
    "join.role_student": "你是**学生**：在“跟随”页面观看老师的训练。",
    "join.scan": "同学们：扫描二维码或输入地址，即可跟随课堂训练。",
    "join.same_network": "手机和电脑必须与这台电脑连接同一个网络（Wi-Fi）。",
    "join.students_train": "允许学生自己训练",
    "join.students_train_help": "关闭时只有老师能开始训练，课堂训练独占这台电脑的训练名额。"
                                "已经在进行的训练会继续。",
    "join.code": "老师口令",
    "join.code_help": "要在这台设备上当老师？输入服务器控制台里显示的口令。",
    "join.code_wrong": "口令不对。",
    "join.code_wait": "错误次数太多：请等 {seconds} 秒再试。",
    "controls.students_off": "老师已关闭学生自己训练。请在“跟随”页面观看课堂训练。",
    "model.class": "课堂训练",
    "model.no_class": "课堂训练还没有走出第一步，所以由自带模型回答。",
})


# --- Draw page on a phone: the one-line answer above the canvas (the phone-drawing helper) -------
STRINGS["en"].update({
    "draw.answer_line": "**Prediction: {label}** · {conf:.0f}%",
    "draw.answer_line.prompt": "Draw a digit below: the answer appears here.",
})
STRINGS["zh"].update({
    "draw.answer_line": "**预测：{label}** · {conf:.0f}%",
    "draw.answer_line.prompt": "在下面写一个数字：答案会显示在这里。",
})



def t_in(lang: str, key: str, **fmt) -> str:
    """The text for ``key`` in language ``lang`` (English when that language lacks the key),
    with ``fmt`` filled in.  A key missing in English too raises KeyError (a test catches it)
    rather than showing a blank label."""
    table = STRINGS.get(lang, STRINGS["en"])
    text = table[key] if key in table else STRINGS["en"][key]
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt) -> str:
    """The text for ``key`` in this session's language (viz.session.language())."""
    return t_in(session.language(), key, **fmt)


def has(key: str) -> bool:
    """True when ``key`` has English words (every language falls back to them)."""
    return key in STRINGS["en"]
