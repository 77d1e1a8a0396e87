"""Notebook 05's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import math

import numpy as np
import pytest
from answers import stub

from nnlib.exercises import gate, training


# ----------------------------------------------------------------------
# steps: how many mini-batches one epoch makes
# ----------------------------------------------------------------------
def book_slices(n, m):  # count the book's slices one by one
    return len([k for k in range(0, n, m)])


def test_steps_accepts_every_right_form(run):
    right = {
        "len(range)": lambda n, m: len(range(0, n, m)),
        "math.ceil": lambda n, m: math.ceil(n / m),
        "ceil as a float": lambda n, m: float(math.ceil(n / m)),
        "(n + m - 1) // m": lambda n, m: (n + m - 1) // m,
        "-(-n // m)": lambda n, m: -(-n // m),
        "numpy": lambda n, m: np.int64(np.ceil(n / m)),
        "counted": book_slices,
    }
    for name, fn in right.items():
        assert run(training.check_steps, fn) == (True, "Correct!\n"), name


def test_steps_names_each_slip(run):
    cases = {
        "NotImplementedError": stub,
        "off by one: range(0, n, m) also starts a last, shorter mini-batch": (lambda n, m: n // m),
        "one step too many": lambda n, m: n // m + 1,
        "a fraction": lambda n, m: n / m,
        "the examples times the mini-batch size": lambda n, m: n * m,
        "the number of examples": lambda n, m: n,
        "count the slices": lambda n, m: 2 * n // m,
        "return one whole number": lambda n, m: "many",
        "did you forget `return`": lambda n, m: None,
    }
    for hint, fn in cases.items():
        ok, out = run(training.check_steps, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)
        assert out.count("\n") == 1, out


def test_steps_off_by_one_is_caught_where_m_does_not_divide_n(run):
    # n // m is right whenever m divides n: the check must also try an n it does not divide,
    # and the hint must name that case (10,000 in mini-batches of 3: 3,334 slices, not 3,333)
    assert book_slices(10_000, 3) == 3_334 != 10_000 // 3
    ok, out = run(training.check_steps, lambda n, m: n // m)
    assert not ok and "n = 10,000 and mini-batches of 3 it returned 3,333" in out


def test_steps_passing_opens_its_gate(run, monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    gate._passed.clear()
    run(training.check_steps, lambda n, m: n // m)
    assert not gate.passed(training.check_steps)
    run(training.check_steps, lambda n, m: len(range(0, n, m)))
    assert gate.passed(training.check_steps)
    gate._passed.clear()


# ----------------------------------------------------------------------
# the reveals: refuse without a guess, then the guess beside the truth, judged
# ----------------------------------------------------------------------
@pytest.fixture
def shut(monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)


def history(counts, total=10_000):
    return [
        {"epoch": j, "correct": c, "total": total, "accuracy": c / total}
        for j, c in enumerate(counts)
    ]


UNTRAINED = {"correct": 703, "total": 10_000}
RUN = history([9035] + [9300] * 28 + [9474])


def test_reveal_epoch0_refuses_without_a_guess_and_names_no_number(shut, capsys):
    for unset in (None, "", ...):
        training.reveal_epoch0(unset, RUN, UNTRAINED)
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and "my_epoch0_guess" in out
        assert not any(ch.isdigit() for ch in out.replace("my_epoch0_guess", "")), out


def test_reveal_epoch0_judges_the_side(shut, capsys):
    expected = {
        3000: "Too low, by 6,035 images (60 points)",
        "8000": "Too low, by 1,035 images (10 points)",
        9200: "Right: within 1.6 points",
        0.9: "Right: within 0.3 points",  # a fraction, read as 9,000 of 10,000
        9900: "Too high, by 865 images (9 points)",
    }
    for guess, verdict in expected.items():
        training.reveal_epoch0(guess, RUN, UNTRAINED)
        out = capsys.readouterr().out
        assert verdict in out and "9,035 of 10,000" in out, (guess, out)
        assert "close" not in out.lower()
        assert "29 epochs, 145,000 steps more, add only\n4.4 points" in out, out


def test_reveal_epoch0_refuses_what_is_no_count(shut, capsys):
    for guess, said in {"lots": "not a number", 20_000: "from 0 to 10,000", -5: "from 0"}.items():
        training.reveal_epoch0(guess, RUN, UNTRAINED)
        out = capsys.readouterr().out
        assert said in out and "9,035" not in out, (guess, out)


def test_reveal_epoch0_says_which_cell_to_run_when_the_training_did_not(shut, capsys):
    training.reveal_epoch0(5000, None, UNTRAINED)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "history" in out and "run the training cell" in out


def test_needs(capsys):
    assert training.needs([1], "history", "the training cell")
    assert capsys.readouterr().out == ""
    assert not training.needs(None, "history", "the training cell")
    assert capsys.readouterr().out == "This cell needs history: run the training cell first.\n"


ONLINE = {
    1: {"accuracy": 0.5868, "seconds": 0.6},
    10: {"accuracy": 0.6384, "seconds": 0.07},
    100: {"accuracy": 0.1748, "seconds": 0.04},
}


def test_reveal_mini_batches(shut, capsys):
    training.reveal_mini_batches(None, ONLINE, 10_000)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "my_batch_guess" in out and "63.8" not in out
    training.reveal_mini_batches(10, ONLINE, 10_000)
    out = capsys.readouterr().out
    assert "Right: mini-batches of 10 read best" in out
    # the step counts are the book's slices, counted here
    for m in (1, 10, 100):
        assert f"{book_slices(10_000, m):,} steps" in out
    for guess in (1, "100", 100.0):
        training.reveal_mini_batches(guess, ONLINE, 10_000)
        out = capsys.readouterr().out
        assert "Not this time" in out and "those of 10 63.8%" in out, (guess, out)
    for guess in (20, "ten"):
        training.reveal_mini_batches(guess, ONLINE, 10_000)
        out = capsys.readouterr().out
        assert "Right" not in out and "Not this time" not in out and "63.8" not in out


BOOK_100 = [0.733, 0.472, 0.833]
SCALED_100 = [0.943, 0.937, 0.944]
THIRTY = 0.911


def test_reveal_hidden_100(shut, capsys):
    training.reveal_hidden_100(None, BOOK_100, THIRTY)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "my_hidden100_guess" in out and "67.9" not in out
    for guess, said in {
        0.95: "You expected the bigger network to do at least as well",
        95: "You expected the bigger network to do at least as well",  # a percentage
        0.911: "You expected the bigger network to do at least as well",
        0.6: "Right side",
        "0.68": "Right side",
    }.items():
        training.reveal_hidden_100(guess, BOOK_100, THIRTY)
        out = capsys.readouterr().out
        assert said in out and "67.9%" in out and "close" not in out.lower(), (guess, out)
    training.reveal_hidden_100(0.95, BOOK_100, THIRTY)
    assert "every seed did worse" in capsys.readouterr().out
    training.reveal_hidden_100(0.95, [0.95, 0.7, 0.7], THIRTY)  # one seed above: the mean below
    assert "their mean did worse" in capsys.readouterr().out
    for guess, said in {0.95: "Right side: the bigger", 0.5: "it did at least as well"}.items():
        training.reveal_hidden_100(guess, SCALED_100, THIRTY)  # were it better than 30 neurons
        assert said in capsys.readouterr().out
    training.reveal_hidden_100(0.6, BOOK_100, THIRTY)
    assert "8 points below the mean" in capsys.readouterr().out
    training.reveal_hidden_100(0.68, BOOK_100, THIRTY)
    assert "within half a point" in capsys.readouterr().out
    training.reveal_hidden_100(150, BOOK_100, THIRTY)
    out = capsys.readouterr().out
    assert "not an accuracy" in out and "67.9" not in out


def test_reveal_scaled(shut, capsys):
    training.reveal_scaled(None, SCALED_100, BOOK_100, THIRTY)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "my_scaled_guess" in out and "94.1" not in out
    for guess, said in {
        0.6: "You expected no gain",
        0.8: "Right direction, but the smaller start did more",
        0.95: "Right side: above the N(0, 1) start",
        94: "Right side: above the N(0, 1) start",
    }.items():
        training.reveal_scaled(guess, SCALED_100, BOOK_100, THIRTY)
        out = capsys.readouterr().out
        assert said in out and "94.1%" in out and "67.9%" in out, (guess, out)
    training.reveal_scaled(0.6, SCALED_100, BOOK_100, THIRTY)
    assert "its mean is 26 points above" in capsys.readouterr().out
    # were the start no help, a guess of a gain is told so, and a guess of none is right
    training.reveal_scaled(0.95, BOOK_100, BOOK_100, THIRTY)
    assert "on this run there was none" in capsys.readouterr().out
    training.reveal_scaled(0.5, BOOK_100, BOOK_100, THIRTY)
    assert "Right side: no gain" in capsys.readouterr().out


def test_reveals_show_the_truth_with_every_gate_open(monkeypatch, capsys):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    training.reveal_epoch0(None, RUN, UNTRAINED)
    out = capsys.readouterr().out
    assert "No guess in my_epoch0_guess" in out and "9,035 of 10,000" in out


# ----------------------------------------------------------------------
# update_mini_batch: right answers written four ways, each named slip
# ----------------------------------------------------------------------
def _sums(net, mini_batch):
    nabla_b = [np.zeros(b.shape) for b in net.biases]
    nabla_w = [np.zeros(w.shape) for w in net.weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = net.backprop(x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    return nabla_b, nabla_w


def book_update(net, mini_batch, eta):  # the book's code, Python 3
    nabla_b, nabla_w = _sums(net, mini_batch)
    net.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(net.weights, nabla_w)]
    net.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(net.biases, nabla_b)]


def in_place_update(net, mini_batch, eta):
    m = len(mini_batch)
    nabla_b, nabla_w = _sums(net, mini_batch)
    for w, nw in zip(net.weights, nabla_w):
        w -= eta / m * nw
    for b, nb in zip(net.biases, nabla_b):
        b -= eta * nb / m


def mean_gradient_update(net, mini_batch, eta):
    grads = [net.backprop(x, y) for x, y in mini_batch]
    for l in range(len(net.weights)):
        net.weights[l] = net.weights[l] - eta * np.mean([g[1][l] for g in grads], axis=0)
        net.biases[l] = net.biases[l] - eta * np.mean([g[0][l] for g in grads], axis=0)


def reversed_order_update(net, mini_batch, eta):  # sums in another order: rounding differs
    nabla_b, nabla_w = _sums(net, list(reversed(mini_batch)))
    scale = eta / len(mini_batch)
    net.weights, net.biases = (
        [w - scale * nw for w, nw in zip(net.weights, nabla_w)],
        [b - scale * nb for b, nb in zip(net.biases, nabla_b)],
    )


def _scaled(factor_w, factor_b=None):
    """A wrong update: the right sums, then a step of factor · (η/m) Σ ∇Cₓ."""
    factor_b = factor_w if factor_b is None else factor_b

    def update(net, mini_batch, eta):
        m = len(mini_batch)
        nabla_b, nabla_w = _sums(net, mini_batch)
        net.weights = [w - factor_w(eta, m) * nw for w, nw in zip(net.weights, nabla_w)]
        net.biases = [b - factor_b(eta, m) * nb for b, nb in zip(net.biases, nabla_b)]

    return update


def not_assigned(net, mini_batch, eta):
    nabla_b, nabla_w = _sums(net, mini_batch)
    weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(net.weights, nabla_w)]
    biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(net.biases, nabla_b)]
    return weights, biases


def step_per_example(net, mini_batch, eta):
    m = len(mini_batch)
    for x, y in mini_batch:
        nb, nw = net.backprop(x, y)
        net.weights = [w - (eta / m) * d for w, d in zip(net.weights, nw)]
        net.biases = [b - (eta / m) * d for b, d in zip(net.biases, nb)]


def last_example_only(net, mini_batch, eta):
    for x, y in mini_batch:
        nabla_b, nabla_w = net.backprop(x, y)  # replaces instead of adding up
    m = len(mini_batch)
    net.weights = [w - (eta / m) * nw for w, nw in zip(net.weights, nabla_w)]
    net.biases = [b - (eta / m) * nb for b, nb in zip(net.biases, nabla_b)]


def matrix_form(net, mini_batch, eta):
    X = np.hstack([x for x, _ in mini_batch])
    Y = np.hstack([y for _, y in mini_batch])
    nabla_b, nabla_w = net.backprop(X, Y)
    m = len(mini_batch)
    net.weights = [w - (eta / m) * nw for w, nw in zip(net.weights, nabla_w)]
    net.biases = [b - (eta / m) * nb for b, nb in zip(net.biases, nabla_b)]


def flattened_biases(net, mini_batch, eta):
    book_update(net, mini_batch, eta)
    net.biases = [b.ravel() for b in net.biases]


def junk(net, mini_batch, eta):
    net.weights = "new weights"


def test_update_mini_batch_accepts_every_right_form(run):
    for fn in (book_update, in_place_update, mean_gradient_update, reversed_order_update):
        assert run(training.check_update_mini_batch, fn) == (True, "Correct!\n"), fn.__name__


def test_update_mini_batch_names_each_slip(run):
    cases = {
        "NotImplementedError": stub,
        "1/m is missing": _scaled(lambda eta, m: eta),
        "gradient *ascent*": _scaled(lambda eta, m: -eta / m),
        "two slips": _scaled(lambda eta, m: -eta),
        "η is missing": _scaled(lambda eta, m: 1 / m),
        "divided by m twice": _scaled(lambda eta, m: eta / m**2),
        "biases were not updated": _scaled(lambda eta, m: eta / m, lambda eta, m: 0.0),
        "weights were not updated": _scaled(lambda eta, m: 0.0, lambda eta, m: eta / m),
        "not the biases": _scaled(lambda eta, m: eta / m, lambda eta, m: eta),
        "did not change": not_assigned,
        "a step after every example": step_per_example,
        "only the last example": last_example_only,
        "per-example form": matrix_form,
        "changed shape": flattened_biases,
        "no longer a list of arrays": junk,
        "raised ZeroDivisionError": lambda net, mb, eta: 1 / 0,
    }
    for hint, fn in cases.items():
        ok, out = run(training.check_update_mini_batch, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)
        assert out.count("\n") == 1, out  # one line of verdict, no traceback


def test_update_mini_batch_missing_1_over_m_hint_gives_the_fix(run):
    # the notebook's Common mistakes box shows only symptoms: the fix is in this hint
    ok, out = run(training.check_update_mini_batch, _scaled(lambda eta, m: eta))
    assert not ok and "m = 5 times too large" in out
    assert "w - (eta / len(mini_batch)) * nabla_w" in out


def test_update_mini_batch_refuses_the_librarys_own_step(run):
    # nnlib's update_mini_batch is the matrix form: the exercise asks for the book's loop
    ok, out = run(
        training.check_update_mini_batch, lambda net, mb, eta: net.update_mini_batch(mb, eta)
    )
    assert ok is False and "per-example form" in out


def test_update_mini_batch_wrong_sign_says_the_cost_went_up(run):
    ok, out = run(training.check_update_mini_batch, _scaled(lambda eta, m: -eta / m))
    before, after = (float(v) for v in out.split("went up from ")[1].split(". ")[0].split(" to "))
    assert after > before


def test_update_mini_batch_passing_opens_the_reveals_of_the_box(run, monkeypatch, capsys):
    # 05's gated cells (the box's fixes, nnlib's own update_mini_batch) open once this passes
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    gate._passed.clear()
    run(training.check_update_mini_batch, _scaled(lambda eta, m: eta))  # the missing 1/m
    assert not training.earned(training.check_update_mini_batch, "the fixes")
    assert "Hidden until check_update_mini_batch passes" in capsys.readouterr().out
    run(training.check_update_mini_batch, mean_gradient_update)
    assert training.earned(training.check_update_mini_batch, "the fixes")
    gate._passed.clear()
