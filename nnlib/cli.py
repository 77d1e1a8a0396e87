"""Command line: ``python -m nnlib train`` runs the book's experiment.

    python -m nnlib train --sizes 784 30 10 --epochs 30 --mini-batch-size 10 --eta 3.0 --seed 0

prints the book's epoch lines (``Epoch 0: 9045 / 10000`` …) and a summary.
Bad arguments end with a one-line message on stderr and exit status 2; a data
problem with status 1; never a traceback.
"""

import argparse
import os
import sys
import time

import numpy as np

from .data import DataError, load_data
from .network import Network


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _int_at_least(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be an integer >= {minimum}, got {text}")
        return value

    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line, no usage block: "nnlib train: error: argument --eta: must be ..."
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    parser = _Parser(
        prog="nnlib",
        description="The network of chapter 1 of Neural Networks and Deep Learning, on MNIST.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser(
        "train",
        help="train a network with SGD and report test accuracy per epoch",
        description="Train Network(SIZES) with mini-batch SGD on the 50,000 MNIST training "
        "images, printing the count of correct test images after each epoch.",
    )
    train.add_argument(
        "--sizes",
        type=_int_at_least(1),
        nargs="+",
        default=[784, 30, 10],
        metavar="N",
        help="layer sizes, input first (default: 784 30 10)",
    )
    train.add_argument(
        "--epochs",
        type=_int_at_least(0),
        default=30,
        help="passes over the training data (default: 30)",
    )
    train.add_argument(
        "--mini-batch-size",
        type=_int_at_least(1),
        default=10,
        metavar="M",
        help="examples per gradient step (default: 10)",
    )
    train.add_argument(
        "--eta", type=_positive_float, default=3.0, help="learning rate η (default: 3.0)"
    )
    train.add_argument(
        "--seed",
        type=_int_at_least(0),
        default=None,
        help="random seed for weights and shuffling (default: none)",
    )
    train.add_argument(
        "--dtype",
        choices=["float32", "float64"],
        default="float64",
        help="floating-point type (default: float64, as in the book)",
    )
    train.add_argument(
        "--data",
        default=None,
        metavar="DIR",
        help="folder with the four MNIST .gz files (default: $NNLIB_DATA or the project's data/)",
    )
    train.add_argument(
        "--save", default=None, metavar="PATH", help="save the trained network to PATH (.npz)"
    )
    return parser


def train(args):
    sizes = args.sizes
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10:
        raise ValueError(
            f"--sizes must start with 784 (pixels) and end with 10 (digits), "
            f"with at least two layers; got {' '.join(map(str, sizes))}"
        )
    if args.save:  # find out now, not after 30 epochs of training
        folder = os.path.dirname(os.path.abspath(args.save))
        if not os.path.isdir(folder):
            raise ValueError(f"--save: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            raise ValueError(f"--save: cannot write in {folder}")
    training, _validation, test = load_data(args.data)
    net = Network(sizes, seed=args.seed, dtype=args.dtype)
    start = time.perf_counter()
    history = net.SGD(training, args.epochs, args.mini_batch_size, args.eta, test_data=test)
    total = time.perf_counter() - start
    if history:
        best = max(history, key=lambda r: r["correct"])
        last = history[-1]
        print(
            f"Trained {net} for {len(history)} epoch{'s' * (len(history) != 1)} in {total:.1f} s "
            f"({total / len(history):.2f} s/epoch): final {last['correct']} / "
            f"{last['total']} ({100 * last['accuracy']:.2f}%), best {best['correct']} "
            f"at epoch {best['epoch']}"
        )
    if args.save:
        print(f"Saved to {net.save(args.save)}")


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        train(args)
    except (ValueError, DataError, OSError) as e:
        print(f"nnlib {args.command}: error: {e}", file=sys.stderr)
        return 2 if isinstance(e, ValueError) else 1
    except MemoryError:
        print(
            f"nnlib {args.command}: error: not enough memory for a network of sizes {args.sizes}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("nnlib: interrupted", file=sys.stderr)
        return 130
    return 0
