"""The frozen run configuration and its URL round trip."""
import dataclasses

import pytest

from core.config import (DATASET_NAMES, PRESETS, PROBLEM_CODES, Problem, TrainConfig,
                         english)
from core.errors import CodedError


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TrainConfig().lr = 1.0


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_round_trip_through_the_query(name):
    cfg = PRESETS[name]
    q = cfg.to_query()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in q.items())
    assert TrainConfig.from_query(q) == cfg


def test_every_field_round_trips():
    cfg = TrainConfig(dataset="fashion-mnist", hidden=(300, 100), activation="tanh", init="he",
                      optimizer="rmsprop", lr=0.0015, momentum=0.5, schedule="step", lr_decay=0.1,
                      step_size=3, step_gamma=0.7, batch_size=500, epochs=7, l2=0.25, dropout=0.35,
                      batch_norm=True, augment=True, seed=123456, until_paused=True,
                      pace="slow")
    assert TrainConfig.from_query(cfg.to_query()) == cfg
    assert len(cfg.to_query()) == len(dataclasses.fields(cfg))


def test_defaults_give_an_empty_query_and_unknown_keys_are_ignored():
    assert TrainConfig().to_query() == {}
    assert TrainConfig.from_query({"utm_source": "mail", "page": "train"}) == TrainConfig()


@pytest.mark.parametrize("query,fragment", [
    ({"lr": "fast"}, "lr: cannot read"),
    ({"lr": "-1"}, "lr must be a number from 1e-06 to 1000"),
    ({"lr": "nan"}, "lr: cannot read"),
    ({"hidden": "128-x"}, "hidden: cannot read"),
    ({"hidden": "0"}, "hidden layers"),
    ({"activation": "swish"}, "activation must be one of"),
    ({"dropout": "1"}, "dropout"),
    ({"batch_norm": "maybe"}, "batch_norm: cannot read"),
    ({"epochs": "0"}, "epochs"),
    ({"pace": "warp"}, "pace must be one of full, class, slow"),
    ({"until_paused": "forever"}, "until_paused: cannot read"),
])
def test_bad_query_values_are_named(query, fragment):
    with pytest.raises(ValueError, match=fragment):
        TrainConfig.from_query(query)


def test_problems_lists_every_issue():
    cfg = TrainConfig()
    object.__setattr__(cfg, "lr", 0.0)
    object.__setattr__(cfg, "momentum", 1.5)
    assert len(cfg.problems()) == 2


def test_layer_sizes():
    assert TrainConfig(hidden=(64, 32)).layer_sizes() == [784, 64, 32, 10]


# ------------------------------------------------------------------ problems as codes
def _bad(**fields):
    """A TrainConfig with ``fields`` forced in, bypassing validation."""
    cfg = TrainConfig()
    for name, value in fields.items():
        object.__setattr__(cfg, name, value)
    return cfg


