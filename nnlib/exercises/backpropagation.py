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


def _chain_rule(net, x, y):
    """∂C/∂w for every weight of a network with one hidden layer, C = ½‖y − a²‖²,
    by the chain rule written out here (BP1, BP2 and BP4 with ``verdict.sigma``),
    independent of nnlib's ``backprop``.  Returns ``[∂C/∂w⁰, ∂C/∂w¹]`` (w⁰ into
    the hidden layer, w¹ into the output layer)."""
    (w0, w1), (b0, b1) = net.weights, net.biases
    a1 = sigma(w0 @ x + b0)  # hidden activations
    a2 = sigma(w1 @ a1 + b1)  # outputs
    delta2 = (a2 - y) * a2 * (1 - a2)  # BP1: δ = (a − y) ⊙ σ'(z), σ' = σ(1 − σ)
    delta1 = (w1.T @ delta2) * a1 * (1 - a1)  # BP2
    return [delta1 @ x.T, delta2 @ a1.T]  # BP4: ∂C/∂wⱼₖ = δⱼ aₖ (a⁰ = x)


def check_weight_derivative(fn):
    """Check the reader's ``fn(net, x, y, l, j, k)`` → ∂C/∂w measured by finite differences.

    ``w`` is ``net.weights[l][j, k]``.  The reference is the chain rule, backprop's
    equations written out in this check (an independent method, and independent of
    nnlib's ``backprop``); the network must be left exactly as it was.
    """

    net = Network([4, 5, 3], seed=2)
    rng = np.random.default_rng(5)
    x = rng.random((4, 1))
    y = np.array([[0.0], [1.0], [0.0]])
    before = [w.copy() for w in net.weights]
    nabla_w = _chain_rule(net, x, y)
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
                f"∂C/∂w = {expected:.6g} (by the chain rule, as backprop computes it)."
            )
            break
    return verdict(problem)
