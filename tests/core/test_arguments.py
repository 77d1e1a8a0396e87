"""Misuse of the public API (issue 21): every case refused with a ValueError naming the
argument, within a second and before anything large is allocated; or a correct result.

The messages are matched from their start, so each test pins the argument's name."""

import re
import sys
import time
import tracemalloc
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network, arguments, load_data, load_data_wrapper

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference  # noqa: E402

SIZES = [6, 4, 3]


def net(**kw):
    return Network(SIZES, seed=0, **kw)


def rows(n, seed=1):
    """n images as rows (n, 6) and their integer labels."""
    rng = np.random.default_rng(seed)
    return rng.random((n, SIZES[0])), rng.integers(0, SIZES[-1], n)


def pairs(n, seed=1):
    """The book's list of (x, y) pairs: x (6, 1), y a one-hot (3, 1) column."""
    X, labels = rows(n, seed)
    return [(x[:, None], np.eye(SIZES[-1])[[j]].T) for x, j in zip(X, labels)]


def with_value(a, index, value):
    a = np.array(a, dtype=float)
    a[index] = value
    return a


def refused(call, message):
    """``call()`` raises a ValueError whose message starts with ``message``, in < 1 s."""
    start = time.perf_counter()
    with pytest.raises(ValueError) as info:
        call()
    assert time.perf_counter() - start < 1.0
    assert str(info.value).startswith(message), str(info.value)
    return str(info.value)


X20, Y20 = rows(20)
COLUMNS = (X20[:5].T, np.eye(3)[Y20[:5]].T)  # a mini-batch of 5 as columns


# --- NaN and inf: named, with the first bad example --------------------------------


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda v: net().SGD((with_value(X20, (17, 2), v), Y20), 1, 5, 3.0),
            "training_data: example 17's x holds {v}",
        ),
        (
            lambda v: net().SGD(
                [
                    (with_value(x, 0, v) if i in (5, 9) else x, y)
                    for i, (x, y) in enumerate(pairs(20))
                ],
                1,
                5,
                3.0,
            ),
            "training_data: example 5's x holds {v}",
        ),
        (
            lambda v: net().SGD(
                [(x, with_value(y, 1, v) if i == 3 else y) for i, (x, y) in enumerate(pairs(20))],
                1,
                5,
                3.0,
            ),
            "training_data: example 3's target y holds {v}",
        ),
        (
            lambda v: net().SGD((X20, with_value(np.eye(3)[Y20], (8, 0), v)), 1, 5, 3.0),
            "training_data: example 8's target y holds {v}",
        ),
        (
            lambda v: net().SGD((X20, Y20), 1, 5, 3.0, test_data=(with_value(X20, (2, 0), v), Y20)),
            "test_data: example 2's x holds {v}",
        ),
        (
            lambda v: net().update_mini_batch((with_value(COLUMNS[0], (1, 4), v), COLUMNS[1]), 3.0),
            "mini_batch: column 4 of X (example 4) holds {v}",
        ),
        (
            lambda v: net().update_mini_batch((COLUMNS[0], with_value(COLUMNS[1], (0, 1), v)), 3.0),
            "mini_batch: column 1 of Y (example 1) holds {v}",
        ),
        (
            lambda v: net().update_mini_batch(
                [(with_value(x, 3, v) if i == 2 else x, y) for i, (x, y) in enumerate(pairs(4))],
                3.0,
            ),
            "mini_batch: example 2's x holds {v}",
        ),
        (
            lambda v: net().backprop(with_value(COLUMNS[0], (0, 3), v), COLUMNS[1]),
            "backprop: column 3 of x (example 3) holds {v}",
        ),
        (lambda v: net().score((with_value(X20, (7, 5), v), Y20)), "data: example 7's x holds {v}"),
        (
            lambda v: net().evaluate((with_value(X20, (7, 5), v), Y20)),
            "data: example 7's x holds {v}",
        ),
        (lambda v: net().total_cost((with_value(X20, (7, 5), v), Y20)), "data: example 7's x"),
        (lambda v: net().predict(with_value(X20, (3, 1), v)), "images: row 3 holds {v}"),
        (lambda v: net().output_rows(with_value(X20, (3, 1), v)), "images: row 3 holds {v}"),
        (lambda v: net().feedforward(with_value(X20[:4].T, (0, 2), v)), "a: column 2 (input 2)"),
    ],
)
def test_non_finite_data_is_refused_naming_the_argument_and_the_first_bad_example(
    call, message, value
):
    refused(lambda: call(value), message.format(v=value))


