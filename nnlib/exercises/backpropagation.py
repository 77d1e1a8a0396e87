"""Self-checks for the exercises of notebook 04: backpropagation."""

import numpy as np

from ..network import Network
from .verdict import call, mismatch, sigma, verdict


def check_output_error(fn):
    """Check the reader's BP1, ``fn(z_L, y)`` → δᴸ, against δᴸⱼ = ∂C/∂zᴸⱼ measured.

    C = ½‖y − σ(zᴸ)‖²; each ∂C/∂zᴸⱼ is measured by central differences, so the
    check does not use the formula the reader is asked to write.
    """
    rng = np.random.default_rng(4)
    z = rng.normal(0, 1.5, (10, 1))
    y = np.zeros((10, 1))
    y[3] = 1.0
    result, problem = call(fn, z.copy(), y.copy(), numbers=True)
    if problem is None:

        def C(zz):
            return 0.5 * float(np.sum((sigma(zz) - y) ** 2))

        eps = 1e-6
        expected = np.zeros_like(z)
        for j in range(len(z)):
            step = np.zeros_like(z)
            step[j] = eps
            expected[j] = (C(z + step) - C(z - step)) / (2 * eps)
        if result.shape != z.shape:
            problem = f"δᴸ should have the shape of zᴸ, {z.shape}; got {result.shape}."
        elif np.allclose(result, -expected, rtol=1e-5, atol=1e-9):
            problem = "the sign is flipped: ∂C/∂a for C = ½‖y − a‖² is (a − y), not (y − a)."
        elif np.allclose(result, sigma(z) - y, rtol=1e-5, atol=1e-9):
            problem = "that is ∇ₐC = (a − y) alone: multiply it elementwise by σ'(zᴸ)."
        elif (j := mismatch(result, expected, rtol=1e-5, atol=1e-9)) is not None:
            problem = (
                f"δᴸ[{j}] is {result[j, 0]:.6g}, but ∂C/∂zᴸ[{j}] measured by "
                f"finite differences is {expected[j, 0]:.6g}."
            )
    return verdict(problem)


def check_weight_derivative(fn):
    """Check the reader's ``fn(net, x, y, l, j, k)`` → ∂C/∂w measured by finite differences.

    ``w`` is ``net.weights[l][j, k]``.  The reference is backprop's ``nabla_w``
    (an independent method); the network must be left exactly as it was.
    """

    net = Network([4, 5, 3], seed=2)
    rng = np.random.default_rng(5)
    x = rng.random((4, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    before = [w.copy() for w in net.weights]
    _, nabla_w = net.backprop(x, y)
    problem = None
    for l, j, k in [(0, 1, 2), (1, 2, 4), (0, 4, 0)]:
        result, problem = call(fn, net, x, y, l, j, k)
        if problem is not None:
            break
        if not all(np.array_equal(a, b) for a, b in zip(before, net.weights)):
            problem = (
                "the network's weights changed: put the weight back to its "
                "saved value after measuring."
            )
            break
        try:
            result = float(result)
        except (TypeError, ValueError):
            problem = f"for l={l}, j={j}, k={k} it returned {result!r}, not a number."
            break
        expected = nabla_w[l][j, k]
        if not np.isclose(result, expected, rtol=1e-5, atol=1e-8):
            problem = (
                f"for l={l}, j={j}, k={k} it gives {result:.6g}, but "
                f"∂C/∂w = {expected:.6g} (from backprop)."
            )
            break
    return verdict(problem)
