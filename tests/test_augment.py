"""Batch augmentation: shapes, determinism, and that the geometry does what it says."""
import numpy as np
import pytest

from core.data import augment as aug
from core.data import load_dataset, to_float

ROWS, COLS = np.indices((28, 28)).reshape(2, -1).astype(np.float64)


@pytest.fixture(scope="module")
def digits():
    ds = load_dataset("mnist-sample")
    return to_float(ds.x_train[:256])


def centre_of_mass(X):
    mass = X.sum(axis=1)
    return np.stack([X @ ROWS / mass, X @ COLS / mass], axis=1)


def inside(X, margin):
    """Images whose ink keeps ``margin`` empty pixels to every border."""
    img = X.reshape(-1, 28, 28) > 0
    edge = np.zeros((28, 28), bool)
    edge[:margin], edge[-margin:], edge[:, :margin], edge[:, -margin:] = True, True, True, True
    return X[~(img & edge).any(axis=(1, 2))]


def test_shapes_dtype_and_range(digits):
    out = aug.augment(digits, np.random.default_rng(0), elastic=2.0)
    assert out.shape == digits.shape and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0 + 1e-6
    assert not np.array_equal(out, digits)
    buf = np.empty_like(digits)
    assert aug.augment(digits, np.random.default_rng(0), out=buf) is buf


def test_deterministic_per_seed(digits):
    a = aug.augment(digits, np.random.default_rng(7), elastic=1.5)
    b = aug.augment(digits, np.random.default_rng(7), elastic=1.5)
    c = aug.augment(digits, np.random.default_rng(8), elastic=1.5)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_each_image_gets_its_own_distortion(digits):
    same = np.repeat(digits[:1], 8, axis=0)
    out = aug.augment(same, np.random.default_rng(0))
    assert len({out[i].tobytes() for i in range(8)}) == 8


def test_identity_map_returns_the_input(digits):
    m = len(digits)
    A = np.broadcast_to(np.eye(2, dtype=np.float32), (m, 2, 2))
    t = np.zeros((m, 2), np.float32)
    np.testing.assert_array_equal(aug.warp(digits, A, t), digits)


@pytest.mark.parametrize("dy, dx", [(2, -1), (-3, 0), (0, 2)])
def test_whole_pixel_shift_moves_the_digit_and_its_centre_of_mass(digits, dy, dx):
    X = inside(digits, 4)
    assert len(X) > 20
    out = aug.shift_images(X, dy, dx)
    expect = np.roll(X.reshape(-1, 28, 28), (dy, dx), axis=(1, 2)).reshape(len(X), 784)
    np.testing.assert_allclose(out, expect, atol=1e-6)
    np.testing.assert_allclose(centre_of_mass(out) - centre_of_mass(X), [[dy, dx]] * len(X),
                               atol=1e-4)


def test_subpixel_shift_moves_the_centre_of_mass_by_that_fraction(digits):
    X = inside(digits, 4)
    out = aug.shift_images(X, 0.5, -1.25)
    np.testing.assert_allclose(centre_of_mass(out) - centre_of_mass(X), [[0.5, -1.25]] * len(X),
                               atol=1e-3)
    np.testing.assert_allclose(out.sum(axis=1), X.sum(axis=1), rtol=1e-4)  # no ink lost


def test_rotation_turns_a_stroke_about_the_centre():
    # A horizontal bar through the centre, rotated by 90 degrees, becomes a vertical bar.
    img = np.zeros((28, 28), np.float32)
    img[14, 8:21] = 1.0
    theta = np.pi / 2
    A = np.array([[[np.cos(theta), np.sin(theta)], [-np.sin(theta), np.cos(theta)]]], np.float32)
    out = aug.warp(img.reshape(1, 784), A, np.zeros((1, 2), np.float32)).reshape(28, 28)
    np.testing.assert_allclose(out[8:21, 14], 1.0, atol=1e-5)
    assert out.sum() == pytest.approx(img.sum(), rel=1e-4)


def test_random_maps_stay_within_the_requested_ranges():
    A, t = aug.random_affine(2000, np.random.default_rng(0), shift=2.0, rotate=15.0, scale=0.15,
                             shear=0.0)
    assert np.abs(t).max() <= 2.0 and np.abs(t).max() > 1.9
    scale = np.sqrt(np.abs(np.linalg.det(A)))          # A = R / s: det = 1 / s^2
    assert 1 / 1.15 - 1e-4 <= scale.min() and scale.max() <= 1.15 + 1e-4
    angle = np.degrees(np.arctan2(A[:, 0, 1], A[:, 1, 1]))
    assert np.abs(angle).max() <= 15.0 + 1e-3 and np.abs(angle).max() > 14.0


def test_elastic_field_has_the_requested_size():
    D = aug.elastic_field(16, np.random.default_rng(0), alpha=2.0, sigma=4.0)
    assert D.shape == (16, 2, 784)
    np.testing.assert_allclose(np.sqrt(np.mean(D ** 2, axis=(1, 2))), 2.0, rtol=1e-4)
