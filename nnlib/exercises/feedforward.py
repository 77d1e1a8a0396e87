"""Self-checks for the exercises of notebook 02: feedforward."""

import re

import numpy as np

from ..language import gettext as _
from .gate import earned, guessed, number, passed, read, records, revealed, unset, yes_no  # noqa: F401
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
from .verdict import call, mismatch, one_number, sigma, verdict

__all__ = [  # what the notebook uses; earned, guessed and number come from .gate
    "bit_layer_on_network",
    "check_activation",
    "check_bit_layer",
    "check_layer",
    "check_shapes",
    "earned",
    "guessed",
    "number",
    "reveal_parameter_count",
]


@records
def check_activation(fn):
    """Check the reader's ``fn(w, b, a, j)`` → a′ⱼ, the book's eq. (22) in components.

    The reference is written out: a′ⱼ = σ(Σₖ wⱼₖ aₖ + bⱼ), where wⱼₖ is the weight from input
    k to neuron j (``w[j, k]``, so ``w`` is (n_out, n_in)).  A square ``w`` comes first: there
    the slip w[k, j] runs without an error and is named; a (3, 5) one follows.
    """
    rng = np.random.default_rng(22)
    problem = None
    for n_out, n_in in [(4, 4), (3, 5)]:
        w = rng.normal(size=(n_out, n_in))
        b = rng.normal(size=(n_out, 1))
        a = rng.random((n_in, 1))
        for j in range(n_out):
            z = sum(w[j, k] * a[k, 0] for k in range(n_in)) + b[j, 0]
            expected = float(sigma(z))
            result, problem = call(fn, w.copy(), b.copy(), a.copy(), j)
            if problem is not None:
                if problem.startswith(
                    _("calling it raised {kind}: {error}").format(kind="IndexError", error="")
                ):
                    problem += " " + _(
                        "w is ({n_out}, {n_in}): its first index is the neuron j of the new "
                        "layer (0 to {last_j}), its second the input k (0 to {last_k}). wⱼₖ, "
                        "from input k to neuron j, is w[j, k]."
                    ).format(n_out=n_out, n_in=n_in, last_j=n_out - 1, last_k=n_in - 1)
                break
            if np.shape(result) == (n_out, 1) or np.shape(result) == (n_out,):
                problem = _(
                    "for j = {j} it returned {shape}, the whole layer: return neuron {j}'s "
                    "activation a′ⱼ only, one number."
                ).format(j=j, shape=np.shape(result))
                break
            value, problem = one_number(result, _("a′ⱼ, one number"))
            if problem is not None:
                break
            if np.isclose(value, expected, rtol=1e-7, atol=1e-10):
                continue
            problem = _(
                "w is ({n_out}, {n_in}); for neuron j = {j} it gives {value:.6g}, but "
                "a′ⱼ = σ(Σₖ w[{j},k] a[k] + b[{j}]) = {expected:.6g}."
            ).format(n_out=n_out, n_in=n_in, j=j, value=value, expected=expected)
            row = sum(w[j, k] * a[k, 0] for k in range(n_in))
            slips = [(z, _("That is zⱼ, the weighted input: apply σ to get the activation a′ⱼ."))]
            if n_out == n_in:
                column = sum(w[k, j] * a[k, 0] for k in range(n_in))
                slips.append(
                    (
                        float(sigma(column + b[j, 0])),
                        _(
                            "That is σ(Σₖ w[k,{j}] a[k] + b[{j}]): column {j} of w holds the "
                            "weights out of input {j}, not into neuron {j}. wⱼₖ connects input "
                            "k to neuron j: it is w[j, k], row j."
                        ).format(j=j),
                    )
                )
            slips.append((float(sigma(row)), _("The bias b[{j}] is missing.").format(j=j)))
            for wrong, hint in slips:
                if np.isclose(value, wrong, rtol=1e-7, atol=1e-10):
                    problem += " " + hint
                    break
            break
        if problem is not None:
            break
    return verdict(problem)


# (n_out, n_in, m): m = 1 and m = n_out = 3, where a flat or row bias broadcasts without an
# error; m = 5, where it raises; a square w, where w.T runs.
_LAYER_CASES = [(3, 4, 1), (3, 4, 5), (3, 4, 3), (4, 4, 2), (2, 5, 7)]


def _layer_by_hand(w, b, a):
    """a' written out input by input and neuron by neuron: σ(Σₖ w[j,k] a[k,i] + b[j])."""
    n_out, n_in = w.shape
    return np.array(
        [
            [
                sigma(sum(w[j, k] * a[k, i] for k in range(n_in)) + b[j, 0])
                for i in range(a.shape[1])
            ]
            for j in range(n_out)
        ]
    )


