"""Self-checks for the exercises of notebook 03: gradient descent."""

import numpy as np

from .verdict import call, one_number, verdict


def check_gradient_step(fn):
    """Check the reader's ``fn(v, nabla_C, eta)`` → v' = v − η ∇C."""
    rng = np.random.default_rng(12)
    problem = None
    for eta in (0.1, 3.0):
        v = rng.normal(size=5)
        g = rng.normal(size=5)
        expected = np.array([v[i] - eta * g[i] for i in range(5)])
        result, problem = call(fn, v.copy(), g.copy(), eta, numbers=True)
        if problem is not None:
            break
        if result.shape != v.shape:
            problem = f"v has shape {v.shape}, so v' should too; got {result.shape}."
        elif np.allclose(result, v + eta * g):
            problem = "that step goes uphill: move against the gradient, v − η∇C."
        elif np.allclose(result, -eta * g):
            problem = "that is the change Δv = −η∇C alone: add it to v."
        elif not np.allclose(result, expected):
            problem = f"with η = {eta} it gives {result}, but v − η∇C = {expected}."
        if problem is not None:
            break
    return verdict(problem)


def check_quadratic_cost(fn):
    """Check the reader's ``fn(a, y)`` → C = (1/2n) Σₓ ‖y(x) − a(x)‖².

    ``a`` and ``y`` are (10, n) arrays whose n columns are the examples.
    """
    rng = np.random.default_rng(13)
    n = 6
    a = rng.random((10, n))
    y = np.zeros((10, n))
    y[rng.integers(0, 10, n), np.arange(n)] = 1.0
    total = 0.0
    for x in range(n):  # example by example, as the formula reads
        total += sum((y[j, x] - a[j, x]) ** 2 for j in range(10))
    expected = total / (2 * n)
    result, problem = call(fn, a.copy(), y.copy())
    if problem is None:
        if np.size(result) != 1:
            problem = (
                f"it returned an array of shape {np.shape(result)}: C is one number, "
                f"the average over all n = {n} examples."
            )
        else:
            c, problem = one_number(result, "one number, C")
            if problem is not None:
                pass
            elif np.isclose(c, 2 * expected):
                problem = f"it gives {c:.6g}, twice C = {expected:.6g}: did you forget the ½?"
            elif np.isclose(c, n * expected):
                problem = (
                    f"it gives {c:.6g}, n = {n} times C = {expected:.6g}: divide the "
                    f"sum by 2n, not 2."
                )
            elif np.isclose(c, 2 * n * expected):
                problem = f"it gives {c:.6g}, the plain sum of squares: divide it by 2n."
            elif not np.isclose(c, expected):
                problem = f"it gives {c:.6g}, but (1/2n) Σ ‖y − a‖² = {expected:.6g}."
    return verdict(problem)
