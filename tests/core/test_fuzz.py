"""Generated bad and odd inputs against nnlib's public API (issue 21), with hypothesis.

Every outcome must be one of two things:

- a ``ValueError`` (or the loader's ``DataError``) whose message starts with the name
  of an argument of the call: nnlib's own clear refusal, never NumPy's message from deep
  inside, a ``TypeError``, a ``ZeroDivisionError`` or a ``MemoryError``;
- a correct result: the same numbers as the book's algorithm in
  ``benchmarks/reference.py`` (one example at a time, its own sigmoid), computed here from
  the inputs independently of nnlib, finite, of the right shape, with no warning.

Reproducible: a derandomized profile (the same examples on every run and machine), no
example database, nothing written into the tree, and a deadline of one second per example
(the issue's "within a second").  About 4 s on the 2-core test machine (1,650 examples);
``pytest tests/core/test_fuzz.py --hypothesis-show-statistics`` shows how many of each
test's examples were accepted and which argument refused the others.
"""

import contextlib
import math
import re
import signal
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.extra import numpy as hnp

from nnlib import DataError, Network, load_data, load_data_wrapper, vectorized_result

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference  # noqa: E402

# Hypothesis keeps a cache of the constants it finds in the source even with no database:
# outside the tree, so that the suite leaves nothing behind in it.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nnlib-hypothesis")

N_IN, N_OUT = 4, 3
SIZES = [N_IN, 3, N_OUT]

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=1000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- what the fuzzer feeds ----------------------------------------------------------------

SPECIAL = st.sampled_from([math.nan, math.inf, -math.inf])
REASONABLE = st.floats(-1e6, 1e6, allow_nan=False)  # finite, and no overflow inside the net
NUMBERS = st.one_of(REASONABLE, SPECIAL)
ODD = st.one_of(
    NUMBERS,
    st.integers(-(10**30), 10**30),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
    st.binary(max_size=3),
    st.fractions(),
    st.decimals(allow_nan=True),
    st.complex_numbers(max_magnitude=10),
    st.just(object()),
    st.sampled_from([np.float32(0.5), np.float64(3.0), np.int64(2), np.bool_(True)]),
    st.just(np.array(3.0)),
).map(lambda odd: odd)  # mapped: one branch of any one_of it joins, not twelve


def few_epochs_too_many(value):
    """A valid epoch count too large to run here (10**30 epochs are accepted, as in the book,
    and would train for ever): the fuzz test leaves those out."""
    try:
        return not isinstance(value, (bool, np.bool_)) and int(value) == value and value > 3
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return False


def mostly(good, bad=ODD):
    """Three draws in four from ``good``, the rest from ``bad``."""
    return st.integers(0, 3).flatmap(lambda k: bad if k == 0 else good)


REAL_DTYPES = [np.float64, np.float32, np.float16, np.int64, np.uint8, np.bool_]
ODD_DTYPES = [np.complex128, np.dtype("m8[s]"), np.dtype("M8[s]"), np.dtype("U2"), np.object_]


