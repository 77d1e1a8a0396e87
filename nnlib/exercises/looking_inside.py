"""Self-checks for notebook 07: design a baseline, then predict what [784, 10] learns.

The two exercises ask for a *design*, not a line shown above: a classifier
``classifier(training_images, training_labels, images)`` that learns from the training
images it is given and returns one digit per row of ``images``.  A check trains it on
45,000 of the 50,000 training images (so a classifier that mixes its arguments with the
notebook's variables shows up) and measures it on 5,000 validation images, which neither
the notebook nor the classifier has seen; then once more with the training labels
shuffled, which must bring it down to chance.  The
references it is judged against (average darkness, the nearest mean image) are computed
here, digit by digit, not with ``nnlib.notebook.analysis``.
"""

import numpy as np

from ..data import load_data
from ..language import gettext as _
from .gate import earned, guessed, number, records, revealed, unset, yes_no  # noqa: F401  (checks.earned …)
from .gate import show_progress as show_progress  # the last cell: checks.show_progress("NN")
from .training import defined  # noqa: F401  (checks.defined: the network of section 1)
from .verdict import verdict

HELD_OUT = 5000  # validation images the classifier is measured on
NEAR = 0.01  # "reaches the nearest centroid": at most 1% of the images fewer right


# ----------------------------------------------------------------------
# The data and the references, computed here
# ----------------------------------------------------------------------


def _data():
    """The training images and labels the classifier learns from (45,000 of the 50,000, so a
    notebook variable used beside an argument does not fit), and the held-out split; all
    read-only views, nothing copied."""
    (train_x, train_y), (valid_x, valid_y), _test = load_data()
    views = [train_x[HELD_OUT:], train_y[HELD_OUT:], valid_x[:HELD_OUT], valid_y[:HELD_OUT]]
    for a in views:
        a.flags.writeable = False  # a classifier that changes its input gets a clear error
    return views


def _references(train_x, train_y, held_x):
    """Guesses of the references on ``held_x``: darkness nearest / farthest, mean image
    nearest / farthest, and the largest x·c without ‖c‖² (a slip of the linear form)."""
    ink = held_x.sum(axis=1, dtype=np.float64)
    averages = np.array([train_x[train_y == k].sum(axis=1).mean() for k in range(10)])
    gap = np.abs(ink[:, None] - averages[None, :])
    means = np.array([train_x[train_y == k].mean(axis=0, dtype=np.float64) for k in range(10)])
    distance = np.empty((len(held_x), 10))
    for k in range(10):
        distance[:, k] = np.sum((held_x - means[k]) ** 2, axis=1)
    return {
        "darkness": gap.argmin(axis=1),
        "farthest darkness": gap.argmax(axis=1),
        "centroid": distance.argmin(axis=1),
        "farthest centroid": distance.argmax(axis=1),
        "dot product": (held_x @ means.T).argmax(axis=1),
    }


