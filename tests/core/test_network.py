"""nnlib.Network against independent computations.

The independent side is ``benchmarks/reference.py`` (the book's per-example
algorithm, written from the equations with its own sigmoid) and finite
differences written out here.
"""

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network, sigmoid, sigmoid_prime

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference  # noqa: E402


def pairs(n, sizes, seed):
    """n random examples in the book's format: x (n_in, 1), y (n_out, 1) one-hot."""
    rng = np.random.default_rng(seed)
    xs = rng.random((n, sizes[0], 1))
    labels = rng.integers(0, sizes[-1], n)
    return [(x, np.eye(sizes[-1])[[j]].T) for x, j in zip(xs, labels)]


def book_copy(net):
    """A reference (per-example) network holding copies of ``net``'s parameters."""
    book = reference.Network(net.sizes)
    book.weights = [w.copy() for w in net.weights]
    book.biases = [b.copy() for b in net.biases]
    return book


# --- construction -----------------------------------------------------------


def test_shapes_names_and_layers():
    net = Network([784, 30, 10], seed=0)
    assert net.sizes == [784, 30, 10] and isinstance(net.sizes, list)
    assert net.num_layers == 3
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    assert all(w.dtype == np.float64 for w in net.weights + net.biases)
    assert Network([784, 30, 10], dtype=np.float32).weights[0].dtype == np.float32


def test_same_seed_same_network_and_standard_normal_init():
    a, b, c = (Network([784, 100, 10], seed=s) for s in (1, 1, 2))
    assert all(np.array_equal(x, y) for x, y in zip(a.weights + a.biases, b.weights + b.biases))
    assert not np.array_equal(a.weights[0], c.weights[0])
    w = a.weights[0].ravel()  # 78,400 draws: N(0, 1) within sampling error
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02


def test_parameters_are_the_network_itself():
    net = Network([3, 2], seed=0)
    net.weights[0][...] = 0.0
    net.biases[0][...] = 0.0
    assert np.allclose(net.feedforward(np.ones((3, 1))), 0.5)  # σ(0) = ½


# --- sigmoid ----------------------------------------------------------------


def test_sigmoid_matches_definition_and_is_stable():
    z = np.linspace(-30, 30, 601)
    assert np.allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-13, atol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            s = sigmoid(np.array([-1000.0, 1000.0]))
            s32 = sigmoid(np.array([-1000.0, 1000.0], dtype=np.float32))
    assert s[0] == 0.0 and s[1] == 1.0
    assert s32.dtype == np.float32 and s32[0] == 0.0 and s32[1] == 1.0


def test_sigmoid_prime_is_the_derivative():
    z, h = np.linspace(-6, 6, 25), 1e-6
    numerical = (1 / (1 + np.exp(-(z + h))) - 1 / (1 + np.exp(-(z - h)))) / (2 * h)
    assert np.allclose(sigmoid_prime(z), numerical, atol=1e-9)


# --- the maths --------------------------------------------------------------


def test_feedforward_column_and_matrix_match_per_example_equations():
    net = Network([784, 30, 10], seed=3)
    X = np.random.default_rng(0).random((784, 7))
    out = net.feedforward(X)
    assert out.shape == (10, 7)
    book = book_copy(net)
    for i in range(7):
        column = net.feedforward(X[:, [i]])
        assert column.shape == (10, 1)
        assert np.allclose(column, book.feedforward(X[:, [i]]), rtol=1e-12, atol=1e-14)
        assert np.allclose(out[:, [i]], column, rtol=1e-12, atol=1e-14)


def test_backprop_matches_numerical_gradient():
    net = Network([5, 4, 3, 2], seed=1)
    ((x, y),) = pairs(1, net.sizes, seed=2)
    nabla_b, nabla_w = net.backprop(x, y)
    assert [g.shape for g in nabla_b] == [b.shape for b in net.biases]
    assert [g.shape for g in nabla_w] == [w.shape for w in net.weights]

    def cost():
        a = x
        for b, w in zip(net.biases, net.weights):
            a = 1 / (1 + np.exp(-(w @ a + b)))
        return 0.5 * np.sum((a - y) ** 2)

    eps = 1e-6
    for params, grads in ((net.biases, nabla_b), (net.weights, nabla_w)):
        for p, g in zip(params, grads):
            for i in np.ndindex(p.shape):
                saved = p[i]
                p[i] = saved + eps
                plus = cost()
                p[i] = saved - eps
                minus = cost()
                p[i] = saved
                assert abs((plus - minus) / (2 * eps) - g[i]) < 1e-8