def elements(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        width = 16 if dtype.itemsize == 2 else 32 if dtype.itemsize == 4 else 64
        finite = st.floats(-1e3 if width == 16 else -1e6, 1e3 if width == 16 else 1e6, width=width)
        return st.one_of(finite, SPECIAL)
    if dtype.kind in "iu":
        return st.integers(
            0 if dtype.kind == "u" else -(10**6), 255 if dtype.itemsize == 1 else 10**6
        )
    if dtype.kind == "O":
        return st.one_of(st.none(), REASONABLE, st.text(max_size=2))
    return None  # hypothesis's own for bool, complex, times, strings


def arrays(rows, cols):
    """Arrays near the right shape, of every dtype: ``rows`` / ``cols`` strategies."""
    dtype = st.sampled_from(REAL_DTYPES * 3 + ODD_DTYPES)
    shape = st.one_of(
        st.tuples(rows, cols),
        st.tuples(rows),
        st.tuples(rows, cols, st.integers(1, 2)),
    )
    return dtype.flatmap(lambda d: hnp.arrays(d, shape, elements=elements(d)))


def good(shape, labels=False):
    """Arrays nnlib must take: ``shape`` (a tuple or a strategy), a real dtype, finite
    values (or one-hot-like values in [0, 1] for targets)."""
    dtype = st.sampled_from(REAL_DTYPES)

    def fill(d):
        if labels or np.dtype(d).kind == "b":
            values = st.integers(0, 1)
        elif np.dtype(d).kind == "f":
            values = st.floats(-1e3, 1e3, width=16 if np.dtype(d).itemsize == 2 else 32)
        else:
            values = st.integers(0, 255)
        return hnp.arrays(d, shape, elements=values)

    return dtype.flatmap(fill)


@st.composite
def dirty(draw, good_arrays):
    """A good array (as float) with one NaN or ±inf put in at a drawn place."""
    a = np.array(draw(good_arrays), dtype=draw(st.sampled_from([np.float64, np.float32])))
    if a.size:
        a.flat[draw(st.integers(0, a.size - 1))] = draw(SPECIAL)
    return a


@st.composite
def matrices(draw, bad=False):
    """A mini-batch as two matrices of columns, X (N_IN, m) and Y (N_OUT, m): good ones,
    or (``bad``) with a NaN or inf in one of them."""
    m = draw(st.integers(1, 5))
    X, Y = good((N_IN, m)), good((N_OUT, m), labels=True)
    if bad:
        X, Y = draw(st.sampled_from([(dirty(X), Y), (X, dirty(Y))]))
    return draw(X), draw(Y)


NEAR_N_IN = st.sampled_from([N_IN, N_IN, N_IN, 0, 1, N_IN + 1])
NEAR_N_OUT = st.sampled_from([N_OUT, N_OUT, N_OUT, 0, 1, N_OUT + 1])
M = st.integers(0, 5)

GOOD_COLUMNS = good(st.tuples(st.just(N_IN), st.integers(1, 5)))
COLUMNS_IN = mostly(  # inputs as columns (N_IN, m)
    st.one_of(GOOD_COLUMNS, good((N_IN,))), st.one_of(dirty(GOOD_COLUMNS), arrays(NEAR_N_IN, M))
)
ROWS_IN = mostly(  # inputs as rows (n, N_IN): arrays, lists (some ragged), odd things
    st.one_of(good(st.tuples(st.integers(1, 5), st.just(N_IN))), good((N_IN,))),
    st.one_of(
        dirty(good(st.tuples(st.integers(1, 5), st.just(N_IN)))),
        arrays(M, NEAR_N_IN),
        st.lists(st.lists(NUMBERS, min_size=N_IN - 1, max_size=N_IN + 1), max_size=4),
        ODD,
    ),
)
LABELS = st.one_of(
    hnp.arrays(st.sampled_from([np.int64, np.float64]), M, elements=st.integers(-1, N_OUT)),
    hnp.arrays(np.bool_, M),
    st.lists(st.one_of(st.integers(-1, N_OUT), ODD), max_size=5),
    ODD,
)


@st.composite
def pair_lists(draw):
    """The book's list of (x, y) pairs, with odd xs, ys and pairs among them."""
    n = draw(st.integers(0, 5))
    out = []
    for _ in range(n):
        x = draw(
            st.one_of(
                hnp.arrays(np.float64, (N_IN, 1), elements=elements(np.float64)),
                hnp.arrays(np.float64, (N_IN, 1), elements=REASONABLE),
                arrays(NEAR_N_IN, st.just(1)),
                ODD,
            )
        )
        y = draw(
            st.one_of(
                st.integers(0, N_OUT - 1),
                st.integers(-1, N_OUT),
                hnp.arrays(np.float64, (N_OUT, 1), elements=st.floats(0, 1)),
                arrays(NEAR_N_OUT, st.just(1)),
                ODD,
            )
        )
        out.append(draw(st.sampled_from([(x, y), (x, y), [x, y], (x,), x])))
    return draw(st.sampled_from([out, tuple(out), iter(out)])) if out else out


GOOD_LABELS = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        good((n, N_IN)), hnp.arrays(np.int64, n, elements=st.integers(0, N_OUT - 1))
    )
)
GOOD_PAIRS = st.lists(  # the book's format, nothing odd in it
    st.tuples(
        good((N_IN, 1)),
        st.one_of(
            st.integers(0, N_OUT - 1),
            st.integers(0, N_OUT - 1).map(lambda j: np.eye(N_OUT)[:, [j]]),
        ),
    ),
    min_size=1,
    max_size=5,
)
DATA = mostly(  # what SGD, score and evaluate take
    st.one_of(GOOD_LABELS, GOOD_PAIRS),
    st.one_of(
        GOOD_LABELS.flatmap(lambda d: st.tuples(dirty(st.just(d[0])), st.just(d[1]))),
        GOOD_PAIRS.flatmap(
            lambda pairs: st.integers(0, len(pairs) - 1).flatmap(
                lambda i: dirty(st.just(pairs[i][0])).map(
                    lambda x: pairs[:i] + [(x, pairs[i][1])] + pairs[i + 1 :]
                )
            )
        ),
        st.tuples(arrays(M, NEAR_N_IN), LABELS),
        st.tuples(
            hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.just(N_IN)), elements=NUMBERS),
            hnp.arrays(np.int64, st.integers(1, 5), elements=st.integers(0, N_OUT - 1)),
        ),
        pair_lists(),
        ODD,
    ),
)
ETA = mostly(st.one_of(st.floats(1e-3, 10.0), st.sampled_from([3, np.float32(3), np.int64(2)])))