def _run(classifier, train_x, train_y, held_x):
    """The classifier's guesses as an int array, or (None, what is wrong)."""
    n = len(held_x)
    try:
        result = classifier(train_x, train_y, held_x)
    except NotImplementedError:
        return None, _("the function still raises NotImplementedError: fill in the stub.")
    except IndexError as e:
        if "boolean index did not match" in str(e):
            return None, _(
                "calling it raised IndexError: {error}. A mask made from the labels of one "
                "split picked the rows of another split's images: select the training "
                "images with the training labels, training_images[training_labels == k]."
            ).format(error=e)
        return None, _("calling it raised {kind}: {error}").format(kind="IndexError", error=e)
    except Exception as e:  # the reader's code: report, don't crash the class
        hint = ""
        if isinstance(e, ValueError) and "read-only" in str(e):
            hint = _(". Do not change the arrays you are given: compute new ones.")
        return None, _("calling it raised {kind}: {error}").format(
            kind=type(e).__name__, error=e
        ) + hint
    if result is None:
        return None, _("the function returned None: did you forget `return`?")
    try:
        guesses = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None, _("it returned {result!r:.60}, not an array of digits.").format(result=result)
    if guesses.shape == (n, 10):
        return None, _(
            "it returned shape {shape}: ten numbers per image (a distance or a score for each "
            "digit). Return one digit per image, shape ({n},): the index of the best of the "
            "ten (np.argmin or np.argmax along axis 1)."
        ).format(shape=guesses.shape, n=n)
    if guesses.shape != (n,):
        also = ""
        if guesses.ndim == 1 and len(guesses) in (10000, 50000):
            also = _(
                " {count} is the size of the notebook's test or training set: guess the "
                "images passed to it (its third argument, `images`), not a notebook variable."
            ).format(count=len(guesses))
        return None, _(
            "it returned shape {shape} for {n} images: return one digit per image, "
            "shape ({n},).{also}"
        ).format(shape=guesses.shape, n=n, also=also)
    if not np.all(np.isfinite(guesses)) or np.any(guesses != np.round(guesses)):
        return None, _(
            "it returned {value!r:.12}, not a digit: return the digit 0–9 for each image "
            "(the index of the nearest, np.argmin), not a distance or a darkness."
        ).format(value=float(guesses[~(np.isfinite(guesses) & (guesses == np.round(guesses)))][0]))
    if guesses.min() < 0 or guesses.max() > 9:
        return None, _("it returned the digit {value:g}: digits run from 0 to 9.").format(
            value=guesses.min() if guesses.min() < 0 else guesses.max()
        )
    return guesses.astype(int), None


