"""Self-checks for notebook 05 (training on MNIST) and the predictions of notebook 06
(the playground): the exercises' checks, and the reveals that set a guess beside the truth."""

import sys

import numpy as np

from ..language import gettext as _
from ..network import Network
from .gate import earned, guessed, number, read, records, revealed, yes_no  # noqa: F401
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
from .verdict import call, one_number, sigma, verdict

__all__ = [
    "check_steps",
    "check_update_mini_batch",
    "defined",
    "earned",
    "guessed",
    "needs",
    "number",
    "reveal_epoch0",
    "reveal_hidden_100",
    "reveal_mini_batches",
    "reveal_scaled",
]


# ----------------------------------------------------------------------
# Exercise: the book's update_mini_batch, one backprop per example
# ----------------------------------------------------------------------
def _gradient(weights, biases, x, y):
    """∇Cₓ for one example, Cₓ = ½‖y − aᴸ‖², by the chain rule written out here
    (independent of ``Network.backprop``): lists shaped like ``biases``, ``weights``."""
    activations, zs = [x], []
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b)
        activations.append(sigma(zs[-1]))
    grad_b, grad_w = [None] * len(biases), [None] * len(weights)
    delta = None
    for layer in reversed(range(len(weights))):
        s = sigma(zs[layer])
        slope = s * (1 - s)  # σ′(z)
        if delta is None:
            delta = (activations[-1] - y) * slope  # ∂Cₓ/∂z of the output layer
        else:
            delta = (weights[layer + 1].T @ delta) * slope
        grad_b[layer] = delta
        grad_w[layer] = delta @ activations[layer].T
    return grad_b, grad_w


def _cost(weights, biases, mini_batch):
    """Mean quadratic cost over ``mini_batch``, by a forward pass written out here."""
    total = 0.0
    for x, y in mini_batch:
        a = x
        for w, b in zip(weights, biases):
            a = sigma(w @ a + b)
        total += 0.5 * float(np.sum((y - a) ** 2))
    return total / len(mini_batch)


def _steps(weights, biases, mini_batch, eta):
    """The right step, −(η/m) Σₓ ∇Cₓ, as ``(step_b, step_w)``; and the sequential
    variant (a step of η/m after each example) as new ``(biases, weights)``."""
    m = len(mini_batch)
    sum_b = [np.zeros_like(b) for b in biases]
    sum_w = [np.zeros_like(w) for w in weights]
    for x, y in mini_batch:
        gb, gw = _gradient(weights, biases, x, y)
        sum_b = [s + g for s, g in zip(sum_b, gb)]
        sum_w = [s + g for s, g in zip(sum_w, gw)]
    step_b = [-(eta / m) * s for s in sum_b]
    step_w = [-(eta / m) * s for s in sum_w]
    seq_b, seq_w = [b.copy() for b in biases], [w.copy() for w in weights]
    for x, y in mini_batch:
        gb, gw = _gradient(seq_w, seq_b, x, y)
        seq_b = [b - (eta / m) * g for b, g in zip(seq_b, gb)]
        seq_w = [w - (eta / m) * g for w, g in zip(seq_w, gw)]
    last_b, last_w = _gradient(weights, biases, *mini_batch[-1])
    return step_b, step_w, (seq_b, seq_w), ([-(eta / m) * g for g in last_b + last_w])


def _as_parameters(values, shapes, name):
    """``values`` as a list of float arrays with ``shapes``; or (None, a problem)."""
    try:
        arrays = [np.asarray(v, dtype=float) for v in values]
    except (TypeError, ValueError):
        return None, _("net.{name} is no longer a list of arrays (it is {values!r:.50}).").format(
            name=name, values=values
        )
    if len(arrays) != len(shapes):
        return None, _("net.{name} now holds {n} arrays; the network has {layers}.").format(
            name=name, n=len(arrays), layers=len(shapes)
        )
    for layer, (a, shape) in enumerate(zip(arrays, shapes)):
        if a.shape != shape:
            return None, _(
                "net.{name}[{layer}] changed shape from {shape} to {new}: "
                "each new array must have the shape of the old one."
            ).format(name=name, layer=layer, shape=shape, new=a.shape)
        if not np.all(np.isfinite(a)):
            return None, _("net.{name}[{layer}] holds NaN or infinite numbers.").format(
                name=name, layer=layer
            )
    return arrays, None


