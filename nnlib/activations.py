"""The sigmoid neuron's activation function and its derivative.

The book writes the sigmoid as

    σ(z) = 1 / (1 + e^(-z)).

Computed that way, ``np.exp(-z)`` overflows for z below about -710 and NumPy
warns.  We use the identity

    σ(z) = ½ (1 + tanh(z / 2)),

which is the same function, never overflows, and gives exactly 0.0 and 1.0
at z = ∓1000 (``tanh`` saturates to ±1 there).
"""

import numpy as np


def sigmoid(z):
    """The sigmoid function σ(z), elementwise; the result has z's shape."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_prime(z):
    """Derivative of the sigmoid, σ'(z) = σ(z)(1 − σ(z)), elementwise."""
    s = sigmoid(z)
    return s * (1.0 - s)
