"""Notebook 07's self-checks: a designed baseline judged on held-out data, and the [784, 10]
prediction's reveal.

Every classifier here is written independently of nnlib (no nnlib.notebook.analysis), and every
wrong one is a slip a reader could make.  The counts the checks print are recomputed here from
the same split (45,000 training images from the 5,001st on, the first 5,000 validation images).
"""

import re

import numpy as np
import pytest
from answers import stub

from nnlib import load_data
from nnlib.exercises import gate, looking_inside


@pytest.fixture(autouse=True)
def shut(monkeypatch):
    monkeypatch.delenv("NNLIB_REVEAL", raising=False)
    monkeypatch.setattr(gate, "_passed", set())


@pytest.fixture(scope="module")
def split():
    (tx, ty), (vx, vy), (test_x, test_y) = load_data()
    return tx[5000:], ty[5000:], vx[:5000], vy[:5000], test_x, test_y


def means_of(tx, ty):
    return np.array([tx[ty == k].mean(axis=0) for k in range(10)])


# right answers, in different styles
def nearest_mean_loop(tx, ty, images):
    means = [tx[ty == k].mean(axis=0) for k in range(10)]
    guesses = []
    for x in images:
        best, best_d = 0, np.inf
        for k, c in enumerate(means):
            d = np.sqrt(np.sum((x - c) ** 2))
            if d < best_d:
                best, best_d = k, d
        guesses.append(best)
    return guesses  # a list, not an array


def nearest_mean_norm(tx, ty, images):
    means = means_of(tx, ty)
    return np.linalg.norm(images[:, None, :] - means[None], axis=2).argmin(axis=1)


def nearest_mean_per_digit(tx, ty, images):  # the notebook's solution: one digit at a time
    means = np.array([tx[ty == k].mean(axis=0) for k in range(10)])
    return np.stack([np.linalg.norm(images - c, axis=1) for c in means], axis=1).argmin(axis=1)


def nearest_mean_squared_linear(tx, ty, images):  # argmax of x·c − ½‖c‖², floats returned
    means = means_of(tx, ty)
    return (images @ means.T - 0.5 * (means**2).sum(axis=1)).argmax(axis=1).astype(float)


def row_column_profile(tx, ty, images):  # the notebook's Exercise 1 solution: beats darkness only
    def profile(rows):
        pictures = rows.reshape(-1, 28, 28)
        return np.hstack([pictures.sum(axis=2), pictures.sum(axis=1)])

    p = profile(tx)
    means = np.array([p[ty == k].mean(axis=0) for k in range(10)])
    return ((profile(images)[:, None, :] - means[None]) ** 2).sum(axis=2).argmin(axis=1)


def least_squares(tx, ty, images):  # better than the centroids: passes both
    A = np.c_[tx[:20000], np.ones(20000)]
    W = np.linalg.lstsq(A, np.eye(10)[ty[:20000]], rcond=None)[0]
    return (np.c_[images, np.ones(len(images))] @ W).argmax(axis=1)


def darkness_itself(tx, ty, images):
    averages = np.array([tx[ty == k].sum(axis=1).mean() for k in range(10)])
    return np.abs(images.sum(axis=1)[:, None] - averages[None]).argmin(axis=1)


def count(fn, split):
    tx, ty, vx, vy, *_ = split
    return int(np.sum(np.asarray(fn(tx, ty, vx)) == vy))


def numbers(out):
    return [int(n) for n in re.findall(r"\d+", out)]


@pytest.mark.parametrize(
    "fn",
    [nearest_mean_loop, nearest_mean_norm, nearest_mean_per_digit, nearest_mean_squared_linear],
)
def test_every_form_of_the_nearest_mean_passes_both(run, split, fn):
    expected = count(nearest_mean_norm, split)
    for check in (looking_inside.check_beats_darkness, looking_inside.check_reaches_centroid):
        ok, out = run(check, fn)
        assert ok is True and out.startswith("Correct!"), out
        assert numbers(out)[:2] == [expected, 5000], out  # the count it printed is the true one
    assert gate.passed(looking_inside.check_reaches_centroid)


def test_a_better_idea_passes_and_a_weaker_one_passes_only_the_first(run, split):
    assert run(looking_inside.check_reaches_centroid, least_squares)[0] is True
    ok, out = run(looking_inside.check_beats_darkness, row_column_profile)
    assert ok is True and "Exercise 2 asks for more" in out
    mine, darkness = count(row_column_profile, split), count(darkness_itself, split)
    assert numbers(out)[:3] == [mine, 5000, darkness] and mine > darkness
    ok, out = run(looking_inside.check_reaches_centroid, row_column_profile)
    assert ok is False and "below the nearest centroid" in out
    assert f"({count(nearest_mean_norm, split)})" in out


