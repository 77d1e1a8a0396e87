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

``NNLIB_REVEAL=all`` in the environment opens every gate: ``make refresh``, ``make notebooks``
and the Chinese build set it, so the teacher's edition stores every result (a website shows
them); the student edition (``make student``) drops the stored outputs of the ``reveal`` cells
and runs with the gates shut.
"""

import functools
import os

from ..language import gettext as _

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
    if not unset(guess) or all_open():
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
    return value is not None, value


def yes_no(flag):
    """A check's outcome in words, for a printout: "yes" or "no" (是 / 否 in Chinese)."""
    return _("yes") if flag else _("no")
