"""Runs side by side: what differs between runs (core.train.compare), a run's CSV / JSON / zip
(core.train.export), and the Session's pinned, renamed and deleted runs."""
import csv
import dataclasses
import io
import json
import zipfile

import numpy as np
import pytest

from helpers import sample_slice
from core.config import TrainConfig
from core.errors import CodedError
from core.train.compare import differing_fields, run_x, steps_per_epoch
from core.train.export import history_csv, read_history_csv, read_run_bytes, runs_zip
from core.train.record import MAX_BYTES, Evaluation, ModelSummary, RunRecord
from viz.session import MAX_PINNED, MAX_RUNS, Session

TINY = TrainConfig(hidden=(16,), activation="relu", init="he", optimizer="adam", lr=0.003,
                   batch_size=500, epochs=2, seed=2)


def _record(name="#1", config=TINY, T=5, E=2, L=2, nan=False):
    rng = np.random.default_rng(len(name) + T)
    hist = {"step": np.arange(1, T + 1, dtype=np.float32),
            "loss": rng.random(T, dtype=np.float32) * 3,
            "grad_rms": rng.random((T, L), dtype=np.float32) / 7,
            "inactive": rng.random((T, L - 1), dtype=np.float32),
            "eval_step": np.arange(1, E + 1, dtype=np.float32) * 2,
            "eval_acc": rng.random(E, dtype=np.float32)}
    if nan:
        hist["loss"][1:3] = [np.nan, np.inf]
    return RunRecord(config=config, status="finished", steps=T, epochs_done=2.5,
                     history=hist, epoch_history=(
                         {"epoch": 1, "step": 2, "lr": 0.1, "loss": 1.0, "acc": 0.5,
                          "eval_loss": None, "eval_acc": None, "train_eval_acc": None,
                          "seconds": 4.0},), final=Evaluation("held-out", 0.9, 0.3),
                     train_seconds=10.0, model=ModelSummary((784, 16, 10), "relu", 12730),
                     name=name, created=123.5)


# ---------------------------------------------------------------- what differs
def test_the_legend_names_only_the_settings_that_differ():
    a = TINY
    b = TINY.replace(activation="sigmoid", init="xavier")
    c = TINY.replace(activation="tanh", init="he")
    assert differing_fields([a, b, c]) == [
        [("activation", "relu"), ("init", "he")],
        [("activation", "sigmoid"), ("init", "xavier")],
        [("activation", "tanh"), ("init", "he")]]
    assert differing_fields([a, b]) == [[("activation", "relu"), ("init", "he")],
                                        [("activation", "sigmoid"), ("init", "xavier")]]
    assert differing_fields([a, a.replace(hidden=(32, 16))]) == [[("hidden", (16,))],
                                                                 [("hidden", (32, 16))]]
    assert differing_fields([a]) == [[]] and differing_fields([a, a]) == [[], []]
    assert differing_fields([]) == []


def test_runs_sit_on_an_axis_of_steps_epochs_or_seconds():
    rec = _record(T=5)                      # 5 steps in 2.5 epochs; epoch 1 ended at step 2, 4 s
    steps = np.array([0, 1, 2, 5], np.float32)
    assert steps_per_epoch(rec) == 2.0
    assert run_x(rec, steps, "steps").tolist() == [0, 1, 2, 5]
    assert run_x(rec, steps, "epochs").tolist() == [0, 0.5, 1, 2.5]
    assert run_x(rec, steps, "seconds").tolist() == [0, 2, 4, 10]   # 4 s at 2, 10 s at 5
    assert run_x(rec, [3.5], "seconds").tolist() == [7.0]
    with pytest.raises(ValueError):
        run_x(rec, steps, "minutes")


# ---------------------------------------------------------------- export
def test_csv_round_trips_every_value_of_a_run_exactly():
    rec = _record(T=7, E=3, L=3, nan=True)
    text = history_csv(rec)
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header == ["step", "loss", "grad_rms.W1", "grad_rms.W2", "grad_rms.W3",
                      "inactive.W1", "inactive.W2", "eval_step", "eval_acc"]
    assert len(body) == 7 and all(len(r) == len(header) for r in body)
    col = {n: [r[i] for r in body] for i, n in enumerate(header)}
    assert col["eval_acc"][3:] == [""] * 4                      # the shorter block ends early

    def back(name):
        return np.array([float(x) for x in col[name] if x != ""], np.float32)
    for key, arr in rec.history.items():
        got = (back(key) if arr.ndim == 1 else
               np.stack([back(f"{key}.W{j + 1}") for j in range(arr.shape[1])], axis=1))
        assert got.dtype == np.float32 and got.shape == arr.shape, key
        assert got.tobytes() == arr.tobytes(), key                # the same bits, NaN included
    again = read_history_csv(text)
    assert again["loss"].tobytes() == rec.history["loss"].tobytes()


def test_json_round_trips_a_run_field_by_field():
    rec = _record(nan=True)
    back = RunRecord.from_json(rec.to_json())
    for f in dataclasses.fields(RunRecord):
        a, b = getattr(rec, f.name), getattr(back, f.name)
        if f.name == "history":
            assert list(a) == list(b)
            for k in a:
                assert b[k].dtype == np.float32 and b[k].tobytes() == a[k].tobytes(), k
        else:
            assert a == b, f.name