def test_average_darkness_itself_does_not_beat_average_darkness(run, split):
    ok, out = run(looking_inside.check_beats_darkness, darkness_itself)
    assert ok is False and "not better yet" in out and "*where* the ink is" in out
    assert numbers(out)[0] == numbers(out)[2] == count(darkness_itself, split)


def test_slips_are_refused_with_a_hint_true_for_each(run, split):
    tx, ty, vx, vy, test_x, test_y = split

    def argmax_distance(tx, ty, images):
        means = means_of(tx, ty)
        return ((images[:, None, :] - means[None]) ** 2).sum(axis=2).argmax(axis=1)

    def dot_product_only(tx, ty, images):
        return (images @ means_of(tx, ty).T).argmax(axis=1)

    def trained_on_the_test_set(tx_, ty_, images):  # ignores its arguments
        return nearest_mean_norm(test_x, test_y, images)

    def guesses_the_test_set(tx_, ty_, images):  # the notebook's test_images, not `images`
        return nearest_mean_norm(tx_, ty_, test_x)

    def mask_of_the_wrong_split(tx_, ty_, images):
        return np.array([images[ty_ == k].mean(axis=0) for k in range(10)])

    def distances_returned(tx, ty, images):
        return np.linalg.norm(images[:, None, :] - means_of(tx, ty)[None], axis=2)

    def changes_its_input(tx, ty, images):
        tx /= tx.max()
        return nearest_mean_norm(tx, ty, images)

    def min_distance_returned(tx, ty, images):
        return np.linalg.norm(images[:, None, :] - means_of(tx, ty)[None], axis=2).min(axis=1)

    cases = {
        argmax_distance: "*farthest* away. The nearest is the smallest distance: np.argmin",
        dot_product_only: "it answers the largest x·cₖ",
        trained_on_the_test_set: "with the training labels shuffled it still gets",
        guesses_the_test_set: "it returned shape (10000,) for 5000 images",
        mask_of_the_wrong_split: "A mask made from the labels of one split",
        distances_returned: "it returned shape (5000, 10): ten numbers per image",
        changes_its_input: "Do not change the arrays you are given",
        min_distance_returned: "not a digit",
        stub: "NotImplementedError",
    }
    for fn, hint in cases.items():
        ok, out = run(looking_inside.check_reaches_centroid, fn)
        assert ok is False and out.startswith("Not yet:") and hint in out, (fn.__name__, out)
    # the test-set classifier is good on held-out data: only the shuffle catches it
    assert count(trained_on_the_test_set, split) > count(darkness_itself, split)
    assert not gate.passed(looking_inside.check_reaches_centroid)
    # the dot-product slip does beat darkness: Exercise 1 accepts it, Exercise 2 does not
    assert run(looking_inside.check_beats_darkness, dot_product_only)[0] is True


# ----------------------------------------------------------------------
# The prediction: [784, 10] after 30 epochs
# ----------------------------------------------------------------------
def reveal(guess, correct=7502, centroid=8200, network=9474):
    looking_inside.reveal_no_hidden_layer(guess, correct, centroid, network)


def test_the_reveal_refuses_without_a_number_while_the_guess_is_unset(capsys):
    for unset in (None, "", ...):
        reveal(unset)
        out = capsys.readouterr().out
        assert "my_shallow_guess" in out and not re.search(r"\d", out) and out.count("\n") == 1


def test_the_reveal_judges_the_side_of_the_centroids(capsys):
    reveal(9000)
    out = capsys.readouterr().out
    assert "7502 / 10000" in out and "Your guess: 9000" in out
    assert "the other side" in out and "well predicted" not in out
    reveal(7400)
    out = capsys.readouterr().out
    assert "within 300 images: well predicted" in out
    reveal(4000)
    assert "Right side" in (out := capsys.readouterr().out) and "3502 images off" in out
    reveal(0.75)  # a fraction, and a percentage, read as counts
    assert "Your guess: 7500 (read as 75%)" in capsys.readouterr().out
    reveal("80")
    assert "Your guess: 8000 (read as 80%)" in capsys.readouterr().out
    reveal(12000)
    assert "from 0 to 10,000" in capsys.readouterr().out
    reveal("many")
    assert "is not a number" in capsys.readouterr().out


def test_the_reveal_with_every_gate_open_says_no_guess_was_written(capsys, monkeypatch):
    monkeypatch.setenv("NNLIB_REVEAL", "all")
    reveal(None, correct=9169)
    out = capsys.readouterr().out
    assert "9169 / 10000" in out and "No guess was written" in out
    assert "beats the mean images" in out