# --- the independent side ------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def quiet_reference():
    """The reference's σ(z) = 1/(1 + e⁻ᶻ) overflows (harmlessly) for z below -710; nnlib's
    calls run with every NumPy warning an error (``outcome``)."""
    old = np.seterr(over="ignore")
    yield
    np.seterr(**old)


def book(net):
    """The reference network with float64 copies of ``net``'s parameters."""
    copy = reference.Network(net.sizes)
    copy.weights = [w.astype(np.float64) for w in net.weights]
    copy.biases = [b.astype(np.float64) for b in net.biases]
    return copy


def one_hot(label):
    y = np.zeros((N_OUT, 1))
    y[int(label)] = 1.0
    return y


def book_examples(data):
    """``data`` (as SGD takes it) as the book's list of float64 column pairs, read here."""
    if isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], np.ndarray):
        images = np.asarray(data[0], dtype=np.float64).reshape(len(data[0]), -1)
        labels = np.asarray(data[1])
        return [
            (x[:, None], one_hot(j) if np.ndim(j) == 0 else np.asarray(j, float).reshape(-1, 1))
            for x, j in zip(images, labels)
        ]
    return [
        (
            np.asarray(x, dtype=np.float64).reshape(N_IN, 1),
            one_hot(y) if np.ndim(y) == 0 else np.asarray(y, float).reshape(N_OUT, 1),
        )
        for x, y in data
    ]


def close(ours, theirs, dtype):
    tol = 1e-4 if dtype == np.float32 else 1e-9
    ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
    assert ours.shape == theirs.shape
    assert np.all(np.isfinite(ours)), ours
    assert np.allclose(ours, theirs, rtol=tol, atol=tol), (ours, theirs)


def hits_within_ties(outputs, labels):
    """(fewest, most) right answers: an output whose top two activations are within
    rounding of each other may go either way."""
    low = high = 0
    for a, j in zip(outputs, labels):
        top = np.sort(a.ravel())[::-1]
        tie = len(top) > 1 and top[0] - top[1] < 1e-6
        right = int(np.argmax(a)) == int(j)
        low += right and not tie
        high += right or tie
    return low, high


SECONDS = 10  # no call may take longer: the issue asks for an answer within a second