def _close(result, expected):
    return all(np.allclose(r, e, rtol=1e-7, atol=1e-12) for r, e in zip(result, expected))


@records
def check_update_mini_batch(fn):
    """Check the reader's ``fn(net, mini_batch, eta)``: one step of gradient descent,

        w → w − (η/m) Σₓ ∇_w Cₓ,   b → b − (η/m) Σₓ ∇_b Cₓ,

    in the book's per-example form, ``net.backprop(x, y)`` once per example of the
    list ``mini_batch``.  The new weights and biases are compared with a step
    computed here with its own forward and backward pass (not ``Network.backprop``);
    a step m times too large (no 1/m), the wrong sign, a missing η, one part of
    the network left alone, only one example's gradient, a step after every
    example, and a network left unchanged each get their own hint.  Calling
    ``backprop`` on the whole mini-batch as one matrix (or ``net.update_mini_batch``)
    is refused: the exercise is the per-example form.
    """
    net = Network([6, 5, 4], seed=11)
    rng = np.random.default_rng(12)
    m, eta = 5, 0.8
    mini_batch = []
    for _example in range(m):
        y = np.zeros((4, 1))
        y[rng.integers(4)] = 1.0
        mini_batch.append((rng.random((6, 1)), y))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    shapes_w, shapes_b = [w.shape for w in weights], [b.shape for b in biases]
    step_b, step_w, sequential, last = _steps(weights, biases, mini_batch, eta)
    before = _cost(weights, biases, mini_batch)

    calls = []
    original = net.backprop

    def backprop(x, y):  # what the reader calls: the real backprop, counted
        calls.append(np.shape(x))
        return original(x, y)

    net.backprop = backprop
    try:
        fn(net, [(x.copy(), y.copy()) for x, y in mini_batch], eta)
    except NotImplementedError:
        return verdict(_("the function still raises NotImplementedError: fill in the stub."))
    except Exception as e:  # the reader's code: report, don't crash the class
        return verdict(
            _("calling it raised {kind}: {error}").format(kind=type(e).__name__, error=e)
        )

    new_w, problem = _as_parameters(net.weights, shapes_w, "weights")
    if problem is None:
        new_b, problem = _as_parameters(net.biases, shapes_b, "biases")
    if problem is not None:
        return verdict(problem)
    if any(len(shape) == 2 and shape[1] > 1 for shape in calls):
        return verdict(
            _(
                "it called backprop on the whole mini-batch at once (a matrix of "
                "examples; net.update_mini_batch does that): this exercise is the book's "
                "per-example form, net.backprop(x, y) once for each (x, y) in mini_batch, "
                "adding the gradients up."
            )
        )
    moved_w = [n - w for n, w in zip(new_w, weights)]
    moved_b = [n - b for n, b in zip(new_b, biases)]
    unchanged_w = all(np.array_equal(n, w) for n, w in zip(new_w, weights))
    unchanged_b = all(np.array_equal(n, b) for n, b in zip(new_b, biases))
    ok_w, ok_b = _close(moved_w, step_w), _close(moved_b, step_b)
    if ok_w and ok_b:
        return verdict(None)
    after = _cost(new_w, new_b, mini_batch)
    moved = moved_b + moved_w
    step = step_b + step_w
    if unchanged_w and unchanged_b:
        problem = _(
            "net.weights and net.biases did not change. A list comprehension makes new "
            "arrays: assign them back (net.weights = [...], net.biases = [...]), as the "
            "book does with self.weights and self.biases; the function need not return anything."
        )
    elif _close(moved, [-s for s in step]):
        problem = _(
            "the sign is wrong: that is gradient *ascent*, the cost on this mini-batch "
            "went up from {before:.4f} to {after:.4f}. Subtract the gradient: "
            "w - (eta / m) * nabla_w."
        ).format(before=before, after=after)
    elif _close(moved, [m * s for s in step]):
        problem = _(
            "the step is m = {m} times too large: the 1/m is missing. The step uses the "
            "*average* gradient, w - (eta / len(mini_batch)) * nabla_w, not eta * nabla_w."
        ).format(m=m)
    elif _close(moved, [-m * s for s in step]):
        problem = _(
            "two slips: the sign (the cost went up from {before:.4f} to {after:.4f}) and "
            "the 1/m (the step is {m} times too large). Use w - (eta / len(mini_batch)) * nw."
        ).format(before=before, after=after, m=m)
    elif _close(moved, [s / eta for s in step]):
        problem = _("η is missing: the step is (eta / m) * nabla, not nabla / m.")
    elif _close(moved, [s / m for s in step]):
        problem = _(
            "the step is m = {m} times too small: you divided by m twice (or averaged the "
            "gradients and divided by m again)."
        ).format(m=m)
    elif ok_w and unchanged_b:
        problem = _(
            "the weights are right, but the biases were not updated: b - (eta / m) * nb too."
        )
    elif ok_b and unchanged_w:
        problem = _(
            "the biases are right, but the weights were not updated: w - (eta / m) * nw too."
        )
    elif ok_w:
        problem = _("the weights are right, but not the biases: update both the same way.")
    elif ok_b:
        problem = _("the biases are right, but not the weights: update both the same way.")
    elif _close(new_b + new_w, sequential[0] + sequential[1]):
        problem = _(
            "it takes a step after every example, so later examples see changed weights. "
            "Add up the m gradients first (nabla_b, nabla_w), then take one step."
        )
    elif _close(moved, last):
        problem = _(
            "only the last example's gradient counts: add each delta_nabla to the running "
            "sums (nb + dnb), rather than replacing them."
        )
    elif len(calls) != m:
        problem = _(
            "net.backprop was called {calls} times for {m} examples: call it once per "
            "(x, y) in mini_batch and add the results up."
        ).format(calls=len(calls), m=m)
    else:
        problem = _(
            "the new weights and biases are not one gradient step "
            "w - (eta / m) * Σ nabla_w, b - (eta / m) * Σ nabla_b "
            "(the cost on this mini-batch went from {before:.4f} to {after:.4f})."
        ).format(before=before, after=after)
    return verdict(problem)


