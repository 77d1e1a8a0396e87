"""Self-checks for the exercises of notebook 01: perceptrons and sigmoid neurons."""

import inspect

import numpy as np

from ..language import gettext as _
from .gate import earned, guessed, number, read, records, revealed, unset, yes_no  # noqa: F401
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
from .verdict import call, mismatch, sigma, verdict

__all__ = [  # what the notebook uses; earned and guessed come from .gate
    "check_adder",
    "check_perceptron",
    "check_sigmoid_prime",
    "earned",
    "guessed",
    "number",
    "reveal_and_at_threshold",
]


def _as_bit(value):
    """0 or 1 from an int, bool or one-element array; None for anything else."""
    try:
        if np.size(value) != 1:
            return None
        v = float(np.ravel(value)[0])
    except (TypeError, ValueError):
        return None
    return int(v) if v in (0.0, 1.0) else None


@records
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
            problem = _(
                "for x = {x}, w = {w}, b = {b} it returned {result!r}: return 0 or 1."
            ).format(x=x, w=w, b=b, result=result)
        elif bit != expected:
            problem = _(
                "for x = {x}, w = {w}, b = {b}: w·x + b = {z:g}, so the output "
                "is {expected}, but it returned {bit}."
            ).format(x=x, w=w, b=b, z=z, expected=expected, bit=bit)
            if z == 0:
                problem += " " + _(
                    "At exactly the threshold (w·x + b = 0) the perceptron outputs 0."
                )
        if problem is not None:
            break
    return verdict(problem)


class Wire:
    """One bit on a wire of the check's circuit: only the ``nand`` the check passes in can read it.

    ``check_adder`` feeds the reader's adder Wires instead of 0s and 1s, so an adder
    that computes with ``^``, ``&``, ``and``, ``not``, ``==`` or ``-2 * x1`` (anything
    but the gate it was given) raises a TypeError the check turns into a hint.
    """

    __slots__ = ("bit",)

    def __init__(self, bit):
        self.bit = bit

    def __repr__(self):
        return f"Wire({self.bit})"

    def _refuse(self, *args):
        raise TypeError("a Wire can only go into the nand gate passed to adder")

    __bool__ = __eq__ = __ne__ = __int__ = __index__ = __float__ = _refuse
    __hash__ = object.__hash__


