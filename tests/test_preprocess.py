"""canvas_to_mnist: drawings become 28x28 digits laid out like MNIST, wherever and however big they
are drawn. Real held-out MNIST digits, enlarged and moved around a canvas, must come back as
themselves."""
import numpy as np
import pytest

from core.data import load_dataset
from core.preprocess import canvas_to_mnist, ink_map


@pytest.fixture(scope="module")
def held_out():
    return load_dataset().x_test.reshape(-1, 28, 28)


def digit_box(d):
    """The digit's ink bounding box (rows, cols) cut out of a 28x28 image."""
    r, c = np.flatnonzero(d.any(axis=1)), np.flatnonzero(d.any(axis=0))
    return d[r[0]:r[-1] + 1, c[0]:c[-1] + 1]


def canvas_with(stroke, top, left, size=(280, 280), transparent=True):
    """Draw `stroke` (uint8 ink) on an RGBA canvas at (top, left): white ink with alpha = ink on a
    transparent canvas, or grey levels on an opaque black one (the two ways a canvas may deliver)."""
    canvas = np.zeros(size + (4,), np.uint8)
    h, w = stroke.shape
    if transparent:
        canvas[top:top + h, left:left + w, :3] = 255
        canvas[top:top + h, left:left + w, 3] = stroke
    else:
        canvas[..., 3] = 255
        canvas[top:top + h, left:left + w, :3] = stroke[..., None]
    return canvas


def enlarge(d, k):
    return np.kron(digit_box(d), np.ones((k, k), np.uint8))


def centre_of_mass(img28):
    m = img28.sum()
    idx = np.arange(28)
    return (img28.sum(axis=1) @ idx) / m, (img28.sum(axis=0) @ idx) / m


def ink_extent(img28, threshold=0.1):
    mask = img28 > threshold
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


# ------------------------------------------------------------------------------- empty input

@pytest.mark.parametrize("transparent", [True, False])
def test_blank_canvas_gives_none(transparent):
    assert canvas_to_mnist(canvas_with(np.zeros((1, 1), np.uint8), 0, 0, transparent=transparent)) is None


def test_faint_noise_and_a_few_specks_give_none():
    rng = np.random.default_rng(0)
    faint = canvas_with(rng.integers(0, 20, (280, 280), dtype=np.uint8), 0, 0)
    assert canvas_to_mnist(faint) is None
    specks = np.zeros((280, 280, 4), np.uint8)
    specks[[10, 100, 200], [30, 140, 250]] = 255
    assert canvas_to_mnist(specks) is None


# --------------------------------------------------------------------------------- the result

def test_output_is_784_float32_in_unit_range_with_full_ink(held_out):
    out = canvas_to_mnist(canvas_with(enlarge(held_out[0], 8), 40, 30))
    assert out.shape == (784,) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() == pytest.approx(1.0)


