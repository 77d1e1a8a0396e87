"""A learner's progress: which checks passed and which guesses were written, in a small file.

Every self-check of ``nnlib.exercises`` records its verdict, and every prediction its guess, in
``runs/progress.json`` beside the notebook (a kernel runs in its notebook's folder; the
environment variable ``NNLIB_PROGRESS`` names another file, or ``off`` for none).  What is
kept: the notebook, the exercise, passed or not, how many tries, the times; for a
prediction the guess as written (at most 40 characters), the number it was read as and, once
its reveal ran, the true value.  Never the student's code.

The file is replaced whole and atomically (a temporary file in the same folder, then
``os.replace``), so a kernel killed mid-write leaves the old record.  A file that cannot be
read as a record is kept beside as ``progress.json.broken`` and a fresh record begins, with a
warning: recording never makes a check fail.

``python -m nnlib progress [FOLDER]`` prints the summary; ``checks.progress()`` at the end of
each notebook shows that notebook's part of it.
"""

import contextlib
import json
import os
import tempfile
import time
import warnings
from pathlib import Path

FORMAT = "nnlib-progress"
VERSION = 1
ENV = "NNLIB_PROGRESS"
GUESS_CHARS = 40  # a guess is kept as written, cut to this many characters

# What each notebook asks of its reader: its self-checks and its predictions, in order.
# tests/core/test_progress.py checks this table against the notebooks' cells.
NOTEBOOKS = {
    "01": {
        "title": "Build a perceptron and a sigmoid neuron",
        "checks": ["check_perceptron", "check_adder", "check_sigmoid_prime"],
        "predictions": ["my_and_guess"],
    },
    "02": {
        "title": "Feed an MNIST digit forward through a network",
        "checks": ["check_activation", "check_layer", "check_shapes", "check_bit_layer"],
        "predictions": ["my_params_guess"],
    },
    "03": {
        "title": "Descend a cost surface with gradient descent",
        "checks": ["check_quadratic_cost", "check_descent_path", "check_steepest_step"],
        "predictions": ["my_eta_guess"],
    },
    "04": {
        "title": "Compute the gradient with backpropagation",
        "checks": ["check_chain_derivative", "check_hidden_error", "check_weight_derivative"],
        "predictions": ["my_saturation_guess"],
    },
    "05": {
        "title": "Train a network to read handwritten digits",
        "checks": ["check_update_mini_batch", "check_steps"],
        "predictions": ["my_epoch0_guess", "my_batch_guess"],
    },
    "06": {
        "title": "Tune the hyper-parameters in a playground",
        "checks": [],
        "predictions": ["my_hidden100_guess", "my_scaled_guess"],
    },
    "07": {
        "title": "Look inside the network: baselines, mistakes and your own digit",
        "checks": ["check_beats_darkness", "check_reaches_centroid"],
        "predictions": ["my_shallow_guess"],
    },
}
NOTEBOOK_OF = {
    name: number
    for number, asks in NOTEBOOKS.items()
    for name in asks["checks"] + asks["predictions"]
}


class ProgressWarning(UserWarning):
    """The progress file could not be read or written; the check itself went on."""


def path_in(folder=None):
    """The progress file: ``NNLIB_PROGRESS``, else ``FOLDER/runs/progress.json`` (FOLDER: the
    current folder, where a notebook's kernel runs); None when ``NNLIB_PROGRESS=off``."""
    chosen = os.environ.get(ENV, "").strip()
    if folder is None and chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    return Path(folder or ".") / "runs" / "progress.json"


def empty():
    return {"format": FORMAT, "version": VERSION, "notebooks": {}}