class CountingNand:
    """The check's NAND gate: a perceptron with weights (−2, −2) and bias 3 that
    reads Wires (or the constants 0 and 1), returns a Wire and counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, x1, x2):
        self.calls += 1
        bits = []
        for x in (x1, x2):
            bit = x.bit if isinstance(x, Wire) else _as_bit(x)
            if bit is None:
                raise TypeError(f"nand got {x!r}: it takes wires (or the constants 0 and 1)")
            bits.append(bit)
        return Wire(1 if -2 * bits[0] - 2 * bits[1] + 3 > 0 else 0)


@records
def check_adder(fn):
    """Check the reader's ``fn(x1, x2, nand)`` → ``(sum_bit, carry_bit)``, built from ``nand`` only.

    The check passes its own gate (a counting NAND perceptron) and feeds the
    adder Wires that only that gate can read, so ``x1 ^ x2`` or ``x1 & x2`` (or the
    notebook's own ``nand``) cannot stand in for it.  The bitwise sum is x1 XOR x2,
    the carry bit x1 AND x2 (the book's adder).
    """
    try:
        inspect.signature(fn).bind(Wire(0), Wire(0), CountingNand())
    except TypeError:
        return verdict(
            _(
                "adder takes the gate as a third argument: def adder(x1, x2, nand), "
                "and builds both bits from nand(...) calls."
            )
        )
    except ValueError:  # no signature to read (a builtin): let the call below judge it
        pass
    problem, gates = None, 0
    for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        expected = ((x1 + x2) % 2, (x1 + x2) // 2)
        gate = CountingNand()
        try:
            result = fn(Wire(x1), Wire(x2), gate)
        except NotImplementedError:
            problem = _("the function still raises NotImplementedError: fill in the stub.")
        except TypeError as e:
            if "Wire" not in str(e):
                problem = _("calling it raised {kind}: {error}").format(kind="TypeError", error=e)
            else:
                problem = _(
                    "use only nand: your adder computed with x1 and x2 directly "
                    "({error}). The check hands it wires that only the gate passed in "
                    "can read: build both bits from nand(...) calls only (no ^, &, "
                    "`and`, `not`, nor the notebook's own nand), and pass the gate on "
                    "if you call xor: xor(x1, x2, nand)."
                ).format(error=e)
        except Exception as e:  # the reader's code: report, don't crash the class
            problem = _("calling it raised {kind}: {error}").format(kind=type(e).__name__, error=e)
        else:
            gates = max(gates, gate.calls)
            try:
                bits = tuple(r.bit if isinstance(r, Wire) else _as_bit(r) for r in result)
            except TypeError:
                bits = ()
            if len(bits) != 2 or None in bits:
                problem = _(
                    "for x1={x1}, x2={x2} it returned {result!r:.60}: return a pair "
                    "(sum_bit, carry_bit), each the output of a nand gate."
                ).format(x1=x1, x2=x2, result=result)
            elif bits != expected:
                problem = _(
                    "for x1={x1}, x2={x2} it returned (sum, carry) = {bits}, but "
                    "{x1} + {x2} in binary is carry {carry}, sum {sum}."
                ).format(x1=x1, x2=x2, bits=bits, carry=expected[1], sum=expected[0])
                if bits == expected[::-1]:
                    problem += " " + _("Return the sum bit first: (sum_bit, carry_bit).")
                elif (x1, x2) == (1, 1) and bits[0] == 1:
                    problem += " " + _("The sum bit is XOR (0 for 1 + 1), not OR.")
                elif bits[1] != expected[1]:
                    problem += " " + _("The carry is AND = NOT NAND, and NOT(a) = nand(a, a).")
                if gate.calls == 0:
                    problem += " " + _("(It never called nand.)")
        if problem is not None:
            break
    ok = verdict(problem)
    if ok:
        if gates <= 5:
            text = _("Your circuit uses {gates} NAND gates per addition, as the book's does.")
        else:
            text = _(
                "Your circuit uses {gates} NAND gates per addition; "
                "the book's uses 5 (share the first)."
            )
        print(text.format(gates=gates))
    return ok


@records
def check_sigmoid_prime(fn):
    """Check the reader's σ'(z), written in terms of σ, against σ(z)(1 − σ(z)).

    Tried on z from −8 to 8 and at z = ±800, where e^{±z} overflows: the formula
    e^{−z}/(1 + e^{−z})² gives nan there, while one written with σ (which never
    overflows in ``nnlib.sigmoid``) gives 0.  Names the common slips: z(1 − z)
    (the formula applied to z instead of σ(z)), σ(z) itself, and a minus sign.
    """
    z = np.concatenate([np.linspace(-8, 8, 33), [-800.0, 800.0]])
    with np.errstate(all="ignore"):  # a reader's overflow is judged below, not printed
        result, problem = call(fn, z.copy(), numbers=True)
    if problem is None:
        expected = sigma(z) * (1 - sigma(z))
        if result.shape != z.shape:
            problem = _("for z of shape {shape} it returned shape {got}.").format(
                shape=z.shape, got=result.shape
            )
        elif (i := mismatch(result[:33], expected[:33], rtol=1e-6, atol=1e-9)) is None:
            if (i := mismatch(result, expected, rtol=1e-6, atol=1e-9)) is not None:
                problem = _(
                    "right for small z, but at z = {z:g} it gives {value:.6g}: e^(±z) "
                    "overflows there. Write σ'(z) in terms of σ(z) (nnlib.sigmoid never "
                    "overflows), as the exercise asks."
                ).format(z=z[i], value=result[i])
        else:
            problem = _("at z = {z:g} it gives {value:.6g}, but σ'(z) = {expected:.6g}.").format(
                z=z[i], value=result[i], expected=expected[i]
            )
            with np.errstate(all="ignore"):
                slips = [
                    (z * (1 - z), _("That is z(1 − z): the formula takes s = σ(z), not z.")),
                    (sigma(z), _("That is σ(z) itself, not its slope.")),
                    (-expected, _("The sign: σ increases everywhere, so σ'(z) > 0.")),
                ]
            for wrong, hint in slips:
                if np.allclose(result[:33], wrong[:33], rtol=1e-6, atol=1e-9):
                    problem += " " + hint
                    break
    return verdict(problem)


def reveal_and_at_threshold(guess, c=1000):
    """The AND neuron w = (1, 1), b = −1 as a sigmoid neuron with w and b times ``c``, at
    x = (1, 0), where w·x + b = 0 exactly: its output beside the reader's guess."""
    name = "my_and_guess"
    if not guessed(guess, name):
        return
    z = c * (1.0 * 1 + 1.0 * 0 - 1.0)  # c (w·x + b) at x = (1, 0), written out
    truth = float(sigma(z))
    go_on, value = read(guess, name)
    if not go_on:
        return
    revealed(name, guess, value, truth)
    if value is None:
        print(_("(No guess written in {name}: here is the result.)").format(name=name))
    else:
        print(_("You guessed {guess:g}.").format(guess=value))
    print(
        _(
            "At x = (1, 0) the sigmoid neuron outputs σ({c} · (1 + 0 − 1)) = σ({z:g}) = {out}."
        ).format(c=c, z=z, out=truth)
    )
    if value is not None:
        if abs(value - truth) <= 0.01:
            print(_("Right."))
        elif value < 0.05:
            print(
                _(
                    "Not so: 0 is the perceptron's output at the threshold, and the sigmoid "
                    "neuron does not follow it there."
                )
            )
        elif value > 0.95:
            print(_("Not so: the output is not pushed up to 1 either."))
        else:
            print(_("Not so: off by {diff:.2g}.").format(diff=abs(value - truth)))
    print(
        _(
            "Why: at x = (1, 0), w·x + b = 0 exactly, and multiplying 0 by c = {c} (or any c) "
            "leaves 0. So the output is σ(0) = 1/2 for every c: neither the perceptron's 0 "
            "nor 1. Elsewhere z ≠ 0, and c pushes σ(cz) towards 0 or 1. This is where sigmoid "
            "neurons fail to simulate perceptrons: the next layer receives 1/2, neither "
            '"off" nor "on".'
        ).format(c=c)
    )