# ----------------------------------------------------------------------
# Exercise: how many steps one epoch takes (the book's slices)
# ----------------------------------------------------------------------
# (n, mini_batch_size): the divisible cases first, so n // m is caught where it is wrong
_STEP_CASES = ((50_000, 10), (10_000, 1), (10_000, 100), (10_000, 3), (1_000, 7), (7, 10), (5, 5))


def _slices(n, m):
    """The book's mini-batches of one epoch, counted: training_data[k:k+m] for k in
    range(0, n, m), one by one."""
    count = 0
    for _k in range(0, n, m):
        count += 1
    return count


@records
def check_steps(fn):
    """Check the reader's ``fn(n, mini_batch_size)``: how many times ``SGD`` calls
    ``update_mini_batch`` in one epoch on ``n`` examples, the number of the book's slices
    ``training_data[k:k+m] for k in range(0, n, m)`` (the last one shorter when m does not
    divide n).  Names the slips: n // m (the last, shorter mini-batch forgotten), n // m + 1
    (a step too many when m divides n), a fraction n / m, the examples n or n · m."""
    for n, m in _STEP_CASES:
        result, problem = call(fn, n, m)
        if problem is None:
            value, problem = one_number(result, _("one whole number, the count of steps"))
        if problem is not None:
            return verdict(problem)
        right = _slices(n, m)
        if value == right:
            continue
        if value != int(value):
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:g}, a fraction: "
                "SGD takes one step per mini-batch, a whole number of them."
            )
        elif value == n // m and n % m:
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:,.0f}, off by one: "
                "range(0, n, m) also starts a last, shorter mini-batch for what is left over "
                "(n % m = {rest}), and SGD takes a step on it too."
            )
        elif value == n // m + 1 and not n % m:
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:,.0f}, one step too "
                "many: {m} divides {n:,}, so there is no shorter mini-batch left over."
            )
        elif value == n * m:
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:,.0f}, the examples "
                "times the mini-batch size: each step uses m examples, so there are fewer "
                "steps than examples, not more."
            )
        elif value == n:
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:,.0f}, the number of "
                "examples: one step per example only when m = 1; each step uses m of them."
            )
        else:
            problem = _(
                "for n = {n:,} and mini-batches of {m} it returned {value:,.0f}: count the "
                "slices training_data[k:k+m] for k in range(0, n, m)."
            )
        return verdict(problem.format(n=n, m=m, value=value, rest=n % m))
    return verdict(None)


