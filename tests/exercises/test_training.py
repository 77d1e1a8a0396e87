"""Notebook 05's self-checks accept right answers and explain wrong ones.

Every "right answer" here is written independently of nnlib, and every wrong answer is a
mistake a reader could make.
"""

import numpy as np
from answers import sigma, stub

from nnlib.exercises import training


def predict_digit(net, x):
    return int(np.argmax(net.feedforward(x)))


def test_predict_digit(run):
    assert run(training.check_predict_digit, predict_digit) == (True, "Correct!\n")
    cases = {
        "NotImplementedError": stub,
        "np.argmax": lambda net, x: net.feedforward(x),
        "highest activation": lambda net, x: int(np.argmin(net.feedforward(x))),
    }
    for hint, fn in cases.items():
        ok, out = run(training.check_predict_digit, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


def test_evaluate(run):
    def evaluate(net, test_data):  # the book's evaluate
        results = [(np.argmax(net.feedforward(x)), y) for x, y in test_data]
        return sum(int(a == y) for a, y in results)

    assert run(training.check_evaluate, evaluate) == (True, "Correct!\n")

    def fraction(net, test_data):
        return evaluate(net, test_data) / len(test_data)

    def off_by_one(net, test_data):
        return evaluate(net, test_data) + 1

    cases = {
        "NotImplementedError": stub,
        "fraction": fraction,
        "counted 24": off_by_one,
        "one integer": lambda net, d: [1, 2],
    }
    for hint, fn in cases.items():
        ok, out = run(training.check_evaluate, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (hint, out)


def test_evaluate_check_really_has_23_right(capsys):
    # The check says 23 of its 40 examples are right: catch the network and data it hands
    # to the reader's function and count the right guesses here, one example at a time.
    handed = []

    def spy(net, test_data):
        handed.append((net, list(test_data)))
        return 0

    assert training.check_evaluate(spy) is False  # 0 right is wrong ...
    assert "but 23 of the 40" in capsys.readouterr().out  # ... the check expects 23
    ((net, test_data),) = handed
    right = 0
    for x, label in test_data:
        a = x
        for w, b in zip(net.weights, net.biases):
            a = sigma(w @ a + b)
        right += int(np.argmax(a)) == label
    assert len(test_data) == 40 and right == 23


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
