"""Self-checks for the exercises of notebook 03: gradient descent."""

import numpy as np

from .. import descent
from ..language import gettext as _
from .gate import earned, guessed, number, read, records, revealed, unset  # noqa: F401 (notebooks call them)
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
from .verdict import call, one_number, verdict


@records
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


def _bowl_gradient(v):
    """∇C of the bowl C = ½(v₁² + 10 v₂²), written out here (not nnlib.descent's)."""
    return np.array([v[0], 10.0 * v[1]])


def _other_gradient(v):
    """∇C of a surface of three variables that is no bowl,
    C = ¼ v₁⁴ + ½ (v₂ − v₃)² + ½ v₃²:  ∇C = (v₁³, v₂ − v₃, 2 v₃ − v₂)."""
    return np.array([v[0] ** 3, v[1] - v[2], 2.0 * v[2] - v[1]])


DESCENT_CASES = [  # (surface, gradient, start, eta, steps)
    ("bowl", _bowl_gradient, (-4.0, 1.5), 0.05, 6),
    ("other", _other_gradient, (1.2, -0.8, 0.5), 0.3, 5),
]


def _surface_name(surface):
    return {"bowl": _("the bowl"), "other": _("a surface of 3 variables")}[surface]


def _reference_path(gradient, start, eta, steps):
    """The path written out coordinate by coordinate: row k is v after k steps."""
    rows = [list(start)]
    for _step in range(steps):
        v = rows[-1]
        g = gradient(np.array(v))
        rows.append([v[i] - eta * g[i] for i in range(len(v))])
    return np.array(rows)


@records
def check_descent_path(fn):
    """Check the reader's ``fn(gradient, start, eta, steps)`` → the path of gradient descent,
    an array of shape (steps + 1, len(start)) whose row k is v after k steps.

    The reference is the loop written out coordinate by coordinate, on the bowl and on a
    surface of three variables that is no bowl (so a loop that ignores ``gradient``, or a
    closed form for the bowl, shows).  The slips of writing the loop are named: the start
    row left out, one step short, only the end point, ∇C taken once at the start, every
    row the same array updated in place, an uphill step, the caller's start changed.
    """
    for name, gradient, start, eta, steps in DESCENT_CASES:
        expected = _reference_path(gradient, start, eta, steps)
        given = np.array(start)
        where = _("on {name} (start {start}, η = {eta}, steps = {steps})").format(
            name=_surface_name(name), start=start, eta=eta, steps=steps
        )
        result, problem = call(fn, gradient, given, eta, steps, numbers=True)
        if problem is not None:
            if name == "other" and ("broadcast" in problem or "index" in problem):
                problem += " " + _(
                    "({where}: v has {n} coordinates; use the gradient function you are "
                    "given, not the bowl's.)"
                ).format(where=where, n=len(start))
            return verdict(problem)
        d = len(start)
        problem = None
        if not np.array_equal(given, np.array(start)):
            problem = _(
                "{where} your function changed the start array it was given (an update in "
                "place, v -= …, on the caller's array): work on a copy, v = start.copy(), "
                "or write v = v − η∇C, which makes a new array."
            ).format(where=where)
        elif result.shape == (d,) and np.allclose(result, expected[-1]):
            problem = _(
                "{where} it returned only the end point, shape {shape}: return the whole "
                "path, one row per point, shape {want}."
            ).format(where=where, shape=result.shape, want=expected.shape)
        elif result.shape == (steps, d) and np.allclose(result, expected[1:]):
            problem = _(
                "{where} the path has {steps} rows, the points after each step: row 0 must "
                "be the start itself, so {rows} rows in all."
            ).format(where=where, steps=steps, rows=steps + 1)
        elif result.shape == (steps, d) and np.allclose(result, expected[:-1]):
            problem = _(
                "{where} the path stops one step short: with steps = {steps} it has the start "
                "and {steps} more rows, {rows} in all."
            ).format(where=where, steps=steps, rows=steps + 1)
        elif result.shape != expected.shape:
            problem = _(
                "{where} the path has shape {shape}; it should be (steps + 1, len(start)) = "
                "{want}: row 0 the start, row k the point after k steps."
            ).format(where=where, shape=result.shape, want=expected.shape)
        elif np.allclose(result, expected):
            continue
        elif np.allclose(result, expected[-1]) and not np.allclose(expected[0], expected[-1]):
            problem = _(
                "{where} every row is the final point: the list holds the same array {rows} "
                "times, changed in place (v -= …) after it was appended. Append a new array "
                "each step: v = v − η∇C (or path.append(v.copy()))."
            ).format(where=where, rows=steps + 1)
        elif np.allclose(result, _reference_path(gradient, start, -eta, steps)):
            problem = _("{where} the path climbs: step against the gradient, v − η∇C.").format(
                where=where
            )
        elif np.allclose(
            result, np.array(start) - eta * np.arange(steps + 1)[:, None] * gradient(given)
        ):
            problem = _(
                "{where} every step uses ∇C at the start: the gradient changes as v moves; "
                "evaluate gradient(v) at the current v in each step."
            ).format(where=where)
        else:
            k = int(np.argmax(np.any(~np.isclose(result, expected), axis=1)))
            problem = _(
                "{where} row {k} is {got}, but after {k} steps v − η∇C gives {want}."
            ).format(where=where, k=k, got=np.round(result[k], 6), want=np.round(expected[k], 6))
        return verdict(problem)
    return verdict(None)


