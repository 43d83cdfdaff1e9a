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
STRINGS["zh"].update({
    "app.title": "反向传播实验室",
    "nav.train": "训练",
    "nav.draw": "手写",
    "nav.evaluate": "评估",
    "nav.models": "模型",
    "language.label": "语言",
    "train.title": "看神经网络如何学习",
    "train.intro": "按 **开始**，看损失函数下降、第一层权重变成笔画检测器、"
                   "梯度通过反向传播逐层流回。",
    "draw.title": "写一个数字",
    "eval.title": "模型有多好？",
    "models.title": "模型",
    "settings.header": "设置",
    "settings.preset": "预设",
    "settings.use_preset": "使用预设",
    "settings.dataset": "数据集",
    "settings.hidden": "隐藏层（每层单元数，逗号分隔）",
    "settings.activation": "激活函数",
    "settings.init": "权重初始化",
    "settings.optimizer": "优化器",
    "settings.lr": "学习率",
    "settings.schedule": "学习率衰减方式",
    "settings.lr_decay": "学习率衰减",
    "settings.momentum": "动量",
    "settings.batch_size": "批量大小（0 = 全部样本）",
    "settings.epochs": "训练轮数",
    "settings.l2": "L2 正则化强度",
    "settings.dropout": "随机失活（丢弃单元的概率）",
    "settings.batch_norm": "批量归一化",
    "settings.seed": "随机种子",
    "settings.apply": "应用设置",
    "controls.start": "开始",
    "controls.pause": "暂停",
    "controls.resume": "继续",
    "controls.step": "单步",
    "controls.reset": "重置",
    "controls.live": "训练中修改",
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
    "chart.acc.title": "准确率",
    "chart.axis.step": "步数（小批量）",
    "chart.axis.loss": "损失",
    "chart.axis.acc": "准确率 (%)",
    "chart.grad.title": "梯度流：每层的梯度大小（反向传播）",
    "chart.hist.grad_row": "梯度",
    "chart.hist.weight_row": "权重",
    "view.overview": "概览",
    "view.gradients": "梯度流",
    "view.weights": "权重",
    "view.health": "更新大小与单元健康",
    "mosaic.title": "第一层权重：每个隐藏层单元一个 28x28 图块",
    "draw.prediction": "预测：{label}",
    "draw.confidence": "置信度：{conf:.1f}%",
    "draw.input.title": "输入层看到的图像",
    "draw.chart.title": "输出层：每个类别的概率",
    "eval.cm.title": "混淆矩阵",
    "note.paused": "在第 {step:,} 步暂停。",
    "note.stopped": "在第 {step:,} 步停止。",
    "diverge.reason.loss_nan": "损失变成了 NaN 或无穷大",
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
