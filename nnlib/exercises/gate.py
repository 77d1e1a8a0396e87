"""Gated predictions and earned reveals: a result shows only after the student has thought.

Two kinds of notebook cell use this module (each tagged for the tools, never matched by prose):

- A **prediction** (tag ``prediction``) stores a guess, ``my_eta_guess = None``.  The cell that
  shows its result (tag ``reveal``) starts with ``if guessed(my_eta_guess, "my_eta_guess"):``
  or calls an exercise module's ``reveal_…(guess)``, which refuses with one short line, and
  no number, while the guess is unset, then prints the guess beside the truth.
- A **reveal** of an exercise's answer (nnlib's own version, a reference computation, a
  "Common mistakes" box that holds the fix) starts with
  ``if earned(checks.check_layer, "nnlib's feedforward", give_up=False):``: true once that
  check has passed in this kernel, or when the student sets ``give_up=True``.  The refusal
  names what the cell shows, so giving up is a choice made knowingly.

A check counts as passed when it is decorated with :func:`records` and printed ``Correct!``.
Every verdict and every written guess is also recorded in the learner's progress file
(``nnlib.progress``: ``runs/progress.json`` beside the notebook); :func:`show_progress`, in
the last cell of each notebook, shows that notebook's part of it.

``NNLIB_REVEAL=all`` in the environment opens every gate: ``make refresh``, ``make notebooks``
and the Chinese build set it, so the teacher's edition stores every result (a website shows
them); the student edition (``make student``) drops the stored outputs of the ``reveal`` cells
and runs with the gates shut.
"""

import functools
import os

from .. import progress as _progress
from ..language import gettext as _
from ..language import ngettext

ALL = "all"  # NNLIB_REVEAL=all: every gate open (the teacher's edition, the tests)
_passed = set()  # the checks that have printed "Correct!" in this kernel


def all_open():
    """True when ``NNLIB_REVEAL=all``: every result shows, guess or no guess."""
    return os.environ.get("NNLIB_REVEAL", "").strip().lower() == ALL


def _key(check):
    check = getattr(check, "__wrapped__", check)
    return f"{check.__module__}.{check.__qualname__}"


def records(check):
    """Decorate a ``check_…`` function so that its passing opens the gates that name it."""

    @functools.wraps(check)
    def recorded(*args, **kwargs):
        passed = check(*args, **kwargs)
        if passed:
            _passed.add(_key(check))
        _progress.record_check(check.__name__, passed)
        return passed

    return recorded


def passed(check):
    """True once ``check`` has passed in this kernel."""
    return _key(check) in _passed


def earned(check, shows, give_up=False):
    """May this cell show ``shows`` (the answer to ``check``'s exercise)?  True once the check
    passed, with ``give_up=True``, or with NNLIB_REVEAL=all; otherwise says why not, and False."""
    if give_up or passed(check) or all_open():
        return True
    name = getattr(check, "__name__", str(check))
    print(
        _(
            "Hidden until {check} passes: this cell shows {shows}. Pass the check above first, "
            "or set give_up=True in this cell to see it now."
        ).format(check=name, shows=shows)
    )
    return False


def unset(guess):
    """True for a guess not written yet: None, an empty string or an Ellipsis."""
    return guess is None or guess is Ellipsis or (isinstance(guess, str) and not guess.strip())


def guessed(guess, name):
    """May this cell show the result the guess ``name`` predicts?  True once it is written
    (or with NNLIB_REVEAL=all); otherwise one short line saying to write it, and False."""
    if not unset(guess):
        _record_guess(name, guess)
        return True
    if all_open():
        return True
    print(
        _(
            "Write your guess in {name} first and run that cell: then this cell shows the result."
        ).format(name=name)
    )
    return False


def number(guess, name):
    """The guess as a float, or None after one line saying that ``name`` needs a number."""
    try:
        value = float(guess)
    except (TypeError, ValueError):
        value = None
    if value is None or isinstance(guess, bool) or value != value:
        print(
            _("{name} = {guess!r:.40} is not a number: write your guess as a number.").format(
                name=name, guess=guess
            )
        )
        return None
    return value


def read(guess, name, parse=number):
    """A guess as ``parse`` reads it (``number`` by default), for the cell that shows its
    result: (True, value); (True, None) while none is written (only NNLIB_REVEAL=all lets an
    unset guess this far); (False, None) once ``parse`` refused it, having said why."""
    if unset(guess):
        return True, None
    value = parse(guess, name)
    if value is not None:
        _record_guess(name, guess, value)
    return value is not None, value


_recorded = {}  # name -> what was last recorded of that guess in this kernel


def _record_guess(name, guess, value=None, truth=None):
    shown = (guess if isinstance(guess, str) else repr(guess), value, truth)
    if _recorded.get(name) != shown:
        _recorded[name] = shown
        _progress.record_guess(name, guess, value, truth)


def revealed(name, guess, value, truth):
    """A reveal records the true result beside the guess it judged (for the class report)."""
    if not unset(guess):
        _record_guess(name, guess, value, truth)


def _guesses_written(result=None):
    """After each cell (IPython's post_run_cell): record every prediction's guess that was
    written or changed, so the class's guesses are known before anyone runs the reveal."""
    try:
        from IPython import get_ipython

        namespace = get_ipython().user_ns
    except Exception:  # noqa: BLE001 - not in IPython, or no shell any more
        return
    for name in _progress.NOTEBOOK_OF:
        guess = namespace.get(name) if name.endswith("_guess") else None
        if not unset(guess) and isinstance(guess, (int, float, str)):
            shown = guess if isinstance(guess, str) else repr(guess)
            if _recorded.get(name, (None,))[0] != shown:
                _record_guess(name, guess)


def watch_guesses():
    """Record the guesses as their cells run (once per kernel; nothing outside IPython)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        return
    if shell is not None and _guesses_written not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _guesses_written)


def show_progress(number):
    """The last cell of each notebook: this notebook's checks passed and guesses written (from
    the progress file), what is left, and the command that shows every notebook."""
    path = _progress.path_in()
    data = _progress.empty()
    if path is not None:
        try:
            data = _progress.read(path)
        except ValueError as e:
            print(_("Your progress file cannot be read ({problem}).").format(problem=e))
    row = next(r for r in _progress.summary(data) if r[0] == number)
    _number, _title, passed, left, guessed_, unguessed = row
    total = len(passed) + len(left)
    if not total:
        print(_("Notebook {number}: no self-checks, only guesses.").format(number=number))
    else:
        print(
            ngettext(
                "Notebook {number}: {passed} of {total} check passed.",
                "Notebook {number}: {passed} of {total} checks passed.",
                total,
            ).format(number=number, passed=len(passed), total=total)
        )
    if left:
        print(_("Still to pass: {checks}.").format(checks=", ".join(left)))
    predictions = len(guessed_) + len(unguessed)
    if predictions:
        print(
            ngettext(
                "{written} of {total} guess written.",
                "{written} of {total} guesses written.",
                predictions,
            ).format(written=len(guessed_), total=predictions)
        )
    if unguessed:
        print(_("Still to guess: {names}.").format(names=", ".join(unguessed)))
    if not left and not unguessed:
        print(_("Everything in this notebook is done."))
    print(_("Every notebook: python -m nnlib progress"))


watch_guesses()


def yes_no(flag):
    """A check's outcome in words, for a printout: "yes" or "no" (是 / 否 in Chinese)."""
    return _("yes") if flag else _("no")