@records
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


SHOWN_ETAS = (0.01, 0.15, 0.19, 0.21)  # the learning rates the reveal runs (and the guess)
GOAL = 0.01  # "at the bottom": C below this


def _run(eta, steps):
    """(factors per step on v₁ and v₂, C after ``steps`` steps) on nnlib.descent's bowl."""
    with np.errstate(over="ignore", invalid="ignore"):
        final = float(descent.cost(descent.descend(eta, steps)[-1]))
    return 1 - eta * descent.CURVATURE, final


def steps_to_goal(eta, goal=GOAL, most=100_000):
    """How many steps of v → v − η∇C from descent.START bring C below ``goal`` (None: never,
    within ``most``)."""
    v = np.array(descent.START, dtype=float)
    for k in range(most + 1):
        if descent.cost(v) < goal:
            return k
        v = v - eta * descent.gradient(v)
        if not np.all(np.isfinite(v)) or np.max(np.abs(v)) > 1e6:
            return None
    return None


def outcome(eta, steps=30):
    """What ``steps`` steps with ``eta`` did on the bowl, in words, read off the run: the
    factors 1 − ηκᵢ by which each step multiplies vᵢ, and the cost after ``steps`` steps."""
    factors, final = _run(eta, steps)
    biggest = float(np.max(np.abs(factors)))
    zigzag = bool(np.any(factors < 0))
    if eta <= 0:
        return _("does not descend (η ≤ 0)")
    if biggest > 1 + 1e-12:
        return _("diverges: each bounce higher")
    if biggest > 1 - 1e-12:
        return _("never settles: bounces at the same height")
    if final < GOAL:
        return _("converges, quickly damped zig-zag") if zigzag else _("converges")
    return _("converges, slowly damped zig-zag") if zigzag else _("converges slowly")


