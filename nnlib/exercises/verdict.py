"""What every exercise check shares: call the reader's function safely, print the verdict.

Each ``check_…(answer)`` in ``nnlib.exercises`` compares the reader's answer
with an independent computation and prints ``Correct!`` or what is wrong, then
returns True/False.  A check never raises on a wrong answer (a class keeps
going); a stub the reader has not filled in yet (it raises
``NotImplementedError`` or returns ``None``) gets a hint instead of a traceback.
"""

import numpy as np

from ..language import gettext as _


def verdict(problem):
    """Print the verdict; ``problem`` is None when the answer is right."""
    if problem is None:
        print(_("Correct!"))
        return True
    print(_("Not yet: {problem}").format(problem=problem))
    return False


def call(fn, *args, numbers=False):
    """Call the reader's function; return (result, problem-or-None).

    With ``numbers=True`` the result comes back as a float array, and a result
    that is not numbers (a string, a list of mixed things) is a problem too.
    """
    try:
        result = fn(*args)
    except NotImplementedError:
        return None, _("the function still raises NotImplementedError: fill in the stub.")
    except Exception as e:  # the reader's code: report, don't crash the class
        return None, _("calling it raised {kind}: {error}").format(kind=type(e).__name__, error=e)
    if result is None:
        return None, _("the function returned None: did you forget `return`?")
    if numbers:
        try:
            return np.asarray(result, dtype=float), None
        except (TypeError, ValueError):
            return None, _("it returned {result!r:.60}, not an array of numbers.").format(
                result=result
            )
    return result, None


def one_number(result, what):
    """The reader's result as one finite float; or (None, a problem saying to return ``what``)."""
    value = np.ravel(np.asarray(result, dtype=object))[0] if np.size(result) == 1 else None
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not np.isfinite(value)
    ):
        return None, _("it returned {result!r:.60}: return {what}.").format(
            result=result, what=what
        )
    return float(value), None


def sigma(z):
    """σ(z) from its definition (independent of nnlib.activations)."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def mismatch(result, expected, **tolerance):
    """None if ``result`` is allclose to ``expected``, else the (flat) index of the
    element farthest from it, for the message."""
    if np.allclose(result, expected, **tolerance):
        return None
    return int(np.argmax(np.abs(result - expected)))