def problem_with(data):
    """Why ``data`` (parsed JSON) is not a progress record, or None."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "not an nnlib progress record"
    if data.get("version") != VERSION:
        return f"version {data.get('version')!r}, this nnlib reads version {VERSION}"
    notebooks = data.get("notebooks")
    if not isinstance(notebooks, dict) or not all(
        isinstance(n, dict)
        and all(
            isinstance(n.get(kind), dict) and all(isinstance(e, dict) for e in n[kind].values())
            for kind in ("checks", "predictions")
        )
        for n in notebooks.values()
    ):
        return "its 'notebooks' are not records"
    return None


def read(path):
    """The record in ``path`` (an empty one when there is none yet).  Raises ValueError,
    naming the file, when it is not a progress record."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty()
    except (OSError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: cannot be read: {e}") from None
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ValueError(f"{path}: not JSON ({e})") from None
    problem = problem_with(data)
    if problem:
        raise ValueError(f"{path}: {problem}")
    return data


def write(path, data):
    """Replace ``path`` with ``data`` atomically: a temporary file beside it, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp's 0600 would keep a teacher's class-report out
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(descriptor, 0o666 & ~umask)
        with os.fdopen(descriptor, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _locked(path):
    """Hold ``path``'s lock file while reading and writing it: two kernels of one student
    (05 and 06 open at once) do not lose each other's records.  POSIX only; elsewhere none."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; a lost update is rare and harmless
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name("." + path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _update(change, folder=None):
    """Read the record, apply ``change(data)``, write it back; a broken file is set aside and
    a fresh record begun; any failure is a ProgressWarning, never an exception."""
    path = path_in(folder)
    if path is None:
        return
    try:
        with _locked(path):
            try:
                data = read(path)
            except ValueError as e:
                data = empty()
                broken = path.with_name(path.name + ".broken")
                try:
                    os.replace(path, broken)
                    kept = f"kept as {broken.name}"
                except OSError:
                    kept = "left as it is"
                warnings.warn(
                    f"progress: {e}; starting a fresh record (the old file is {kept})",
                    ProgressWarning,
                    stacklevel=4,
                )
            change(data)
            write(path, data)
    except Exception as e:  # noqa: BLE001 - recording must never make a check fail
        warnings.warn(f"progress: could not record in {path}: {e}", ProgressWarning, stacklevel=4)


def _notebook(data, name):
    return data["notebooks"].setdefault(
        NOTEBOOK_OF.get(name, "other"), {"checks": {}, "predictions": {}}
    )


def record_check(name, passed, folder=None):
    """Record that the check ``name`` (e.g. "check_layer") passed or not, now."""

    def change(data):
        entry = _notebook(data, name)["checks"].setdefault(name, {"tries": 0})
        entry["tries"] = entry.get("tries", 0) + 1
        entry["passed"] = bool(passed)
        entry["last_try"] = _now()
        if passed and "first_passed" not in entry:
            entry["first_passed"] = entry["last_try"]

    _update(change, folder)


def record_guess(name, guess, value=None, truth=None, folder=None):
    """Record the guess ``name`` as written (and as the number ``value`` it was read as, and
    the ``truth`` once the reveal knows it).  An unchanged guess is not written again."""
    shown = guess if isinstance(guess, str) else repr(guess)
    shown = shown[:GUESS_CHARS]
    value = None if value is None else float(value)
    truth = None if truth is None else float(truth)

    def change(data):
        predictions = _notebook(data, name)["predictions"]
        old = predictions.get(name, {})
        entry = {"guess": shown, "time": _now()}
        if value is not None:
            entry["value"] = value
        if truth is not None or old.get("truth") is not None:
            entry["truth"] = truth if truth is not None else old["truth"]
        if {k: v for k, v in old.items() if k != "time"} != {
            k: v for k, v in entry.items() if k != "time"
        }:
            predictions[name] = entry

    _update(change, folder)


def summary(data):
    """Per notebook (in order): (number, title, passed checks, left checks, guesses written,
    guesses left), from a record.  A check counts once it has passed."""
    rows = []
    for number, asks in NOTEBOOKS.items():
        done = data["notebooks"].get(number, {"checks": {}, "predictions": {}})
        passed = [c for c in asks["checks"] if done["checks"].get(c, {}).get("first_passed")]
        guessed = [p for p in asks["predictions"] if p in done["predictions"]]
        rows.append(
            (
                number,
                asks["title"],
                passed,
                [c for c in asks["checks"] if c not in passed],
                guessed,
                [p for p in asks["predictions"] if p not in guessed],
            )
        )
    return rows
