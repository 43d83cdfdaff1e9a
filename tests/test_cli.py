"""python -m core.train: bad arguments exit 2 with a reason, a run writes model and metrics,
a diverged run exits 1."""
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import PRESETS
from core.train.cli import CLI_PRESETS, main
from core.train.record import read_run
from core.io import load_model

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "core.train", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_bad_argument_exits_2_with_a_clear_message_in_a_real_process():
    res = _cli("--lr", "-1")
    assert res.returncode == 2
    assert "lr must be a number from 1e-06 to 1000; got -1.0" in res.stderr


@pytest.mark.parametrize("args, why", [
    (["--hidden", "0"], "hidden layers"),
    (["--activation", "magic"], "invalid choice"),
    (["--momentum", "1.5"], "momentum must be a number from 0 to 0.999; got 1.5"),
    (["--batch-size", "-3"], "batch_size must be a number from 0 to 60000; got -3"),
    (["--lr", "nan"], "lr must be a number from 1e-06 to 1000; got nan"),
    (["--lr", "fast"], "invalid float value"),
    (["--epochs", "0"], "epochs must be a number from 1 to 100000; got 0"),
    (["--dropout", "1"], "dropout"),
    (["--threads", "0"], "--threads must be >= 1"),
    (["--out", "/no/such/folder/m.npz"], "does not exist"),
    (["--preset", "nonsense"], "invalid choice"),
    (["--frobnicate"], "unrecognized arguments"),
])
def test_bad_arguments_exit_2(args, why, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert why in capsys.readouterr().err


def test_a_short_run_writes_a_loadable_model_and_a_run_record(tmp_path, capsys):
    model, metrics = tmp_path / "m.npz", tmp_path / "m.json"
    code = main(["--hidden", "32", "--activation", "relu", "--init", "he", "--optimizer", "adam",
                 "--lr", "0.003", "--epochs", "2", "--batch-size", "256", "--seed", "3",
                 "--out", str(model), "--metrics", str(metrics), "--quiet"])
    assert code == 0
    out = capsys.readouterr().out
    assert "held-out accuracy" in out
    net = load_model(model)
    assert net.sizes == [784, 32, 10]
    assert net.metadata["seed"] == 3 and net.metadata["eval_split"] == "held-out"
    assert "--hidden 32" in net.metadata["command"]
    run = read_run(metrics)
    assert [e["epoch"] for e in run.epoch_history] == [1, 2]
    assert run.status == "finished" and run.steps == net.metadata["steps"]
    assert run.final.split == "held-out"
    assert run.final.accuracy == net.metadata["eval_accuracy"] > 0.85
    assert run.train_seconds > 0 and run.config.hidden == (32,) and run.config.seed == 3
    assert run.wall_seconds >= run.train_seconds and run.cpu_seconds > 0
    assert run.command == net.metadata["command"]
    assert run.epoch_history[1]["eval_acc"] == run.final.accuracy
    assert run.model.sizes == (784, 32, 10)


def test_the_metrics_file_of_a_real_process_reads_back_as_a_run_record(tmp_path):
    metrics = tmp_path / "f.json"
    res = _cli("--preset", "fast-demo", "--max-steps", "260", "--metrics", str(metrics),
               "--quiet")
    assert res.returncode == 0, res.stderr
    run = read_run(metrics)
    assert run.config == CLI_PRESETS["fast-demo"]
    assert run.steps == 260 and run.history["step"][-1] == 260
    assert [(e["epoch"], e["step"]) for e in run.epoch_history] == [(1, 125), (2, 250)]
    assert run.command.endswith("--max-steps 260 --metrics " + str(metrics) + " --quiet")


def test_a_diverged_run_exits_1(capsys):
    assert main(["--preset", "too-high-lr", "--quiet"]) == 1
    assert "Diverged at step" in capsys.readouterr().out


def test_explicit_options_override_the_preset(tmp_path):
    metrics = tmp_path / "t.json"
    assert main(["--preset", "tutorial", "--epochs", "3", "--metrics", str(metrics),
                 "--quiet"]) == 0
    run = read_run(metrics)
    assert run.config == PRESETS["tutorial"].replace(epochs=3)
    assert run.steps == 3    # full batch: one step per epoch


def test_until_paused_needs_max_steps_and_then_runs_past_its_epochs(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--preset", "tutorial", "--until-paused", "--quiet"])
    assert info.value.code == 2 and "--max-steps" in capsys.readouterr().err
    metrics = tmp_path / "u.json"
    assert main(["--preset", "tutorial", "--epochs", "2", "--until-paused", "--max-steps", "4",
                 "--metrics", str(metrics), "--quiet"]) == 0
    run = read_run(metrics)
    assert run.steps == 4 and run.config.until_paused   # full batch: 4 epochs of an "epochs=2" run
