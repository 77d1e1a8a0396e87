"""The class at a glance: who passed which check, and the class's guesses for the projector.

    python -m nnlib class-report /home/*  [--out class-report] [--language zh]

Each HOME is one student's folder (on a JupyterHub, their home); every ``runs/progress.json``
in it (``nnlib.progress``: one beside each notebook folder the student ran, up to four
folders deep) is read.  Printed: per student and notebook the checks passed out of the total,
then per check who has not passed it yet.  Written into OUT: ``checks.csv`` (student × check:
passed, tried or blank), ``guesses.csv`` (every guess as written and as read) and, for each
prediction somebody answered, ``guesses-<name>.png``: the class's guesses as a histogram with
the true value marked, a picture to show before running the reveal.

The true value is the one the notebook's reveal recorded (the runs are seeded, so every
student's reveal finds the same); before anyone ran it, the closed-form ones (01-03) are
computed here, and the others are marked "not revealed yet".
"""

import csv
import statistics
from pathlib import Path

import numpy as np

from .. import descent, progress
from ..activations import sigmoid
from ..language import gettext as _
from ..language import ngettext
from . import plots

DEPTH = 4  # how deep under a HOME to look for runs/progress.json


# How each reveal reads a number written (tests/core/test_progress.py holds them to it).
# None: a guess the reveal refuses (it says why), left out of the histogram.
def _share(v):  # 05's count of right test images: 0.93 is read as a share of 10,000
    v = v * 10000 if 0 < v < 1 else v
    return v if 0 <= v <= 10000 else None


def _count(v):  # 07's count: 0.9 and 90 are read as shares
    v = v * 10000 if 0 < v <= 1 else v * 100 if 1 < v <= 100 else v
    return v if 0 <= v <= 10000 else None


def _fraction(v):  # 06's accuracy: 90 is read as 90%
    v = v / 100 if 1 < v <= 100 else v
    return v if 0 <= v <= 1 else None


def _plain(v):
    return v


# prediction -> (what the axis shows, how a number written is read)
AXES = {
    "my_and_guess": (lambda: _("the neuron's output at x = (1, 0)"), _plain),
    "my_params_guess": (lambda: _("weights and biases of [784, 30, 10]"), _plain),
    "my_eta_guess": (lambda: _("largest η at which the ball settles"), _plain),
    "my_saturation_guess": (lambda: _("factor by which ∂C/∂w² changes"), _plain),
    "my_epoch0_guess": (lambda: _("test images right after epoch 0 (of 10,000)"), _share),
    "my_batch_guess": (lambda: _("mini-batch size that reads best"), _plain),
    "my_hidden100_guess": (lambda: _("mean accuracy, 100 hidden neurons"), _fraction),
    "my_scaled_guess": (lambda: _("mean accuracy, start N(0, 1/n_in)"), _fraction),
    "my_shallow_guess": (lambda: _("test images right, [784, 10] (of 10,000)"), _count),
}


HOW = {  # how the true value is known
    "revealed": lambda: _("revealed"),
    "computed": lambda: _("computed"),
    "not revealed yet": lambda: _("not revealed yet"),
}


def closed_form_truths():
    """The results that need no run: σ(0) for 01, the parameter count of [784, 30, 10] for
    02, the limit 2/κ₂ for 03 (the same computations as their reveals)."""
    sizes = [784, 30, 10]
    return {
        "my_and_guess": float(sigmoid(1000 * (1.0 * 1 + 1.0 * 0 - 1.0))),
        "my_params_guess": float(sum(i * o + o for i, o in zip(sizes[:-1], sizes[1:]))),
        "my_eta_guess": 2 / descent.CURVATURE[1],
    }


def read_home(home):
    """One student's records, every progress file under ``home`` merged: (checks, guesses,
    problems) with checks {name: "passed" | "tried"} and guesses {name: entry}."""
    home = Path(home)
    files = sorted(
        p
        for depth in range(DEPTH + 1)
        for p in home.glob("/".join(["*"] * depth + ["runs", "progress.json"]))
    )
    checks, guesses, problems = {}, {}, []
    for path in files:
        try:
            data = progress.read(path)
        except ValueError as e:
            problems.append(str(e))
            continue
        for notebook in data["notebooks"].values():
            for name, entry in notebook["checks"].items():
                passed = bool(entry.get("first_passed"))
                if passed or name not in checks:
                    checks[name] = "passed" if passed else "tried"
            for name, entry in notebook["predictions"].items():
                if entry.get("time", "") >= guesses.get(name, {}).get("time", ""):
                    guesses[name] = entry
    return checks, guesses, problems


def read_class(homes):
    """{student: (checks, guesses)} for each HOME (named by its folder), and the problems."""
    students, problems = {}, []
    for home in homes:
        if not Path(home).is_dir():
            raise ValueError(f"{home} is not a folder")
        checks, guesses, trouble = read_home(home)
        students[Path(home).resolve().name] = (checks, guesses)
        problems += [f"{Path(home).name}: {p}" for p in trouble]
    return students, problems


def value_of(name, entry):
    """The number a guess was read as: the reveal's reading, else the guess as written."""
    if entry.get("value") is not None:
        return float(entry["value"])
    try:
        value = float(entry.get("guess", ""))
    except ValueError:
        return None
    read = AXES.get(name, (None, _plain))[1]
    return read(value) if np.isfinite(value) else None


