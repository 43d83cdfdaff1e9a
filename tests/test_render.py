"""viz.figures.pixels: weight mosaics, the diverging colour map and curve smoothing, on hand-made inputs."""
import numpy as np
import pytest

from core import metrics
from viz.figures import pixels as render


def test_diverging_index_maps_ends_centre_and_gaps():
    V = np.array([[-1.0, 0.0, 1.0, np.nan, -7.0, 3.0]], dtype=np.float32)
    idx = render.diverging_index(V)
    assert idx.dtype == np.uint8
    assert idx.tolist() == [[0, 127, 254, render.GAP_INDEX, 0, 254]]  # clipped outside [-1, 1]


def test_palette_is_blue_white_red_with_a_distinct_gap_colour():
    pal = render.diverging_palette()
    assert pal.shape == (256, 3)
    blue, white, red = pal[0].astype(int), pal[127].astype(int), pal[254].astype(int)
    assert blue[2] > blue[0] and red[0] > red[2]           # negative blue, positive red
    assert white.min() >= 240                              # zero is (near) white
    assert tuple(pal[render.GAP_INDEX]) == render.GAP_RGB
    assert not (pal[:255] == pal[render.GAP_INDEX]).all(axis=1).any()


def test_weight_mosaic_places_each_unit_as_its_own_normalised_tile():
    W1 = np.zeros((5, 784), np.float32)
    W1[0, 0] = 2.0           # unit 0: top-left pixel positive
    W1[0, 1] = -1.0
    W1[4, 783] = -0.5        # unit 4: bottom-right pixel negative
    M = render.weight_mosaic(W1, cols=3, gap=1)
    assert M.shape == (2 * 29 + 1, 3 * 29 + 1)
    assert M[1, 1] == 1.0 and M[1, 2] == -0.5              # tile 0 scaled by its max |w| = 2
    assert M[29 + 28, 29 + 28] == -1.0                     # unit 4 -> row 1, col 1, last pixel
    assert np.isnan(M[0, :]).all() and np.isnan(M[:, 29]).all()   # grid lines
    assert np.isnan(M[30:58, 59:87]).all()                  # the unused 6th cell stays a gap
    assert np.nanmax(np.abs(M)) <= 1.0


def test_weight_mosaic_limits_units_and_rejects_wrong_shapes():
    M = render.weight_mosaic(np.ones((300, 784)), max_units=16)
    assert M.shape == (4 * 29 + 1, 4 * 29 + 1)
    with pytest.raises(ValueError, match="784"):
        render.weight_mosaic(np.ones((3, 100)))


def test_signed_unit_keeps_zero_rows_zero():
    W = np.array([[0.0, 0.0], [3.0, -6.0]])
    assert render.signed_unit(W, axis=1).tolist() == [[0.0, 0.0], [0.5, -1.0]]
    assert render.signed_unit(W).tolist() == [[0.0, 0.0], [0.5, -1.0]]


def test_ema_is_debiased_and_skips_non_finite_values():
    y = np.array([4.0, 4.0, np.nan, 4.0])
    assert np.allclose(metrics.ema(y, 0.9), 4.0)            # constant stays constant from step 1
    s = metrics.ema(np.array([1.0, 3.0]), 0.5)
    # s1 = 0.5, shown 0.5 / 0.5 = 1; s2 = 0.25 + 1.5 = 1.75, shown 1.75 / 0.75
    assert s[0] == pytest.approx(1.0) and s[1] == pytest.approx(1.75 / 0.75)


def test_histogram_bars_and_upscale():
    centres, widths, counts = render.histogram_bars(np.array([1, 2]), np.array([0.0, 1.0, 3.0]))
    assert centres.tolist() == [0.5, 2.0] and widths.tolist() == [1.0, 2.0]
    assert counts.tolist() == [1.0, 2.0]
    img = np.arange(4, dtype=np.uint8).reshape(2, 2)
    assert render.upscale(img, 2).tolist() == [[0, 0, 1, 1], [0, 0, 1, 1],
                                               [2, 2, 3, 3], [2, 2, 3, 3]]
    assert render.upscale(img, 1, 3).shape == (2, 6)
    # W2-like 10 x 256: 2 px per column fills 512 px; rows stretched to >= 96 px
    assert render.matrix_index(np.ones((10, 256))).shape == (100, 512)
    assert render.matrix_index(np.ones((32, 32))).shape == (512, 512)   # square cells, capped
