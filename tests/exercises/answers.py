"""Pieces of right and wrong answers shared by the exercise-check tests."""

import numpy as np


def sigma(z):
    """σ(z) from its definition, independent of nnlib."""
    return 1.0 / (1.0 + np.exp(-z))


def stub(*args):
    """An exercise stub the reader has not filled in yet."""
    raise NotImplementedError


# Slips the checks name, as a student would write them in a notebook's stub cell: by notebook,
# the exercise's function and its code.  tests/notebook/test_course.py and make classroom's
# grading flow (benchmarks/grading.py) submit them through nbgrader and look for the check's
# hint (computed by running the check on the same code, in the notebook's language) in the
# feedback.
SLIPS = {
    "01": {
        "perceptron": (  # >= for >: wrong exactly at the threshold
            "def perceptron(x, w, b):\n    return 1 if np.dot(w, x) + b >= 0 else 0\n"
        ),
        "adder": "def adder(x1, x2, nand):\n    return x1 ^ x2, x1 & x2\n",  # not only NANDs
        "sigmoid_prime": (  # σ(z) itself
            "def sigmoid_prime(z):\n    return nnlib.sigmoid(z)\n"
        ),
    },
    "02": {
        "activation": (  # w[k, j]: column j of w, the weights out of input j
            "def activation(w, b, a, j):\n"
            "    return nnlib.sigmoid(sum(w[k, j] * a[k, 0] for k in range(len(a))) + b[j, 0])\n"
        ),
        "layer": "def layer(w, b, a):\n    return w @ a + b\n",  # σ forgotten
    },
}
