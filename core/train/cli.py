"""Command-line trainer:  python -m core.train [options]   (run from the repo root)

Examples
    python -m core.train --preset fast-demo
    python -m core.train --preset tutorial --metrics tutorial.json
    python -m core.train --preset shipped --out core/assets/default_model.npz
    python -m core.train --dataset mnist --download --hidden 256 --activation relu --init he \\
        --optimizer adam --lr 0.001 --epochs 10
Explicit options override the preset's values.  Exit codes: 0 done, 1 diverged, 2 bad arguments
(or a data set that is not available).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shlex
import sys
import time

from core.config import DATASET_NAMES, PRESETS, TrainConfig
from core.layers import ACTIVATIONS
from core.network import INITS
from core.optim import OPTIMIZERS, SCHEDULES
from core.train.notes import english
from core.train.record import RunRecord

# The recipe of core/assets/default_model.npz (see benchmarks/bench_recipes.py for the numbers).
SHIPPED = TrainConfig(hidden=(512, 256), activation="relu", init="he", optimizer="adam", lr=0.002,
                      momentum=0.9, schedule="cosine", batch_size=128, epochs=30, augment=True,
                      seed=0)
# A Fashion-MNIST recipe for the target (>= 89.5% test in <= 60 s).
FASHION = TrainConfig(dataset="fashion-mnist", hidden=(512, 256), activation="relu", init="he",
                      optimizer="adam", lr=0.001, schedule="cosine", batch_size=128, epochs=10)
CLI_PRESETS = {**PRESETS, "shipped": SHIPPED, "fashion": FASHION}

# option name -> TrainConfig field
_FIELDS = {"dataset": "dataset", "activation": "activation", "init": "init",
           "optimizer": "optimizer", "lr": "lr", "momentum": "momentum", "schedule": "schedule",
           "lr_decay": "lr_decay", "batch_size": "batch_size", "epochs": "epochs", "l2": "l2",
           "dropout": "dropout", "batch_norm": "batch_norm", "augment": "augment", "seed": "seed",
           "until_paused": "until_paused"}


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m core.train",
        description="Train a Backprop Lab network from the command line.",
        epilog="Explicit options override the preset. Exit codes: 0 done, 1 diverged, "
               "2 bad arguments.")
    p.add_argument("--preset", choices=sorted(CLI_PRESETS),
                   help="start from a named recipe ('tutorial' is the article's exact one)")
    p.add_argument("--dataset", choices=DATASET_NAMES)
    p.add_argument("--hidden", type=int, action="append", metavar="N",
                   help="units of a hidden layer; repeat for more layers (--hidden 512 --hidden 256)")
    p.add_argument("--activation", choices=tuple(ACTIVATIONS))
    p.add_argument("--init", choices=INITS)
    p.add_argument("--optimizer", choices=tuple(OPTIMIZERS))
    p.add_argument("--lr", type=float, help="learning rate (initial, if a schedule decays it)")
    p.add_argument("--momentum", type=float, help="momentum (Adam: beta1)")
    p.add_argument("--schedule", choices=tuple(SCHEDULES))
    p.add_argument("--lr-decay", type=float,
                   help="the tutorial's lr0 / (1 + decay * epoch); implies --schedule inverse_time")
    p.add_argument("--batch-size", type=int, help="examples per step; 0 = full batch")
    p.add_argument("--epochs", type=int)
    p.add_argument("--l2", type=float, help="L2 strength lambda")
    p.add_argument("--dropout", type=float, help="probability of dropping a hidden unit")
    p.add_argument("--batch-norm", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help="random shifts, rotations, scalings and shears of each batch")
    p.add_argument("--seed", type=int)
    p.add_argument("--until-paused", action=argparse.BooleanOptionalAction, default=None,
                   help="no epoch limit: train until --max-steps (required with it)")
    p.add_argument("--out", metavar="MODEL.npz", help="save the trained model here")
    p.add_argument("--metrics", metavar="METRICS.json",
                   help="write the run record here (JSON: config, step and per-epoch history, "
                        "final accuracy, seconds; core.train.record.read_run reads it)")
    p.add_argument("--eval-every", type=int, metavar="STEPS",
                   help="also evaluate every STEPS steps (default: at epoch ends only)")
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS threads (default 1, measured fastest on a busy 2-core machine)")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    p.add_argument("--max-steps", type=int, metavar="N", help="stop after N steps")
    p.add_argument("--download", action="store_true",
                   help="download the data set first if it is not on this machine")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def config_from_args(args, parser):
    """The TrainConfig the options describe; parser.error (exit 2) with the reasons if invalid."""
    base = CLI_PRESETS[args.preset] if args.preset else TrainConfig()
    changes = {field: getattr(args, opt) for opt, field in _FIELDS.items()
               if getattr(args, opt) is not None}
    if args.hidden:
        changes["hidden"] = tuple(args.hidden)
    if args.lr_decay and args.schedule is None:
        changes["schedule"] = "inverse_time"
    try:
        return dataclasses.replace(base, **changes)
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))


def check_run_options(args, parser, config=None):
    if config is not None and config.until_paused and not args.max_steps:
        parser.error("--until-paused trains without an epoch limit: give --max-steps")
    for name in ("threads", "eval_every", "max_steps"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1; got {value}")
    for name in ("out", "metrics"):
        path = getattr(args, name)
        if path is not None:
            folder = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(folder):
                parser.error(f"--{name}: folder {folder} does not exist")


def load_data(name, download, parser):
    from core.data import DownloadError, load_dataset
    try:
        return load_dataset(name, download_if_missing=download, progress=_download_bar(name))
    except (FileNotFoundError, DownloadError, ValueError) as exc:
        parser.error(str(exc))


def _download_bar(name):
    bar = None

    def progress(done, total):
        nonlocal bar
        if bar is None:
            from tqdm import tqdm
            bar = tqdm(total=total or None, unit="B", unit_scale=True, desc=f"download {name}")
        bar.update(done - bar.n)
        if total and done >= total:
            bar.close()
    return progress


class _StepBar:
    """tqdm bar over steps with loss and accuracy, refreshed a few times a second."""

    def __init__(self, total, quiet):
        self.bar = None
        if not quiet:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="step", dynamic_ncols=True, file=sys.stderr)
        self.shown, self.next_post = 0, 0.0

    def __call__(self, step, epoch, loss, acc):
        if self.bar is None:
            return
        now = time.monotonic()
        if now >= self.next_post:
            self.bar.update(step - self.shown)
            self.shown = step
            self.bar.set_postfix_str(f"epoch {epoch:.2f} loss {loss:.4f} acc {acc:.3f}",
                                     refresh=False)
            self.next_post = now + 0.25

    def close(self, step):
        if self.bar is not None:
            self.bar.update(step - self.shown)
            self.bar.close()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    config = config_from_args(args, parser)
    check_run_options(args, parser, config)
    dataset = load_data(config.dataset, args.download, parser)
    from core.io import save_model
    from core.train.trainer import Trainer

    trainer = Trainer(config, dataset, eval_every=args.eval_every, blas_threads=args.threads,
                      dtype=args.dtype)
    n = len(dataset.y_train)
    bs = n if config.batch_size in (0,) or config.batch_size >= n else config.batch_size
    total = config.epochs * -(-n // bs)
    if args.max_steps and config.until_paused:
        total = args.max_steps
    elif args.max_steps:
        total = min(total, args.max_steps)
    bar = _StepBar(total, args.quiet)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        snap = trainer.run(max_steps=args.max_steps, progress=bar)
    except KeyboardInterrupt:
        bar.close(trainer.step_count)
        print("interrupted: nothing saved", file=sys.stderr)
        return 130
    # CPU time next to wall time: on a shared machine other processes stretch the wall clock.
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    bar.close(snap.step)
    command = "python -m core.train " + shlex.join(argv)
    split = snap.test_split_name
    print(english(snap.note))
    print(f"{split} accuracy {snap.eval_acc:.2%} ({len(dataset.y_test):,} examples), "
          f"loss {snap.eval_loss:.4f}; {snap.step:,} steps, {snap.epoch:.2f} epochs, "
          f"{trainer.train_seconds:.1f} s training ({wall:.1f} s in all, {cpu:.1f} CPU s)")
    if args.out:
        save_model(trainer.net, args.out, dataset=config.dataset, eval_split=split,
                   eval_accuracy=snap.eval_acc, eval_loss=snap.eval_loss,
                   eval_examples=len(dataset.y_test), train_examples=n, command=command,
                   seed=config.seed, train_seconds=round(trainer.train_seconds, 2),
                   wall_seconds=round(wall, 2), cpu_seconds=round(cpu, 2),
                   epochs=snap.epoch, steps=snap.step, status=snap.status,
                   config=config.to_query())
        print(f"model saved to {args.out}")
    if args.metrics:
        write_metrics(args.metrics, trainer, snap, command, wall, cpu)
        print(f"metrics written to {args.metrics}")
    return 1 if snap.status == "diverged" else 0


def write_metrics(path, trainer, snap, command, wall, cpu):
    """Write the run as a RunRecord file (core/train/record.py; ``read_run`` reads it back),
    with the command line and the wall and CPU seconds of the whole run."""
    record = RunRecord.from_trainer(trainer, snap, name=os.path.basename(path), command=command,
                                    wall_seconds=wall, cpu_seconds=cpu)
    with open(path, "w") as f:
        f.write(record.to_json())