def test_a_session_zip_holds_each_run_as_json_and_csv():
    recs = [_record("#1"), _record("relu, he/2")]
    data = runs_zip(recs, extra={"charts.html": "<html>x</html>"})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        assert names == ["01-1/history.csv", "01-1/run.json", "02-relu-he-2/history.csv",
                         "02-relu-he-2/run.json", "charts.html"]
        back = RunRecord.from_json(zf.read("02-relu-he-2/run.json"))
        assert back.name == "relu, he/2"
        assert zf.read("01-1/history.csv").decode() == history_csv(recs[0])


def test_a_run_file_from_bytes_is_checked():
    rec = _record()
    assert read_run_bytes(rec.to_json().encode()).name == rec.name
    cases = {b"": "run.not_json", rec.to_json().encode()[:-40]: "run.not_json",
             b'{"format": "other"}': "run.bad_format",
             b" " * (MAX_BYTES + 1): "run.too_big"}
    for data, code in cases.items():
        with pytest.raises(CodedError) as err:
            read_run_bytes(data)
        assert err.value.code == code


# ---------------------------------------------------------------- the session's runs
@pytest.fixture(scope="module")
def small():
    return sample_slice(2000, 500)


def _filled(n):
    s = Session(TINY)
    for i in range(n):
        s.add_run(_record(f"#{i + 1}"))
    return s


def test_pinned_runs_stay_when_newer_runs_push_the_oldest_out():
    s = _filled(MAX_RUNS)
    assert s.pin("#1") and s.pin(2) and s.pinned("#1") and s.pinned("#3")
    assert not s.pinned("#2")
    s.add_run(_record("new"))
    names = [r.name for r in s.runs]
    assert len(names) == MAX_RUNS and "#2" not in names and names[:2] == ["#1", "#3"]
    s.add_run(_record("newer"))
    assert "#4" not in [r.name for r in s.runs] and s.pinned("#1")
    s.pin("#1", on=False)
    s.add_run(_record("newest"))
    assert "#1" not in [r.name for r in s.runs] and s.pinned("#3")


def test_pins_leave_room_for_the_next_run():
    s = _filled(MAX_RUNS)
    assert all(s.pin(i) for i in range(MAX_PINNED))
    assert not s.pin(MAX_RUNS - 1) and not s.pinned(MAX_RUNS - 1)
    s.add_run(_record("new"))
    assert s.runs[-1].name == "new" and len(s.runs) == MAX_RUNS
    assert all(s.pinned(i) for i in range(MAX_PINNED))


def test_rename_keeps_the_pin_and_names_stay_unique_and_delete_forgets():
    s = _filled(3)
    s.pin("#2")
    assert s.rename("#2", "  relu   run ") == "relu run"
    assert s.pinned("relu run") and [r.name for r in s.runs] == ["#1", "relu run", "#3"]
    assert s.rename(0, "relu run") == "relu run (2)"
    assert s.rename("relu run", "relu run") == "relu run"       # its own name is not taken
    with pytest.raises(ValueError):
        s.rename("#3", "   ")
    assert s.runs[1].history is not None and s.runs[1].steps == 5
    gone = s.delete("relu run")
    assert gone.name == "relu run" and [r.name for r in s.runs] == ["relu run (2)", "#3"]
    with pytest.raises(KeyError):
        s.run("relu run")
    with pytest.raises(KeyError):
        s.delete(5)
    assert s.add_run(_record("#3")).name == "#3 (2)"


def test_runs_are_kept_across_reset_and_the_model_of_the_last_one_is_at_hand(small):
    s = Session(TINY, load_dataset=lambda name: small)
    try:
        s.ensure_trainer().run(max_steps=2)
        s.discard_trainer()                              # Reset
        tr = s.ensure_trainer()
        tr.run()                                         # finishes (2 epochs)
        s.heartbeat()                                    # kept; the trainer is still current
        assert [r.steps for r in s.runs] == [2, 8]
        assert s.trainer_of(1) is tr and s.trainer_of(0) is None
        s.rename(1, "mine")
        assert s.trainer_of("mine") is tr
        s.ensure_trainer()                               # a new run: the old network is gone
        assert s.trainer_of("mine") is None and len(s.runs) == 2
    finally:
        s.discard_trainer()


def test_a_run_file_naming_an_unknown_split_is_refused():
    """The Compare page words a run's split ("held-out" / "test"); a file naming another one
    must be refused when it is read, not raise KeyError on the page."""
    doc = json.loads(_record().to_json())
    doc["final"]["split"] = "validation"
    with pytest.raises(CodedError) as err:
        read_run_bytes(json.dumps(doc).encode())
    assert err.value.code == "run.bad_field" and err.value.params["field"] == "final.split"


@pytest.mark.parametrize("key, shape", [("loss", [5, 2]), ("eval_acc", [2, 1]),
                                        ("grad_rms", [10])])
def test_a_run_file_whose_history_has_the_wrong_number_of_axes_is_refused(key, shape):
    """A per-step series is one axis, a per-layer one two: the Compare page draws them so (a
    2-D "loss" raised TypeError on the page)."""
    doc = json.loads(_record().to_json())
    doc["history"][key] = {"shape": shape, "data": [0.5] * int(np.prod(shape))}
    with pytest.raises(CodedError) as err:
        read_run_bytes(json.dumps(doc).encode())
    assert err.value.code == "run.bad_field" and err.value.params["field"] == f"history.{key}"