def _raised_hint(error, n_out, n_in, m):
    """A hint for the error text of a ValueError the reader's layer raised, or ''."""
    if "inhomogeneous" in error or "with a sequence" in error:
        return _(
            "NumPy tried to turn a list of arrays of different shapes into one array: "
            "did you add a whole list of biases (such as net.biases or self.biases)? "
            "The layer's own bias is the b it is given, one ({n_out}, 1) column."
        ).format(n_out=n_out)
    if "matmul" in error or "not aligned" in error:
        return _(
            "The sizes of a matrix product do not fit. w is ({n_out}, {n_in}) = (n_out, n_in) "
            "and a is ({n_in}, {m}), one input per column: w @ a is ({n_out}, {n_in}) @ "
            "({n_in}, {m}) → ({n_out}, {m}). w.T is ({n_in}, {n_out}), so w.T @ a and a @ w "
            "do not fit."
        ).format(n_out=n_out, n_in=n_in, m=m)
    shapes = re.search(r"shapes \(([\d, ]*)\) \(([\d, ]*)\)", error)
    if shapes:
        first = tuple(int(n) for n in shapes.group(1).split(",") if n.strip())
        second = tuple(int(n) for n in shapes.group(2).split(",") if n.strip())
        if second == (n_out,) or second == (1, n_out):
            kind = _("a flat {shape} bias") if second == (n_out,) else _("a row {shape} bias")
            return _(
                "NumPy lines up {kind} with the last axis of {first}, the m = {m} columns "
                "(one per input), not with the {n_out} rows, and cannot add them. b came as "
                "a ({n_out}, 1) column: added as it is, it goes to every column."
            ).format(kind=kind.format(shape=second), first=first, m=m, n_out=n_out)
        if first == (m, n_out):
            return _(
                "{first} is one row per input (as a.T @ w.T gives): the ({n_out}, 1) bias "
                "column does not fit it. Work with columns, w @ a + b, or add b.T and "
                "transpose back."
            ).format(first=first, n_out=n_out)
    return ""


def _shape_hint(result, w, b, a):
    """Why the reader's layer came out with a wrong shape, when a known slip explains it."""
    n_out, m = w.shape[0], a.shape[1]
    wa = w @ a
    try:
        flat = wa + b.ravel()  # a (1, n_out) row, b.T, broadcasts the same way
    except ValueError:  # it does not broadcast: not this slip
        flat = None
    if flat is not None and flat.shape == result.shape and np.allclose(result, sigma(flat)):
        return _(
            "The bias was added as a flat ({n_out},) array or a (1, {n_out}) row: against "
            "w @ a, shape ({n_out}, {m}), NumPy broadcasts it to {got}. b came as a "
            "({n_out}, 1) column: added as it is, it goes to every column."
        ).format(n_out=n_out, m=m, got=result.shape)
    if m > 1 and result.shape == (n_out, 1) and np.allclose(result, sigma(wa[:, :1] + b)):
        return _(
            "That is the output for the first input only: a' has one column for each of "
            "the m = {m} inputs."
        ).format(m=m)
    if result.shape == (m, n_out) and np.allclose(result.T, sigma(wa + b)):
        return _(
            "That is a' transposed: one row per input. a' has one column per input, "
            "({n_out}, {m}): transpose back, or compute w @ a + b."
        ).format(n_out=n_out, m=m)
    if result.ndim == 3 and result.shape[0] == m:
        columns = [sigma(w @ a[:, i] + b) for i in range(m)]
        if all(np.shape(c) == result.shape[1:] for c in columns) and np.allclose(
            result, np.array(columns)
        ):
            return _(
                "It holds one {each} matrix per input: a column taken as a[:, i] is flat, "
                "shape ({n_in},), so w @ a[:, i] is flat ({n_out},), and adding the "
                "({n_out}, 1) column b broadcasts it to {each}. a[:, [i]] or a[:, i:i + 1] "
                "keeps it a ({n_in}, 1) column."
            ).format(each=result.shape[1:], n_in=a.shape[0], n_out=n_out)
    return ""


