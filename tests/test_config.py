"""The frozen run configuration and its URL round trip."""
import dataclasses

import pytest

from core.config import PRESETS, TrainConfig


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
                      step_size=3, step_gamma=0.7, batch_size=0, epochs=7, l2=0.25, dropout=0.35,
                      batch_norm=True, augment=True, seed=123456)
    assert TrainConfig.from_query(cfg.to_query()) == cfg
    assert len(cfg.to_query()) == len(dataclasses.fields(cfg))


def test_defaults_give_an_empty_query_and_unknown_keys_are_ignored():
    assert TrainConfig().to_query() == {}
    assert TrainConfig.from_query({"utm_source": "mail", "page": "train"}) == TrainConfig()


@pytest.mark.parametrize("query,fragment", [
    ({"lr": "fast"}, "lr: cannot read"),
    ({"lr": "-1"}, "learning rate"),
    ({"lr": "nan"}, "lr: cannot read"),
    ({"hidden": "128-x"}, "hidden: cannot read"),
    ({"hidden": "0"}, "hidden layers"),
    ({"activation": "swish"}, "activation must be one of"),
    ({"dropout": "1"}, "dropout"),
    ({"batch_norm": "maybe"}, "batch_norm: cannot read"),
    ({"epochs": "0"}, "epochs"),
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
