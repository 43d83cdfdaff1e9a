"""Training-step speed: ours vs PyTorch, vs the machine's matmul-bound limit, 1 vs 2 BLAS threads.

Run from the repo root:  python benchmarks/bench_step.py [--quick] [--no-load] [--blocks N]
                                                           [--trace-only]

One step = forward, loss, backward and the optimizer update, as the Trainer does per batch:
  784-128-10 sigmoid + momentum, batch 128      (the tutorial's network, trained as the app does)
  784-256-10 ReLU + Adam, batch 128
  784-128-10 sigmoid + plain GD, full batch of 10,000 (the tutorial's own loop)
float32 on both sides, bundled MNIST digits, mini-batches taken in turn from the 10,000.

PyTorch (CPU) runs the same maths, from the same initial weights (the first losses must agree):
  default  nn.Linear + F.cross_entropy + autograd + torch.optim as constructed by default (on CPU
           its for-loop update): what a PyTorch user writes;
  fastest  the fastest of: default, torch.optim with its foreach or fused update (whichever was
           faster here), and "by hand" (our backward pass written in torch ops, no autograd,
           in-place fused updates such as add_(alpha=...)).
Ratios are throughputs, ours / PyTorch (> 1: ours is faster).  Both sides get the same number of
threads (threadpoolctl for OpenBLAS, torch.set_num_threads for PyTorch).

Matmul-bound limit: the same step's matrix products alone, called exactly as our step calls them
(X W1^T, dZ1^T X, and the small second-layer ones; preallocated outputs): the time this step cannot
beat without a faster BLAS or fewer products.  "of limit" = limit / our step time.

Timing: blocks of consecutive steps, rotating through (threads x implementation) so every number
shares the same machine conditions; the first steps of each block are dropped (they pay for the
other library's thread pool going idle); medians.  Only ratios measured in this run are meaningful.

Looking inside: the time of one Network.trace of one example through the shipped network
(core/assets/default_model.npz, 784-512-256-10), seeded with the predicted class's score as the
Draw page's explain() does it (forward, softmax, backward to the pixels, every value kept); the
target is under 5 ms.

Thread policy: our step at 1 and 2 BLAS threads as the machine is, then with a busy process per
core competing (as the Streamlit server and the browser do in class); there the mean step time
(1 / throughput) counts, because the slow steps are the cost.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from core.data import load_dataset, to_float  # noqa: E402
from core.network import Network  # noqa: E402
from core.optim import make_optimizer  # noqa: E402

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover
    sys.exit("this benchmark needs threadpoolctl (pip install threadpoolctl)")
try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover
    torch = None

# name, sizes, activation, init, optimizer, lr, batch size (0 = full batch)
CASES = [
    ("784-128-10 sigmoid + momentum, m=128", (784, 128, 10), "sigmoid", "seed", "momentum", 0.5,
     128),
    ("784-256-10 ReLU + Adam, m=128", (784, 256, 10), "relu", "he", "adam", 1e-3, 128),
    ("784-128-10 sigmoid + GD, full batch m=10,000", (784, 128, 10), "sigmoid", "seed", "sgd", 0.5,
     0),
]
MOMENTUM = 0.9
THREADS = (1, 2)
CONTROLLER = ThreadpoolController()


# --------------------------------------------------------------------------- the contenders
def ours(case, batches):
    """Our step: Network.loss_and_grads + optimizer.step, as core.train does."""
    _, sizes, act, init, opt_name, lr, _ = case
    net = Network(list(sizes), activation=act, init=init, seed=0, dtype="float32")
    opt = make_optimizer(opt_name, lr, momentum=MOMENTUM)

    def step(i):
        X, y = batches[i % len(batches)]
        J, grads = net.loss_and_grads(X, y)
        opt.step(net.params, grads)
        return J
    return step, net


def torch_autograd(case, batches, net, impl):
    """nn.Linear + autograd + torch.optim.  impl: keyword for the optimizer (foreach / fused)."""
    _, sizes, act, _, opt_name, lr, _ = case
    layers = []
    for l in range(1, len(sizes)):
        lin = torch.nn.Linear(sizes[l - 1], sizes[l])
        with torch.no_grad():  # same starting point as ours (nn.Linear.weight is (out, in) too)
            lin.weight.copy_(torch.from_numpy(net.params[f"W{l}"]))
            lin.bias.copy_(torch.from_numpy(net.params[f"b{l}"]))
        layers += [lin, torch.nn.Sigmoid() if act == "sigmoid" else torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    if opt_name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=lr, **impl)
    else:  # dampening = momentum gives the tutorial's v = beta v + (1 - beta) dW
        beta = MOMENTUM if opt_name == "momentum" else 0.0
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=beta, dampening=beta, **impl)
    tb = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]

    def step(i):
        X, y = tb[i % len(tb)]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def torch_by_hand(case, batches, net):
    """Our algorithm written in torch ops: no autograd, in-place fused updates (add_(alpha=...))."""
    _, sizes, act, _, opt_name, lr, _ = case
    W1, b1, W2, b2 = (torch.from_numpy(net.params[k].copy()) for k in ("W1", "b1", "W2", "b2"))
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    state = {k: [torch.zeros_like(p), torch.zeros_like(p)] for k, p in params.items()}
    tb = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]
    t = [0]

    def update(grads):
        t[0] += 1
        c1, c2 = 1 - 0.9 ** t[0], 1 - 0.999 ** t[0]
        for k, g in grads.items():
            p, (m, v) = params[k], state[k]
            if opt_name == "sgd":
                p.sub_(g, alpha=lr)
            elif opt_name == "momentum":
                m.mul_(MOMENTUM).add_(g, alpha=1 - MOMENTUM)
                p.sub_(m, alpha=lr)
            else:
                m.lerp_(g, 0.1)
                v.mul_(0.999).addcmul_(g, g, value=0.001)
                denom = v.sqrt().div_(c2 ** 0.5).add_(1e-8)
                p.addcdiv_(m, denom, value=-lr / c1)

    @torch.no_grad()
    def step(i):
        X, y = tb[i % len(tb)]
        m = X.shape[0]
        A1 = torch.addmm(b1, X, W1.t())
        A1 = A1.sigmoid_() if act == "sigmoid" else A1.relu_()
        logP = torch.log_softmax(torch.addmm(b2, A1, W2.t()), dim=1)
        loss = -logP.gather(1, y[:, None]).mean()
        dZ2 = logP.exp_()
        dZ2[torch.arange(m), y] -= 1.0
        dZ2 /= m
        dA1 = dZ2 @ W2
        dZ1 = dA1.mul_(A1).mul_(1 - A1) if act == "sigmoid" else dA1.mul_(A1 > 0)
        update({"W2": dZ2.t() @ A1, "b2": dZ2.sum(0), "W1": dZ1.t() @ X, "b1": dZ1.sum(0)})
        return loss.item()
    return step


def matmul_limit(case, m):
    """The step's products alone, exactly as our step calls them: X W1^T and dZ1^T X (big),
    A1 W2^T, dZ2^T A1 and dZ2 W2 (small), with W_l row-major (n_l, n_{l-1}) as Network stores it.

    Returns (fn, flops).  Outputs preallocated: nothing but the products themselves.
    """
    _, sizes, *_ = case
    n0, n1, n2 = sizes
    rng = np.random.default_rng(1)
    X, W1 = rng.random((m, n0), np.float32), rng.random((n1, n0), np.float32)
    dZ1, A1 = rng.random((m, n1), np.float32), rng.random((m, n1), np.float32)
    W2, dZ2 = rng.random((n2, n1), np.float32), rng.random((m, n2), np.float32)
    Z1, dW1 = np.empty((m, n1), np.float32), np.empty((n1, n0), np.float32)
    Z2, dW2 = np.empty((m, n2), np.float32), np.empty((n2, n1), np.float32)
    dA1 = np.empty((m, n1), np.float32)

    def fn(i):
        np.matmul(X, W1.T, out=Z1)
        np.matmul(dZ1.T, X, out=dW1)
        np.matmul(A1, W2.T, out=Z2)
        np.matmul(dZ2.T, A1, out=dW2)
        np.matmul(dZ2, W2, out=dA1)
    flops = 2 * m * (2 * n0 * n1 + 3 * n1 * n2)
    return fn, flops


# --------------------------------------------------------------------------- timing
def set_threads(n):
    CONTROLLER.limit(limits=n, user_api="blas")
    if torch is not None:
        torch.set_num_threads(n)


def interleaved(contenders, threads, blocks, block, skip, stat=np.median):
    """{(name, threads): seconds per call}, the ``stat`` (median; mean = 1 / throughput) of all.

    Each block runs ``block`` consecutive calls of one contender at one thread count; the pairs
    take turns (rotating start, so none always follows the same other), the first ``skip`` calls
    of every block are dropped.
    """
    pairs = [(name, n) for n in threads for name in contenders]
    times = {p: [] for p in pairs}
    counter = {p: 0 for p in pairs}
    for b in range(blocks):
        for k in range(len(pairs)):
            name, n = pair = pairs[(b + k) % len(pairs)]
            set_threads(n)
            fn = contenders[name]
            for j in range(block):
                t0 = time.perf_counter()
                fn(counter[pair])
                dt = time.perf_counter() - t0
                counter[pair] += 1
                if j >= skip:
                    times[pair].append(dt)
    return {p: float(stat(v)) for p, v in times.items()}


def fastest_torch_optim(case, batches, net):
    """torch.optim's fastest implementation here besides its CPU default (for-loop): foreach or
    fused, measured at 1 thread.  Returns (label, keyword arguments)."""
    options = {"foreach": {"foreach": True}, "fused": {"fused": True}}
    fns = {}
    for label, kw in options.items():
        try:
            fns[label] = torch_autograd(case, batches, net, kw)
            fns[label](0)
        except (RuntimeError, TypeError, ValueError):  # not supported by this build
            fns.pop(label, None)
    med = interleaved(fns, (1,), blocks=6, block=8, skip=2)
    best = min(fns, key=lambda k: med[(k, 1)])
    return best, options[best]


def make_batches(X, y, m):
    """Contiguous (X, y) row blocks of m (all of X when m = 0)."""
    if m == 0:
        return [(X, y)]
    return [(X[i:i + m], y[i:i + m]) for i in range(0, len(X) - m + 1, m)]


def bench_case(case, X, y, args):
    name, sizes, *_, m = case
    batches = make_batches(X, y, m)
    m = batches[0][0].shape[0]
    step, net = ours(case, batches)
    contenders = {"ours": step}
    if torch is not None:
        label, impl = fastest_torch_optim(case, batches, net)
        contenders["torch default"] = torch_autograd(case, batches, net, {})
        contenders["torch " + label] = torch_autograd(case, batches, net, impl)
        contenders["torch by hand"] = torch_by_hand(case, batches, net)
        # Same weights, same batch: the losses must agree, or we are not timing the same work.
        losses = {k: fn(0) for k, fn in contenders.items()}
        if max(losses.values()) - min(losses.values()) > 1e-4 * losses["ours"]:
            raise SystemExit(f"{name}: first-step losses differ: {losses}")
    limit, flops = matmul_limit(case, m)
    contenders["limit"] = limit
    for fn in contenders.values():  # warm-up: caches, thread pools, allocator
        for i in range(args.warmup if m < 1000 else 2):
            fn(i)
    big = m >= 1000
    med = interleaved(contenders, THREADS, blocks=args.blocks // (4 if big else 1),
                      block=3 if big else args.block, skip=1 if big else 2)
    return {"name": name, "m": m, "med": med, "flops": flops}


def thread_counts(case, X, y, args, procs):
    """Mean seconds per step (1 / throughput: under load the slow steps are the point) of our step
    at 1 and 2 threads, {(threads, loaded): s}, without and with ``procs`` busy processes."""
    name, *_, m = case
    batches = make_batches(X, y, m)
    step, _ = ours(case, batches)
    for i in range(args.warmup):
        step(i)
    big = batches[0][0].shape[0] >= 1000
    kw = dict(blocks=max(args.blocks // (8 if big else 2), 2), block=3 if big else args.block,
              skip=1 if big else 2, stat=np.mean)
    result = {(n, False): t for (_, n), t in interleaved({"ours": step}, THREADS, **kw).items()}
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(procs)]
    try:
        time.sleep(0.2)
        loaded = interleaved({"ours": step}, THREADS, **kw)
        result.update({(n, True): t for (_, n), t in loaded.items()})
    finally:
        for p in busy:  # only the processes started here
            p.kill()
            p.wait()
    return result


def trace_time(X, repeats=300):
    """Median seconds of explain()'s trace of one example through the shipped network, and its
    architecture; at the app's thread count (1 BLAS thread)."""
    from core.io import load_model
    net = load_model(Path(__file__).resolve().parents[1] / "core" / "assets" / "default_model.npz")
    set_threads(1)
    x = X[:1]
    for _ in range(20):
        net.trace(x, seed_class="predicted")
    times = []
    for i in range(repeats):
        x = X[i % len(X)][None]
        t0 = time.perf_counter()
        net.trace(x, seed_class="predicted")
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), "-".join(map(str, net.sizes))


