"""Check backpropagation against a numerical gradient (finite differences).

Backprop is exact calculus; a finite difference is a measurement.  For each
weight and bias p we nudge it by ±ε and measure the cost:

    ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε.

That costs two forward passes *per parameter* (backprop: one forward and one
backward pass for all of them), so it is only for checking, on small
networks or a few parameters.  Use a float64 network: in float32 rounding
swamps the difference.
"""

import numpy as np


def cost(net, x, y):
    """The quadratic cost of one example, Cₓ = ½‖y − aᴸ(x)‖².

    ``y`` is taken in the output's shape, so a flat ``x`` with a ``(n_out, 1)``
    column ``y`` (or the other way round) is the same example, not a broadcast.
    """
    a = net.feedforward(x)
    y = np.asarray(y, dtype=float)
    if y.size != a.size:
        raise ValueError(f"y must hold {a.size} target values, got shape {y.shape}")
    e = a - y.reshape(a.shape)
    return 0.5 * float(np.sum(e * e))


def numerical_gradient(net, x, y, epsilon=1e-5):
    """Return ``(nabla_b, nabla_w)`` measured by central differences.

    Shaped like ``net.biases`` and ``net.weights``; ``x`` is ``(n_in, 1)`` and
    ``y`` ``(n_out, 1)``.  The network is left exactly as it was.
    """

    def measure(params):
        grads = []
        for p in params:
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                saved = p[i]
                p[i] = saved + epsilon
                c_plus = cost(net, x, y)
                p[i] = saved - epsilon
                c_minus = cost(net, x, y)
                p[i] = saved
                g[i] = (c_plus - c_minus) / (2 * epsilon)
            grads.append(g)
        return grads

    return measure(net.biases), measure(net.weights)


def relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖) over lists of arrays: 0 for equal, ~1 for unrelated."""
    a = np.concatenate([np.ravel(p) for p in a])
    b = np.concatenate([np.ravel(p) for p in b])
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale else 0.0


def gradient_check(net, x, y, epsilon=1e-5):
    """Return the relative error between ``net.backprop(x, y)`` and the numerical gradient.

    Below about 1e-7 (float64) means backprop computes the true gradient.
    ``x`` and ``y`` are one example, as columns or flat.
    """
    x = np.asarray(x, dtype=float).reshape(net.sizes[0], -1)
    y = np.asarray(y, dtype=float).reshape(net.sizes[-1], -1)
    nabla_b, nabla_w = net.backprop(x, y)
    num_b, num_w = numerical_gradient(net, x, y, epsilon)
    return relative_error(nabla_b + nabla_w, num_b + num_w)
