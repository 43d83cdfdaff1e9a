"""No upload can take the server down: model files and pictures are held to what the app can
train and show, before anything large is allocated, and evaluation runs in bounded chunks.

Memory is measured where it is the point: in a fresh ``python -c`` subprocess, as the growth of
the peak resident size (``ru_maxrss``) from just before the call to just after it.
"""
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core import config
from core import io as model_io
from core.data import images as di
from core.data import load_dataset
from core.errors import CodedError
from core.evaluate import evaluate_split, predict_proba
from core.network import CHUNK_BYTES
from core.io import MAX_MODEL_BYTES, array_bytes, check_limits, load_model, save_model
from core.network import Network
from core.preprocess import canvas_to_mnist

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "core" / "assets" / "default_model.npz"
GROWTH_LIMIT_MB = 100


# ------------------------------------------------------------------------------------ helpers
def _peak_growth(setup, call):
    """Run ``setup`` then ``call`` (Python source) in a fresh interpreter from the repo root.
    ``call`` must leave a JSON-able ``result``.  Returns (peak RSS growth in MB, result)."""
    code = "\n".join([
        "import json, resource",
        textwrap.dedent(setup),
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
        textwrap.dedent(call),
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
        "print(json.dumps({'growth_mb': (peak - base) / 1024, 'result': result}))",
    ])
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    return answer["growth_mb"], answer["result"]


def _zeros_model(path, sizes, dtype="float32"):
    """A well-formed model file of zero weights, each array deflated.  The zeros are streamed in
    1 MB blocks after the .npy header, so writing a large file allocates nothing large here."""
    arch = {"sizes": list(sizes), "activation": "sigmoid", "init": "seed", "l2": 0.0,
            "dropout": 0.0, "batch_norm": False, "seed": 0, "dtype": dtype}
    meta = {"format": model_io.FORMAT, "version": model_io.VERSION, "architecture": arch,
            "metadata": {}}
    block = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("meta.json", json.dumps(meta))
        for l in range(1, len(sizes)):
            for name, shape in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l],))):
                with zf.open(f"{name}.npy", "w", force_zip64=True) as f:
                    np.lib.format.write_array_header_2_0(
                        f, {"descr": np.dtype(dtype).str, "fortran_order": False, "shape": shape})
                    left = int(np.prod(shape)) * np.dtype(dtype).itemsize
                    while left:
                        f.write(block[:min(left, len(block))])
                        left -= min(left, len(block))
    return path


_LOAD_SETUP = """
import numpy as np
from core.errors import CodedError
from core.io import load_model
from core.network import Network
"""
_LOAD_CALL = """
try:
    net = load_model({path!r})
    result = ["loaded", net.sizes]
except CodedError as err:
    result = [err.code, err.params]
"""


def _load_in_subprocess(path):
    return _peak_growth(_LOAD_SETUP, _LOAD_CALL.format(path=str(path)))


# ------------------------------------------------------------------------------- model files
WIDE = [784, 10, 100_000, 10, 100_000, 10]


def test_the_wide_zero_model_from_the_issue_is_refused_before_reading(tmp_path):
    """784-10-100000-10-100000-10: 4.2 M parameters, under the old parameter cap, 18 KB deflated;
    evaluating it used to take the server from 185 MB to 1.74 GB."""
    path = _zeros_model(tmp_path / "wide.npz", WIDE)
    assert path.stat().st_size < 100_000
    growth, (code, params) = _load_in_subprocess(path)
    assert code == "model.too_wide"
    assert params["units"] == 100_000 and params["limit"] == config.MAX_UNITS
    assert growth < GROWTH_LIMIT_MB, growth


