"""nnlib.gradcheck: the measuring side of the gradient check."""

import numpy as np
import pytest

from nnlib import Network, gradient_check, numerical_gradient
from nnlib.gradcheck import cost, relative_error


def example(sizes, seed):
    rng = np.random.default_rng(seed)
    return rng.random((sizes[0], 1)), np.eye(sizes[-1])[[rng.integers(sizes[-1])]].T


def test_numerical_gradient_leaves_the_network_exactly_as_it_was():
    net = Network([5, 4, 3], seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    numerical_gradient(net, *example(net.sizes, 1))
    assert all(np.array_equal(p, q) for p, q in zip(before, net.weights + net.biases))


def test_flat_and_column_inputs_are_the_same_example():
    net = Network([5, 4, 3], seed=2)
    x, y = example(net.sizes, 3)
    assert cost(net, x.ravel(), y) == cost(net, x, y) == cost(net, x, y.ravel())
    assert gradient_check(net, x.ravel(), y) < 1e-7
    with pytest.raises(ValueError, match="y must hold 3 target values"):
        cost(net, x, np.zeros(4))


def test_cost_is_half_the_squared_distance():
    net = Network([2, 2], seed=4)
    net.weights[0][...] = 0.0
    net.biases[0][...] = 0.0  # output σ(0) = ½ for both neurons
    assert cost(net, np.zeros((2, 1)), np.array([[1.0], [0.0]])) == 0.5 * (0.25 + 0.25)


def test_relative_error():
    a = [np.array([3.0, 4.0]), np.array([[1.0]])]
    assert relative_error(a, a) == 0.0
    assert relative_error(a, [-p for p in a]) == 1.0  # opposite gradients
    assert abs(relative_error([np.array([1.0])], [np.array([1.0 + 2e-8])]) - 1e-8) < 1e-15
    assert relative_error([np.zeros(3)], [np.zeros(3)]) == 0.0