def test_gradient_check_helper_reports_small_error_and_catches_a_wrong_gradient(monkeypatch):
    from nnlib import gradient_check

    net = Network([6, 5, 3], seed=4)
    ((x, y),) = pairs(1, net.sizes, seed=5)
    assert gradient_check(net, x, y) < 1e-7
    original = Network.backprop

    def wrong(self, x, y):  # a backprop whose bias gradients are 10% too large
        nb, nw = original(self, x, y)
        return [g * 1.1 for g in nb], nw

    monkeypatch.setattr(Network, "backprop", wrong)
    assert gradient_check(net, x, y) > 1e-3


def test_backprop_matches_per_example_book_backprop():
    net = Network([784, 30, 10], seed=7)
    book = book_copy(net)
    for x, y in pairs(5, net.sizes, seed=8):
        for ours, theirs in zip(sum(net.backprop(x, y), []), sum(book.backprop(x, y), [])):
            assert np.allclose(ours, theirs, rtol=0, atol=1e-10)


def test_update_mini_batch_matches_per_example_loop():
    net = Network([784, 30, 10], seed=9)
    book = book_copy(net)
    for k in range(3):
        batch = pairs(10, net.sizes, seed=10 + k)
        net.update_mini_batch(batch, 3.0)
        book.update_mini_batch(batch, 3.0)
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases):
        assert np.max(np.abs(ours - theirs)) < 1e-10


def test_sgd_epoch_is_the_books_mini_batch_loop_in_the_shuffled_order():
    data = pairs(95, [20, 8, 4], seed=11)  # 95 = 9 full mini-batches of 10 and one of 5
    net, twin = Network([20, 8, 4], seed=12), Network([20, 8, 4], seed=12)
    order = twin.rng.permutation(len(data))  # SGD draws the same permutation
    book = book_copy(twin)
    shuffled = [data[i] for i in order]
    for k in range(0, len(data), 10):
        book.update_mini_batch(shuffled[k : k + 10], 0.5)
    net.SGD(data, 1, 10, 0.5, verbose=False)
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases):
        assert np.max(np.abs(ours - theirs)) < 1e-12


def test_sgd_calls_update_mini_batch_per_mini_batch_which_calls_backprop_once(monkeypatch):
    """The book's call chain, SGD → update_mini_batch → backprop: one update_mini_batch
    per mini-batch, and in it one backprop (the whole mini-batch as columns)."""
    calls, inside = [], []
    update_mini_batch, backprop = Network.update_mini_batch, Network.backprop

    def counted_update(self, mini_batch, eta):
        calls.append(("update_mini_batch", eta))
        inside.append(True)
        try:
            return update_mini_batch(self, mini_batch, eta)
        finally:
            inside.pop()

    def counted_backprop(self, x, y):
        assert inside == [True], "backprop runs inside update_mini_batch"
        calls.append(("backprop", x.shape[1]))  # the mini-batch's examples, as columns
        return backprop(self, x, y)

    monkeypatch.setattr(Network, "update_mini_batch", counted_update)
    monkeypatch.setattr(Network, "backprop", counted_backprop)
    data = pairs(95, [20, 8, 4], seed=27)  # 9 mini-batches of 10 and one of 5 per epoch
    net, twin = Network([20, 8, 4], seed=28), Network([20, 8, 4], seed=28)
    orders = [twin.rng.permutation(95) for _ in range(2)]  # SGD's two shuffles
    net.SGD(data, 2, 10, 0.5, verbose=False)
    sizes = [10] * 9 + [5]
    per_epoch = [c for m in sizes for c in (("update_mini_batch", 0.5), ("backprop", m))]
    assert calls == per_epoch * 2
    book = book_copy(twin)  # the book's per-example loop, over the same mini-batches
    for order in orders:
        for k in range(0, 95, 10):
            book.update_mini_batch([data[i] for i in order[k : k + 10]], 0.5)
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases):
        assert np.max(np.abs(ours - theirs)) < 1e-12


