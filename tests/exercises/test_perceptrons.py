"""Notebook 01's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import math

import numpy as np
import pytest

from nnlib.exercises import gate, perceptrons


def test_perceptron_right(run):
    def perceptron(x, w, b):
        return 1 if float(np.dot(w, x)) + b > 0 else 0

    ok, out = run(perceptrons.check_perceptron, perceptron)
    assert ok is True and out.strip() == "Correct!"


def test_perceptron_bool_output_is_accepted(run):
    ok, _ = run(perceptrons.check_perceptron, lambda x, w, b: bool(np.dot(w, x) + b > 0))
    assert ok is True


def test_perceptron_wrong_at_threshold(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) + b >= 0 else 0)
    assert ok is False and "threshold" in out


def test_perceptron_ignoring_bias(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: 1 if np.dot(w, x) > 0 else 0)
    assert ok is False and "Not yet" in out


def test_perceptron_returning_z(run):
    ok, out = run(perceptrons.check_perceptron, lambda x, w, b: np.dot(w, x) + b)
    assert ok is False and "return 0 or 1" in out


# --- adder from NANDs ---------------------------------------------------
def book_adder(x1, x2, nand):
    """The book's circuit: five NAND gates, the first shared by the sum and the carry."""
    n = nand(x1, x2)
    return nand(nand(x1, n), nand(x2, n)), nand(n, n)


def _xor(x1, x2, nand):
    n = nand(x1, x2)
    return nand(nand(x1, n), nand(x2, n))


def _notebook_nand(x1, x2):
    """The perceptron NAND the notebook defines (on plain 0s and 1s)."""
    return 1 if -2 * x1 - 2 * x2 + 3 > 0 else 0


def test_adder_right(run):
    ok, out = run(perceptrons.check_adder, book_adder)
    assert ok is True and out.startswith("Correct!\n") and "5 NAND gates" in out


def test_adder_right_written_differently(run):
    def with_helpers(x1, x2, nand):
        def NOT(a):
            return nand(a, a)

        def AND(a, b):
            return NOT(nand(a, b))

        def OR(a, b):
            return nand(NOT(a), NOT(b))

        return AND(OR(x1, x2), nand(x1, x2)), AND(x1, x2)  # XOR = (a OR b) AND NOT(a AND b)

    ok, out = run(perceptrons.check_adder, with_helpers)
    assert ok is True and "the book's uses 5" in out


def test_adder_may_use_the_constant_1():
    def not_by_constant(x1, x2, nand):  # NOT(a) = NAND(a, 1): still NAND only
        n = nand(x1, x2)
        return _xor(x1, x2, nand), nand(n, 1)

    assert perceptrons.check_adder(not_by_constant) is True


def test_adder_with_python_operators_is_refused(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2, nand: (x1 ^ x2, x1 & x2))
    assert ok is False and "use only nand" in out and "for ^" in out


def test_adder_with_operators_for_one_bit_is_refused(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2, nand: (_xor(x1, x2, nand), x1 & x2))
    assert ok is False and "use only nand" in out


def test_adder_with_and_keyword_is_refused(run):
    ok, out = run(
        perceptrons.check_adder, lambda x1, x2, nand: (_xor(x1, x2, nand), int(x1 and x2))
    )
    assert ok is False and "use only nand" in out


def test_adder_with_the_notebooks_own_nand_is_refused(run):
    def global_gate(x1, x2, nand):
        n = _notebook_nand(x1, x2)
        return _xor(x1, x2, _notebook_nand), _notebook_nand(n, n)

    ok, out = run(perceptrons.check_adder, global_gate)
    assert ok is False and "use only nand" in out and "xor(x1, x2, nand)" in out


def test_adder_with_two_arguments_gets_the_signature(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2: (x1 ^ x2, x1 & x2))
    assert ok is False and "def adder(x1, x2, nand)" in out


def test_adder_swapped_bits(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2, nand: book_adder(x1, x2, nand)[::-1])
    assert ok is False and "sum bit first" in out


def test_adder_or_instead_of_xor(run):
    def or_sum(x1, x2, nand):
        return nand(nand(x1, x1), nand(x2, x2)), book_adder(x1, x2, nand)[1]

    ok, out = run(perceptrons.check_adder, or_sum)
    assert ok is False and "x1=1, x2=1" in out and "not OR" in out


def test_adder_nand_as_carry(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2, nand: (_xor(x1, x2, nand), nand(x1, x2)))
    assert ok is False and "NOT(a) = nand(a, a)" in out


def test_adder_single_number(run):
    ok, out = run(perceptrons.check_adder, lambda x1, x2, nand: nand(x1, x2))
    assert ok is False and "pair" in out