def test_a_refused_training_run_prints_nothing_and_leaves_the_network_unchanged(capsys):
    """Today's silent failure: one NaN pixel trained the network to NaN and SGD printed
    'Epoch 0: 980 / 10000'."""
    network = net()
    before = [w.copy() for w in network.weights]
    refused(
        lambda: network.SGD(
            (with_value(X20, (0, 0), np.nan), Y20), 1, 5, 3.0, test_data=(X20, Y20)
        ),
        "training_data: example 0's x holds nan",
    )
    assert capsys.readouterr().out == ""
    assert all(np.array_equal(a, b) for a, b in zip(before, network.weights))


def test_nan_in_a_row_that_is_not_one_of_the_examples_is_not_refused():
    """load_data_wrapper's pairs are views of one array: a slice of the list is checked on
    its own rows, not on the whole array it views."""
    base = np.random.default_rng(2).random((40, SIZES[0]))
    base[30] = np.nan  # not in the first 20
    data = [(x.reshape(SIZES[0], 1), int(j)) for x, j in zip(base[:20], Y20)]
    assert arguments.examples(data, SIZES, np.float64, "training_data")[0].shape == (40, 6)
    net().SGD(data, 1, 5, 3.0, verbose=False)  # trains
    data[7] = (base[30].reshape(SIZES[0], 1), 0)
    refused(lambda: net().SGD(data, 1, 5, 3.0), "training_data: example 7's x holds nan")


def test_the_whole_mnist_training_set_is_checked_in_well_under_a_second():
    images, labels = load_data()[0]
    start = time.perf_counter()
    arguments.examples((images, labels), [784, 30, 10], np.float32, "training_data")
    assert time.perf_counter() - start < 0.5
    training_data = load_data_wrapper()[0]
    start = time.perf_counter()
    arguments.examples(training_data, [784, 30, 10], np.float32, "training_data")
    assert time.perf_counter() - start < 1.0


# --- η on every path, and the η checked is the η used -----------------------------


BAD_ETAS = [
    float("inf"),
    float("nan"),
    0,
    -1.0,
    "3.0",
    None,
    True,
    np.bool_(True),
    Fraction(1, 2),
    Decimal("0.5"),
    10**400,
    np.array(3.0),
]


@pytest.mark.parametrize("eta", BAD_ETAS, ids=repr)
def test_eta_is_refused_the_same_way_on_every_path(eta):
    refused(lambda: net().SGD(pairs(10), 1, 5, eta), "eta (the learning rate η)")
    refused(lambda: net().update_mini_batch(pairs(3), eta), "eta (the learning rate η)")
    refused(lambda: net().update_mini_batch(COLUMNS, eta), "eta (the learning rate η)")


def test_fraction_eta_is_refused_with_the_fix():
    message = refused(lambda: net().update_mini_batch(COLUMNS, Fraction(1, 2)), "eta")
    assert "pass float(Fraction(1, 2))" in message


@pytest.mark.parametrize("eta", [3, 3.0, np.float32(3), np.float64(3), np.int64(3)], ids=repr)
def test_every_accepted_eta_takes_the_books_step(eta):
    network = net()
    book = reference.Network(SIZES)
    book.weights = [w.copy() for w in network.weights]
    book.biases = [b.copy() for b in network.biases]
    batch = pairs(5)
    network.update_mini_batch(batch, eta)
    book.update_mini_batch(batch, 3.0)
    for ours, theirs in zip(network.weights + network.biases, book.weights + book.biases):
        assert np.all(np.isfinite(ours))
        assert np.max(np.abs(ours - theirs)) < 1e-6  # np.float32(3) / 5 rounds in float32


# --- empty batches ------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: net().update_mini_batch((np.zeros((6, 0)), np.zeros((3, 0))), 3.0), "mini_batch"),
        (
            lambda: net().update_mini_batch((np.zeros((6, 0)), np.zeros((3, 0))), np.float32(3)),
            "mini_batch: X and Y have no columns",
        ),
        (lambda: net().update_mini_batch([], 3.0), "mini_batch is empty"),
        (lambda: net().update_mini_batch((np.zeros((0, 6)), np.zeros(0, int)), 3.0), "mini_batch"),
        (
            lambda: net().SGD((np.zeros((0, 6)), np.zeros(0, int)), 1, 5, 3.0),
            "training_data is empty",
        ),
        (lambda: net().SGD([], 1, 5, 3.0), "training_data is empty"),
        (lambda: net().SGD((X20, Y20), 1, 5, 3.0, test_data=[]), "test_data is empty"),
        (lambda: net().score((np.zeros((0, 6)), np.zeros(0, int))), "data is empty"),
        (lambda: net().evaluate([]), "data is empty"),
        (lambda: net().predict(np.zeros((0, 6))), "images is empty"),
        (lambda: net().predict([]), "images"),
        (lambda: net().feedforward(np.zeros((6, 0))), "a has no columns"),
        (lambda: net().backprop(np.zeros((6, 0)), np.zeros((3, 0))), "backprop: x and y have no"),
    ],
)
def test_empty_batches_are_refused(call, message):
    network = net()
    before = [w.copy() for w in network.weights]
    refused(call, message)
    assert all(np.array_equal(a, b) for a, b in zip(before, network.weights))