def reveal_eta_guess(guess, steps=30):
    """The result of the prediction "the largest η at which the ball still settles": the
    runs for SHOWN_ETAS (and the guess), the guess judged beside the limit 2/κ₂, and why.

    Returns the learning rates to draw (SHOWN_ETAS, with the guess when it is a number in
    (0, 1]), or None while no guess is written (it prints one line and no number)."""
    if not guessed(guess, "my_eta_guess"):
        return None
    go_on, value = read(guess, "my_eta_guess")
    if not go_on:
        return None
    kappa1, kappa2 = descent.CURVATURE
    limit = 2 / kappa2
    revealed("my_eta_guess", guess, value, limit)
    shown = list(SHOWN_ETAS)
    if value is not None and 0 < value <= 1 and not any(np.isclose(value, e) for e in shown):
        shown.append(value)
    start = float(descent.cost(descent.START))
    print(
        _("{steps} steps from v = (−4, 1.5), where C = {start:.4g}:").format(
            steps=steps, start=start
        )
    )
    for eta in shown:
        factors, final = _run(eta, steps)
        mark = _("  ← your guess") if value is not None and np.isclose(eta, value) else ""
        print(
            _(
                "η = {eta:<6g} factor on v₁ = {f1:+.2f}, on v₂ = {f2:+.2f}   "
                "C after {steps} steps = {final:10.4g}   {outcome}{mark}"
            ).format(
                eta=eta,
                f1=factors[0],
                f2=factors[1],
                steps=steps,
                final=final,
                outcome=outcome(eta, steps),
                mark=mark,
            )
        )
    print()
    if value is None:
        print(_("No guess was written in my_eta_guess: here is the result anyway."))
    else:
        print(
            _("Your guess: η = {value:g}.  The limit: η = 2/κ₂ = {limit:g}.").format(
                value=value, limit=limit
            )
        )
        print(_judge(value, limit, kappa1, kappa2, steps))
    print()
    print(
        _(
            "Why: ∇C = (v₁, 10 v₂), so one step v → v − η∇C multiplies v₁ by 1 − η and v₂ by "
            "1 − 10η. The ball settles only if both factors have size below 1, and "
            "|1 − 10η| < 1 means 0 < η < 2/10 = 0.2. The steep direction (κ₂ = 10) sets the "
            "limit; the shallow one (factor 1 − η) then sets the pace."
        )
    )
    return shown


def _judge(value, limit, kappa1, kappa2, steps):
    """The verdict on a guess of the largest stable η: its side of the limit, and its cost."""
    if value <= 0:
        return _(
            "η must be positive: with η = 0 the ball does not move, and with η < 0 every step "
            "goes uphill."
        )
    factor = 1 - value * kappa2
    if np.isclose(value, limit, rtol=1e-9, atol=0):
        return _(
            "Right: that is the limit itself. At η = {limit:g} the factor 1 − 10η is −1: v₂ "
            "flips between +1.5 and −1.5 for ever, so the ball never settles, nor flies off; "
            "every η below it settles."
        ).format(limit=limit)
    if value > limit:
        final = _run(value, steps)[1]
        text = _(
            "Above the limit: at η = {value:g} the factor on v₂ is 1 − 10η = {factor:.3g}, "
            "of size above 1, so every bounce is higher than the last and descent diverges "
            "(C = {final:.3g} after {steps} steps)."
        ).format(value=value, factor=factor, final=final, steps=steps)
        if np.isclose(value, 2 / kappa1, rtol=0.25):
            text += " " + _(
                "2 = 2/κ₁ is the limit of the shallow direction alone: the steep direction decides."
            )
        return text
    best = 2 / (kappa1 + kappa2)  # both factors of the same size
    needed, needed_best = steps_to_goal(value), steps_to_goal(best)
    if value >= 0.9 * limit:
        return _(
            "Right: just below the limit, so it settles, with a slowly damped zig-zag "
            "(factor {factor:.2f} on v₂ per step): {needed} steps to reach C < {goal:g}."
        ).format(factor=factor, needed=needed, goal=GOAL)
    cost = (
        _("{needed} steps").format(needed=needed)
        if needed is not None
        else _("more than 100,000 steps")
    )
    return _(
        "Below the limit: η = {value:g} settles, but it is {times:.3g}× smaller than the "
        "largest η that does, and a small η costs steps: {cost} to reach C < {goal:g}, "
        "against {best_steps} at η = 2/11 ≈ {best:.2f}, the best on this bowl."
    ).format(
        value=value, times=limit / value, cost=cost, goal=GOAL, best_steps=needed_best, best=best
    )
