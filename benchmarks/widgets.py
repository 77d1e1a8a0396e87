"""How long the playground's Stop takes in the middle of a long epoch.

    python benchmarks/widgets.py            # about 10 s; ROUNDS=10 for more rounds

The playground of notebook 06 trains in a background thread; Stop (and every
slider move, which stops the run going before starting a new one) sets an
event that ``Network.SGD`` checks before each mini-batch, then waits for the
thread.  The worst case for it is a long epoch of small steps: 50,000 images,
100 hidden neurons, mini-batches of 1 (one epoch: about 10 s on 2 cores).  Each
round starts such a run, lets it train for a second, and times ``stop()``.
The aim: well under a second, so that a reader moving a slider sees the new
run start at once.  (``tests/notebook/test_widgets.py`` checks that Stop ends
the run inside the epoch; the timing lives here, where a busy machine cannot
make a test fail.)
"""

import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnlib.notebook.playground import Playground  # noqa: E402

AIM = 1.0  # seconds


def time_stop(pg, train_for=1.0):
    """Start a run, let it train ``train_for`` seconds, return how long ``stop()`` takes."""
    run = pg.run()
    deadline = time.monotonic() + 60
    while run["initial"] is None:  # the run has scored its untrained network: training begins
        if time.monotonic() > deadline:
            sys.exit("benchmark: the run did not start within 60 s")
        time.sleep(0.01)
    time.sleep(train_for)
    start = time.perf_counter()
    pg.stop()
    seconds = time.perf_counter() - start
    if pg.is_running or run["status"] != "stopped" or run["history"]:
        sys.exit(f"benchmark: the run did not stop inside its epoch: {run['status']}")
    return seconds


def main():
    rounds = int(os.environ.get("ROUNDS", 5))
    print(
        f"Playground Stop in the middle of an epoch: 50,000 images, hidden 100, "
        f"mini-batch 1; {rounds} rounds, {os.cpu_count()} cores"
    )
    pg = Playground(n_train=50000, hidden=100, mini_batch_size=1, epochs=1)
    try:
        times = [time_stop(pg) for _ in range(rounds)]
    finally:
        pg.stop()
    for i, t in enumerate(times, 1):
        print(f"  round {i}: stop() took {1000 * t:.1f} ms")
    median, worst = statistics.median(times), max(times)
    print(f"median {1000 * median:.1f} ms, worst {1000 * worst:.1f} ms (aim: < {AIM:.1f} s)")
    if worst >= AIM:
        print(f"SLOW: Stop took {worst:.2f} s at worst")


if __name__ == "__main__":
    main()