@contextlib.contextmanager
def within(seconds):
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def overtime(signum, frame):
        raise AssertionError(f"the call ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, overtime)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(call, names):
    """Run ``call``: its result, or ``None`` after a refusal that names one of ``names``.
    Anything else (another exception, a warning, a message naming no argument) fails."""
    with warnings.catch_warnings(), np.errstate(all="warn"), within(SECONDS):
        warnings.simplefilter("error")
        try:
            result = call()
            event("accepted")  # pytest --hypothesis-show-statistics counts the outcomes
            return result, True
        except (ValueError, DataError) as e:
            message = str(e)
            event(f"refused: {message.split(' ')[0]}")
            pattern = rf"^({'|'.join(map(re.escape, names))})\b"
            assert re.match(pattern, message), f"message names no argument {names}: {message}"
            return None, False


def network(dtype=np.float64, seed=0):
    return Network(SIZES, seed=seed, dtype=dtype)


# --- the tests ------------------------------------------------------------------------------


SIZES_IN = mostly(
    st.lists(st.integers(1, 6), min_size=2, max_size=4),
    st.one_of(
        st.lists(st.one_of(st.integers(-2, 6), st.booleans(), REASONABLE, st.text(max_size=2))),
        st.lists(st.integers(1, 6), min_size=2, max_size=4),
        st.frozensets(st.integers(1, 6)),
        st.sets(st.integers(1, 6)),
        st.tuples(st.integers(1, 6), st.integers(1, 6)),
        st.dictionaries(st.integers(1, 6), st.integers(1, 6)),
        st.sampled_from([[784, 2**63, 10], [784, 10**9, 10], [10**5, 10**4], np.array([3, 2])]),
        ODD,
    ),
)


@FUZZ
@given(
    sizes=SIZES_IN,
    seed=mostly(st.one_of(st.none(), st.integers(0, 2**70)), st.one_of(st.integers(-3, -1), ODD)),
    dtype=mostly(
        st.sampled_from([np.float32, np.float64, "float32", "float64", None]),
        st.one_of(st.sampled_from(["foo", np.int32, complex]), ODD),
    ),
    init=mostly(st.sampled_from(["book", "scaled"]), st.sampled_from(["zeros", None, 1])),
)
def test_network(sizes, seed, dtype, init):
    net, made = outcome(
        lambda: Network(sizes, seed=seed, dtype=dtype, init=init),
        ["sizes", "seed", "dtype", "init"],
    )
    if made:
        assert isinstance(sizes, (list, tuple, np.ndarray))  # ordered
        assert net.sizes == [int(s) for s in sizes]
        assert net.dtype == np.dtype(dtype).type
        for w, b, n_in, n_out in zip(net.weights, net.biases, net.sizes, net.sizes[1:]):
            assert w.shape == (n_out, n_in) and b.shape == (n_out, 1)
            assert w.dtype == net.dtype and np.all(np.isfinite(w)) and np.all(np.isfinite(b))


@FUZZ
@given(
    a=mostly(COLUMNS_IN, st.one_of(st.lists(NUMBERS, max_size=5), ODD)),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_feedforward(a, dtype):
    net = network(dtype)
    out, ok = outcome(lambda: net.feedforward(a), ["a"])
    if ok:
        x = np.asarray(a, dtype=np.float64)
        x = x[:, None] if x.ndim == 1 else x
        close(out, book(net).feedforward(x), dtype)
        assert out.shape == (N_OUT, x.shape[1])


@FUZZ
@given(
    xy=st.one_of(
        matrices(),
        matrices(),
        matrices(bad=True),
        st.tuples(st.one_of(COLUMNS_IN, ODD), st.one_of(arrays(NEAR_N_OUT, M), ODD)),
    )
)
def test_backprop(xy):
    x, y = xy
    net = network()
    result, ok = outcome(lambda: net.backprop(x, y), ["backprop"])
    if ok:
        ref = book(net)
        sums = None
        for j in range(x.shape[1]):
            grads = ref.backprop(x[:, [j]].astype(np.float64), y[:, [j]].astype(np.float64))
            sums = (
                grads if sums is None else [[s + g for s, g in zip(*p)] for p in zip(sums, grads)]
            )
        for ours, theirs in zip(result, sums):
            for o, t in zip(ours, theirs):
                close(o, t, np.float64)


@settings(FUZZ, max_examples=300)
@given(
    mini_batch=mostly(
        st.one_of(matrices(), GOOD_PAIRS),
        st.one_of(
            matrices(bad=True),
            st.tuples(COLUMNS_IN, st.one_of(arrays(NEAR_N_OUT, M), ODD)),
            pair_lists(),
            ODD,
        ),
    ),
    eta=ETA,
)
def test_update_mini_batch(mini_batch, eta):
    net = network()
    ref = book(net)
    if isinstance(mini_batch, tuple) and len(mini_batch) == 2 and hasattr(mini_batch[1], "T"):
        columns = mini_batch  # kept for the reference: (X, Y) may be refused before it is read
    else:
        mini_batch = list(mini_batch) if hasattr(mini_batch, "__next__") else mini_batch
        columns = None
    _, ok = outcome(lambda: net.update_mini_batch(mini_batch, eta), ["mini_batch", "eta"])
    if ok:
        if columns is not None and isinstance(columns[0], np.ndarray) and columns[0].ndim == 2:
            X, Y = (np.asarray(c, np.float64) for c in columns)
            examples = [(X[:, [j]], Y[:, [j]]) for j in range(X.shape[1])]
        else:
            examples = book_examples(mini_batch)
        ref.update_mini_batch(examples, eta)  # the book's (eta / m) * nw, with this eta
        for ours, theirs in zip(net.weights + net.biases, ref.weights + ref.biases):
            close(ours, theirs, np.float64)


@settings(FUZZ, max_examples=300)
@given(
    training_data=DATA,
    epochs=mostly(st.integers(0, 2), bad=ODD.filter(lambda v: not few_epochs_too_many(v))),
    mini_batch_size=mostly(st.integers(1, 6)),
    eta=ETA,
    test_data=st.one_of(st.none(), GOOD_LABELS, DATA),
)
def test_sgd(training_data, epochs, mini_batch_size, eta, test_data):
    training_data = list(training_data) if hasattr(training_data, "__next__") else training_data
    test_data = list(test_data) if hasattr(test_data, "__next__") else test_data
    net, twin = network(seed=5), network(seed=5)
    names = ["training_data", "test_data", "epochs", "mini_batch_size", "eta"]
    history, ok = outcome(
        lambda: net.SGD(training_data, epochs, mini_batch_size, eta, test_data, verbose=False),
        names,
    )
    if not ok:
        return
    assert len(history) == epochs
    examples = book_examples(training_data)
    ref = book(twin)
    for _ in range(epochs):  # the book's loop over SGD's shuffled order
        order = twin.rng.permutation(len(examples))
        for k in range(0, len(examples), mini_batch_size):
            batch = [examples[i] for i in order[k : k + mini_batch_size]]
            ref.update_mini_batch(batch, float(eta))  # SGD hands float(eta) on
    for ours, theirs in zip(net.weights + net.biases, ref.weights + ref.biases):
        close(ours, theirs, np.float64)
    if test_data is not None and epochs:
        tests = book_examples(test_data)
        outputs = [ref.feedforward(x) for x, _ in tests]
        low, high = hits_within_ties(outputs, [np.argmax(y) for _, y in tests])
        assert history[-1]["total"] == len(tests) and low <= history[-1]["correct"] <= high


@FUZZ
@given(data=DATA)
def test_score_and_evaluate(data):
    data = list(data) if hasattr(data, "__next__") else data
    net = network()
    result, ok = outcome(lambda: net.score(data), ["data"])
    count, counted = outcome(lambda: net.evaluate(data), ["data"])
    assert ok == counted
    if ok:
        tests = book_examples(data)
        ref = book(net)
        outputs = [ref.feedforward(x) for x, _ in tests]
        low, high = hits_within_ties(outputs, [np.argmax(y) for _, y in tests])
        assert low <= result["correct"] == count <= high and result["total"] == len(tests)
        cost = sum(0.5 * float(np.sum((y - a) ** 2)) for (_, y), a in zip(tests, outputs))
        assert math.isclose(result["cost"], cost / len(tests), rel_tol=1e-9, abs_tol=1e-12)


@FUZZ
@given(images=ROWS_IN)
def test_predict_and_output_rows(images):
    net = network()
    outputs, ok = outcome(lambda: net.output_rows(images), ["images"])
    guesses, guessed = outcome(lambda: net.predict(images), ["images"])
    assert ok == guessed
    if ok:
        rows = np.asarray(images, dtype=np.float64).reshape(-1, N_IN)
        ref = book(net)
        expected = np.array([ref.feedforward(x[:, None]).ravel() for x in rows])
        close(outputs, expected, np.float64)
        assert list(guesses) == [int(np.argmax(o)) for o in outputs]


FOLDER = Path(tempfile.gettempdir())  # paths are only read: nothing is written


@FUZZ
@given(
    path=st.one_of(
        st.text(max_size=8).map(lambda name: FOLDER / "nnlib-fuzz-missing" / name),
        st.text(max_size=8),
        st.binary(max_size=4),
        st.integers(),
        st.just(object()),
    ),
    wrapper=st.booleans(),
)
def test_load_data_paths(path, wrapper):
    if isinstance(path, str) and (Path(path) / "t10k-labels-idx1-ubyte.gz").exists():
        return  # text that happens to name a real data folder: not a misuse
    loader = load_data_wrapper if wrapper else load_data
    with pytest.raises((ValueError, DataError)) as info:
        loader(path)
    message = str(info.value)
    assert message.startswith("path") or "t10k-labels-idx1-ubyte.gz: file not found" in message


@FUZZ
@given(j=mostly(st.integers(-3, 12)))
def test_vectorized_result(j):
    e, ok = outcome(lambda: vectorized_result(j), ["j"])
    if ok:
        assert e.shape == (10, 1) and e.sum() == 1.0 and e[int(j), 0] == 1.0