def test_held_out_digits_enlarged_and_off_centre_come_back_as_themselves(held_out):
    """Done-when criterion: mean correlation >= 0.9 with the original digit (6-10x, off-centre)."""
    rng = np.random.default_rng(42)
    corr = []
    for i in range(0, 2000, 10):  # 200 held-out digits, every 10th
        d = held_out[i]
        big = enlarge(d, int(rng.integers(6, 11)))
        room_y, room_x = 280 - big.shape[0], 280 - big.shape[1]
        # a corner region of the canvas, never the middle
        top, left = (int(rng.integers(0, room // 4 + 1)) for room in (room_y, room_x))
        top = top if rng.random() < 0.5 else room_y - top
        left = left if rng.random() < 0.5 else room_x - left
        out = canvas_to_mnist(canvas_with(big, top, left, transparent=bool(i % 20)))
        corr.append(np.corrcoef(out, d.ravel().astype(np.float64))[0, 1])
    assert np.mean(corr) >= 0.9
    assert np.median(corr) >= 0.95


@pytest.mark.parametrize("where", ["top-left", "bottom-right", "right-edge"])
def test_digit_at_the_canvas_edge_is_centred_and_sized_like_mnist(held_out, where):
    big = enlarge(held_out[3], 9)
    h, w = big.shape
    top, left = {"top-left": (0, 0), "bottom-right": (280 - h, 280 - w), "right-edge": (90, 280 - w)}[where]
    out = canvas_to_mnist(canvas_with(big, top, left)).reshape(28, 28)
    cy, cx = centre_of_mass(out)
    assert abs(cy - 14) <= 1.0 and abs(cx - 14) <= 1.0
    assert max(ink_extent(out)) in (19, 20, 21)


def test_position_does_not_matter(held_out):
    big = enlarge(held_out[7], 7)
    a = canvas_to_mnist(canvas_with(big, 0, 0))
    b = canvas_to_mnist(canvas_with(big, 280 - big.shape[0], 137))
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_size_hardly_matters(held_out):
    a = canvas_to_mnist(canvas_with(enlarge(held_out[11], 6), 30, 30))
    b = canvas_to_mnist(canvas_with(enlarge(held_out[11], 10), 10, 50))
    assert np.corrcoef(a, b)[0, 1] > 0.98


def test_transparent_and_opaque_black_backgrounds_agree(held_out):
    big = enlarge(held_out[5], 8)
    a = canvas_to_mnist(canvas_with(big, 20, 60, transparent=True))
    b = canvas_to_mnist(canvas_with(big, 20, 60, transparent=False))
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_aspect_ratio_is_kept():
    tall = canvas_with(np.full((200, 20), 255, np.uint8), 40, 100)   # a "1": 10:1
    wide = canvas_with(np.full((20, 200), 255, np.uint8), 100, 40)   # a dash: 1:10
    assert ink_extent(canvas_to_mnist(tall).reshape(28, 28)) == (20, 2)
    assert ink_extent(canvas_to_mnist(wide).reshape(28, 28)) == (2, 20)


def test_faint_noise_around_a_digit_is_ignored(held_out):
    rng = np.random.default_rng(1)
    big = enlarge(held_out[9], 8)
    clean = canvas_with(big, 50, 50)
    noisy = clean.copy()
    specks = rng.random((280, 280)) < 0.01
    noisy[specks, :3] = 255
    noisy[specks, 3] = np.maximum(noisy[specks, 3], 20)  # faint: alpha 20 of 255
    assert np.corrcoef(canvas_to_mnist(clean), canvas_to_mnist(noisy))[0, 1] > 0.99


@pytest.mark.parametrize("size", [(100, 150), (600, 400), (28, 28)])
def test_any_canvas_size(held_out, size):
    d = held_out[13]
    k = max(1, min(size) // 28)
    big = enlarge(d, k)
    out = canvas_to_mnist(canvas_with(big, size[0] - big.shape[0], 0, size=size))
    cy, cx = centre_of_mass(out.reshape(28, 28))
    assert abs(cy - 14) <= 1.0 and abs(cx - 14) <= 1.0
    assert np.corrcoef(out, d.ravel().astype(float))[0, 1] > 0.9


def test_rgb_and_grey_input_work_too(held_out):
    rgba = canvas_with(enlarge(held_out[2], 8), 10, 10, transparent=False)
    a = canvas_to_mnist(rgba)
    np.testing.assert_allclose(canvas_to_mnist(rgba[..., :3]), a, atol=1e-5)
    np.testing.assert_allclose(canvas_to_mnist(rgba[..., 0]), a, atol=1e-5)


def test_ink_is_luminance_times_alpha():
    px = np.array([[[255, 255, 255, 255], [255, 255, 255, 0], [0, 0, 0, 255], [255, 255, 255, 128]]],
                  np.uint8)
    np.testing.assert_allclose(ink_map(px)[0], [1.0, 0.0, 0.0, 128 / 255], atol=1e-6)


@pytest.mark.parametrize("bad", [np.zeros((280, 280, 4), np.float32), np.zeros((280, 280, 2), np.uint8),
                                 np.zeros(280, np.uint8)])
def test_wrong_input_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"\(H, W, 4\) uint8"):
        canvas_to_mnist(bad)