def test_list_and_array_forms_train_identically():
    data = pairs(60, [12, 6, 3], seed=13)
    X = np.array([x.ravel() for x, _ in data])
    labels = np.array([int(np.argmax(y)) for _, y in data])
    a, b = Network([12, 6, 3], seed=14), Network([12, 6, 3], seed=14)
    a.SGD(data, 2, 7, 1.0, verbose=False)
    b.SGD((X, labels), 2, 7, 1.0, verbose=False)
    assert all(np.allclose(p, q, rtol=0, atol=1e-13) for p, q in zip(a.weights, b.weights))


def test_evaluate_counts_argmax_hits():
    net = Network([8, 5, 3], seed=15)
    rng = np.random.default_rng(16)
    X, labels = rng.random((50, 8)), rng.integers(0, 3, 50)
    book = book_copy(net)
    expected = sum(int(np.argmax(book.feedforward(x[:, None])) == j) for x, j in zip(X, labels))
    count = net.evaluate([(x[:, None], int(j)) for x, j in zip(X, labels)])
    assert type(count) is int and count == expected
    assert net.evaluate((X, labels)) == expected


# --- SGD behaviour ----------------------------------------------------------


def test_sgd_learns_mnist_subset_and_prints_the_books_lines(capsys):
    from nnlib import load_data

    (X, y), _, (Xt, yt) = load_data()
    net = Network([784, 30, 10], seed=0)
    before = net.evaluate((Xt[:1000], yt[:1000]))
    history = net.SGD((X[:10000], y[:10000]), 3, 10, 3.0, test_data=(Xt[:1000], yt[:1000]))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Epoch 0", "Epoch 1", "Epoch 2"]
    assert all(line.endswith(" / 1000") for line in lines)
    assert [r["correct"] for r in history] == [int(line.split()[2]) for line in lines]
    assert before < 200 and history[-1]["correct"] > 780  # chance is 100
    assert history[-1]["cost"] < history[0]["cost"]
    assert set(history[0]) == {"epoch", "seconds", "correct", "total", "accuracy", "cost"}


def test_sgd_without_test_data_prints_epoch_complete(capsys):
    Network([4, 3, 2], seed=0).SGD(pairs(20, [4, 3, 2], 1), 2, 5, 1.0)
    assert capsys.readouterr().out == "Epoch 0 complete\nEpoch 1 complete\n"


def test_callback_sees_each_epoch_and_can_stop_training():
    seen = []
    history = Network([4, 3, 2], seed=0).SGD(
        pairs(20, [4, 3, 2], 1),
        10,
        5,
        1.0,
        verbose=False,
        callback=lambda record: seen.append(record["epoch"]) or record["epoch"] == 2,
    )
    assert seen == [0, 1, 2] and len(history) == 3


def test_saturating_eta_trains_without_warnings_or_nan():
    data = pairs(200, [784, 30, 10], seed=2)
    net = Network([784, 30, 10], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            net.SGD(data, 3, 10, 100.0, verbose=False)
            out = net.feedforward(data[0][0])
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    assert np.all(np.isfinite(out))


# --- bad arguments ----------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, words",
    [
        ([784], "at least two layers"),
        ([], "at least two layers"),
        ([784, 0, 10], "positive integer"),
        ([784, -3, 10], "positive integer"),
        ([784, 2.5, 10], "positive integer"),
        ([784, "30", 10], "positive integer"),
        ([True, 3], "positive integer"),
        (784, "list of layer sizes"),
    ],
)
def test_bad_sizes(sizes, words):
    with pytest.raises(ValueError, match=words):
        Network(sizes)


def test_bad_dtype():
    with pytest.raises(ValueError, match="float32 or float64"):
        Network([3, 2], dtype=np.int32)