def _layer_case(fn, w, b, a):
    """(problem, hint) for the reader's layer on one batch; (None, "") when it is right."""
    (n_out, n_in), m = w.shape, a.shape[1]
    expected = _layer_by_hand(w, b, a)
    result, problem = call(fn, w.copy(), b.copy(), a.copy(), numbers=True)
    if problem is not None:
        raised = _("calling it raised {kind}: {error}").format(kind="ValueError", error="")
        hint = ""
        if problem.startswith(raised):
            hint = _raised_hint(problem[len(raised) :], n_out, n_in, m)
            problem = _("for w of shape {w}, b {b} and a {a}: {problem}").format(
                w=(n_out, n_in), b=(n_out, 1), a=(n_in, m), problem=problem.strip()
            )
        return problem, hint
    if result.shape != (n_out, m):
        problem = _(
            "w is {w}, b is {b} and a is {a} (m = {m}: one input per column), so a' "
            "should be {want}, one column per input; got shape {got}."
        ).format(w=(n_out, n_in), b=(n_out, 1), a=(n_in, m), m=m, want=(n_out, m),
                 got=result.shape)  # fmt: skip
        return problem, _shape_hint(result, w, b, a)
    if (flat := mismatch(result, expected, rtol=1e-7, atol=1e-10)) is None:
        return None, ""
    j, i = np.unravel_index(flat, expected.shape)
    problem = _(
        "w is {w} and a is {a}: for input {i} (column {i}), neuron {j} gives {value:.6g}, "
        "but σ(Σₖ w[{j},k] a[k,{i}] + b[{j}]) = {expected:.6g}."
    ).format(w=(n_out, n_in), a=(n_in, m), i=i, j=j, value=result[j, i],
             expected=expected[j, i])  # fmt: skip
    wa = w @ a
    slips = [
        (wa + b, _("That is z = w a + b: apply σ to it to get the activation.")),
        (sigma(wa), _("The bias is missing: a' = σ(w a + b).")),
    ]
    if m == n_out:
        slips.append(
            (
                sigma(wa + b.ravel()),
                _(
                    "The bias was added as a flat ({n_out},) array or a (1, {n_out}) row: "
                    "NumPy then adds b[i] to column i, not b[j] to row j. The shape came "
                    "out right only because m = n_out = {n_out} here; for another m it is "
                    "({n_out}, {n_out}) or an error. b came as a ({n_out}, 1) column: "
                    "added as it is, it goes to every column."
                ).format(n_out=n_out),
            )
        )
    if n_out == n_in:
        slips.append(
            (
                sigma(w.T @ a + b),
                _(
                    "That is σ(wᵀa + b): w.T swaps inputs and neurons. w[j, k] is the "
                    "weight from input k to neuron j, so a' = σ(w @ a + b)."
                ),
            )
        )
    if m > 1:
        slips.append(
            (
                np.repeat(expected[:, :1], m, axis=1),
                _("Every column is the output for the first input: use all m columns of a."),
            )
        )
    for wrong, hint in slips:
        if np.allclose(result, wrong, rtol=1e-7, atol=1e-10):
            return problem, hint
    return problem, ""


@records
def check_layer(fn):
    """Check the reader's ``fn(w, b, a)`` → a' = σ(w a + b) for one layer and a batch:
    ``a`` is (n_in, m), m inputs as its columns, and a' is (n_out, m).

    The reference is written out input by input and neuron by neuron,
    a'[j, i] = σ(Σₖ w[j,k] a[k,i] + b[j]).  Tried for m = 1, 5 and 3 (m = 1 and m = n_out
    = 3 are where a flat or row bias broadcasts without an error, m = 5 where it raises)
    and on a square w (where w.T runs).  Any correct form passes (w @ a + b, np.dot, a
    loop over the columns, (aᵀwᵀ + bᵀ)ᵀ, einsum).  Of the batches it fails on, the first
    whose slip the check recognises is reported, with a hint naming the shape.
    """
    rng = np.random.default_rng(11)
    found = []
    for n_out, n_in, m in _LAYER_CASES:
        w = rng.normal(size=(n_out, n_in))
        b = rng.normal(size=(n_out, 1))
        a = rng.random((n_in, m))
        problem, hint = _layer_case(fn, w, b, a)
        if problem is not None:
            found.append((problem, hint))
            if hint:  # a recognised slip: say it
                break
    if not found:
        return verdict(None)
    problem, hint = next((f for f in found if f[1]), found[0])
    return verdict(problem + (" " + hint if hint else ""))


@records
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


@records
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
        elif b.shape == (4,):
            problem = _(
                "b has shape (4,), a flat array. The new layer gets the 10 old outputs as a "
                "(10, 1) column, so w @ a is a (4, 1) column, and a flat (4,) bias added to "
                "it broadcasts to a (4, 4) matrix: 16 numbers, not 4 bits, and no error to "
                "warn you. Make b a (4, 1) column."
            )
        elif b.shape == (1, 4):
            problem = _(
                "b has shape (1, 4), a row. w @ a is a (4, 1) column (the 10 old outputs "
                "come as a (10, 1) column), and a column plus a (1, 4) row broadcasts to a "
                "(4, 4) matrix: 16 numbers, not 4 bits. Make b a (4, 1) column."
            )
        elif b.shape != (4, 1):
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


