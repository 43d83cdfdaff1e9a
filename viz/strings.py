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