@pytest.mark.parametrize("shape", [(783, 1), (10,), (1, 784), (784, 1, 1)])
def test_feedforward_wrong_shape(shape):
    with pytest.raises(ValueError, match=r"shape \(784, 1\)"):
        Network([784, 30, 10], seed=0).feedforward(np.zeros(shape))


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"eta": 0}, "eta"),
        ({"eta": -1.0}, "eta"),
        ({"eta": float("nan")}, "eta"),
        ({"eta": "3.0"}, "eta"),
        ({"mini_batch_size": 0}, "mini_batch_size"),
        ({"mini_batch_size": 2.5}, "mini_batch_size"),
        ({"epochs": -1}, "epochs"),
        ({"epochs": "zero"}, "epochs"),
    ],
)
def test_sgd_bad_arguments(kwargs, words):
    args = {"epochs": 1, "mini_batch_size": 10, "eta": 3.0, **kwargs}
    with pytest.raises(ValueError, match=words):
        Network([4, 3, 2], seed=0).SGD(pairs(20, [4, 3, 2], 1), **args)


def test_update_mini_batch_bad_eta():
    with pytest.raises(ValueError, match="eta"):
        Network([4, 3, 2], seed=0).update_mini_batch(pairs(3, [4, 3, 2], 1), 0)


@pytest.mark.parametrize(
    "data, words",
    [
        ([], "empty"),
        ([(np.zeros((5, 1)), np.zeros((2, 1)))], r"training_data\[0\]: x must have shape \(4, 1\)"),
        ([(np.zeros((4, 1)), 7)], "labels must be integers in 0..1"),
        ([(np.zeros((4, 1)), np.zeros((3, 1)))], r"\(2, 1\) column"),
        ((np.zeros((5, 4)), np.zeros(4, dtype=int)), "5 images but 4 labels"),
        ((np.zeros((5, 6)), np.zeros(5, dtype=int)), "4 values each"),
        (42, "list of \\(x, y\\) pairs"),
    ],
)
def test_bad_training_data(data, words):
    with pytest.raises(ValueError, match=words):
        Network([4, 3, 2], seed=0).SGD(data, 1, 10, 3.0)


# --- save / load ------------------------------------------------------------


def test_save_load_round_trip(tmp_path):
    net = Network([784, 30, 10], seed=5, dtype=np.float32)
    path = net.save(tmp_path / "net.npz")
    loaded = Network.load(path)
    assert loaded.sizes == net.sizes and loaded.weights[0].dtype == np.float32
    assert all(
        np.array_equal(a, b)
        for a, b in zip(net.weights + net.biases, loaded.weights + loaded.biases)
    )
    x = np.random.default_rng(0).random((784, 3))
    assert np.array_equal(net.feedforward(x), loaded.feedforward(x))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.npz"]  # no temp file left
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "net.npz").stat().st_mode & 0o777 == 0o666 & ~umask  # readable by others


def test_load_refuses_files_that_are_not_networks(tmp_path):
    bad = tmp_path / "noise.npz"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(ValueError, match="noise.npz: not a saved nnlib network"):
        Network.load(bad)
    other = tmp_path / "other.npz"
    np.savez(other, weights=np.zeros(3))
    with pytest.raises(ValueError, match="other.npz: not a saved nnlib network"):
        Network.load(other)
    pickled = tmp_path / "pickled.npy"
    np.save(pickled, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="pickled.npy: not a saved nnlib network"):
        Network.load(pickled)


def test_load_refuses_a_tampered_network(tmp_path):
    path = Network([6, 4, 2], seed=0).save(tmp_path / "net.npz")
    with np.load(path) as f:
        arrays = dict(f)
    arrays["w1"] = np.zeros((3, 3))
    np.savez(tmp_path / "shape.npz", **arrays)
    with pytest.raises(ValueError, match="layer 1 should have weights"):
        Network.load(tmp_path / "shape.npz")
    arrays["w1"] = np.full((2, 4), np.nan)
    np.savez(tmp_path / "nan.npz", **arrays)
    with pytest.raises(ValueError, match="NaN"):
        Network.load(tmp_path / "nan.npz")
    data = Path(path).read_bytes()
    (tmp_path / "cut.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.npz: not a saved nnlib network"):
        Network.load(tmp_path / "cut.npz")