def test_a_float64_model_under_the_parameter_cap_is_counted_at_its_real_size(tmp_path):
    """784-4000-4000-10 in float64: 19.2 M parameters (under 20 M), every layer within the width
    limit, but 153 MB of arrays."""
    sizes = [784, 4000, 4000, 10]
    n_params = array_bytes(sizes, False, "float64") // 8
    assert 19_000_000 < n_params < model_io.MAX_PARAMETERS
    path = _zeros_model(tmp_path / "f64.npz", sizes, "float64")
    growth, (code, params) = _load_in_subprocess(path)
    assert code == "model.too_large"
    assert params["bytes"] == n_params * 8 and params["limit"] == MAX_MODEL_BYTES
    assert growth < GROWTH_LIMIT_MB, growth


def test_a_legal_model_at_the_width_limit_still_loads(tmp_path):
    path = _zeros_model(tmp_path / "legal.npz", [784, config.MAX_UNITS, 10], "float64")
    net = load_model(path)
    assert net.sizes == [784, config.MAX_UNITS, 10] and net.dtype == np.float64
    assert not np.any(net.params["W1"])


def test_one_unit_over_the_width_limit_is_refused(tmp_path):
    with pytest.raises(CodedError) as err:
        load_model(_zeros_model(tmp_path / "w.npz", [784, config.MAX_UNITS + 1, 10]))
    assert err.value.code == "model.too_wide"
    assert err.value.params == {"units": config.MAX_UNITS + 1, "limit": config.MAX_UNITS,
                                "layer": 1}
    assert "4,097 units" in str(err.value)


def test_depth_is_held_to_the_training_limit(tmp_path):
    deepest = [784] + [8] * config.MAX_HIDDEN_LAYERS + [10]
    assert load_model(_zeros_model(tmp_path / "ok.npz", deepest)).L == config.MAX_HIDDEN_LAYERS + 1
    with pytest.raises(CodedError) as err:
        load_model(_zeros_model(tmp_path / "deep.npz", [784] + [8] * 9 + [10]))
    assert err.value.code == "model.too_deep"
    assert err.value.params == {"layers": 9, "limit": config.MAX_HIDDEN_LAYERS}


