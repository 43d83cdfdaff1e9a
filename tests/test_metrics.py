"""Chart numbers computed in core."""
import numpy as np
import pytest

from core import metrics


def test_confusion_matrix_and_per_class():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    C = metrics.confusion_matrix(y_true, y_pred, 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.sum() == 6
    np.testing.assert_allclose(metrics.per_class_accuracy(C), [0.5, 1.0, 2 / 3])
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(4 / 6)


def test_rms_is_per_weight():
    small = np.full((2, 2), 3.0)
    big = np.full((100, 100), 3.0)
    assert metrics.rms(small) == metrics.rms(big) == pytest.approx(3.0)
    assert metrics.layer_rms({"W1": small, "W2": big * 2}, ["W1", "W2"]) == pytest.approx([3, 6])
    assert metrics.update_ratios([0.3, 0.0], [3.0, 0.0])[0] == pytest.approx(0.1)


def test_histogram_is_symmetric_and_ignores_non_finite():
    counts, edges = metrics.histogram(np.array([-1.0, 0.5, 2.0, np.nan]), bins=4)
    assert edges[0] == -2.0 and edges[-1] == 2.0 and counts.sum() == 3


def test_top_mistakes_most_confident_first():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.3, 0.7]])
    idx, pred, conf = metrics.top_mistakes(np.array([0, 0, 0, 1]), probs)
    np.testing.assert_array_equal(idx, [1, 2])
    np.testing.assert_array_equal(pred, [1, 1])
    np.testing.assert_allclose(conf, [0.8, 0.6])
