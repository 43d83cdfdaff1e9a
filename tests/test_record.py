"""RunRecord: built from a trainer's public data, written as a versioned JSON document that
reads back exactly (float32 bits included), and refused with a code when the file is not one."""
import json

import numpy as np
import pytest

from helpers import sample_slice
from core.config import PRESETS, TrainConfig
from core.data import Dataset, load_dataset
from core.errors import CodedError
from core.train import Trainer
from core.train.record import (EPOCH_KEYS, FORMAT, MAX_BYTES, VERSION, Evaluation, RunRecord,
                               read_run)

SMALL = TrainConfig(hidden=(24, 12), activation="relu", init="he", optimizer="adam", lr=0.003,
                    batch_size=250, epochs=3, seed=4)


@pytest.fixture(scope="module")
def small():
    """2,000 training digits (8 steps an epoch at batch 250), 500 held out."""
    return sample_slice(2000, 500)


@pytest.fixture(scope="module")
def record(small):
    """A run of 2 epochs and 3 steps, evaluated every 5 steps."""
    tr = Trainer(SMALL, small, eval_every=5)
    tr.run(max_steps=19)
    return RunRecord.from_trainer(tr, name="two epochs", command="python -m core.train",
                                  wall_seconds=1.5, cpu_seconds=1.25), tr


def assert_same_arrays(a: dict, b: dict):
    assert sorted(a) == sorted(b)
    for k in a:
        assert a[k].dtype == b[k].dtype == np.float32, k
        assert a[k].shape == b[k].shape, k
        # The same bits, not just close: float32 -> JSON -> float32 is exact.
        assert np.array_equal(a[k].view(np.uint32), b[k].view(np.uint32)), k


def test_from_trainer_takes_the_trainers_public_numbers(record):
    rec, tr = record
    snap = tr.snapshot()
    assert rec.config == SMALL and rec.status == snap.status == "paused"
    assert rec.steps == 19 and rec.epochs_done == pytest.approx(2 + 3 / 8)
    assert rec.train_seconds == tr.train_seconds > 0
    assert_same_arrays(rec.history, snap.history)
    assert rec.history["grad_rms"].shape == (19, 3)
    assert [e["epoch"] for e in rec.epoch_history] == [1, 2]
    assert [e["step"] for e in rec.epoch_history] == [8, 16]
    assert all(set(e) == set(EPOCH_KEYS) for e in rec.epoch_history)
    assert rec.epoch_history[1]["loss"] == pytest.approx(tr.epoch_history[1]["loss"])
    assert rec.final == Evaluation("held-out", snap.eval_acc, snap.eval_loss)
    assert rec.model.sizes == (784, 24, 12, 10) and rec.model.activation == "relu"
    assert rec.model.parameters == 784 * 24 + 24 + 24 * 12 + 12 + 12 * 10 + 10
    assert rec.name == "two epochs" and rec.created > 1.7e9


def test_a_record_round_trips_exactly_through_json(record):
    rec, _ = record
    text = rec.to_json()
    doc = json.loads(text)
    assert doc["format"] == FORMAT and doc["version"] == VERSION
    back = RunRecord.from_json(text)
    assert back.config == rec.config
    assert_same_arrays(back.history, rec.history)
    for name in ("status", "steps", "epochs_done", "epoch_history", "final", "train_seconds",
                 "model", "name", "created", "wall_seconds", "cpu_seconds", "command"):
        assert getattr(back, name) == getattr(rec, name), name
    assert RunRecord.from_json(doc).to_dict() == doc           # a parsed dict reads the same


def test_optional_fields_may_be_absent_and_an_unevaluated_run_has_no_final(small):
    tr = Trainer(SMALL, small, eval_every=None)
    tr.step()          # one step in the background thread, never evaluated
    tr.stop()
    tr.join(timeout=10)
    rec = RunRecord.from_trainer(tr)
    doc = rec.to_dict()
    assert rec.final is None and doc["final"] is None and rec.status == "stopped"
    assert "wall_seconds" not in doc and "command" not in doc
    back = RunRecord.from_json(rec.to_json())
    assert back.final is None and back.wall_seconds is None and back.command is None
    assert back.epoch_history == () and back.steps == 1


def test_a_diverged_runs_non_finite_values_survive(small):
    tr = Trainer(PRESETS["too-high-lr"].replace(hidden=(32,)), small)
    tr.run()
    rec = RunRecord.from_trainer(tr)
    assert rec.status == "diverged"
    back = RunRecord.from_json(rec.to_json())
    assert back.status == "diverged"
    for k, v in rec.history.items():
        assert np.array_equal(back.history[k], v, equal_nan=True), k


def _refused(doc_or_text):
    with pytest.raises(CodedError) as err:
        RunRecord.from_json(doc_or_text)
    assert isinstance(err.value, ValueError)
    return err.value


def test_foreign_and_broken_documents_are_refused_with_a_code(record):
    rec, _ = record
    text = rec.to_json()
    assert _refused(text[: len(text) // 2]).code == "run.not_json"           # truncated
    assert _refused(b"\xff\xfe not utf-8").code == "run.not_json"
    assert _refused('{"loss": [1, 2]}').code == "run.bad_format"             # foreign JSON
    assert _refused("[1, 2, 3]").code == "run.bad_format"
    doc = json.loads(text)
    assert _refused({**doc, "format": "other"}).code == "run.bad_format"
    err = _refused({**doc, "version": 2})
    assert err.code == "run.bad_version" and err.params == {"version": "2"}


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("steps"), "steps"),
    (lambda d: d.update(steps="19"), "steps"),
    (lambda d: d.update(steps=True), "steps"),
    (lambda d: d.update(status=None), "status"),
    (lambda d: d["config"].update(lr=-1.0), "config"),
    (lambda d: d["config"].update(hidden="big"), "config"),
    (lambda d: d["history"]["loss"]["data"].pop(), "history.loss"),
    (lambda d: d["history"]["loss"].update(shape=[2, 2, 2]), "history.loss"),
    (lambda d: d["history"]["acc"]["data"].__setitem__(0, "x"), "history.acc"),
    (lambda d: d["epoch_history"][0].update(loss="low"), "epoch_history[0].loss"),
    (lambda d: d["model"].update(sizes=[]), "model.sizes"),
    (lambda d: d.update(final=[0.9]), "final"),
])
def test_a_missing_or_bad_field_is_named(record, change, field):
    doc = json.loads(record[0].to_json())
    change(doc)
    err = _refused(doc)
    assert err.code == "run.bad_field" and err.params["field"] == field


def test_read_run_reads_a_file_and_refuses_an_oversized_one_unread(record, tmp_path):
    rec, _ = record
    good = tmp_path / "run.json"
    good.write_text(rec.to_json())
    back = read_run(good)
    assert back.config == rec.config and back.steps == rec.steps
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.write(b'{"format": "backprop-lab-run", ')   # a valid start: only the size refuses it
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(CodedError) as err:
        read_run(huge)
    assert err.value.code == "run.too_big" and err.value.params["limit"] == MAX_BYTES >> 20
    exact = tmp_path / "exact.json"
    exact.write_text(rec.to_json() + " " * (MAX_BYTES - len(rec.to_json())))
    assert read_run(exact).steps == rec.steps                      # MAX_BYTES itself is fine