def test_adder_stub(run):
    def adder(x1, x2, nand):
        raise NotImplementedError

    ok, out = run(perceptrons.check_adder, adder)
    assert ok is False and "NotImplementedError" in out


# --- σ′ -------------------------------------------------------------------
def _sigma(z):
    return 0.5 * (1 + np.tanh(0.5 * z))  # written independently of nnlib


def test_sigmoid_prime_right(run):
    ok, out = run(perceptrons.check_sigmoid_prime, lambda z: _sigma(z) * (1 - _sigma(z)))
    assert ok is True and out.strip() == "Correct!"


def test_sigmoid_prime_right_written_differently(run):
    answers = [
        lambda z: _sigma(z) * _sigma(-z),  # 1 − σ(z) = σ(−z)
        lambda z: 0.25 * (1 - np.tanh(z / 2) ** 2),  # the tanh form
        lambda z: _sigma(z) - _sigma(z) ** 2,
    ]
    for answer in answers:
        ok, _ = run(perceptrons.check_sigmoid_prime, answer)
        assert ok is True


def test_sigmoid_prime_with_the_books_sigma_is_accepted(run):
    def books(z):
        s = 1 / (1 + np.exp(-z))  # overflows to s = 0 at z = −800: still right
        return s * (1 - s)

    ok, _ = run(perceptrons.check_sigmoid_prime, books)
    assert ok is True


def test_sigmoid_prime_from_exp_directly_is_refused(run):
    ok, out = run(perceptrons.check_sigmoid_prime, lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)
    assert ok is False and "right for small z" in out and "in terms of σ(z)" in out


def test_sigmoid_prime_applied_to_z(run):
    ok, out = run(perceptrons.check_sigmoid_prime, lambda z: z * (1 - z))
    assert ok is False and "z(1 − z)" in out


def test_sigmoid_prime_returns_sigma(run):
    ok, out = run(perceptrons.check_sigmoid_prime, _sigma)
    assert ok is False and "σ(z) itself" in out


def test_sigmoid_prime_wrong_sign(run):
    ok, out = run(perceptrons.check_sigmoid_prime, lambda z: -_sigma(z) * (1 - _sigma(z)))
    assert ok is False and "sign" in out


def test_sigmoid_prime_unnamed_slip_says_where(run):
    ok, out = run(perceptrons.check_sigmoid_prime, lambda z: _sigma(z) * (1 + _sigma(z)))
    assert ok is False and "at z = " in out


# --- the AND neuron at its threshold (a prediction) ---------------------------
@pytest.fixture
def shut(monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    monkeypatch.setattr(gate, "_passed", set())


def _and(guess, capsys):
    perceptrons.reveal_and_at_threshold(guess)
    return capsys.readouterr().out


def test_and_reveal_refused_while_unset(shut, capsys):
    for unset in [None, "", ...]:
        out = _and(unset, capsys)
        assert "my_and_guess" in out and not any(ch.isdigit() for ch in out)


def test_and_reveal_right(shut, capsys):
    truth = 1 / (1 + math.exp(-1000 * (1 * 1 + 1 * 0 - 1)))  # σ(c(w·x + b)) at x = (1, 0)
    assert truth == 0.5
    out = _and(0.5, capsys)
    assert "Right." in out and "= 0.5." in out and "every c" in out


def test_and_reveal_the_perceptrons_answer_is_told_why(shut, capsys):
    out = _and(0, capsys)
    assert "Right." not in out and "perceptron's output" in out and "σ(0) = 1/2" in out


def test_and_reveal_one_is_not_close(shut, capsys):
    out = _and(1, capsys)
    assert "Right." not in out and "close" not in out and "not pushed up to 1" in out


def test_and_reveal_a_word_is_no_number_and_gives_no_number(shut, capsys):
    out = _and("half", capsys)
    assert "not a number" in out and not any(ch.isdigit() for ch in out.replace("half", ""))


def test_and_reveal_in_the_teachers_edition(shut, capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    out = _and(None, capsys)
    assert "No guess" in out and "= 0.5." in out


def test_passing_sigmoid_prime_opens_its_reveal(shut, run, capsys):
    shows = "nnlib's own sigmoid_prime"
    assert not perceptrons.earned(perceptrons.check_sigmoid_prime, shows)
    assert "check_sigmoid_prime" in capsys.readouterr().out
    run(perceptrons.check_sigmoid_prime, lambda z: 1 / (1 + np.exp(-z)))  # σ, not σ′
    assert not perceptrons.earned(perceptrons.check_sigmoid_prime, shows)
    ok, _ = run(
        perceptrons.check_sigmoid_prime,
        lambda z: np.exp(-np.logaddexp(0, -z)) * np.exp(-np.logaddexp(0, z)),
    )
    assert ok is True
    assert perceptrons.earned(perceptrons.check_sigmoid_prime, shows)