def test_predict_and_total_cost_against_per_example_equations():
    net = Network([8, 5, 3], seed=17)
    rng = np.random.default_rng(18)
    X, labels = rng.random((25, 8)), rng.integers(0, 3, 25)
    book = book_copy(net)
    outputs = [book.feedforward(x[:, None]) for x in X]
    assert list(net.predict(X)) == [int(np.argmax(a)) for a in outputs]
    expected = sum(0.5 * np.sum((a - np.eye(3)[[j]].T) ** 2) for a, j in zip(outputs, labels)) / 25
    assert abs(net.total_cost((X, labels)) - expected) < 1e-12
    with pytest.raises(ValueError, match=r"shape \(n, 8\)"):
        net.predict(np.zeros((4, 7)))


def test_evaluation_in_chunks_counts_every_example():
    net = Network([4, 3, 2], seed=19)
    X = np.random.default_rng(20).random((23456, 4))  # more than two chunks of 10,000
    labels = np.random.default_rng(21).integers(0, 2, 23456)
    whole = net.feedforward(X.T)  # one matrix, no chunks
    assert net.evaluate((X, labels)) == int(np.sum(whole.argmax(axis=0) == labels))
    assert (
        abs(net.total_cost((X, labels)) - 0.5 * np.sum((whole - np.eye(2)[labels].T) ** 2) / 23456)
        < 1e-12
    )


def test_stop_event_ends_training_before_the_next_mini_batch():
    class StopAfter:  # an Event-like object that is set once k mini-batches have run
        def __init__(self, k):
            self.calls, self.k = 0, k

        def is_set(self):
            self.calls += 1
            return self.calls > self.k

    data = pairs(95, [20, 8, 4], seed=22)
    net, twin = Network([20, 8, 4], seed=23), Network([20, 8, 4], seed=23)
    order = twin.rng.permutation(len(data))
    book = book_copy(twin)
    for k in range(0, 30, 10):  # exactly the first three shuffled mini-batches
        book.update_mini_batch([data[i] for i in order[k : k + 10]], 0.5)
    history = net.SGD(data, 5, 10, 0.5, verbose=False, stop=StopAfter(3))
    assert history == []  # stopped inside epoch 0: no complete epoch to report
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases):
        assert np.max(np.abs(ours - theirs)) < 1e-12
    with pytest.raises(ValueError, match="stop must be a threading.Event"):
        net.SGD(data, 1, 10, 0.5, stop=True)


def test_history_numbers_match_the_reference():
    """One mini-batch per epoch: the test cost and accuracy are the updated network's,
    as the per-example equations give them."""
    data = pairs(40, [12, 6, 3], seed=24)
    rng = np.random.default_rng(25)
    test = [(rng.random((12, 1)), int(j)) for j in rng.integers(0, 3, 30)]
    net = Network([12, 6, 3], seed=26)
    book = book_copy(net)

    def mean_cost(network, examples):
        return sum(
            0.5
            * np.sum((network.feedforward(x) - (np.eye(3)[[y]].T if np.ndim(y) == 0 else y)) ** 2)
            for x, y in examples
        ) / len(examples)

    (record,) = net.SGD(data, 1, 40, 2.0, test_data=test, verbose=False)
    book.update_mini_batch(data, 2.0)  # the whole set is one mini-batch: order is irrelevant
    assert abs(record["cost"] - mean_cost(book, test)) < 1e-12
    correct = book.evaluate(test)
    assert record["correct"] == correct and record["total"] == 30
    assert record["accuracy"] == correct / 30
    assert net.score(test) == {
        "correct": correct,
        "total": 30,
        "accuracy": correct / 30,
        "cost": pytest.approx(mean_cost(book, test), abs=1e-12),
    }


