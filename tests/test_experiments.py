"""Guided experiments: the registry, headless runs to the end, summaries from the runs' numbers."""
import math

import numpy as np
import pytest

from core.config import TrainConfig
from core.data import load_dataset
from core.experiments import (EXPERIMENTS, QUICK_SUBSET, Finding, Overlay, run_experiment)
from viz.strings import STRINGS, t_in


@pytest.fixture(scope="module")
def ds():
    return load_dataset("mnist-sample")


@pytest.fixture(scope="module")
def runs(ds):
    """Every experiment run once, quick (a tenth of the epochs on <= 1,000 digits)."""
    return {name: run_experiment(e, ds, quick=True) for name, e in EXPERIMENTS.items()}


def test_at_least_six_experiments_each_with_valid_configs_and_words():
    assert len(EXPERIMENTS) >= 6
    for name, e in EXPERIMENTS.items():
        assert e.id == name and 1 <= len(e.configs) <= 2
        for cfg in e.configs + e.runs(quick=True):
            assert isinstance(cfg, TrainConfig) and cfg.problems() == []
        for part in ("title", "setup", "watch", "question"):
            assert f"exp.{name}.{part}" in STRINGS["en"] and f"exp.{name}.{part}" in STRINGS["zh"]
        for v in e.variants:
            assert f"lessons.variant.{v}" in STRINGS["zh"]
        assert (e.overlay_spec is None) == (len(e.configs) == 1)