# ----------------------------------------------------------------------
# Reveals: a guess beside the truth (05's first epoch, 05's mini-batches, 06's playground)
# ----------------------------------------------------------------------
def needs(value, name, where):
    """True when ``value`` (a result a later cell uses) exists; otherwise one line saying
    which cell to run first, and False: a cell that cannot run says so, no NameError."""
    if value is not None:
        return True
    print(_("This cell needs {name}: run {where} first.").format(name=name, where=where))
    return False


def defined(name, where):
    """``needs`` for a name the notebook defines in an earlier cell (the data, a trained
    network): True when the calling cell's namespace holds ``name`` (not None); otherwise
    the same one line saying which cell to run first, and False, instead of a NameError."""
    return needs(sys._getframe(1).f_globals.get(name), name, where)


def _no_guess(name):
    print(
        _("(No guess in {name}: the result is shown because every gate is open.)").format(name=name)
    )


def _read_guess(guess, name, parse):
    """``gate.read``, and a line saying no guess was written when none was."""
    go_on, value = read(guess, name, parse)
    if go_on and value is None:
        _no_guess(name)
    return go_on, value


def _as_count(guess, name, total):
    """A guessed count of right test images: 9000, or 0.9 read as a share; None after a
    refusal."""
    value = number(guess, name)
    if value is None:
        return None
    if 0 < value < 1:  # a fraction: read as a share of the test images
        value *= total
    if not 0 <= value <= total:
        print(
            _("{name} = {guess!r:.40}: write a count of right images, from 0 to {total:,}.").format(
                name=name, guess=guess, total=total
            )
        )
        return None
    return value


def _as_size(guess, name, sizes):
    """A guessed mini-batch size, one of ``sizes``; None after a refusal."""
    value = number(guess, name)
    if value is None:
        return None
    if value not in sizes:
        print(
            _("{name} = {guess!r:.40}: write one of the mini-batch sizes {sizes}.").format(
                name=name, guess=guess, sizes=", ".join(str(m) for m in sizes)
            )
        )
        return None
    return value


def _as_fraction(guess, name):
    """A guessed accuracy as a fraction: 0.68, or 68 read as 68%; None after a refusal."""
    value = number(guess, name)
    if value is None:
        return None
    if 1 < value <= 100:
        return value / 100
    if not 0 <= value <= 1:
        print(
            _(
                "{name} = {guess!r:.40} is not an accuracy: write a fraction such as 0.9 "
                "(or a percentage such as 90)."
            ).format(name=name, guess=guess)
        )
        return None
    return value