def bit_layer_on_network(fn, network, test_data):
    """Run the reader's ``bit_layer()`` on top of a trained network's 10 outputs, once its
    check has passed: how many test digits the 4 bits read right, against the largest of
    the 10 outputs, and the first test images the largest gets right and the bits wrong."""
    if not passed(check_bit_layer):
        print(
            _(
                "Fill in bit_layer and pass its check above first: then this cell runs your "
                "layer on top of the trained network, on the 10,000 test digits."
            )
        )
        return
    result, problem = call(fn)
    try:
        w, b = result
        w = np.asarray(w, dtype=float)
        b = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        w = b = np.zeros(0)
    if problem is not None or w.shape != (4, 10) or b.shape != (4, 1):
        print(
            _(
                "bit_layer no longer gives what passed its check (it was changed since): "
                "run its check again first."
            )
        )
        return
    images, labels = test_data
    outputs = network.output_rows(images)  # (n, 10): the old output layer, one row per image
    bits = sigma(w @ outputs.T + b) > 0.5  # (4, n): the new layer, read as bits
    read = bits.T.astype(int) @ np.array([8, 4, 2, 1])
    largest = np.argmax(outputs, axis=1)
    top_two = np.sort(outputs, axis=1)[:, -2:]
    sure = (top_two[:, 1] >= 0.99) & (top_two[:, 0] < 0.01)
    n = len(labels)
    print(
        _("10 outputs, the largest wins: {right} / {n} right").format(
            right=int(np.sum(largest == labels)), n=n
        )
    )
    print(
        _("your 4-bit layer on top:      {right} / {n} right").format(
            right=int(np.sum(read == labels)), n=n
        )
    )
    print(
        _("test digits that meet the book's assumption (0.99 / 0.01): {sure} / {n}").format(
            sure=int(np.sum(sure)), n=n
        )
    )
    lost = np.flatnonzero((largest == labels) & (read != labels))
    print(
        _("test digits the largest output reads right and your 4 bits wrong: {lost}").format(
            lost=len(lost)
        )
    )
    for i in lost[:2]:
        print(
            _("test image {i}: label {label}, outputs {outputs} -> bits {bits} = {read}").format(
                i=i,
                label=labels[i],
                outputs=np.round(outputs[i], 2),
                bits=bits[:, i].astype(int),
                read=read[i],
            )
        )


def reveal_parameter_count(guess, network):
    """Show how many weights and biases ``network`` has, beside the reader's guess."""
    name = "my_params_guess"
    if not guessed(guess, name):
        return
    sizes = list(network.sizes)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(n_out for _n_in, n_out in pairs)
    truth = weights + biases
    terms = " + ".join(
        _("{n_out} × {n_in} weights + {n_out} biases").format(n_out=n_out, n_in=n_in)
        for n_in, n_out in pairs
    )
    go_on, value = read(guess, name)
    if not go_on:
        return
    revealed(name, guess, value, truth)
    if value is None:
        print(_("(No guess written in {name}: here is the result.)").format(name=name))
    else:
        print(_("You counted {guess:,g}.").format(guess=value))
        if value == truth:
            print(_("Right."))
        elif value == weights:
            print(
                _(
                    "That is the weights alone: the {biases} biases, one per neuron after "
                    "the input layer, are missing."
                ).format(biases=biases)
            )
        elif value == truth + sizes[0]:
            print(
                _(
                    "That gives the input layer biases too: its {n} neurons are the pixels, "
                    "they have no weights in and no bias."
                ).format(n=sizes[0])
            )
        elif value == sum(sizes):
            print(_("That is the number of neurons: count the weights between the layers."))
        elif value == float(np.prod(sizes)):
            print(
                _(
                    "That multiplies all the sizes: each pair of neighbouring layers has its "
                    "own matrix, n_out × n_in; add them."
                )
            )
        elif value < truth:
            print(_("Too few, by {diff:,g}.").format(diff=truth - value))
        else:
            print(_("Too many, by {diff:,g}.").format(diff=value - truth))
    print(_("The network has {truth:,} parameters: {terms}.").format(truth=truth, terms=terms))
    print(
        _(
            "Each weight matrix is n_out × n_in (every neuron is connected to every neuron "
            "of the layer before), and each layer after the input has one bias per neuron."
        )
    )