def test_load_refuses_crafted_sizes_and_types_and_takes_a_seed(tmp_path):
    path = Network([6, 4, 2], seed=0).save(tmp_path / "net.npz")
    with np.load(path) as f:
        arrays = dict(f)
    np.savez(tmp_path / "one_layer.npz", **{**arrays, "sizes": np.array([6])})
    with pytest.raises(ValueError, match="one_layer.npz: damaged network file: sizes needs"):
        Network.load(tmp_path / "one_layer.npz")
    np.savez(tmp_path / "ints.npz", **{**arrays, "w0": arrays["w0"].astype(int)})
    with pytest.raises(ValueError, match="ints.npz: damaged network file: layer 0 holds int"):
        Network.load(tmp_path / "ints.npz")
    data = pairs(30, [6, 4, 2], seed=1)
    a, b = Network.load(path, seed=7), Network.load(path, seed=7)
    a.SGD(data, 2, 5, 1.0, verbose=False)
    b.SGD(data, 2, 5, 1.0, verbose=False)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    old = Network([6, 4, 2], seed=0)
    old.save(path)
    saved = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError, match="No space left"):
        Network([6, 4, 2], seed=1).save(path)
    assert path.read_bytes() == saved
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


# --- init: the book's N(0, 1) start (default) or chapter 3's N(0, 1/n_in) ----------


def test_default_init_is_the_books_draws_in_the_books_order():
    """Biases first, then weights, all N(0, 1) from default_rng(seed): existing seeds
    give the networks they always gave."""
    rng = np.random.default_rng(5)
    biases = [rng.standard_normal((y, 1)) for y in (30, 10)]
    weights = [rng.standard_normal((30, 784)), rng.standard_normal((10, 30))]
    for net in (Network([784, 30, 10], seed=5), Network([784, 30, 10], seed=5, init="book")):
        assert all(np.array_equal(p, q) for p, q in zip(net.biases, biases))
        assert all(np.array_equal(p, q) for p, q in zip(net.weights, weights))


def test_scaled_init_draws_weights_with_standard_deviation_one_over_root_n_in():
    book = Network([1000, 400, 10], seed=3)
    scaled = Network([1000, 400, 10], seed=3, init="scaled")
    for w, n_in in zip(scaled.weights, (1000, 400)):
        assert w.shape[1] == n_in
        assert abs(w.mean()) < 0.02 / np.sqrt(n_in)
        assert abs(w.std() * np.sqrt(n_in) - 1) < 0.02  # 400,000 and 4,000 draws
    # the same draws, divided by √n_in; the biases stay N(0, 1), unchanged
    for w_scaled, w_book in zip(scaled.weights, book.weights):
        assert np.allclose(w_scaled, w_book / np.sqrt(w_book.shape[1]), rtol=1e-12, atol=0)
    assert all(np.array_equal(p, q) for p, q in zip(scaled.biases, book.biases))
    # ... and so the shuffling generator is where it was: the same training order
    assert np.array_equal(scaled.rng.permutation(50), book.rng.permutation(50))
    small = Network([784, 30, 10], seed=0, dtype=np.float32, init="scaled")
    assert all(p.dtype == np.float32 for p in small.weights + small.biases)


def test_scaled_init_starts_hidden_neurons_unsaturated():
    """Chapter 3's reason: with N(0, 1) weights a neuron with 784 inputs has a wide
    weighted input z and starts saturated; with N(0, 1/n_in) it does not."""
    x = np.random.default_rng(0).random((784, 200))  # pixel-like inputs in [0, 1]
    spread = {}
    for init in ("book", "scaled"):
        net = Network([784, 100, 10], seed=0, init=init)
        z = net.weights[0] @ x + net.biases[0]
        spread[init] = np.mean(np.abs(z) > 5)  # σ'(z) < 0.007
    assert spread["book"] > 0.6 and spread["scaled"] < 0.01, spread


@pytest.mark.parametrize("init", ["Book", "N(0,1)", None, 1, ("book",), np.array(["book"])])
def test_bad_init(init):
    with pytest.raises(ValueError, match=r"init must be 'book' .* or 'scaled' .*got"):
        Network([3, 2], init=init)


def test_a_loaded_network_has_the_saved_weights_whatever_its_init(tmp_path):
    net = Network([6, 4, 2], seed=0, init="scaled")
    net.save(tmp_path / "net.npz")
    loaded = Network.load(tmp_path / "net.npz")
    assert all(np.array_equal(p, q) for p, q in zip(net.weights, loaded.weights))
