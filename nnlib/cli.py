"""Command line: ``python -m nnlib train`` runs the book's experiment.

    python -m nnlib train --sizes 784 30 10 --epochs 30 --mini-batch-size 10 --eta 3.0 --seed 0

prints the book's epoch lines (``Epoch 0: 9045 / 10000`` …) and a summary.

    python -m nnlib progress [FOLDER]          checks passed and guesses written, per notebook
    python -m nnlib reset 05 [FOLDER]          a fresh copy of notebook 05 (the old one kept)
    python -m nnlib class-report HOME... [--out DIR] [--language zh]     a teacher's view

``class-report`` draws figures, so it needs the notebooks' extra (matplotlib).
Bad arguments end with a one-line message on stderr and exit status 2; a data
problem with status 1; never a traceback.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import progress as records
from . import storage
from .data import DataError, load_data
from .network import Network

ETA_MAX = 1e6  # the book's η is 3.0; at η = 100 its network stays at chance; see _eta


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _eta(text):
    """η > 0 and at most ``ETA_MAX``.  Larger values teach nothing (the book's run at
    η = 100 already stays at chance, about 10%) and at the far end overflow the
    arithmetic: η = 1e308 overflows float64 sums in the first mini-batch, η ≥ 1e100
    does not fit in float32 and turns every weight into NaN (measured: 1 epoch on
    5,000 images)."""
    value = _positive_float(text)
    if value > ETA_MAX:
        raise argparse.ArgumentTypeError(
            f"must be at most {ETA_MAX:g} (the book's η is 3.0; at η = 100 its network stays "
            f"at chance, about 10%, and far larger steps overflow the arithmetic), got {text}"
        )
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
        "--eta",
        type=_eta,
        default=3.0,
        help=f"learning rate η, at most {ETA_MAX:g} (default: 3.0)",
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
    shown = commands.add_parser(
        "progress",
        help="the checks passed and the guesses written, per notebook",
        description="Read FOLDER/runs/progress.json (written by the notebooks' self-checks) "
        "and print, per notebook, the checks passed out of the total and what is left.",
    )
    shown.add_argument(
        "folder",
        nargs="?",
        default=".",
        help="the notebooks' folder, or the project's (default: the current folder)",
    )
    reset = commands.add_parser(
        "reset",
        help="a fresh copy of one notebook; the old one is kept beside it, progress untouched",
        description="Replace notebook NN in FOLDER by its pristine copy (the student edition's "
        ".pristine/ folder, or git's last commit); the old notebook is renamed "
        "NAME-before-reset-TIME.ipynb, and runs/ (progress, saved networks) is not touched.",
    )
    reset.add_argument("number", help="the notebook's number, e.g. 05")
    reset.add_argument(
        "folder", nargs="?", default=None, help="the notebooks' folder (default: found from .)"
    )
    report = commands.add_parser(
        "class-report",
        help="a teacher's view of a class: who passed which check, the guesses as histograms",
        description="Read every runs/progress.json under each HOME (one student each), print "
        "who passed which check and write checks.csv, guesses.csv and one histogram per "
        "prediction (PNG) into --out.",
    )
    report.add_argument("homes", nargs="+", metavar="HOME", help="a student's folder")
    report.add_argument(
        "--out", default="class-report", metavar="DIR", help="(default: ./class-report)"
    )
    report.add_argument(
        "--truth-from",
        nargs="+",
        default=[],
        metavar="FOLDER",
        help="your own run of the notebooks: its reveals give the true values (not a student)",
    )
    report.add_argument("--language", choices=["en", "zh"], default="en")
    return parser


def show_progress(args):
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder")
    candidates = [folder / "runs" / "progress.json"]
    if not candidates[0].exists():
        candidates = [folder / "notebooks" / "runs" / "progress.json"]
        candidates.append(folder / "notebooks" / "zh" / "runs" / "progress.json")
    found = [path for path in candidates if path.exists()]
    if not found:
        print(f"No progress recorded yet in {folder.resolve()} (no runs/progress.json).")
    for path in found:
        data = records.read(path)
        print(f"Progress in {path}:")
        for number, title, passed, left, guessed, unguessed in records.summary(data):
            checks, predictions = len(passed) + len(left), len(guessed) + len(unguessed)
            counts = [f"{checks} check{'s' * (checks != 1)}"] * bool(checks)
            counts.append(f"{predictions} guess{'es' * (predictions != 1)}")
            if number not in data["notebooks"]:
                print(f"  {number} {title}: not started ({', '.join(counts)})")
                continue
            done = [f"{len(passed)} of {checks} checks passed"] * bool(checks)
            done.append(f"{len(guessed)} of {predictions} guesses written")
            print(f"  {number} {title}: {', '.join(done)}")
            tries = data["notebooks"][number]["checks"]
            still = [
                check + (f" (tried {tries[check]['tries']}×)" if check in tries else "")
                for check in left
            ] + [f"guess {name}" for name in unguessed]
            if still:
                print(f"      left: {', '.join(still)}")
    return 0


def reset_notebook(args):
    number = args.number.zfill(2)
    if number not in records.NOTEBOOKS:
        raise ValueError(f"no notebook {args.number!r}; the notebooks are 01 to 07")
    if args.folder is not None:
        folders = [Path(args.folder)]
    else:
        folders = [Path("."), Path("notebooks")]
    matches = [
        path
        for folder in folders
        for path in sorted(folder.glob(f"{number}_*.ipynb"))
        if "-before-reset-" not in path.name
    ]
    if not matches:
        where = " or ".join(str(f.resolve()) for f in folders)
        raise ValueError(f"no notebook {number}_*.ipynb in {where}")
    path = matches[0]
    pristine = path.parent / ".pristine" / path.name
    if pristine.exists():
        fresh = pristine.read_bytes()
    else:
        shown = subprocess.run(
            ["git", "show", f"HEAD:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
        )
        if shown.returncode != 0:
            raise ValueError(
                f"no pristine copy of {path.name} (neither {pristine} nor git's last "
                "commit has one): download the notebooks again and copy that one notebook"
            )
        fresh = shown.stdout
    kept = path.with_name(f"{path.stem}-before-reset-{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
    temporary = path.with_name(f".{path.name}.reset.tmp")
    temporary.write_bytes(fresh)
    shutil.copy2(path, kept)
    os.replace(temporary, path)
    print(f"{path}: a fresh copy; your old one is {kept.name}. Your progress is kept.")
    return 0


def class_report(args):
    try:
        from .notebook import class_report as report  # matplotlib: the notebooks' extra
    except ImportError as e:
        raise ValueError(f"class-report needs the notebooks' extra (matplotlib): {e}") from None
    report.report(args.homes, args.out, language=args.language, truth_from=args.truth_from)
    return 0


def check_save(path, sizes, dtype):
    """Refuse, before any training, a ``--save`` that ``Network.save`` could not write: an
    empty name, a directory, a missing or unwritable folder, a write-protected file, or a
    disk without room for the network (its parameters plus 1% and 64 KiB)."""
    path = storage.check_path(path, "--save")
    try:
        real = storage.target_of(path)
    except OSError as e:
        raise ValueError(
            f"--save {path}: {e.strerror.removeprefix('cannot save the network there: ')}"
        ) from None
    parameters = sum(m * n + m for n, m in zip(sizes[:-1], sizes[1:]))
    needed = int(parameters * np.dtype(dtype).itemsize * 1.01) + 65536
    try:
        disk = os.statvfs(os.path.dirname(real))
    except (AttributeError, OSError):  # Windows, or a file system that does not say
        return
    free = disk.f_bavail * disk.f_frsize
    if free < needed:
        raise ValueError(
            f"--save {path}: the disk has {free:,} bytes free; the network needs about {needed:,}"
        )


def train(args):
    sizes = args.sizes
    if len(sizes) < 2 or sizes[0] != 784 or sizes[-1] != 10:
        raise ValueError(
            f"--sizes must start with 784 (pixels) and end with 10 (digits), "
            f"with at least two layers; got {' '.join(map(str, sizes))}"
        )
    if args.save is not None:  # find out now, not after 30 epochs of training
        check_save(args.save, sizes, args.dtype)
    training, _validation, test = load_data(args.data)
    if args.mini_batch_size > len(training[0]):
        raise ValueError(
            f"--mini-batch-size must be at most {len(training[0])} (the number of training "
            f"images: one mini-batch of them all is plain gradient descent), "
            f"got {args.mini_batch_size}"
        )
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
    run = {
        "train": train,
        "progress": show_progress,
        "reset": reset_notebook,
        "class-report": class_report,
    }[args.command]
    try:
        run(args)
    except (ValueError, DataError, OSError) as e:
        print(f"nnlib {args.command}: error: {e}", file=sys.stderr)
        return 2 if isinstance(e, ValueError) else 1
    except MemoryError:
        print(
            f"nnlib {args.command}: error: not enough memory"
            + (f" for a network of sizes {args.sizes}" if args.command == "train" else ""),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("nnlib: interrupted", file=sys.stderr)
        return 130
    return 0
