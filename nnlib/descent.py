"""Gradient descent on a two-variable bowl: the picture behind the learning rate η.

The book pictures gradient descent as a ball rolling down a valley
C(v₁, v₂).  Here the valley is the elongated quadratic bowl

    C(v) = ½ (κ₁ v₁² + κ₂ v₂²),   with (κ₁, κ₂) = CURVATURE = (1, 10),

whose gradient is ∇C = (κ₁ v₁, κ₂ v₂).  One step of gradient descent is

    v → v' = v − η ∇C,

so each coordinate is multiplied by (1 − η κᵢ) per step.  The steep
direction (κ₂ = 10) decides how large η may be: for η < 2/κ₂ = 0.2 every
factor has size below 1 and the ball settles at the minimum (0, 0); for
η > 0.2 the v₂ factor is below −1 and the ball bounces from wall to wall
higher and higher: descent diverges.  Too small an η is safe but slow along
the shallow direction (κ₁ = 1).
"""

import numpy as np

CURVATURE = np.array([1.0, 10.0])  # (κ₁, κ₂): the bowl is 10× steeper along v₂
START = np.array([-4.0, 1.5])  # where every descent starts


def cost(v):
    """C(v) = ½ (κ₁ v₁² + κ₂ v₂²).  ``v`` has shape (2,) or (2, ...) (e.g. a grid)."""
    v = np.asarray(v, dtype=float)
    return 0.5 * (CURVATURE[0] * v[0] ** 2 + CURVATURE[1] * v[1] ** 2)


def gradient(v):
    """∇C(v) = (κ₁ v₁, κ₂ v₂), same shape as ``v``."""
    v = np.asarray(v, dtype=float)
    return np.stack([CURVATURE[0] * v[0], CURVATURE[1] * v[1]])


def descend(eta, steps=30, start=START):
    """Run ``steps`` steps of v → v − η ∇C from ``start``.

    Returns the path, an array of shape (steps + 1, 2): row k is v after k steps.
    """
    path = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        v = path[-1]
        path.append(v - eta * gradient(v))
    return np.array(path)
