"""Self-checks for the exercises of notebook 05: training on MNIST."""

import numpy as np

from ..network import Network
from .verdict import call, one_number, sigma, verdict


def _guesses(net, X):
    """The network's guess for each column of X, with a forward pass written out here."""
    a = X
    for w, b in zip(net.weights, net.biases):
        a = sigma(w @ a + b)
    return np.argmax(a, axis=0)


def _digit_data(n, seed):
    net = Network([784, 16, 10], seed=seed)
    X = np.random.default_rng(seed).random((784, n))
    return net, X, _guesses(net, X)


def check_predict_digit(fn):
    """Check the reader's ``fn(net, x)`` (x a (784, 1) column) → the guessed digit 0–9."""
    net, X, guesses = _digit_data(20, seed=6)
    problem = None
    for i in range(X.shape[1]):
        result, problem = call(fn, net, X[:, i : i + 1])
        if problem is not None:
            break
        if np.ndim(result) != 0 and np.size(result) != 1:
            problem = (
                f"it returned an array of shape {np.shape(result)}: return the index "
                f"of the largest output activation (np.argmax), one integer."
            )
            break
        value, problem = one_number(result, "one integer, the guessed digit")
        if problem is not None:
            break
        if int(value) != guesses[i]:
            problem = (
                f"for image {i} it returned {result!r}, but the output neuron with "
                f"the highest activation is number {guesses[i]}."
            )
            break
    return verdict(problem)


def check_evaluate(fn):
    """Check the reader's book-style ``fn(net, test_data)`` → number of right guesses.

    ``test_data`` is a list of ``(x, label)`` pairs built so that exactly 23 of
    the 40 labels equal the network's guess.
    """
    net, X, guesses = _digit_data(40, seed=7)
    labels = guesses.copy()
    labels[23:] = (labels[23:] + 1) % 10  # the last 17 labels are wrong guesses
    test_data = [(X[:, i : i + 1], int(labels[i])) for i in range(40)]
    result, problem = call(fn, net, test_data)
    if problem is None:
        if isinstance(result, (float, np.floating)) and 0 < result < 1:
            problem = (
                f"it returned {result!r}, a fraction: the book's evaluate returns "
                f"the number of test inputs guessed right (here 23)."
            )
        elif (
            not isinstance(result, (int, np.integer, float, np.floating))
            or not np.isfinite(result)
            or int(result) != result
        ):
            problem = f"it returned {result!r}: return one integer, the count of right guesses."
        elif int(result) != 23:
            problem = f"it counted {int(result)} right guesses, but 23 of the 40 are right."
    return verdict(problem)