# --- dtypes that are not real numbers -----------------------------------------------


BAD_DTYPES = [complex, "m8[s]", "M8[s]", object, "U3", "S3"]


def as_dtype(a, dtype):
    a = np.asarray(a)
    if np.dtype(dtype).kind in "mM":
        return a.astype("i8").astype(dtype)
    return a.astype(dtype)


@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=str)
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: net().feedforward(as_dtype(X20[:2].T, d)), "a must hold real numbers"),
        (lambda d: net().predict(as_dtype(X20, d)), "images must hold real numbers"),
        (lambda d: net().output_rows(as_dtype(X20, d)), "images must hold real numbers"),
        (
            lambda d: net().SGD((as_dtype(X20, d), Y20), 1, 5, 3.0),
            "training_data: images must hold real numbers",
        ),
        (lambda d: net().score((as_dtype(X20, d), Y20)), "data: images must hold real numbers"),
        (
            lambda d: net().update_mini_batch((as_dtype(COLUMNS[0], d), COLUMNS[1]), 3.0),
            "mini_batch: X must hold real numbers",
        ),
        (
            lambda d: net().backprop(COLUMNS[0], as_dtype(COLUMNS[1], d)),
            "backprop: y must hold real numbers",
        ),
        (
            lambda d: net().SGD([(as_dtype(x, d), y) for x, y in pairs(4)], 1, 5, 3.0),
            "training_data[0]: x must have shape (6, 1) and hold real numbers",
        ),
        (
            lambda d: net().SGD([(x, as_dtype(y, d)) for x, y in pairs(4)], 1, 5, 3.0),
            "training_data: ",
        ),
    ],
)
def test_inputs_that_are_not_real_numbers_are_refused(call, message, dtype):
    refused(lambda: call(dtype), message)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.int64, np.uint8, bool], ids=str)
def test_real_inputs_of_any_dtype_give_the_books_outputs(dtype):
    network = net()
    book = reference.Network(SIZES)
    book.weights, book.biases = network.weights, network.biases
    a = (X20[:3].T * 2).astype(dtype)
    expected = book.feedforward(a.astype(np.float64))
    assert np.max(np.abs(network.feedforward(a) - expected)) < 1e-12


# --- sizes, seed, dtype ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, message",
    [
        ({10, 1}, "sizes must be a list of layer sizes in order"),
        (frozenset({10, 1}), "sizes must be a list of layer sizes in order"),
        ({784: 1, 10: 2}, "sizes must be a list of layer sizes in order"),
        ({784: 1, 10: 2}.keys(), "sizes must be a list of layer sizes in order"),
        ("784", "sizes must be a list of layer sizes in order"),
        ([784, True, 10], "sizes: every layer size must be a positive integer, got True"),
        ([784, 30.0, 10], "sizes: every layer size must be a positive integer, got 30.0"),
        ([784, 0, 10], "sizes: every layer size must be a positive integer, got 0"),
        ([784, 2**63, 10], "sizes [784, 9223372036854775808, 10] make 7,332,580,769,299,546,767,"),
        ([784, 10**9, 10], "sizes [784, 1000000000, 10] make 795,000,000,010 weights and biases"),
        ([10**5, 10**4], "sizes [100000, 10000] make 1,000,010,000 weights"),
    ],
    ids=repr,
)
def test_bad_sizes_are_refused_before_anything_is_allocated(sizes, message):
    tracemalloc.start()
    try:
        refused(lambda: Network(sizes), message)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # under 1 MB: nothing was allocated for the layers


def test_the_parameter_limit_counts_weights_and_biases():
    assert arguments.MAX_PARAMETERS == 10**8
    n = arguments.MAX_PARAMETERS // 2  # [1, n]: n weights and n biases, exactly the limit
    assert arguments.check_sizes([1, n]) == [1, n]
    refused(lambda: arguments.check_sizes([1, n + 1]), f"sizes [1, {n + 1}] make")
    assert Network(np.array([784, 30, 10]), seed=0).sizes == [784, 30, 10]  # in order: fine
    assert Network((n for n in [3, 2]), seed=0).sizes == [3, 2]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"seed": -1}, "seed must be an integer >= 0, got -1"),
        ({"seed": 1.5}, "seed must be an integer >= 0, got 1.5"),
        ({"seed": "0"}, "seed must be an integer >= 0, got '0'"),
        ({"seed": True}, "seed must be an integer >= 0, got True"),
        ({"dtype": "foo"}, "dtype must be float32 or float64, got 'foo'"),
        ({"dtype": np.int32}, "dtype must be float32 or float64"),
        ({"dtype": object()}, "dtype must be float32 or float64"),
        ({"init": "zeros"}, "init must be 'book'"),
    ],
    ids=repr,
)
def test_bad_seed_dtype_and_init_are_refused_by_name(kwargs, message):
    refused(lambda: Network(SIZES, **kwargs), message)
    if "seed" in kwargs:
        refused(lambda: Network.load("never-read.npz", **kwargs), message)


