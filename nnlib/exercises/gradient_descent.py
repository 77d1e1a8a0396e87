"""Self-checks for the exercises of notebook 03: gradient descent."""

import numpy as np

from ..language import gettext as _
from .verdict import call, one_number, verdict


def check_quadratic_cost(fn):
    """Check the reader's ``fn(a, y)`` → C = (1/2n) Σₓ ‖y(x) − a(x)‖².

    ``a`` and ``y`` are (10, n) arrays whose n columns are the examples.  The
    reference is written example by example, as the formula reads.  The slips a
    reader makes all give C times a telling factor (an extra mean over the 10
    outputs gives C/10, a missing ½ gives 2C, ...), so the check names them.
    """
    rng = np.random.default_rng(13)
    n = 6  # not 10, so that a mean over the examples and one over the outputs differ
    a = rng.random((10, n))
    y = np.zeros((10, n))
    y[rng.integers(0, 10, n), np.arange(n)] = 1.0
    total = 0.0
    for x in range(n):  # example by example, as the formula reads
        total += sum((y[j, x] - a[j, x]) ** 2 for j in range(10))
    expected = total / (2 * n)
    result, problem = call(fn, a.copy(), y.copy())
    if problem is not None:
        return verdict(problem)
    if np.size(result) != 1:
        shape = np.shape(result)
        problem = _(
            "it returned an array of shape {shape}: C is one number, the average over "
            "all n = {n} examples of the sum over the 10 outputs."
        ).format(shape=shape, n=n)
        if shape in ((n,), (1, n)):
            problem += " " + _("You have one cost per example: average them (÷ n).")
        elif shape in ((10,), (10, 1)):
            problem += " " + _("You have one number per output neuron: add them up too.")
        return verdict(problem)
    c, problem = one_number(result, _("one number, C"))
    if problem is not None:
        return verdict(problem)
    slips = [  # (factor, hint): the reader's C divided by the right one
        (
            1 / 10,
            _(
                "you averaged over the 10 outputs too (np.mean over the whole array divides "
                "by 10·n): sum over the outputs, average over the examples."
            ),
        ),
        (
            2 / 10,
            _(
                "np.mean over the whole array divides by 10·n, and the ½ is missing: sum "
                "over the outputs, average over the examples, then halve."
            ),
        ),
        (2, _("did you forget the ½?")),
        (
            n / 10,
            _(
                "you divided by 2·10: a.shape[0] = 10 is the number of outputs; the number "
                "of examples n = {n} is a.shape[1] (the columns)."
            ).format(n=n),
        ),
        (n, _("you summed over the examples: divide the sum by 2n, not by 2.")),
        (2 * n, _("that is the plain sum of squares: divide it by 2n.")),
        (-1, _("C is a sum of squares, never negative: check the sign.")),
    ]
    if np.isclose(c, expected):
        return verdict(None)
    for factor, hint in slips:
        if np.isclose(c, factor * expected):
            return verdict(
                _("it gives {c:.6g} instead of C = {expected:.6g}: {hint}").format(
                    c=c, expected=expected, hint=hint
                )
            )
    unsquared = {
        _("the differences y − a"): np.sum(y - a) / (2 * n),
        _("the sizes |y − a|"): np.sum(np.abs(y - a)) / (2 * n),
        _("the lengths ‖y − a‖"): np.sum(np.linalg.norm(y - a, axis=0)) / (2 * n),
    }
    for what, value in unsquared.items():
        if np.isclose(c, value):
            return verdict(
                _(
                    "it gives {c:.6g}, the average of {what} without squaring them: C uses "
                    "‖y − a‖², the sum of the squared differences (C = {expected:.6g})."
                ).format(c=c, what=what, expected=expected)
            )
    return verdict(
        _("it gives {c:.6g}, but (1/2n) Σₓ ‖y(x) − a(x)‖² = {expected:.6g}.").format(
            c=c, expected=expected
        )
    )