def reveal_epoch0(guess, history, untrained, name="my_epoch0_guess"):
    """05: the guess of how many of the 10,000 test images are right after the first epoch,
    beside the count of the line ``Epoch 0``; judged as too low, right (within 3 points of
    accuracy) or too high, with the reason."""
    if not guessed(guess, name):
        return
    if not needs(history, "history", _("the training cell above")):
        return
    first, total = history[0]["correct"], history[0]["total"]
    start = untrained["correct"]
    go_on, value = _read_guess(guess, name, lambda g, n: _as_count(g, n, total))
    if not go_on:
        return
    revealed(name, guess, value, first)
    if value is not None:
        print(_("your guess:  {value:,.0f} of {total:,} right").format(value=value, total=total))
    print(
        _(
            "the network: {first:,} of {total:,} right after one epoch (line 'Epoch 0'), from "
            "{start:,} untrained"
        ).format(first=first, total=total, start=start)
    )
    if value is not None:
        off = value - first
        points = 100 * abs(off) / total
        if abs(off) <= 0.03 * total:
            print(_("Right: within {points:.1f} points of accuracy.").format(points=points))
        elif off < 0:
            print(
                _("Too low, by {n:,.0f} images ({points:.0f} points).").format(
                    n=-off, points=points
                )
            )
        else:
            print(
                _("Too high, by {n:,.0f} images ({points:.0f} points).").format(
                    n=off, points=points
                )
            )
    print(
        _(
            "Why so much in one epoch: it is {steps:,} steps, each moving every weight a little\n"
            "downhill on 10 images. The other {more} epochs, {later:,} steps more, add only\n"
            "{points:.1f} points."
        ).format(
            steps=_slices(50_000, 10),
            more=len(history) - 1,
            later=(len(history) - 1) * _slices(50_000, 10),
            points=100 * (history[-1]["accuracy"] - history[0]["accuracy"]),
        )
    )


def reveal_mini_batches(guess, results, n_train, name="my_batch_guess"):
    """05: the guess of which mini-batch size (1, 10 or 100) reads the test images best
    after every network has seen the same ``n_train`` training images once, beside the
    accuracies.  ``results`` maps each size to the record of its one epoch (``SGD``'s history)."""
    if not guessed(guess, name):
        return
    if not needs(results, "results", _("the cell that trains the three networks")):
        return
    sizes = sorted(results)
    best = max(sizes, key=lambda m: results[m]["accuracy"])
    go_on, value = _read_guess(guess, name, lambda g, n: _as_size(g, n, sizes))
    if not go_on:
        return
    revealed(name, guess, value, best)
    if value is not None:
        print(_("your guess: mini-batches of {m:g}").format(m=value))
    for m in sizes:
        print(
            _(
                "mini-batches of {m:>3}: {steps:>6,} steps, {accuracy:.1%} of the test images right"
            ).format(m=m, steps=_slices(n_train, m), accuracy=results[m]["accuracy"])
        )
    if value is not None:
        if value == best:
            print(_("Right: mini-batches of {m} read best.").format(m=best))
        else:
            print(
                _(
                    "Not this time: mini-batches of {m:g} reached {theirs:.1%}, those of {best} "
                    "{top:.1%}."
                ).format(
                    m=value,
                    theirs=results[int(value)]["accuracy"],
                    best=best,
                    top=results[best]["accuracy"],
                )
            )
    print(
        _(
            "The trade: on the same examples a smaller mini-batch takes more steps, each on the\n"
            "average gradient of fewer images, so each step is noisier (one image's gradient is a\n"
            "rough estimate of the average over all of them). Here mini-batches of {best} struck\n"
            "the best balance."
        ).format(best=best)
    )


def _judge_side(value, mean, label):
    """One line: how far the guess is from the mean, in points of accuracy."""
    points = 100 * (value - mean)
    if abs(points) < 0.5:
        return _("your guess is within half a point of the mean of {label}.").format(label=label)
    if points > 0:
        return _("your guess is {p:.0f} points above the mean of {label}.").format(
            p=points, label=label
        )
    return _("your guess is {p:.0f} points below the mean of {label}.").format(
        p=-points, label=label
    )