@pytest.mark.parametrize("batch_norm", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_array_bytes_is_what_a_network_holds(batch_norm, dtype):
    sizes = [784, 30, 20, 10]
    net = Network(sizes, batch_norm=batch_norm, dtype=dtype)
    held = sum(a.nbytes for a in (*net.params.values(), *net.buffers.values()))
    assert array_bytes(sizes, batch_norm, dtype) == held


def test_the_byte_cap_is_inclusive(monkeypatch):
    sizes = [784, 64, 10]
    monkeypatch.setattr(model_io, "MAX_MODEL_BYTES", array_bytes(sizes, False, "float64"))
    check_limits(sizes, False, "float64")
    with pytest.raises(CodedError) as err:
        check_limits(sizes, True, "float64")   # batch norm: 3 * 64 more numbers
    assert err.value.code == "model.too_large"
    monkeypatch.setattr(model_io, "MAX_MODEL_BYTES", array_bytes(sizes, False, "float64") - 1)
    with pytest.raises(CodedError):
        check_limits(sizes, False, "float64")


# -------------------------------------------------------------------------------- evaluation
def test_evaluation_of_a_wide_network_stays_in_bounded_memory():
    """Narrow-wide-narrow layers cost little arithmetic but hold 4 x 4096 activations per row:
    4,096 rows at once would hold ~270 MB of float64 activations."""
    setup = """
    import numpy as np
    from core.evaluate import evaluate_split
    from core.network import Network
    net = Network([784] + [10, 4096] * 4 + [10], dtype="float64", seed=0)
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (4096, 784), dtype=np.uint8)
    y = rng.integers(0, 10, 4096)
    evaluate_split(net, x[:5], y[:5])
    """
    call = "result = evaluate_split(net, x, y).n"
    growth, n = _peak_growth(setup, call)
    assert n == 4096
    assert growth < GROWTH_LIMIT_MB, growth


def test_chunks_keep_every_pass_within_the_budget(monkeypatch):
    net = Network([784] + [10, 4096] * 4 + [10], dtype="float64", seed=0)
    seen = []
    forward = net.forward
    monkeypatch.setattr(net, "forward", lambda X: (seen.append(len(X)), forward(X))[1])
    x = np.random.default_rng(1).integers(0, 256, (300, 784), dtype=np.uint8)
    P = predict_proba(net, x)
    per_row = sum(net.sizes[1:]) * 8
    assert max(seen) * per_row <= CHUNK_BYTES and sum(seen) == 300
    assert max(seen) == net.chunk_rows() == CHUNK_BYTES // per_row
    assert Network([784, 16, 10]).chunk_rows() == 2048           # a small net: 2,048 rows
    np.testing.assert_allclose(P, net.forward(x.astype(np.float32) / 255), rtol=1e-6, atol=1e-7)


@pytest.mark.skipif(not SHIPPED.exists(), reason="the shipped model is not built yet")
def test_the_shipped_model_scores_the_same_in_chunks():
    net = load_model(SHIPPED)
    ds = load_dataset("mnist-sample")
    rep = evaluate_split(net, ds.x_test, ds.y_test)
    whole = net.forward(ds.x_test.astype(np.float32) / 255)
    np.testing.assert_array_equal(rep.y_pred, np.argmax(whole, axis=1))
    small = predict_proba(net, ds.x_test, rows=7)
    np.testing.assert_array_equal(np.argmax(small, axis=1), rep.y_pred)
    np.testing.assert_allclose(small, rep.probs, rtol=1e-5, atol=1e-6)
    assert rep.accuracy == net.metadata["eval_accuracy"]   # as measured when it was trained


def test_a_saved_wide_network_round_trips_and_evaluates(tmp_path):
    net = Network([784, 10, 4096, 10], seed=2)
    save_model(net, tmp_path / "m.npz")
    back = load_model(tmp_path / "m.npz")
    x = np.random.default_rng(3).integers(0, 256, (50, 784), dtype=np.uint8)
    np.testing.assert_array_equal(evaluate_split(back, x, np.zeros(50)).y_pred,
                                  evaluate_split(net, x, np.zeros(50)).y_pred)


# ---------------------------------------------------------------------------------- pictures
SIDE = 6300


def _huge_png(mode, blank=False):
    """A 6300 x 6300 PNG, white paper (or a transparent layer) with a small "7" unless blank."""
    if mode == "RGBA":
        img, ink = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0)), (0, 0, 0, 255)
    else:
        img, ink = Image.new("L", (SIDE, SIDE), 255), 0
    if not blank:
        d = ImageDraw.Draw(img)
        d.line([(3000, 3000), (3300, 3000), (3100, 3450)], fill=ink, width=40)
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=9)
    return buf.getvalue()


_IMAGE_SETUP = """
from core.data import images as di
from core.errors import CodedError
from core.preprocess import canvas_to_mnist
import numpy as np
data = open({path!r}, "rb").read()
tiny = np.zeros((16, 16, 4), np.uint8); tiny[4:12, 6:9] = 255
di.as_canvas_ink(tiny)
try:
    di.decode_image(data[:200])
except CodedError:
    pass
"""
_IMAGE_CALL = """
try:
    x = canvas_to_mnist(di.as_canvas_ink(di.decode_image(data)))
    result = ["ok", None if x is None else float(x.max())]
except CodedError as err:
    result = [err.code, str(err)]
"""


def _picture_in_subprocess(tmp_path, data):
    path = tmp_path / "picture.bin"
    path.write_bytes(data)
    return _peak_growth(_IMAGE_SETUP.format(path=str(path)), _IMAGE_CALL)


def test_a_huge_grey_png_with_a_small_digit_is_read_in_bounded_memory(tmp_path):
    """40 MP of grey: used to become a float32 RGBA array (~850 MB) before it was reduced."""
    data = _huge_png("L")
    assert len(data) < di.MAX_UPLOAD_BYTES and SIDE * SIDE <= di.MAX_PIXELS
    growth, (what, detail) = _picture_in_subprocess(tmp_path, data)
    assert what == "ok" and detail == pytest.approx(1.0)     # a usable picture with ink
    assert growth < GROWTH_LIMIT_MB, growth


