"""Self-checks for the notebooks' exercises.

Each ``check_…(answer)`` compares the reader's answer with an independent
computation and prints ``Correct!`` or what is wrong, then returns True/False.
They never raise on a wrong answer (a class keeps going); the stub a reader
has not filled in yet (it raises ``NotImplementedError`` or returns ``None``)
gets a hint instead of a traceback.
"""

import numpy as np


def _verdict(problem):
    """Print the verdict; ``problem`` is None when the answer is right."""
    if problem is None:
        print("Correct!")
        return True
    print(f"Not yet: {problem}")
    return False


def _call(fn, *args):
    """Call the reader's function; return (result, problem-or-None)."""
    try:
        result = fn(*args)
    except NotImplementedError:
        return None, "the function still raises NotImplementedError: fill in the stub."
    except Exception as e:  # the reader's code: report, don't crash the class
        return None, f"calling it raised {type(e).__name__}: {e}"
    if result is None:
        return None, "the function returned None: did you forget `return`?"
    return result, None


def check_sigmoid_prime(fn):
    """Check the reader's σ'(z) against σ(z)(1 − σ(z)) computed from the definition."""
    z = np.linspace(-8, 8, 33)
    result, problem = _call(fn, z)
    if problem is None:
        s = 1.0 / (1.0 + np.exp(-z))
        expected = s * (1 - s)
        result = np.asarray(result, dtype=float)
        if result.shape != z.shape:
            problem = f"for z of shape {z.shape} it returned shape {result.shape}."
        elif not np.allclose(result, expected, rtol=1e-6, atol=1e-9):
            i = int(np.argmax(np.abs(result - expected)))
            problem = (f"at z = {z[i]:g} it gives {result[i]:.6g}, "
                       f"but σ'(z) = {expected[i]:.6g}.")
    return _verdict(problem)