def _judge(classifier, reach_centroid):
    """The verdict on ``classifier``; with ``reach_centroid`` it must reach the centroid."""
    train_x, train_y, held_x, held_y = _data()
    guesses, problem = _run(classifier, train_x, train_y, held_x)
    if problem is not None:
        return verdict(problem)
    n = len(held_y)
    refs = _references(train_x, train_y, held_x)
    right = {name: int(np.sum(g == held_y)) for name, g in refs.items()}
    mine = int(np.sum(guesses == held_y))
    numbers = dict(mine=mine, n=n, darkness=right["darkness"], centroid=right["centroid"])

    def agrees(name):
        return np.mean(guesses == refs[name]) > 0.9

    if mine <= right["darkness"]:
        if agrees("farthest centroid") or agrees("farthest darkness"):
            which = _("mean image") if agrees("farthest centroid") else _("average darkness")
            return verdict(
                _(
                    "{mine} of {n} held-out images right: it answers the digit whose {which} "
                    "is *farthest* away. The nearest is the "
                    "smallest distance: np.argmin, not np.argmax."
                ).format(which=which, **numbers)
            )
        if mine < 0.15 * n:
            return verdict(
                _(
                    "{mine} of {n} held-out images right, no better than random guessing "
                    "(about {chance}). Are the guesses for `images`, its third argument, in "
                    "their order? Does it learn from `training_images` with `training_labels`, "
                    "its first two arguments, and no notebook variable?"
                ).format(chance=n // 10, **numbers)
            )
        return verdict(
            _(
                "{mine} of {n} held-out images right; average darkness gets {darkness} of the "
                "same images: not better yet. Darkness keeps one number per image, the total "
                "ink; a better idea uses *where* the ink is."
            ).format(**numbers)
        )
    # Better than darkness: does it learn from the data it is given?
    shuffled = np.random.default_rng(1).permutation(train_y)
    shuffled.flags.writeable = False
    again, problem = _run(classifier, train_x, shuffled, held_x)
    if problem is None:
        still = int(np.sum(again == held_y))
        if still > max(0.2 * n, 0.5 * mine):
            return verdict(
                _(
                    "with the training labels shuffled it still gets {still} of {n} right "
                    "(with the true labels: {mine}): it does not learn from the training data "
                    "it is given. Use its arguments `training_images` and `training_labels`, "
                    "not the notebook's test_images, test_labels or training_labels: a "
                    "classifier fitted to the test set measures nothing."
                ).format(still=still, **numbers)
            )
    if reach_centroid and mine < right["centroid"] - NEAR * n:
        if agrees("dot product"):
            return verdict(
                _(
                    "{mine} of {n} right: it answers the largest x·cₖ, which favours digits "
                    "whose mean image has much ink. The nearest mean needs the whole distance: "
                    "‖x − cₖ‖² = ‖x‖² − 2 x·cₖ + ‖cₖ‖², so also −½‖cₖ‖²."
                ).format(**numbers)
            )
        return verdict(
            _(
                "{mine} of {n} held-out images right: better than average darkness ({darkness}) "
                "but below the nearest centroid ({centroid}). Compare each image with a "
                "typical image of each digit, all 784 pixels at once."
            ).format(**numbers)
        )
    if reach_centroid:
        message = _(
            "Correct! {mine} of {n} held-out validation images right; the nearest centroid "
            "gets {centroid}, average darkness {darkness}."
        )
    elif mine >= right["centroid"] - NEAR * n:
        message = _(
            "Correct! {mine} of {n} held-out validation images right: better than average "
            "darkness ({darkness}), and already at the level Exercise 2 asks for."
        )
    else:
        message = _(
            "Correct! {mine} of {n} held-out validation images right: better than average "
            "darkness ({darkness}) on the same images. Exercise 2 asks for more."
        )
    print(message.format(**numbers))
    return True


@records
def check_beats_darkness(classifier):
    """Check ``classifier(training_images, training_labels, images)`` → one digit per image:
    trained on the 50,000 training images, it must beat average darkness on held-out data."""
    return _judge(classifier, reach_centroid=False)


@records
def check_reaches_centroid(classifier):
    """Like :func:`check_beats_darkness`, but it must reach the nearest centroid's count
    (at most 1% of the held-out images fewer right)."""
    return _judge(classifier, reach_centroid=True)


# ----------------------------------------------------------------------
# The prediction: [784, 10] after 30 epochs
# ----------------------------------------------------------------------


def _count(guess, name):
    """The guess as a count out of 10,000 (a fraction or a percentage read as one), or None."""
    value = number(guess, name)
    if value is None:
        return None, ""
    if 0 < value <= 1:
        return value * 10000, _(" (read as {percent:g}%)").format(percent=100 * value)
    if 1 < value <= 100:
        return value * 100, _(" (read as {percent:g}%)").format(percent=value)
    if not 0 <= value <= 10000:
        print(
            _("{name} = {guess!r}: write a count from 0 to 10,000.").format(name=name, guess=guess)
        )
        return None, ""
    return value, ""


def reveal_no_hidden_layer(guess, correct, centroid, network):
    """Show [784, 10]'s count ``correct`` beside the reader's guess, judged by which side of
    the nearest centroid (``centroid``) and of the network (``network``) each lies."""
    name = "my_shallow_guess"
    if not guessed(guess, name):
        return
    wrote = not unset(guess)
    value, read_as = _count(guess, name) if wrote else (None, "")
    if wrote and value is None:
        return
    revealed(name, guess, value, correct)

    def side(x):
        if x < centroid:
            return _("below the nearest centroid ({centroid})").format(centroid=centroid)
        if x < network:
            return _(
                "between the nearest centroid ({centroid}) and the network ({network})"
            ).format(centroid=centroid, network=network)
        return _("at or above the network ({network})").format(network=network)

    print(_("[784, 10] after 30 epochs: {correct} / 10000 right.").format(correct=correct))
    if value is None:
        print(_("No guess was written (my_shallow_guess = None): guess first next time."))
    else:
        print(_("Your guess: {guess:.0f}{read_as}.").format(guess=value, read_as=read_as))
        if side(value) != side(correct):
            print(
                _("Your guess is {yours}; the run lands {truth}: the other side.").format(
                    yours=side(value), truth=side(correct)
                )
            )
        elif abs(value - correct) <= 300:
            print(
                _("Right side ({truth}) and within 300 images: well predicted.").format(
                    truth=side(correct)
                )
            )
        else:
            print(
                _("Right side ({truth}), but {off:.0f} images off.").format(
                    truth=side(correct), off=abs(value - correct)
                )
            )
    if correct < centroid:
        print(
            _(
                "A learned template per digit does worse than the templates written down (the "
                "mean images): something went wrong in its training. The next cells look for it."
            )
        )
    else:
        print(_("One learned template per digit beats the mean images written down."))
