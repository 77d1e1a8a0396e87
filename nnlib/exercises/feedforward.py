"""Self-checks for the exercises of notebook 02: feedforward."""

import numpy as np

from .verdict import call, mismatch, sigma, verdict


def check_layer(fn):
    """Check the reader's ``fn(w, b, a)`` → a' = σ(w a + b) for one layer.

    The reference is written out neuron by neuron: a'ⱼ = σ(Σₖ wⱼₖ aₖ + bⱼ).
    """
    rng = np.random.default_rng(11)
    w = rng.normal(size=(3, 4))
    b = rng.normal(size=(3, 1))
    a = rng.random((4, 1))
    expected = np.array(
        [[sigma(sum(w[j, k] * a[k, 0] for k in range(4)) + b[j, 0])] for j in range(3)]
    )
    result, problem = call(fn, w.copy(), b.copy(), a.copy(), numbers=True)
    if problem is None:
        if result.shape != (3, 1):
            problem = (
                f"w is (3, 4), b is (3, 1) and a is (4, 1), so a' should be a "
                f"(3, 1) column; got shape {result.shape}."
            )
            if result.shape == (1, 3) or result.shape == (4, 4):
                problem += " Multiply w @ a (weights on the left)."
        elif np.allclose(result, w @ a + b):
            problem = "that is z = w a + b: apply σ to it to get the activation."
        elif (j := mismatch(result, expected, rtol=1e-7, atol=1e-10)) is not None:
            problem = (
                f"neuron {j} gives {result[j, 0]:.6g}, but "
                f"σ(Σₖ w[{j},k] a[k] + b[{j}]) = {expected[j, 0]:.6g}."
            )
    return verdict(problem)


def check_shapes(fn):
    """Check the reader's ``fn(sizes, m)`` → ``{"weights": [...], "biases": [...],
    "activations": [...]}``: the shapes in ``Network(sizes)`` when m inputs go in as columns.
    """
    problem = None
    for sizes, m in [([784, 30, 10], 1), ([784, 30, 10], 100), ([2, 3, 1], 5), ([5, 4, 3, 2], 7)]:
        expected = {
            "weights": [(sizes[l + 1], sizes[l]) for l in range(len(sizes) - 1)],
            "biases": [(sizes[l + 1], 1) for l in range(len(sizes) - 1)],
            "activations": [(n, m) for n in sizes],
        }
        result, problem = call(fn, list(sizes), m)
        if problem is not None:
            break
        if not isinstance(result, dict):
            problem = f"it returned {type(result).__name__}: return the dict of three lists."
            break
        for key, shapes in expected.items():
            got = result.get(key)
            try:
                got = [tuple(int(n) for n in s) for s in got]
            except TypeError:
                problem = (
                    f"for sizes={sizes}, m={m}: result[{key!r}] is {got!r}, "
                    f"not a list of shapes like (30, 784)."
                )
                break
            if got != shapes:
                problem = f"for sizes={sizes}, m={m}: {key} should be {shapes}, got {got}."
                if key == "weights" and got == [s[::-1] for s in shapes]:
                    problem += " weights[l] is (n_out, n_in): rows are the next layer's neurons."
                break
        if problem is not None:
            break
    return verdict(problem)