def truth_of(name, entries, known=()):
    """(the true value or None, how it is known) from what the reveals recorded: the
    teacher's own run (``known``) first, then the students'."""
    recorded = [e["truth"] for e in known if e.get("truth") is not None]
    recorded = recorded or [e["truth"] for e in entries if e.get("truth") is not None]
    if recorded:
        return statistics.median(recorded), "revealed"
    if name in closed_form_truths():
        return closed_form_truths()[name], "computed"
    return None, "not revealed yet"


def table(students):
    """The printed report: per student and notebook checks passed / total, then per check the
    students who have not passed it."""
    names = sorted(students)
    numbers = [n for n, asks in progress.NOTEBOOKS.items() if asks["checks"]]
    width = max([len(_("student"))] + [len(n) for n in names])
    lines = [_("Checks passed, per notebook:"), ""]
    lines.append(f"{_('student'):<{width}}  " + "  ".join(f"{n:>5}" for n in numbers))
    for student in names:
        checks = students[student][0]
        cells = []
        for number in numbers:
            asks = progress.NOTEBOOKS[number]["checks"]
            passed = sum(checks.get(c) == "passed" for c in asks)
            cells.append(f"{passed}/{len(asks)}".rjust(5))
        lines.append(f"{student:<{width}}  " + "  ".join(cells))
    lines += ["", _("Not passed yet (tried, or not tried):")]
    nobody = []
    for number in numbers:
        for check in progress.NOTEBOOKS[number]["checks"]:
            tried = [s for s in names if students[s][0].get(check) == "tried"]
            untried = [s for s in names if check not in students[s][0]]
            if len(untried) == len(names):
                nobody.append(f"{number} {check}")
            elif tried or untried:
                lines.append(
                    _("{number} {check}: tried {tried}; not tried {untried}").format(
                        number=number,
                        check=check,
                        tried=", ".join(tried) or "-",
                        untried=", ".join(untried) or "-",
                    )
                )
    if nobody:
        lines.append(_("Nobody has tried yet: {checks}").format(checks=", ".join(nobody)))
    return "\n".join(lines)


def histogram(name, values, truth, how, path):
    """Draw the class's guesses for ``name`` with the true value marked; save it to ``path``."""
    import matplotlib.pyplot as plt

    label = AXES.get(name, (lambda: name, _plain))[0]()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.hist(values, bins=min(20, max(5, len(set(values)))), color="tab:blue", edgecolor="white")
    if truth is not None:
        low, high = min(min(values), truth), max(max(values), truth)
        pad = 0.06 * (high - low) or 0.5 * abs(truth) or 1
        ax.set_xlim(low - pad, high + pad)  # the true value inside the frame, not on its edge
        ax.axvline(truth, color="tab:red", linewidth=3)
        ax.annotate(
            _("true value {truth:.4g}").format(truth=truth),
            (truth, 1),
            xycoords=("data", "axes fraction"),
            xytext=(6, -18),
            textcoords="offset points",
            color="tab:red",
        )
    ax.set_xlabel(label)
    ax.set_ylabel(_("students"))
    ax.yaxis.get_major_locator().set_params(integer=True)
    title = ngettext("{name}: {count} guess", "{name}: {count} guesses", len(values)).format(
        name=name, count=len(values)
    )
    if truth is None:
        title += " " + _("(true value: {how})").format(how=HOW[how]())
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def report(homes, out="class-report", language="en", truth_from=()):
    """Print the table, write checks.csv, guesses.csv and a histogram per prediction into
    ``out``; returns {prediction: {"values": [...], "truth": ..., "png": path}}.
    ``truth_from``: folders of runs whose reveals give the true values (a teacher who ran the
    notebooks beforehand), not counted as students."""
    plots.use_style(language=language)
    students, problems = read_class(homes)
    teacher, trouble = read_class(truth_from)
    problems += trouble
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    print(table(students))
    for problem in problems:
        print(_("Unreadable: {problem}").format(problem=problem))
    checks = [c for asks in progress.NOTEBOOKS.values() for c in asks["checks"]]
    with open(out / "checks.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *checks])
        for student in sorted(students):
            writer.writerow([student, *(students[student][0].get(c, "") for c in checks)])
    drawn = {}
    with open(out / "guesses.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "prediction", "guess", "read as", "true value"])
        for name in progress.NOTEBOOK_OF:
            if not name.endswith("_guess"):
                continue
            entries = {s: g[name] for s, (_c, g) in students.items() if name in g}
            if not entries:
                continue
            values = []
            for student in sorted(entries):
                value = value_of(name, entries[student])
                writer.writerow(
                    [
                        student,
                        name,
                        entries[student].get("guess"),
                        value,
                        entries[student].get("truth"),
                    ]
                )
                if value is not None:
                    values.append(value)
            known = [g[name] for _c, g in teacher.values() if name in g]
            truth, how = truth_of(name, list(entries.values()), known)
            unread = len(entries) - len(values)
            png = out / f"guesses-{name}.png"
            if values:
                histogram(name, values, truth, how, png)
                print(
                    _("{name}: {count} guesses, true value {truth} ({how}): {png}").format(
                        name=name,
                        count=len(values),
                        truth="-" if truth is None else f"{truth:.4g}",
                        how=HOW[how](),
                        png=png,
                    )
                )
            if unread:
                print(
                    ngettext(
                        "{name}: {count} guess not read as a number, left out",
                        "{name}: {count} guesses not read as a number, left out",
                        unread,
                    ).format(name=name, count=unread)
                )
            drawn[name] = {"values": values, "truth": truth, "png": str(png) if values else None}
    return drawn