def check_gradient_step(fn):
    """Check the reader's ``fn(v, nabla_C, eta)`` → v' = v − η ∇C."""
    rng = np.random.default_rng(12)
    problem = None
    for eta in (0.1, 3.0):
        v = rng.normal(size=5)
        g = rng.normal(size=5)
        expected = np.array([v[i] - eta * g[i] for i in range(5)])
        result, problem = call(fn, v.copy(), g.copy(), eta, numbers=True)
        if problem is not None:
            break
        if result.shape != v.shape:
            problem = _("v has shape {shape}, so v' should too; got {got}.").format(
                shape=v.shape, got=result.shape
            )
        elif np.allclose(result, v + eta * g):
            problem = _("that step goes uphill: move against the gradient, v − η∇C.")
        elif np.allclose(result, -eta * g):
            problem = _("that is the change Δv = −η∇C alone: add it to v.")
        elif not np.allclose(result, expected):
            problem = _("with η = {eta} it gives {result}, but v − η∇C = {expected}.").format(
                eta=eta, result=result, expected=expected
            )
        if problem is not None:
            break
    return verdict(problem)


def check_steepest_step(fn):
    """Check the reader's ``fn(nabla_C, epsilon)`` → the step Δv of length ε that
    lowers C the most to first order, i.e. minimises ∇C·Δv subject to ‖Δv‖ = ε.

    The reference is the bound itself: by Cauchy–Schwarz ∇C·Δv ≥ −‖∇C‖ ‖Δv‖, so a
    right answer has length ε and reaches ∇C·Δv = −ε‖∇C‖.  The check never
    compares with the formula −ε∇C/‖∇C‖ directly; it names the usual slips.
    """
    rng = np.random.default_rng(14)
    cases = [(np.array([-4.0, 15.0]), 0.1), (rng.normal(size=5) * 3, 0.01)]
    for g, eps in cases:
        result, problem = call(fn, g.copy(), eps, numbers=True)
        if problem is not None:
            return verdict(problem)
        if result.shape != g.shape:
            return verdict(
                _("∇C has shape {shape}, so the step Δv should too; got {got}.").format(
                    shape=g.shape, got=result.shape
                )
            )
        norm_g = np.linalg.norm(g)
        length = np.linalg.norm(result)
        drop = float(result @ g)  # ∇C·Δv, the first-order change of C
        best = -eps * norm_g  # the Cauchy–Schwarz bound
        if np.isclose(length, eps, rtol=1e-6) and np.isclose(drop, best, rtol=1e-6):
            continue
        if np.isclose(length, eps, rtol=1e-6) and np.isclose(drop, -best, rtol=1e-6):
            problem = _("that is the steepest way *up*: step against the gradient.")
        elif np.allclose(result, -eps * g):
            problem = _(
                "that is −ε∇C, whose length is ε‖∇C‖ = {length:.4g}, not ε = {eps}: "
                "divide by ‖∇C‖ (so η = ε/‖∇C‖)."
            ).format(length=eps * norm_g, eps=eps)
        elif np.allclose(result, -g / norm_g):
            problem = _("the direction is right but the length is 1: make it ε.")
        elif np.allclose(result, -eps * g / norm_g**2):
            problem = _("you divided by ‖∇C‖² (g·g): divide by ‖∇C‖, the length of ∇C.")
        elif not np.isclose(length, eps, rtol=1e-6):
            problem = _("with ε = {eps} your step has length {length:.4g}: it must be ε.").format(
                eps=eps, length=length
            )
        else:
            problem = _(
                "your step has length ε but lowers C by only {lowered:.4g} to first order "
                "(∇C·Δv = {drop:.4g}); the best step of length ε reaches −ε‖∇C‖ = {best:.4g}."
            ).format(lowered=-drop, drop=drop, best=best)
        return verdict(problem)
    return verdict(None)


def check_eta_guess(guess, limit=0.2):
    """Compare the reader's predicted largest stable η on the bowl with 2/κ₂.

    Not a right-or-wrong check: it prints how close the guess was and why, and
    returns True when the guess is within 25% of the limit.
    """
    if guess is None:
        return verdict(_("write your guess in my_eta_guess (a number), then run this cell again."))
    value, problem = one_number(guess, _("one number, your guess for η"))
    if problem is not None:
        return verdict(problem)
    close = abs(value - limit) <= 0.25 * limit
    verdict_text = _("close!") if close else (_("too high") if value > limit else _("too low"))
    print(
        _(
            "Your guess: η = {value:g}.  The limit: η = 2/κ₂ = 2/10 = {limit:g} ({verdict}).\n"
            "Each step multiplies v₂ by (1 − 10η); once η > 0.2 that factor is below −1 and "
            "every bounce is higher than the last."
        ).format(value=value, limit=limit, verdict=verdict_text)
    )
    return close