def reveal_hidden_100(guess, accuracies, thirty, name="my_hidden100_guess"):
    """06: the guessed mean accuracy of the three 100-neuron networks (book's start, 5
    epochs) beside theirs and the 30-neuron network's; a guess on the wrong side of the
    30-neuron network is told so."""
    if not guessed(guess, name):
        return
    if not needs(accuracies, "book_100", _("the cell that trains the 100-neuron networks")):
        return
    accuracies = np.asarray(accuracies, dtype=float)
    mean = accuracies.mean()
    go_on, value = _read_guess(guess, name, _as_fraction)
    if not go_on:
        return
    revealed(name, guess, value, mean)
    if value is not None:
        print(_("your guess:       {v:.1%}").format(v=value))
    print(
        _(
            "100 hidden neurons: {mean:.1%} on average over the seeds, from {low:.1%} to {high:.1%}"
        ).format(mean=mean, low=accuracies.min(), high=accuracies.max())
    )
    print(_("30 hidden neurons:  {v:.1%} (run 1)").format(v=thirty))
    if value is not None:
        worse = mean < thirty
        if (value >= thirty) == worse:  # the wrong side of the 30-neuron network
            if worse:
                print(
                    _(
                        "You expected the bigger network to do at least as well as the 30-neuron "
                        "one; on this budget {which} did worse."
                    ).format(
                        which=_("every seed") if accuracies.max() < thirty else _("their mean")
                    )
                )
            else:
                print(_("You expected the bigger network to do worse; it did at least as well."))
        elif worse:
            print(_("Right side: you expected the bigger network to do worse on this budget."))
        else:
            print(_("Right side: the bigger network did at least as well."))
        print(_judge_side(value, mean, _("the three seeds")))
    print(
        _(
            "The seeds lie {spread:.0f} points apart: one run alone could have given any of "
            "those numbers."
        ).format(spread=100 * (accuracies.max() - accuracies.min()))
    )


def reveal_scaled(guess, accuracies, book, thirty, name="my_scaled_guess"):
    """06: the guessed mean accuracy of the 100-neuron networks started N(0, 1/n_in)
    beside theirs, the N(0, 1) start's and the 30-neuron network's."""
    if not guessed(guess, name):
        return
    if not needs(accuracies, "scaled_100", _("the cell that trains them")):
        return
    accuracies, book = np.asarray(accuracies, dtype=float), np.asarray(book, dtype=float)
    mean = accuracies.mean()
    go_on, value = _read_guess(guess, name, _as_fraction)
    if not go_on:
        return
    revealed(name, guess, value, mean)
    if value is not None:
        print(_("your guess:         {v:.1%}").format(v=value))
    print(
        _("start N(0, 1/n_in): {mean:.1%} on average, from {low:.1%} to {high:.1%}").format(
            mean=mean, low=accuracies.min(), high=accuracies.max()
        )
    )
    print(_("start N(0, 1):      {mean:.1%} on average").format(mean=book.mean()))
    print(_("30 hidden neurons:  {v:.1%} (run 1)").format(v=thirty))
    if value is not None:
        gain = mean > book.mean()
        if value <= book.mean() and gain:
            print(
                _(
                    "You expected no gain from the smaller start; its mean is {p:.0f} points "
                    "above the N(0, 1) start's."
                ).format(p=100 * (mean - book.mean()))
            )
        elif value > book.mean() and not gain:
            print(_("You expected a gain from the smaller start; on this run there was none."))
        elif gain and value < thirty < mean:
            print(
                _(
                    "Right direction, but the smaller start did more: it took the 100-neuron "
                    "network above the 30-neuron one."
                )
            )
        elif gain:
            print(_("Right side: above the N(0, 1) start."))
        else:
            print(_("Right side: no gain from the smaller start on this run."))
        print(_judge_side(value, mean, _("the three seeds")))