BAD = [  # (fields, the one Problem they give)
    ({"dataset": "cifar10"}, Problem("dataset", "choice", {
        "value": "cifar10", "options": ("mnist-sample", "mnist", "fashion-mnist")})),
    ({"activation": "swish"}, ("activation", "choice")),
    ({"init": "zeros"}, ("init", "choice")),
    ({"optimizer": "lbfgs"}, ("optimizer", "choice")),
    ({"schedule": "warmup"}, ("schedule", "choice")),
    ({"hidden": ()}, Problem("hidden", "hidden", {"hidden": [], "max_layers": 8,
                                                  "max_units": 4096})),
    ({"hidden": (5000,)}, ("hidden", "hidden")),
    ({"hidden": (1,) * 9}, ("hidden", "hidden")),
    ({"lr": 0.0}, Problem("lr", "range", {"value": 0.0, "low": 1e-6, "high": 1000.0})),
    ({"lr": float("nan")}, ("lr", "range")),
    ({"lr": 1e308}, ("lr", "range")),
    ({"momentum": 1.0}, Problem("momentum", "range", {"value": 1.0, "low": 0.0, "high": 0.999})),
    ({"lr_decay": -0.1}, ("lr_decay", "range")),
    ({"step_size": 0}, ("step_size", "range")),
    ({"step_gamma": 1.5}, ("step_gamma", "range")),
    ({"batch_size": -1}, Problem("batch_size", "range", {"value": -1, "low": 0, "high": 60000})),
    ({"batch_size": 60001}, ("batch_size", "range")),
    ({"epochs": 0}, ("epochs", "range")),
    ({"epochs": 100001}, ("epochs", "range")),
    ({"l2": -1.0}, ("l2", "range")),
    ({"dropout": 0.96}, Problem("dropout", "range", {"value": 0.96, "low": 0.0, "high": 0.95})),
    ({"seed": 2**32}, ("seed", "range")),
    ({"seed": -1}, ("seed", "range")),
    # Batch norm cannot be chunked: a full batch of 8,000 through two 1,024-unit layers is ~9e10
    # flops a step, which a Pause would have to wait for.
    ({"hidden": (1024, 1024), "batch_size": 0, "batch_norm": True}, Problem(
        "batch_size", "bn_batch", {"rows": 8000, "max_rows": 1342})),
    # The issue's example: 8 x 4096 at full batch would hold ~5.8 GB; refused with the estimate.
    ({"hidden": (4096,) * 8, "batch_size": 0}, Problem("hidden", "memory", {
        "estimate_mb": 5800, "budget_mb": 1024, "lower": ("hidden", "batch_size")})),
]


@pytest.mark.parametrize("fields, want", BAD)
def test_each_bad_value_gives_one_coded_problem(fields, want):
    (problem,) = _bad(**fields).problems()
    assert isinstance(problem, Problem)
    if isinstance(want, Problem):
        assert problem == want
    else:
        assert (problem.field, problem.code) == want


def test_every_problem_code_is_reachable_and_has_english():
    codes = {_bad(**fields).problems()[0].code for fields, _ in BAD}
    with pytest.raises(CodedError) as info:
        TrainConfig.from_query({"lr": "fast"})
    codes |= {p.code for p in info.value.problems}
    assert codes == set(PROBLEM_CODES)
    for fields, _ in BAD:
        (problem,) = _bad(**fields).problems()
        assert english(problem) and "{" not in english(problem)


def test_a_valid_config_has_no_problems():
    assert TrainConfig().problems() == []
    assert all(cfg.problems() == [] for cfg in PRESETS.values())


def test_invalid_config_raises_a_coded_error_with_english_text_and_the_problems():
    with pytest.raises(CodedError) as info:
        TrainConfig(lr=-1.0, activation="magic")
    err = info.value
    assert isinstance(err, ValueError) and err.code == "config.invalid"
    assert [(p.field, p.code) for p in err.problems] == [("activation", "choice"),
                                                         ("lr", "range")]
    assert str(err) == ("activation must be one of sigmoid, tanh, relu, leaky_relu; got 'magic'; "
                        "lr must be a number from 1e-06 to 1000; got -1.0")


def test_an_unreadable_query_value_is_a_coded_error():
    with pytest.raises(CodedError) as info:
        TrainConfig.from_query({"lr": "fast"})
    assert info.value.code == "config.invalid"
    assert info.value.problems == [Problem("lr", "unreadable", {"text": "fast"})]


def test_a_link_names_every_bad_value_at_once():
    """The issue's link: values outside the form's ranges are refused, each named, none
    silently replaced by another value."""
    with pytest.raises(CodedError) as info:
        TrainConfig.from_query({"lr": "1e308", "epochs": "999999999", "batch_size": "999999",
                                "hidden": "12-x", "momentum": "0.5"})
    assert [(p.field, p.code) for p in info.value.problems] == [
        ("hidden", "unreadable"), ("lr", "range"), ("batch_size", "range"), ("epochs", "range")]