def test_quick_runs_a_tenth_of_the_epochs_on_a_subset(ds):
    e = EXPERIMENTS["overfit"]
    assert [c.epochs for c in e.runs(quick=True)] == [c.epochs // 10 for c in e.configs]
    assert len(e.training_data(ds).y_train) == 500
    assert len(EXPERIMENTS["vanishing"].training_data(ds, quick=True).y_train) == QUICK_SUBSET
    assert EXPERIMENTS["vanishing"].training_data(ds) is ds
    np.testing.assert_array_equal(e.training_data(ds).x_train, ds.x_train[:500])


def test_every_experiment_runs_to_its_end_and_its_finding_has_words(runs):
    for name, records in runs.items():
        e = EXPERIMENTS[name]
        assert len(records) == len(e.configs)
        for r, cfg in zip(records, e.runs(quick=True)):
            assert r.status in ("finished", "diverged") and r.config == cfg and r.steps > 0
        f = e.summarize(records)
        assert isinstance(f, Finding) and f.code.split(".")[0] == name
        for lang in ("en", "zh"):
            assert t_in(lang, f"finding.{f.code}", **f.params)   # every field present


def test_vanishing_ratio_is_the_median_last_over_first_layer_gradient(runs):
    (r,) = runs["vanishing"]
    g = r.history["grad_rms"].astype(np.float64)
    expected = np.median(g[:, -1]) / np.median(g[:, 0])
    f = EXPERIMENTS["vanishing"].summarize(runs["vanishing"])
    assert f.params["ratio"] == pytest.approx(expected, rel=1e-9)
    assert f.params["layers"] == 7 and f.params["acc"] == pytest.approx(r.final.accuracy)
    assert f.code == ("vanishing.shrank" if expected >= 10 else "vanishing.flat")


def test_too_high_learning_rate_reports_the_divergence_step_and_peak_loss(runs):
    high, ok = runs["lr"]
    f = EXPERIMENTS["lr"].summarize(runs["lr"])
    assert high.status == "diverged" and f.code == "lr.diverged"
    loss = high.history["loss"][np.isfinite(high.history["loss"])]
    assert f.params["step"] == high.steps
    assert f.params["peak_loss"] == pytest.approx(float(loss.max()))
    assert f.params["first_loss"] == pytest.approx(float(loss[0]))
    assert f.params["acc_ok"] == pytest.approx(ok.final.accuracy)
    assert (f.params["lr_high"], f.params["lr_ok"]) == (3.0, 0.3)


def test_momentum_compares_held_out_accuracy_and_the_late_loss(runs):
    plain, mom = runs["momentum"]
    f = EXPERIMENTS["momentum"].summarize(runs["momentum"])
    assert f.params["acc_plain"] == pytest.approx(plain.final.accuracy)
    assert f.params["acc_momentum"] == pytest.approx(mom.final.accuracy)
    k = math.ceil(len(mom.history["loss"]) / 4)
    assert f.params["loss_momentum"] == pytest.approx(float(np.mean(mom.history["loss"][-k:])))
    diff = mom.final.accuracy - plain.final.accuracy
    assert f.code == ("momentum.better" if diff >= 0.005 else
                      "momentum.worse" if diff <= -0.005 else "momentum.same")


def test_init_compares_the_loss_after_the_same_steps(runs):
    small, he = runs["init"]
    f = EXPERIMENTS["init"].summarize(runs["init"])
    n = f.params["steps"]
    assert n == min(100, small.steps, he.steps)
    i = int(np.flatnonzero(small.history["step"] >= n)[0])
    assert f.params["loss_small"] == pytest.approx(float(small.history["loss"][i]))
    assert small.final.accuracy < 0.2 and f.code == "init.stuck"   # randn*0.01 never leaves ln 10
    assert f.params["acc_he"] == pytest.approx(he.final.accuracy)


def test_overfit_gap_is_training_minus_held_out_accuracy(runs):
    plain, reg = runs["overfit"]
    f = EXPERIMENTS["overfit"].summarize(runs["overfit"])
    for name, r in (("plain", plain), ("reg", reg)):
        assert f.params[f"gap_{name}"] == pytest.approx(
            float(r.history["train_eval_acc"][-1]) - r.final.accuracy)
        assert f.params[f"loss_{name}"] == pytest.approx(float(r.history["eval_loss"][-1]))
        assert f.params[f"loss_min_{name}"] == pytest.approx(float(r.history["eval_loss"].min()))
    assert reg.config.l2 > 0 and reg.config.dropout > 0 and plain.config.l2 == 0


def test_batch_reports_updates_seconds_and_accuracy_of_each(runs):
    one, full = runs["batch"]
    f = EXPERIMENTS["batch"].summarize(runs["batch"])
    assert one.config.batch_size == 1 and full.config.batch_size == 0
    assert f.params["steps_one"] == one.steps == QUICK_SUBSET   # one pass, one digit per step
    assert f.params["steps_full"] == full.steps == full.config.epochs
    assert f.params["seconds_one"] == one.train_seconds
    assert f.params["acc_full"] == pytest.approx(full.final.accuracy)


def test_overlay_lines_are_each_runs_curves(runs):
    e = EXPERIMENTS["batch"]
    ov = e.overlay(runs["batch"])
    assert isinstance(ov, Overlay) and ov.x_axis == "epoch" and len(ov.lines) == 2
    for line, r in zip(ov.lines, runs["batch"]):
        # steps as passes over the data (rows are bucket means of steps, so compare them all)
        np.testing.assert_allclose(line.x, r.history["step"] * r.epochs_done / r.steps)
        assert len(line.y) == len(r.history["loss"])
    ov = EXPERIMENTS["overfit"].overlay(runs["overfit"])
    assert [(l.run, l.metric) for l in ov.lines] == [(0, "eval_loss"), (1, "eval_loss")]
    assert ov.y_axis == "eval_loss"
    np.testing.assert_array_equal(ov.lines[1].y, runs["overfit"][1].history["eval_loss"])
    np.testing.assert_array_equal(ov.lines[1].x, runs["overfit"][1].history["eval_step"])
    ov = EXPERIMENTS["lr"].overlay(runs["lr"])   # the diverging run drawn raw, not smoothed
    np.testing.assert_array_equal(ov.lines[0].y, runs["lr"][0].history["loss"])
    assert ov.log_y and ov.y_axis == "loss_raw"
    assert EXPERIMENTS["vanishing"].overlay(runs["vanishing"]) is None


def test_summarize_needs_one_record_per_config(runs):
    with pytest.raises(ValueError):
        EXPERIMENTS["lr"].summarize(runs["lr"][:1])


def test_overlay_figure_draws_each_line_with_its_name_colour_and_dash():
    from viz.figures.compare import RUN_COLOURS, overlay_figure
    x = np.arange(3.0)
    fig = overlay_figure([(x, x + 1, "η = 3", 0, False), (x, x + 2, "η = 0.3", 1, True)],
                         labels={"title": "T", "x": "step", "y": "loss"}, log_y=True)
    assert [tr.name for tr in fig.data] == ["η = 3", "η = 0.3"]
    assert [tr.line.color for tr in fig.data] == list(RUN_COLOURS[:2])
    assert [tr.line.dash for tr in fig.data] == ["solid", "dash"]
    np.testing.assert_array_equal(fig.data[1].y, x + 2)
    assert fig.layout.yaxis.type == "log" and fig.layout.showlegend
    fig = overlay_figure([(x, x, "a", 0, False)], labels={"title": "T", "x": "s", "y": "%"},
                         y_range=[0, 100])
    assert fig.layout.yaxis.type != "log" and list(fig.layout.yaxis.range) == [0, 100]