def test_a_huge_transparent_png_is_refused_with_a_message_in_bounded_memory(tmp_path):
    """The issue's picture: 6300 x 6300 RGBA, 52 KB.  Pillow alone would hold 159 MB of it."""
    growth, (what, detail) = _picture_in_subprocess(tmp_path, _huge_png("RGBA"))
    assert what == "image.too_big" and "6300x6300" in detail
    assert growth < GROWTH_LIMIT_MB, growth


def test_a_large_jpeg_is_decoded_small_and_grey(tmp_path):
    img = Image.new("RGB", (6000, 4000), (235, 230, 220))
    ImageDraw.Draw(img).line([(2900, 1800), (3100, 1800), (2950, 2200)], fill=(20, 20, 20),
                             width=30)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    del img
    growth, (what, detail) = _picture_in_subprocess(tmp_path, buf.getvalue())
    assert what == "ok" and detail == pytest.approx(1.0)
    assert growth < GROWTH_LIMIT_MB, growth
    rgba = di.decode_image(buf.getvalue())
    assert max(rgba.shape[:2]) <= 1.5 * di.WORK_SIDE                # 1/4 size from the DCT
    assert np.array_equal(rgba[..., 0], rgba[..., 2])               # grey


def test_a_blank_picture_says_so():
    for blank in (np.full((300, 200, 4), 255, np.uint8),          # white paper
                  np.zeros((300, 200, 4), np.uint8)):              # an empty transparent layer
        with pytest.raises(CodedError) as err:
            di.as_canvas_ink(blank)
        assert err.value.code == "image.blank" and "blank" in str(err.value)
    paper = np.full((300, 200, 4), 200, np.uint8)
    paper[..., 3] = 255
    paper[100:200, 90:100, :3] = 195                              # 5 grey levels: not ink
    with pytest.raises(CodedError, match="blank"):
        di.as_canvas_ink(paper)
    paper[100:200, 90:100, :3] = 170                              # 30 levels: ink
    assert di.as_canvas_ink(paper)[150, 95, 0] == 255


def test_a_huge_blank_png_says_blank(tmp_path):
    buf = io.BytesIO()
    Image.new("L", (5000, 5000), 255).save(buf, format="PNG")
    with pytest.raises(CodedError) as err:
        di.as_canvas_ink(di.decode_image(buf.getvalue()))
    assert err.value.code == "image.blank"


def test_picture_refusals_carry_codes():
    buf = io.BytesIO()
    Image.new("L", (20, 20)).save(buf, format="GIF")
    small, noisy = io.BytesIO(), io.BytesIO()
    Image.new("L", (4, 4)).save(small, format="PNG")
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64), np.uint8)).save(
        noisy, format="PNG")
    for data, code in [(b"", "image.empty"), (b"not a picture", "image.unreadable"),
                       (buf.getvalue(), "image.format"), (small.getvalue(), "image.too_small"),
                       (noisy.getvalue()[:len(noisy.getvalue()) // 2], "image.corrupt")]:
        with pytest.raises(CodedError) as err:
            di.decode_image(data)
        assert err.value.code == code, (code, str(err.value))
    with pytest.raises(CodedError) as err:
        di.decode_image(b"x" * 100, max_bytes=50)
    assert err.value.code == "image.file_too_large"


def test_a_palette_png_with_transparency_is_converted_within_the_budget():
    img = Image.new("P", (64, 64), 0)
    img.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    ImageDraw.Draw(img).line([(20, 10), (20, 50)], fill=1, width=6)
    buf = io.BytesIO()
    img.save(buf, format="PNG", transparency=0)
    rgba = di.decode_image(buf.getvalue())
    assert rgba[30, 20, 3] == 255 and rgba[5, 5, 3] == 0
    assert di.as_canvas_ink(rgba)[30, 20, 0] == 255
    with pytest.raises(CodedError) as err:        # 64 x 64 x (1 + 4) bytes > 20,000
        di.decode_image(buf.getvalue(), max_decoded=20_000)
    assert err.value.code == "image.too_big"
