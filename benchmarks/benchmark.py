"""Speed, accuracy and memory of nnlib against the book's per-example method.

    python benchmarks/benchmark.py            # about 3 minutes on a 2-core machine

1. Speed: seconds per epoch on the book's run ([784, 30, 10], mini-batch 10,
   η = 3.0, the 50,000 training images), nnlib (matrix form) against the
   per-example method of ``reference.py``, interleaved in the same process so
   both see the same machine load; the ratio is what counts (absolute times on
   shared machines drift by 2×).
2. Accuracy and memory: the book's full 30-epoch run through the CLI
   (``python -m nnlib train``) in a child process, for float64 and float32; the
   child's peak RSS covers loading the data and training.
"""

import contextlib
import io
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
import reference  # noqa: E402

from nnlib import Network, load_data, load_data_wrapper  # noqa: E402

SIZES, MINI_BATCH, ETA = [784, 30, 10], 10, 3.0


def time_epochs(rounds):
    """Median seconds per epoch for each (method, dtype), interleaved round by round."""
    training, _, _ = load_data()
    pairs = load_data_wrapper()[0]
    times = {}
    for dtype in ("float32", "float64"):
        book = reference.Network(SIZES, seed=0, dtype=dtype)
        # the book's pairs, in this dtype (its x columns are float32 views)
        data = [(x.astype(dtype), y.astype(dtype)) for x, y in pairs]
        net = Network(SIZES, seed=0, dtype=dtype)
        for _ in range(rounds):
            start = time.perf_counter()
            book.SGD(data, 1, MINI_BATCH, ETA)
            times.setdefault(("per-example", dtype), []).append(time.perf_counter() - start)
            record = net.SGD(training, 1, MINI_BATCH, ETA, verbose=False)[0]
            times.setdefault(("nnlib", dtype), []).append(record["seconds"])
    return {key: statistics.median(value) for key, value in times.items()}


def full_run(dtype, epochs=30):
    """Run the CLI in a child; return (final count, best count, s/epoch, peak RSS MiB)."""
    cmd = [
        sys.executable,
        "-m",
        "nnlib",
        "train",
        "--sizes",
        *map(str, SIZES),
        "--epochs",
        str(epochs),
        "--mini-batch-size",
        str(MINI_BATCH),
        "--eta",
        str(ETA),
        "--seed",
        "0",
        "--dtype",
        dtype,
    ]
    child = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed:\n{output}")
    counts = [int(n) for n in re.findall(r"Epoch \d+: (\d+) / 10000", output)]
    per_epoch = float(re.search(r"\(([\d.]+) s/epoch\)", output).group(1))
    return counts[-1], max(counts), per_epoch, usage.ru_maxrss / 1024  # ru_maxrss is KiB


def main():
    print(
        f"nnlib benchmark: {SIZES}, mini-batch {MINI_BATCH}, eta {ETA}, "
        f"{os.cpu_count()} cores, numpy {np.__version__}"
    )
    # The full runs go first: a child forked from a parent that already holds
    # the data would inherit the parent's RSS in its peak.
    runs = {dtype: full_run(dtype) for dtype in ("float32", "float64")}
    with contextlib.redirect_stdout(io.StringIO()):  # the book's "Epoch 0 complete"
        speed = time_epochs(rounds=int(os.environ.get("BENCH_ROUNDS", 3)))
    print("\n| dtype | per-example (book) s/epoch | nnlib s/epoch | speed-up |")
    print("| --- | --- | --- | --- |")
    for dtype in ("float32", "float64"):
        book, ours = speed[("per-example", dtype)], speed[("nnlib", dtype)]
        print(f"| {dtype} | {book:.2f} | {ours:.2f} | {book / ours:.1f}x |")
    print("\n| dtype | 30 epochs: final | best | s/epoch | peak RSS (load + train) |")
    print("| --- | --- | --- | --- | --- |")
    for dtype, (final, best, per_epoch, rss) in runs.items():
        print(f"| {dtype} | {final} / 10000 | {best} / 10000 | {per_epoch:.2f} | {rss:.0f} MiB |")


if __name__ == "__main__":
    main()
