"""Self-checks for the exercises of notebook 02: feedforward."""

import numpy as np

from ..language import gettext as _
from .verdict import call, mismatch, sigma, verdict


def check_layer(fn):
    """Check the reader's ``fn(w, b, a)`` → a' = σ(w a + b) for one layer.

    The reference is written out neuron by neuron: a'ⱼ = σ(Σₖ wⱼₖ aₖ + bⱼ).
    """
    rng = np.random.default_rng(11)
    w = rng.normal(size=(3, 4))
    b = rng.normal(size=(3, 1))
    a = rng.random((4, 1))
    expected = np.array(
        [[sigma(sum(w[j, k] * a[k, 0] for k in range(4)) + b[j, 0])] for j in range(3)]
    )
    result, problem = call(fn, w.copy(), b.copy(), a.copy(), numbers=True)
    raised = _("calling it raised {kind}: {error}").format(kind="ValueError", error="")
    if problem is not None and problem.startswith(raised):
        problem += " " + _("Multiply w @ a: w is (n_out, n_in) and a is an (n_in, 1) column.")
    if problem is None:
        if result.shape != (3, 1):
            problem = _(
                "w is (3, 4), b is (3, 1) and a is (4, 1), so a' should be a "
                "(3, 1) column; got shape {shape}."
            ).format(shape=result.shape)
            if result.shape == (1, 3) or result.shape == (4, 4):
                problem += " " + _("Multiply w @ a (weights on the left).")
        elif np.allclose(result, w @ a + b):
            problem = _("that is z = w a + b: apply σ to it to get the activation.")
        elif (j := mismatch(result, expected, rtol=1e-7, atol=1e-10)) is not None:
            problem = _(
                "neuron {j} gives {value:.6g}, but σ(Σₖ w[{j},k] a[k] + b[{j}]) = {expected:.6g}."
            ).format(j=j, value=result[j, 0], expected=expected[j, 0])
    return verdict(problem)


def check_shapes(fn):
    """Check the reader's ``fn(sizes, m)`` → ``{"weights": [...], "biases": [...],
    "activations": [...]}``: the shapes in ``Network(sizes)`` when m inputs go in as columns.
    """
    problem = None
    for sizes, m in [([784, 30, 10], 1), ([784, 30, 10], 100), ([2, 3, 1], 5), ([5, 4, 3, 2], 7)]:
        expected = {
            "weights": [(sizes[l + 1], sizes[l]) for l in range(len(sizes) - 1)],
            "biases": [(sizes[l + 1], 1) for l in range(len(sizes) - 1)],
            "activations": [(n, m) for n in sizes],
        }
        result, problem = call(fn, list(sizes), m)
        if problem is not None:
            break
        if not isinstance(result, dict):
            problem = _("it returned {kind}: return the dict of three lists.").format(
                kind=type(result).__name__
            )
            break
        for key, shapes in expected.items():
            got = result.get(key)
            try:
                got = [tuple(int(n) for n in s) for s in got]
            except TypeError:
                problem = _(
                    "for sizes={sizes}, m={m}: result[{key!r}] is {got!r}, "
                    "not a list of shapes like (30, 784)."
                ).format(sizes=sizes, m=m, key=key, got=got)
                break
            if got != shapes:
                problem = _(
                    "for sizes={sizes}, m={m}: {key} should be {shapes}, got {got}."
                ).format(sizes=sizes, m=m, key=key, shapes=shapes, got=got)
                if key == "weights" and got == [s[::-1] for s in shapes]:
                    problem += " " + _(
                        "weights[l] is (n_out, n_in): rows are the next layer's neurons."
                    )
                break
        if problem is not None:
            break
    return verdict(problem)


def _bit(d, j):
    """Bit j of the digit d written with 4 bits, most significant first: 5 → 0, 1, 0, 1."""
    return (d >> (3 - j)) & 1


def _worst_inputs(w_row, d, on=0.99, off=0.01):
    """The two old-output vectors, within the book's assumption (output d at least ``on``,
    the others below ``off``), that give a new neuron with weights ``w_row`` its smallest
    and its largest weighted input (z is linear in the activations: a corner of the box)."""
    low, high = np.zeros(10), np.zeros(10)
    for k in range(10):
        lo, hi = (on, 1.0) if k == d else (0.0, off)
        low[k], high[k] = (lo, hi) if w_row[k] >= 0 else (hi, lo)
    return low, high


