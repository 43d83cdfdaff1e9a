"""Trainer overhead: epoch time of Trainer.run vs the bare forward + backward + update loop.

    python benchmarks/bench_train.py            # from the repo root; ~1 minute
    python benchmarks/bench_train.py --quick

Prints, per network, the ratio Trainer / bare (target: <= 1.10) of the CPU time of this thread
(time.thread_time: other processes on the cores do not count), the two interleaved (A B A B ...)
and the median taken.  "Trainer
steps" is the Trainer's own clock over its steps: batches from uint8, per-step statistics,
history, lock, divergence guard.  The next columns add the run's evaluations (4,000 forward passes:
2,000 held out + 2,000 training digits) at the epoch end only, and every 50 steps (the app's
default cadence).
Also: batch conversion (uint8 rows converted per batch vs rows of a float32 copy), BLAS threads
(1 vs 2) on the bare loop, the cost of one snapshot() and of augmenting one batch, each relative
to one training step.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core import threads  # noqa: E402
from core.config import TrainConfig  # noqa: E402
from core.data import load_dataset, to_float  # noqa: E402
from core.optim import make_optimizer  # noqa: E402
from core.train import Trainer, build_network  # noqa: E402

CASES = {
    "784-256-10 relu adam b64 (fast-demo)": TrainConfig(
        hidden=(256,), activation="relu", init="he", optimizer="adam", lr=0.002, batch_size=64),
    "784-512-256-10 relu adam b128 (shipped, no aug)": TrainConfig(
        hidden=(512, 256), activation="relu", init="he", optimizer="adam", lr=0.001,
        batch_size=128),
    "784-128-10 sigmoid sgd b32": TrainConfig(
        hidden=(128,), activation="sigmoid", init="xavier", optimizer="sgd", lr=0.5,
        batch_size=32),
}


def bare_epoch(cfg, X, y, seed=0, clock=time.thread_time):
    """Seconds (CPU of this thread by default) for one epoch of the plain loop: shuffled float32
    batches, loss_and_grads, optimizer step."""
    net = build_network(cfg)
    opt = make_optimizer(cfg.optimizer, cfg.lr, momentum=cfg.momentum)
    perm = np.random.default_rng(seed).permutation(len(y))
    bs = cfg.batch_size
    t = clock()
    for i in range(0, len(y), bs):
        idx = perm[i:i + bs]
        _, grads = net.loss_and_grads(X[idx], y[idx])
        opt.step(net.params, grads)
    return clock() - t


def trainer_epoch(cfg, ds, eval_every=None):
    """CPU seconds of one Trainer epoch: (steps only, with its evaluations)."""
    tr = Trainer(cfg.replace(epochs=1), ds, eval_every=eval_every)
    t = time.thread_time()
    tr.run()
    whole = time.thread_time() - t
    evals = len(tr.snapshot().history["eval_step"])
    t = time.thread_time()
    tr._evaluate()  # one more evaluation, timed alone
    one_eval = time.thread_time() - t
    return whole - evals * one_eval, whole


def compare(ds, repeats):
    X, y = to_float(ds.x_train), ds.y_train
    print(f"{'network':48s} {'bare s/epoch':>12s} {'Trainer steps':>13s} {'+ epoch-end eval':>16s} "
          f"{'+ eval every 50':>15s}")
    for name, cfg in CASES.items():
        bare, steps, whole, whole50 = [], [], [], []
        bare_epoch(cfg, X, y)  # warm-up
        for r in range(repeats):
            bare.append(bare_epoch(cfg, X, y, r))
            s, w = trainer_epoch(cfg, ds)
            steps.append(s)
            whole.append(w)
            whole50.append(trainer_epoch(cfg, ds, eval_every=50)[1])
        b = statistics.median(bare)
        ratios = [statistics.median(v) / b for v in (steps, whole, whole50)]
        print(f"{name:48s} {b:12.3f} {ratios[0]:12.2f}x {ratios[1]:15.2f}x {ratios[2]:14.2f}x")
    print("(ratios of CPU time, Trainer / bare loop; target for the steps: <= 1.10)")


def conversion(ds):
    """ns per sample to build a float32 batch: from uint8 rows vs from a float32 copy."""
    X8, Xf = ds.x_train, to_float(ds.x_train)
    perm = np.random.default_rng(0).permutation(len(X8))
    out = {}
    for bs in (64, 128, 512):
        a = b = 0.0
        for _ in range(3):
            t = time.perf_counter()
            for i in range(0, len(perm), bs):
                to_float(np.take(X8, perm[i:i + bs], axis=0))
            a += time.perf_counter() - t
            t = time.perf_counter()
            for i in range(0, len(perm), bs):
                np.take(Xf, perm[i:i + bs], axis=0)
            b += time.perf_counter() - t
        out[bs] = (a / 3 / len(perm) * 1e9, b / 3 / len(perm) * 1e9)
    print("\nbatch building, ns/sample   uint8 rows + convert   float32 rows   ratio")
    for bs, (a, b) in out.items():
        print(f"  batch {bs:4d}                 {a:10.0f}          {b:10.0f}   {a / b:5.2f}")
    print(f"  memory: float32 copy {Xf.nbytes / 1e6:.0f} MB vs uint8 {X8.nbytes / 1e6:.0f} MB "
          f"(full MNIST: 188 MB vs 47 MB)")


def blas(ds, repeats):
    cfg = CASES["784-256-10 relu adam b64 (fast-demo)"]
    X, y = to_float(ds.x_train), ds.y_train
    times = {1: [], 2: []}
    for r in range(repeats):
        for n in (1, 2):
            threads.set_blas_threads(n)
            times[n].append(bare_epoch(cfg, X, y, r, clock=time.perf_counter))  # wall clock
    threads.set_blas_threads(1)
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"\nBLAS threads (fast-demo epoch, bare loop, wall clock): 1 thread {one:.3f} s, 2 threads "
          f"{two:.3f} s, ratio 2/1 = {two / one:.2f}")


def snapshot_cost(ds):
    cfg = CASES["784-512-256-10 relu adam b128 (shipped, no aug)"].replace(epochs=100)
    tr = Trainer(cfg, ds)
    tr.run(max_steps=20)
    t = time.perf_counter()
    tr.run(max_steps=50)
    step = (time.perf_counter() - t) / 50
    costs = []
    for _ in range(10):
        with tr._priority():
            tr._step_once()  # a new version, so snapshot() copies and histograms everything
        t = time.perf_counter()
        tr.snapshot()
        costs.append(time.perf_counter() - t)
    snap = statistics.median(costs)
    print(f"\nsnapshot() of 784-512-256-10: {snap * 1e3:.2f} ms = {snap / step:.2f} training "
          f"steps; at 2 snapshots/s that is {2 * snap:.1%} of one core")


def augmentation_cost(ds, repeats):
    """Seconds to augment one batch of 128 vs one training step of the shipped network."""
    from core.data.augment import augment
    cfg = CASES["784-512-256-10 relu adam b128 (shipped, no aug)"]
    X, y = to_float(ds.x_train[:128]), ds.y_train[:128]
    net = build_network(cfg)
    opt = make_optimizer(cfg.optimizer, cfg.lr)
    rng = np.random.default_rng(0)
    aug_t, step_t = [], []
    for _ in range(repeats * 10):
        t = time.perf_counter()
        augment(X, rng)
        aug_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        opt.step(net.params, net.loss_and_grads(X, y)[1])
        step_t.append(time.perf_counter() - t)
    a, s = statistics.median(aug_t), statistics.median(step_t)
    print(f"\naugmentation of a batch of 128: {a * 1e3:.2f} ms ({a / 128 * 1e6:.1f} us per image) "
          f"= {a / s:.2f} x one training step of 784-512-256-10")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    args = p.parse_args()
    repeats = 2 if args.quick else 5
    threads.set_blas_threads(1)
    ds = load_dataset("mnist-sample")
    print(f"mnist-sample: {len(ds.y_train):,} training digits; 1 BLAS thread; median of "
          f"{repeats} interleaved repeats; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores\n")
    compare(ds, repeats)
    conversion(ds)
    blas(ds, repeats)
    snapshot_cost(ds)
    augmentation_cost(ds, repeats)


if __name__ == "__main__":
    main()
