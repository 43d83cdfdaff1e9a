"""How many threads BLAS (the matrix-product library under NumPy) may use.

On a 2-core machine that also runs the Streamlit server and a browser, OpenBLAS's default (one
thread per core) made the small training products (64 x 784 @ 784 x 256) several times slower than
one thread, because the BLAS threads fought the server for the cores (see benchmarks/bench_train.py:
3.4-4.0k samples/s at the default against ~20-25k at one thread).  The limit is process-wide: BLAS keeps one thread pool per process.
threadpoolctl is optional; without it these functions do nothing.
"""
from __future__ import annotations

import threading

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl is in requirements.txt
    threadpool_info = threadpool_limits = None

TRAINING_THREADS = 1  # the live app's policy: one BLAS thread per training run
_applied = None       # the limit this module last set
_lock = threading.Lock()


def blas_threads():
    """Threads the loaded BLAS libraries use now (max over libraries), or None if unknown."""
    if threadpool_info is None:
        return None
    counts = [lib["num_threads"] for lib in threadpool_info() if lib.get("user_api") == "blas"]
    return max(counts) if counts else None


def set_blas_threads(n):
    """Limit BLAS to ``n`` threads for the whole process (None: leave as is).  Returns n."""
    global _applied
    if n is None or threadpool_limits is None:
        return n
    n = int(n)
    if n < 1:
        raise ValueError(f"BLAS threads must be >= 1; got {n!r}")
    with _lock:
        # Once per value: the call scans the loaded libraries (~ms), and resizing BLAS's pool
        # while another thread is inside a BLAS call is best avoided.
        if n != _applied:
            threadpool_limits(limits=n, user_api="blas")
            _applied = n
    return n
