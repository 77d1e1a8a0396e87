"""What checking the arguments costs, against an epoch of the book's run.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/checks.py     # about 6 s

``SGD`` checks its whole training set once per call (every value a finite real number,
``nnlib.arguments.examples``); the mini-batches it then hands to ``update_mini_batch``
are not scanned again.  This times, for ``[784, 30, 10]``, mini-batch 10, η = 3.0 on
MNIST's 50,000 training images: one epoch of ``SGD``; the check of the training set
(arrays, as ``load_data`` gives them, and the book's list of pairs from
``load_data_wrapper``) and of the 10,000 test images; and the checks of one mini-batch
on ``SGD``'s path and on a direct call ``update_mini_batch((X, Y), eta)``.  Minimum of
several runs: the machine is shared and noisy, the minimum is the steadier number.
"""

import time
import timeit

import numpy as np

from nnlib import Network, arguments, load_data, load_data_wrapper

SIZES = [784, 30, 10]


def best(call, number=1, repeat=5):
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


def measure(dtype, images, labels, test_images, test_labels, pairs):
    """One row of the table, for a network of ``dtype``."""
    net = Network(SIZES, seed=0, dtype=dtype)
    epoch = []
    for _ in range(5):
        start = time.perf_counter()
        net.SGD((images, labels), 1, 10, 3.0, verbose=False)
        epoch.append(time.perf_counter() - start)
    epoch = min(epoch)
    whole = best(lambda: arguments.examples((images, labels), SIZES, dtype, "training_data"))
    listed = best(lambda: arguments.examples(pairs, SIZES, dtype, "training_data"), repeat=3)
    test = best(lambda: arguments.examples((test_images, test_labels), SIZES, dtype, "test"))
    checked = arguments.examples((images, labels), SIZES, dtype, "training_data")
    batch = np.arange(10)
    sgd_pair = (checked[0][batch].T, checked[1][batch].T)  # what SGD hands on
    X, Y = (np.ascontiguousarray(arguments.plain(a)) for a in sgd_pair)  # a user's own pair

    def one_batch(pair):
        X, Y = arguments.mini_batch_matrices(pair, 3.0, SIZES, dtype)
        arguments.check_example(X, Y, SIZES)  # backprop's check

    per_sgd = best(lambda: one_batch(sgd_pair), number=20000)
    per_direct = best(lambda: one_batch((X, Y)), number=20000)
    return (
        f"| {dtype.__name__} | {epoch:.3f} s | {whole * 1e3:.1f} ms ({whole / epoch:.1%}) "
        f"| {listed * 1e3:.0f} ms ({listed / epoch:.0%}) | {test * 1e3:.1f} ms "
        f"| {per_sgd * 1e6:.2f} µs (×5,000: {per_sgd * 5000 / epoch:.1%}) "
        f"| {per_direct * 1e6:.2f} µs |"
    )


def main():
    (images, labels), _, (test_images, test_labels) = load_data()
    pairs = load_data_wrapper()[0]
    print(
        "| dtype | SGD, 1 epoch | check: arrays | check: list of pairs | check: 10,000 test "
        "| a mini-batch, SGD's | a mini-batch, direct |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for dtype in (np.float32, np.float64):
        print(measure(dtype, images, labels, test_images, test_labels, pairs))


if __name__ == "__main__":
    main()