# --------------------------------------------------------------------------- report
def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def cores():
    """Cores this process may run on (respects taskset / container CPU sets)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ms(t):
    return f"{t * 1e3:.3f}" if t < 0.01 else f"{t * 1e3:.1f}"


def torch_best(med, n):
    """(seconds, label) of the fastest PyTorch variant at n threads."""
    times = {k[len("torch "):]: t for (k, m), t in med.items() if k.startswith("torch") and m == n}
    label = min(times, key=times.get)
    return times[label], label


def print_main_table(results):
    print("\n| step | BLAS threads | ours ms | PyTorch default ms | ours/default "
          "| PyTorch fastest ms | ours/fastest | matmul limit ms | of limit | matmul GFLOP/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        med = r["med"]
        for n in THREADS:
            t_ours, t_lim = med[("ours", n)], med[("limit", n)]
            cols = f"| {r['name']} | {n} | {ms(t_ours)} | "
            if torch is not None:
                t_def = med[("torch default", n)]
                t_best, label = torch_best(med, n)
                cols += (f"{ms(t_def)} | **{t_def / t_ours:.2f}x** | {ms(t_best)} ({label}) | "
                         f"**{t_best / t_ours:.2f}x** | ")
            else:
                cols += "n/a | n/a | n/a | n/a | "
            rate = r["flops"] / t_lim / 1e9
            print(cols + f"{ms(t_lim)} | **{t_lim / t_ours:.0%}** | {rate:.0f} |")


def print_thread_table(counts, procs):
    print(f"\nOur step, mean ms per step (= 1 / throughput), 1 vs 2 BLAS threads, as the machine "
          f"is and with {procs} busy processes (one per core) added:")
    print("| step | as is: 1 thread | 2 threads | 2 vs 1 thread | "
          f"+{procs} busy: 1 thread | 2 threads | 2 vs 1 thread |")
    print("|---|---|---|---|---|---|---|")
    for name, c in counts.items():
        cols = [f"| {name}"]
        for loaded in (False, True):
            t1, t2 = c[(1, loaded)], c[(2, loaded)]
            cols.append(f"{ms(t1)} | {ms(t2)} | **{t1 / t2:.2f}x**")
        print(" | ".join(cols) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blocks", type=int, default=40, help="blocks per (threads, contender); "
                                                            "full batch uses a quarter")
    ap.add_argument("--block", type=int, default=10, help="steps per block at batch 128")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--quick", action="store_true", help="few repetitions: a smoke run")
    ap.add_argument("--trace-only", action="store_true", help="only the one-example trace")
    ap.add_argument("--no-load", action="store_true", help="skip the under-load measurement")
    ap.add_argument("--load-procs", type=int, default=cores(),
                    help="busy processes for the under-load measurement (default: one per core)")
    args = ap.parse_args()
    if args.quick:
        args.blocks, args.warmup = 8, 5
    ds = load_dataset("mnist-sample")
    X = to_float(np.concatenate([ds.x_train, ds.x_test]), np.float32)
    y = np.concatenate([ds.y_train, ds.y_test]).astype(np.int64)
    blas = CONTROLLER.select(user_api="blas").info()[0]["internal_api"]
    print(f"{cpu_name()}, {cores()} cores, load average before start {os.getloadavg()[0]:.2f}; "
          f"NumPy {np.__version__} ({blas}), "
          f"PyTorch {torch.__version__ if torch else 'not installed'}; data {X.shape} float32")
    t_trace, arch = trace_time(X)
    print(f"one-example Network.trace (explain), shipped {arch} network, 1 thread: "
          f"{ms(t_trace)} ms median (target < 5 ms)")
    if args.trace_only:
        return
    results = [bench_case(case, X, y, args) for case in CASES]
    print_main_table(results)
    if not args.no_load:
        counts = {case[0]: thread_counts(case, X, y, args, args.load_procs) for case in CASES}
        print_thread_table(counts, args.load_procs)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