def check_bit_layer(fn):
    """Check the reader's ``fn()`` → ``(w, b)``: the book's extra layer that turns the
    10 outputs into the digit's 4 bits.

    ``w`` is (4, 10) (``weights[l]`` is (n_out, n_in)), ``b`` holds 4 biases; new
    neuron j gives bit j of the digit, most significant first (5 → 0, 1, 0, 1), read
    as 1 when its output σ(z) is above 0.5.  The book's assumption: the right old
    output is at least 0.99, the others below 0.01.  For every digit and every new
    neuron the check tries the two inputs within that assumption that push z
    furthest each way (z is linear in the inputs, so these are the worst cases) and
    computes the new neuron's output neuron by neuron.
    """
    result, problem = call(fn)
    if problem is None:
        try:
            w, b = result
            w = np.asarray(w, dtype=float)
            b = np.asarray(b, dtype=float)
        except (TypeError, ValueError):
            problem = _("it returned {result!r:.60}: return the pair (w, b) of arrays.").format(
                result=result
            )
    if problem is None:
        if w.shape == (10, 4):
            problem = _(
                "w is (10, 4): weights[l] is (n_out, n_in), one row per new neuron, so (4, 10)."
            )
        elif w.shape != (4, 10):
            problem = _("w has shape {shape}: 4 new neurons, 10 inputs each, so (4, 10).").format(
                shape=w.shape
            )
        elif b.size != 4:
            problem = _("b has shape {shape}: one bias per new neuron, a (4, 1) column.").format(
                shape=b.shape
            )
        elif not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
            problem = _("w and b hold nan or inf: use finite numbers.")
    if problem is not None:
        return verdict(problem)
    b = b.reshape(4)
    lowest_on, highest_off, failure = 1.0, 0.0, None
    for d in range(10):
        for j in range(4):
            for a in _worst_inputs(w[j], d):
                out = float(sigma(sum(w[j, k] * a[k] for k in range(10)) + b[j]))
                want = _bit(d, j)
                if want:
                    lowest_on = min(lowest_on, out)
                else:
                    highest_off = max(highest_off, out)
                right = out > 0.5 if want else out < 0.5
                if not right and failure is None:
                    failure = (d, j, a, out, want)
    if failure is None:
        verdict(None)
        print(
            _(
                "Worst cases under the book's assumption: a 1 bit outputs at least "
                "{lowest_on:.3f}, a 0 bit at most {highest_off:.3f}."
            ).format(lowest_on=lowest_on, highest_off=highest_off)
        )
        return True
    d, j, a, out, want = failure
    others = [k for k in range(10) if k != d and a[k] > 0]
    if others:
        inputs = _("output {d} at {value:g} and outputs {others} at 0.01")
    else:
        inputs = _("output {d} at {value:g}, the others at 0")
    inputs = inputs.format(d=d, value=a[d], others=others)
    if want:
        problem = _(
            "for the digit {d} = {binary} in binary ({inputs}), new neuron {j} outputs "
            "{out:.3f}, but bit {j} of {d} is {want}: its output should be above 0.5."
        )
    else:
        problem = _(
            "for the digit {d} = {binary} in binary ({inputs}), new neuron {j} outputs "
            "{out:.3f}, but bit {j} of {d} is {want}: its output should be below 0.5."
        )
    problem = problem.format(d=d, binary=f"{d:04b}", inputs=inputs, j=j, out=out, want=want)
    if _works(w[::-1], b[::-1]):
        problem += " " + _(
            "Your bits come out in reverse order: neuron 0 is the 8s bit (most "
            "significant), neuron 3 the 1s bit."
        )
    elif not want and b[j] >= 0:
        problem += " " + _(
            "Neuron {j} has bias {b:g}: when none of its digits is on, z ≈ b, and "
            "σ({b:g}) ≥ 0.5. Give it a negative bias (it thresholds), and weights "
            "large enough to lift z above 0 when one of its digits is on."
        ).format(j=j, b=b[j])
    elif want and w[j, d] <= 0:
        problem += " " + _("Its weight from output {d} is {w:g}: make it positive.").format(
            d=d, w=w[j, d]
        )
    elif want:
        problem += " " + _(
            "Its weight from output {d} ({w:g}) is too small to lift z above 0 "
            "against the bias {b:g}."
        ).format(d=d, w=w[j, d], b=b[j])
    return verdict(problem)


def _works(w, b):
    """True if (w, b) passes check_bit_layer's test, quietly."""
    for d in range(10):
        for j in range(4):
            for a in _worst_inputs(w[j], d):
                z = float(w[j] @ a + b[j])
                if not (z > 0 if _bit(d, j) else z < 0):
                    return False
    return True