def test_memory_estimate_counts_parameters_state_and_activations():
    cfg = TrainConfig(hidden=(100,), optimizer="adam", batch_size=50)
    est = cfg.memory_estimate()
    P = 784 * 100 + 100 + 100 * 10 + 10
    assert est["parameters_mb"] * 2**20 == P * 4 * (5 + 2)
    assert est["activations_mb"] * 2**20 == 50 * (784 + 3 * 100 + 20) * 4
    assert est["evaluation_mb"] * 2**20 == (2000 + 2000) * 784 * 4
    full = cfg.replace(batch_size=0).memory_estimate()["activations_mb"]
    assert full * 2**20 == 8000 * (784 + 3 * 100 + 20) * 4     # full batch: every example
    sgd = cfg.replace(optimizer="sgd").memory_estimate()["parameters_mb"]
    assert sgd * 2**20 == P * 4 * 5


def test_the_largest_preset_fits_and_the_budget_is_a_hard_line():
    from core.config import RUN_MEMORY_MB
    assert all(c.memory_estimate()["total_mb"] < RUN_MEMORY_MB for c in PRESETS.values())
    over = _bad(hidden=(4096, 4096, 4096), batch_size=4096)
    assert over.memory_estimate()["total_mb"] > RUN_MEMORY_MB
    assert [p.code for p in over.problems()] == ["memory"]


def test_dataset_names_come_from_the_one_registry():
    from core.data import DATASETS
    assert DATASET_NAMES == tuple(DATASETS)


# ------------------------------------------------------------------ links: preset + settings
from core.config import (DEFAULT_PRESET, PACES, PRESET_PARAM, from_link,  # noqa: E402
                         preset_name, to_link)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_a_preset_link_names_only_the_preset(name):
    assert to_link(PRESETS[name]) == {PRESET_PARAM: name}
    assert from_link({PRESET_PARAM: name}) == PRESETS[name]
    assert preset_name(PRESETS[name]) == name


def test_a_link_with_every_setting_reproduces_them():
    cfg = TrainConfig(dataset="fashion-mnist", hidden=(300, 100), activation="tanh", init="he",
                      optimizer="rmsprop", lr=0.0015, momentum=0.5, schedule="step", lr_decay=0.1,
                      step_size=3, step_gamma=0.7, batch_size=500, epochs=7, l2=0.25, dropout=0.35,
                      batch_norm=True, augment=True, seed=123456, until_paused=True, pace="slow")
    q = to_link(cfg)
    assert from_link(q) == cfg
    assert preset_name(cfg) is None
    # the settings are written against the preset named, so they read back over it
    assert TrainConfig.from_query(q, base=PRESETS[q[PRESET_PARAM]]) == cfg


def test_a_link_without_a_preset_opens_the_default_preset():
    assert from_link({}) == PRESETS[DEFAULT_PRESET]
    assert from_link({"lr": "0.01"}) == PRESETS[DEFAULT_PRESET].replace(lr=0.01)


def test_a_changed_setting_is_custom_but_the_pace_is_not_part_of_a_recipe():
    demo = PRESETS["fast-demo"]
    assert preset_name(demo.replace(lr=0.01)) is None
    assert preset_name(demo.replace(until_paused=True)) is None
    assert preset_name(demo.replace(pace="full")) == "fast-demo"
    assert to_link(demo.replace(pace="full")) == {PRESET_PARAM: "fast-demo", "pace": "full"}


def test_a_bad_preset_and_bad_settings_are_named_together():
    with pytest.raises(CodedError) as info:
        from_link({PRESET_PARAM: "magic", "lr": "fast", "pace": "warp"})
    fields = [p.field for p in info.value.problems]
    assert fields == [PRESET_PARAM, "lr", "pace"]
    with pytest.raises(CodedError) as info:
        from_link({PRESET_PARAM: "magic"})
    assert [p.field for p in info.value.problems] == [PRESET_PARAM]


def test_demo_presets_start_at_a_pace_a_class_can_follow():
    assert PACES["full"] is None and PACES["slow"] < PACES["class"]
    assert PRESETS[DEFAULT_PRESET].pace == "class"
    assert PRESETS["too-high-lr"].pace == "slow"
    assert TrainConfig().steps_per_s() is None
    assert PRESETS[DEFAULT_PRESET].steps_per_s() == PACES["class"]
