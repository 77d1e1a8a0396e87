"""Self-checks for the exercises of notebook 01: perceptrons and sigmoid neurons."""

import numpy as np

from .verdict import call, mismatch, sigma, verdict


def _as_bit(value):
    """0 or 1 from an int, bool or one-element array; None for anything else."""
    try:
        if np.size(value) != 1:
            return None
        v = float(np.ravel(value)[0])
    except (TypeError, ValueError):
        return None
    return int(v) if v in (0.0, 1.0) else None


def check_perceptron(fn):
    """Check the reader's ``fn(x, w, b)`` → the perceptron's output, 0 or 1.

    The rule (the book's eq. 2): output 1 if Σⱼ wⱼxⱼ + b > 0, else 0 (so 0
    exactly at the threshold).  Tried on the NAND gate and a few other cases.
    """
    cases = [
        ([0, 0], [-2, -2], 3),
        ([0, 1], [-2, -2], 3),
        ([1, 0], [-2, -2], 3),
        ([1, 1], [-2, -2], 3),
        ([1, 1, 0], [6, 2, 2], -5),
        ([0, 1, 1], [6, 2, 2], -5),
        ([1, 0], [1, 1], -1),
        ([0.5, 2.0], [2, -1], 0.5),
        ([3.0], [0.5], -1),
    ]
    problem = None
    for x, w, b in cases:
        z = sum(wj * xj for wj, xj in zip(w, x)) + b
        expected = 1 if z > 0 else 0
        result, problem = call(fn, np.array(x, dtype=float), np.array(w, dtype=float), b)
        if problem is not None:
            break
        bit = _as_bit(result)
        if bit is None:
            problem = f"for x = {x}, w = {w}, b = {b} it returned {result!r}: return 0 or 1."
        elif bit != expected:
            problem = (
                f"for x = {x}, w = {w}, b = {b}: w·x + b = {z:g}, so the output "
                f"is {expected}, but it returned {bit}."
            )
            if z == 0:
                problem += " At exactly the threshold (w·x + b = 0) the perceptron outputs 0."
        if problem is not None:
            break
    return verdict(problem)


def check_adder(fn):
    """Check the reader's ``fn(x1, x2)`` → ``(sum_bit, carry_bit)`` on all four inputs.

    The bitwise sum is x1 XOR x2, the carry bit x1 AND x2 (the book's adder).
    """
    problem = None
    for x1 in (0, 1):
        for x2 in (0, 1):
            expected = ((x1 + x2) % 2, (x1 + x2) // 2)
            result, problem = call(fn, x1, x2)
            if problem is not None:
                break
            try:
                bits = tuple(_as_bit(r) for r in result)
            except TypeError:
                bits = ()
            if len(bits) != 2 or None in bits:
                problem = (
                    f"for x1={x1}, x2={x2} it returned {result!r}: return a pair "
                    f"(sum_bit, carry_bit) of 0s and 1s."
                )
            elif bits != expected:
                problem = (
                    f"for x1={x1}, x2={x2} it returned (sum, carry) = {bits}, but "
                    f"{x1} + {x2} in binary is carry {expected[1]}, sum {expected[0]}."
                )
            if problem is not None:
                break
        if problem is not None:
            break
    return verdict(problem)


def check_sigmoid_prime(fn):
    """Check the reader's σ'(z) against σ(z)(1 − σ(z)) computed from the definition."""
    z = np.linspace(-8, 8, 33)
    result, problem = call(fn, z, numbers=True)
    if problem is None:
        expected = sigma(z) * (1 - sigma(z))
        if result.shape != z.shape:
            problem = f"for z of shape {z.shape} it returned shape {result.shape}."
        elif (i := mismatch(result, expected, rtol=1e-6, atol=1e-9)) is not None:
            problem = f"at z = {z[i]:g} it gives {result[i]:.6g}, but σ'(z) = {expected[i]:.6g}."
    return verdict(problem)
