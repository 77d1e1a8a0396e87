"""The book's method, written from the equations: backprop one example at a time.

This is the per-example algorithm of chapter 1's ``network.py`` (Python 3),
kept independent of ``nnlib`` so the benchmark and the tests can compare
``nnlib`` against it.  It is the yardstick, not a library.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def backprop(weights, biases, x, y):
    """(nabla_b, nabla_w) of Cₓ = ½‖y − aᴸ‖² for one column x, from BP1–BP4."""
    activation, activations, zs = x, [x], []
    for b, w in zip(biases, weights):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    nabla_b = [None] * len(biases)
    nabla_w = [None] * len(weights)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])               # BP1
    nabla_b[-1], nabla_w[-1] = delta, np.dot(delta, activations[-2].T)  # BP3, BP4
    for l in range(2, len(weights) + 1):
        delta = np.dot(weights[-l + 1].T, delta) * sigmoid_prime(zs[-l])  # BP2
        nabla_b[-l], nabla_w[-l] = delta, np.dot(delta, activations[-l - 1].T)
    return nabla_b, nabla_w


def update_mini_batch(weights, biases, mini_batch, eta):
    """w → w − (η/m) Σₓ ∇Cₓ, summing one backprop per example; returns new lists."""
    nabla_b = [np.zeros(b.shape, b.dtype) for b in biases]
    nabla_w = [np.zeros(w.shape, w.dtype) for w in weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = backprop(weights, biases, x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    m = len(mini_batch)
    weights = [w - (eta / m) * nw for w, nw in zip(weights, nabla_w)]
    biases = [b - (eta / m) * nb for b, nb in zip(biases, nabla_b)]
    return weights, biases


def sgd_epoch(weights, biases, training_data, mini_batch_size, eta, rng):
    """One epoch of the book's SGD: shuffle, cut into mini-batches, update each."""
    training_data = list(training_data)
    rng.shuffle(training_data)
    for k in range(0, len(training_data), mini_batch_size):
        weights, biases = update_mini_batch(
            weights, biases, training_data[k:k + mini_batch_size], eta)
    return weights, biases
