"""The guided experiments of the Lessons page, run headless at their full settings: each one's
finding in the app's English words, with the seconds its runs took.

Run from the repo root:  python benchmarks/bench_lessons.py [id ...]   (ids: core.experiments)
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import threads  # noqa: E402
from core.data import load_dataset  # noqa: E402
from core.experiments import EXPERIMENTS, run_experiment  # noqa: E402
from viz.strings import t_in  # noqa: E402


def main(ids) -> None:
    threads.set_blas_threads(threads.TRAINING_THREADS)
    data = load_dataset("mnist-sample")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for exp_id in ids or EXPERIMENTS:
        exp = EXPERIMENTS[exp_id]
        t0, c0 = time.perf_counter(), time.process_time()
        records = run_experiment(exp, data)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        finding = exp.summarize(records)
        print(f"{exp_id:10s} {wall:5.1f} s ({cpu:.1f} CPU s)  {finding.code}")
        print("           " + t_in("en", f"finding.{finding.code}", **finding.params))


if __name__ == "__main__":
    main(sys.argv[1:])
