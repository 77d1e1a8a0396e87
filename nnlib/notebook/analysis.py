"""Looking inside a trained network (notebook 07): baselines and the network's mistakes.

* **Baselines** (what "95%" should be compared with): random guessing, the
  book's average-darkness classifier, and a nearest-centroid classifier.
* **Mistakes**: the confusion matrix and the network's most confident errors.

Images are *rows*: ``images`` is ``(n, 784)`` with pixels in [0, 1], ink bright,
as ``nnlib.load_data`` returns them; labels and guesses are ``(n,)`` integers.
"""

import numpy as np

ROWS = 1000  # images converted to float64 at a time (all 50,000 would take 314 MB)


# ----------------------------------------------------------------------
# Baselines
# ----------------------------------------------------------------------


def random_guess(n, seed=0):
    """``n`` guesses drawn uniformly from 0–9 (right 1 time in 10, on average)."""
    return np.random.default_rng(seed).integers(0, 10, size=n)


def darkness(images):
    """Total darkness of each image: the sum of its 784 pixel values, ``(n,)``."""
    images = np.asarray(images)
    return images.reshape(len(images), -1).sum(axis=1, dtype=np.float64)


def average_darkness(images, labels):
    """The mean total darkness of each digit 0–9 over ``images``: ``(10,)``.

    This is the "training" of the book's ``mnist_average_darkness.py``.
    Every digit must occur in ``labels`` (an average of no images is undefined).
    """
    d, labels = darkness(images), np.asarray(labels)
    if labels.shape != d.shape:
        raise ValueError(
            f"expected one label per image: {len(d)} images, labels of shape {labels.shape}"
        )
    missing = [digit for digit in range(10) if not np.any(labels == digit)]
    if missing:
        raise ValueError(
            f"no images of digit(s) {missing} in the data: the average "
            f"darkness needs examples of every digit 0–9"
        )
    return np.array([d[labels == digit].mean() for digit in range(10)])


def darkness_guess(images, averages):
    """Guess, for each image, the digit whose average darkness is closest to its own."""
    d = darkness(images)
    return np.argmin(np.abs(d[:, None] - np.asarray(averages)[None, :]), axis=1)


def centroids(images, labels):
    """The mean image of each digit 0–9: ``(10, 784)``."""
    images, labels = np.asarray(images), np.asarray(labels)
    return np.stack([images[labels == digit].mean(axis=0, dtype=np.float64) for digit in range(10)])


def nearest_centroid_guess(images, centers):
    """Guess the digit whose mean image is nearest (Euclidean distance) to each image.

    ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖², and ‖x‖² is the same for every digit, so
    the guess is argmaxₖ (x·cₖ − ½‖cₖ‖²): a *linear* classifier with weights
    cₖ and biases −½‖cₖ‖², written down instead of learned.
    """
    images, centers = np.asarray(images), np.asarray(centers)
    half_norms = 0.5 * np.sum(centers**2, axis=1)
    guesses = np.empty(len(images), dtype=np.intp)
    for i in range(0, len(images), ROWS):
        scores = images[i : i + ROWS].astype(np.float64) @ centers.T - half_norms
        guesses[i : i + ROWS] = np.argmax(scores, axis=1)
    return guesses


# ----------------------------------------------------------------------
# Where the network fails
# ----------------------------------------------------------------------


def outputs(net, images):
    """The network's 10 output activations for each image: ``(n, 10)``.

    ``images`` are ``(n, 784)`` rows (or ``(n, 28, 28)`` images); the network
    runs on them a chunk at a time.
    """
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[1:] == (28, 28):
        images = images.reshape(len(images), 784)
    if images.ndim != 2 or images.shape[1] != net.sizes[0]:
        raise ValueError(
            f"expected images of shape (n, {net.sizes[0]}), one image per row "
            f"(or (n, 28, 28); one image x: x[None]), got shape {np.shape(images)}"
        )
    return net.output_rows(images)


def _digits(values, name, n):
    """``values`` as a 1-D int array; a ValueError unless they are whole numbers 0 to n − 1."""
    a = np.asarray(values)
    if a.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (one digit per image), got shape {a.shape}")
    if a.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be whole numbers from 0 to {n - 1}, got dtype {a.dtype}")
    bad = (a < 0) | (a > n - 1) | (a != np.round(a))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} must be whole numbers from 0 to {n - 1}, but {name}[{i}] is {a[i]}"
        )
    return a.astype(int)


def confusion_matrix(labels, guesses, n=10):
    """``C[i, j]`` = how many images of true digit ``i`` were guessed as ``j``.

    Rows are true digits, columns guesses; the diagonal holds the right answers.
    """
    labels, guesses = _digits(labels, "labels", n), _digits(guesses, "guesses", n)
    if len(labels) != len(guesses):
        raise ValueError(
            f"expected one guess per label: {len(labels)} labels, {len(guesses)} guesses"
        )
    return np.bincount(labels * n + guesses, minlength=n * n).reshape(n, n)


def neuron_wins(activations, labels):
    """Per output neuron j: how often it wins (the guess is j) and its mean activation on the
    images of digit j, ``(wins, mean_on_own_digit)``, each ``(10,)``.  A stuck neuron wins
    (almost) never and stays near 0 even on its own digit."""
    activations, labels = np.asarray(activations), np.asarray(labels)
    n = activations.shape[1]
    wins = np.bincount(np.argmax(activations, axis=1), minlength=n)
    own = np.array([activations[labels == j, j].mean() for j in range(n)])
    return wins, own


def mistakes(activations, labels, k=None, most_confident=False):
    """The wrongly guessed images: ``(indices, guesses, confidence)``, at most ``k`` each.

    ``activations`` are the ``(n, 10)`` outputs.  The confidence of a guess is
    the activation of the winning output neuron, a number in (0, 1) (not a
    probability: the 10 activations need not add up to 1).  The mistakes come
    in test-set order, or the most confident first with ``most_confident=True``.
    """
    activations, labels = np.asarray(activations), np.asarray(labels)
    n = labels.size
    if activations.ndim != 2 or activations.shape[0] != n:
        hint = (
            ": transpose it (.T); net.feedforward gives one column per image"
            if activations.ndim == 2 and activations.shape[1] == n
            else ""
        )
        raise ValueError(
            f"expected activations of shape (n, 10), one row per image "
            f"({n} labels), got shape {activations.shape}{hint}"
        )
    guesses = np.argmax(activations, axis=1)
    confidence = activations.max(axis=1)
    wrong = np.flatnonzero(guesses != labels)
    if most_confident:
        wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
    wrong = wrong[:k]
    return wrong, guesses[wrong], confidence[wrong]