def test_numpy_seeds_and_generators_are_taken():
    a = Network(SIZES, seed=np.int64(3))
    b = Network(SIZES, seed=np.random.default_rng(3))
    c = Network(SIZES, seed=np.random.SeedSequence(3))
    assert np.array_equal(a.weights[0], b.weights[0]) and np.array_equal(a.weights[0], c.weights[0])


# --- data that are not data -------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ((X20, None), "training_data: labels must hold one label per image (20 of them), got None"),
        ([(x, None) for x, _ in pairs(3)], "training_data: labels must be integers"),
        ((X20, "abcdefghijklmnopqrst"), "training_data: labels must hold real numbers"),
        ((X20, [str(j) for j in Y20]), "training_data: labels must hold real numbers"),
        ((X20, [[0], [1, 2]] * 10), "training_data: labels must be an array of numbers"),
        ("abc", "training_data must be a list of (x, y) pairs or an (images, labels) pair"),
        (b"abc", "training_data must be a list of (x, y) pairs"),
        (("ab", "cd"), "training_data[0] must be an (x, y) pair, got str 'ab'"),
        (object(), "training_data must be a list of (x, y) pairs"),
        ((object(), object()), "training_data[0] must be an (x, y) pair, got object"),
        (None, "training_data must be a list of (x, y) pairs"),
        (42, "training_data must be a list of (x, y) pairs"),
        ([1, 2, 3], "training_data[0] must be an (x, y) pair, got int 1"),
        ([([0.0] * 6, 1), ([0.0] * 5 + [[1.0]], 2)], "training_data[1]: x must have shape (6, 1)"),
        ((X20.tolist(), Y20.tolist()), "training_data[0] must be an (x, y) pair"),
        ((X20, Y20[:19]), "training_data: 20 images but 19 labels"),
    ],
    ids=lambda v: reprlib_short(v),
)
def test_data_that_are_not_examples_are_refused_by_name(data, message):
    text = refused(lambda: net().SGD(data, 1, 5, 3.0), message)
    if isinstance(data, tuple) and len(data) == 2 and not isinstance(data[0], np.ndarray):
        assert "(an (images, labels) pair must be two NumPy arrays" in text


def reprlib_short(value):
    return re.sub(r"\s+", " ", repr(value))[:40]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: net().feedforward([[0.0], [0.0, 1.0]] * 3), "a must be an array of numbers"),
        (lambda: net().predict([[0.0] * 6, [0.0] * 5]), "images must be an array of numbers"),
        (lambda: net().predict("abcdef"), "images must hold real numbers"),
        (lambda: net().feedforward(None), "a must hold real numbers"),
        (lambda: net().score(None), "data must be a list of (x, y) pairs"),
        (lambda: net().update_mini_batch("ab", 3.0), "mini_batch must be a list of (x, y) pairs"),
        (lambda: net().update_mini_batch((COLUMNS[0], None), 3.0), "mini_batch takes X of shape"),
        (lambda: net().backprop(COLUMNS[0].tolist(), COLUMNS[1]), "backprop takes x of shape"),
    ],
)
def test_ragged_lists_strings_and_objects_are_refused_by_name(call, message):
    refused(call, message)


@pytest.mark.parametrize("path", [b"data", 3, object(), "a\0b"], ids=repr)
def test_load_data_refuses_a_path_that_is_not_a_folder_name(path):
    refused(lambda: load_data(path), "path must be a folder name")
    refused(lambda: load_data_wrapper(path), "path must be a folder name")


@pytest.mark.parametrize(
    "labels, message",
    [
        ([0, 1, 5, 2, 0], "training_data: labels must be integers in 0..2; example 2's is 5"),
        (np.array([0, 1, 0, -1, 0]), "training_data: labels must be integers in 0..2; example 3's"),
        (
            [0, 1, 2.5, 2, 0],
            "training_data: labels must be integers or (3, 1) columns; example 2's",
        ),
    ],
    ids=repr,
)
def test_a_bad_label_is_named_with_its_example(labels, message):
    refused(lambda: net().SGD(list(zip(X20[:5, :, None], labels)), 1, 5, 3.0), message)
    if isinstance(labels, list) and 2.5 in labels:  # as an array: float labels, by dtype
        message = "training_data: labels must be integers or (3, 1) columns; got dtype float64"
    refused(lambda: net().SGD((X20[:5], np.array(labels)), 1, 5, 3.0), message)
