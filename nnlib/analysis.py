"""Looking inside a trained network: baselines, its mistakes, and your own digit.

Notebook 07 uses this module.  Three parts, each readable on its own:

* **Baselines** (what "95%" should be compared with): random guessing, the
  book's average-darkness classifier, and a nearest-centroid classifier.
* **Mistakes**: the confusion matrix and the network's most confident errors.
* **Your own digit**: ``preprocess_digit`` turns any drawing into an
  MNIST-style 28 × 28 input the way MNIST itself was made (crop to the ink,
  scale the larger side to 20 pixels, center the center of mass in a 28 × 28
  field), in plain NumPy; ``DrawingPad`` is a mouse canvas that uses it.

The ``check_…`` functions at the end are the self-checks of notebook 07's
exercises (same pattern as ``nnlib.checks``).

Images are rows: ``images`` is ``(n, 784)`` with pixels in [0, 1], ink bright,
as ``nnlib.load_data`` returns them; labels and guesses are ``(n,)`` integers.
"""

import numpy as np

from .checks import _call, _verdict

# ----------------------------------------------------------------------
# Baselines
# ----------------------------------------------------------------------


def random_guess(n, seed=0):
    """``n`` guesses drawn uniformly from 0–9 (right 1 time in 10, on average)."""
    return np.random.default_rng(seed).integers(0, 10, size=n)


def darkness(images):
    """Total darkness of each image: the sum of its 784 pixel values, ``(n,)``."""
    return np.asarray(images, dtype=np.float64).reshape(len(images), -1).sum(axis=1)


def average_darkness(images, labels):
    """The mean total darkness of each digit 0–9 over ``images``: ``(10,)``.

    This is the "training" of the book's ``mnist_average_darkness.py``.
    Every digit must occur in ``labels`` (an average of no images is undefined).
    """
    d, labels = darkness(images), np.asarray(labels)
    if labels.shape != d.shape:
        raise ValueError(f"expected one label per image: {len(d)} images, "
                         f"labels of shape {labels.shape}")
    missing = [digit for digit in range(10) if not np.any(labels == digit)]
    if missing:
        raise ValueError(f"no images of digit(s) {missing} in the data: the average "
                         f"darkness needs examples of every digit 0–9")
    return np.array([d[labels == digit].mean() for digit in range(10)])


def darkness_guess(images, averages):
    """Guess, for each image, the digit whose average darkness is closest to its own."""
    d = darkness(images)
    return np.argmin(np.abs(d[:, None] - np.asarray(averages)[None, :]), axis=1)


def centroids(images, labels):
    """The mean image of each digit 0–9: ``(10, 784)``."""
    images, labels = np.asarray(images, dtype=np.float64), np.asarray(labels)
    return np.stack([images[labels == digit].mean(axis=0) for digit in range(10)])


def nearest_centroid_guess(images, centers):
    """Guess the digit whose mean image is nearest (Euclidean distance) to each image.

    ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖², and ‖x‖² is the same for every digit, so
    the guess is argmaxₖ (x·cₖ − ½‖cₖ‖²): a *linear* classifier with weights
    cₖ and biases −½‖cₖ‖², written down instead of learned.
    """
    images, centers = np.asarray(images, dtype=np.float64), np.asarray(centers)
    scores = images @ centers.T - 0.5 * np.sum(centers ** 2, axis=1)
    return np.argmax(scores, axis=1)


# ----------------------------------------------------------------------
# Where the network fails
# ----------------------------------------------------------------------


def outputs(net, images):
    """The network's 10 output activations for each image: ``(n, 10)``.

    ``images`` are ``(n, 784)`` rows (or ``(n, 28, 28)`` images); the network
    runs on them 10,000 at a time.
    """
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[1:] == (28, 28):
        images = images.reshape(len(images), 784)
    if images.ndim != 2 or images.shape[1] != net.sizes[0]:
        raise ValueError(f"expected images of shape (n, {net.sizes[0]}), one image per row "
                         f"(or (n, 28, 28); one image x: x[None]), got shape {np.shape(images)}")
    return net._outputs(images).T


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
        raise ValueError(f"{name} must be whole numbers from 0 to {n - 1}, "
                         f"but {name}[{i}] is {a[i]}")
    return a.astype(int)


def confusion_matrix(labels, guesses, n=10):
    """``C[i, j]`` = how many images of true digit ``i`` were guessed as ``j``.

    Rows are true digits, columns guesses; the diagonal holds the right answers.
    """
    labels, guesses = _digits(labels, "labels", n), _digits(guesses, "guesses", n)
    if len(labels) != len(guesses):
        raise ValueError(f"expected one guess per label: {len(labels)} labels, "
                         f"{len(guesses)} guesses")
    return np.bincount(labels * n + guesses, minlength=n * n).reshape(n, n)


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
        hint = (": transpose it (.T); net.feedforward gives one column per image"
                if activations.ndim == 2 and activations.shape[1] == n else "")
        raise ValueError(f"expected activations of shape (n, 10), one row per image "
                         f"({n} labels), got shape {activations.shape}{hint}")
    guesses = np.argmax(activations, axis=1)
    confidence = activations.max(axis=1)
    wrong = np.flatnonzero(guesses != labels)
    if most_confident:
        wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
    wrong = wrong[:k]
    return wrong, guesses[wrong], confidence[wrong]


# ----------------------------------------------------------------------
# Your own digit: MNIST-style preprocessing in NumPy
# ----------------------------------------------------------------------


def to_gray(image):
    """A 2-D float array with values in [0, 1] from a gray, RGB or RGBA image.

    Values 0–255 (uint8, or any maximum above 1.5) are divided by 255; RGB is
    averaged; with an alpha channel (a drawing on a transparent background),
    transparent pixels become the shade opposite to the opaque ink.
    """
    a = np.asarray(image)
    if a.size == 0:
        raise ValueError(f"the image is empty (shape {a.shape}): expected at least "
                         f"one row and one column of pixels")
    # 0-255 values (uint8, or floats well above 1; a little above 1 is round-off)
    scale = 255.0 if a.dtype == np.uint8 or a.max(initial=0) > 1.5 else 1.0
    a = a.astype(np.float64) / scale
    if a.ndim == 3:
        gray = a[..., :3].mean(axis=2) if a.shape[2] >= 3 else a[..., 0]
        if a.shape[2] in (2, 4):  # alpha: a transparent pixel is background
            alpha = a[..., -1]
            if alpha.min() < 1:
                # the opaque pixels are the ink: the background is the other shade
                ink = np.median(gray[alpha > 0.5]) if np.any(alpha > 0.5) else 1.0
                gray = alpha * gray + (1 - alpha) * (0.0 if ink > 0.5 else 1.0)
        a = gray
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D image (or RGB/RGBA), got shape {np.shape(image)}")
    return np.clip(a, 0.0, 1.0)


def light_paper(gray):
    """True if the 2-D image's border is bright on average: dark ink on light paper."""
    gray = np.asarray(gray)
    return np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]]).mean() > 0.5


def _area_matrix(n_in, n_out):
    """``M`` of shape ``(n_out, n_in)``: output pixel i averages the input pixels it covers.

    Output pixel i spans [i·s, (i+1)·s) in input coordinates (s = n_in / n_out);
    ``M[i, j]`` is the length of its overlap with input pixel [j, j+1), over s.
    Each row sums to 1, so a uniform image stays uniform.
    """
    s = n_in / n_out
    start = np.arange(n_out)[:, None] * s
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(start + s, j + 1) - np.maximum(start, j), 0, None)
    return overlap / s


def resize(image, shape):
    """Resize a 2-D image to ``shape`` by area averaging (each new pixel is the mean
    of the old area it covers): ``M_rows @ image @ M_cols.T``."""
    image = np.asarray(image, dtype=np.float64)
    rows, cols = shape
    return _area_matrix(image.shape[0], rows) @ image @ _area_matrix(image.shape[1], cols).T


def bounding_box(image, threshold=0.2):
    """``(top, bottom, left, right)`` of the pixels brighter than ``threshold``
    (bottom and right exclusive), or None if there are none."""
    ink = np.asarray(image) > threshold
    if not ink.any():
        return None
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def center_of_mass(image):
    """``(row, col)`` of the image's center of mass, pixel values as masses."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def preprocess_digit(image, invert=None, threshold=0.2, box=20, field=28):
    """Turn a drawing into a ``(784,)`` MNIST-style input, pixels in [0, 1], ink bright.

    The steps MNIST's makers applied to NIST's scans:

    1. gray values in [0, 1] (``to_gray``); dark ink on light paper is inverted
       (``invert=None`` decides from the image's border: a bright border is paper);
    2. crop to the bounding box of the ink (pixels above ``threshold``);
    3. scale it, keeping its aspect ratio, so the larger side is ``box`` = 20
       pixels (area averaging, ``resize``), brightest pixel → 1;
    4. place it in a ``field`` × ``field`` = 28 × 28 image so that its center of mass
       lands on pixel (14, 14) (rounded to whole pixels, and kept inside the field).

    Raises ``ValueError`` for a blank image.
    """
    a = to_gray(image)
    if invert is None:
        invert = light_paper(a)
    if invert:
        a = 1.0 - a
    found = bounding_box(a, threshold)
    if found is None:
        raise ValueError("the image is blank: nothing brighter than the threshold "
                         f"{threshold} to crop (draw a digit first)")
    top, bottom, left, right = found
    crop = a[top:bottom, left:right]
    h, w = crop.shape
    scale = box / max(h, w)
    small = resize(crop, (max(1, round(h * scale)), max(1, round(w * scale))))
    small /= small.max()
    r, c = center_of_mass(small)
    h, w = small.shape
    top = int(np.clip(round(field // 2 - r), 0, field - h))
    left = int(np.clip(round(field // 2 - c), 0, field - w))
    out = np.zeros((field, field))
    out[top:top + h, left:left + w] = small
    return out.reshape(field * field)


def load_png(file):
    """Read a PNG (a path or the raw bytes of an upload) into a 2-D gray array in [0, 1].

    Uses matplotlib's PNG reader (matplotlib is already a dependency).
    """
    import io

    import matplotlib.image as mpimg

    if isinstance(file, (bytes, bytearray, memoryview)):
        file = io.BytesIO(bytes(file))
    return to_gray(mpimg.imread(file, format="png"))


def draw_line(pixels, p0, p1, radius):
    """Paint a line of half-width ``radius`` from ``p0`` to ``p1`` (``(x, y)`` in pixels,
    x to the right, y down, as on a canvas) into the 2-D array ``pixels``, in place."""
    (x0, y0), (x1, y1) = p0, p1
    height, width = pixels.shape
    r0, r1 = int(max(0, min(y0, y1) - radius - 1)), int(min(height, max(y0, y1) + radius + 2))
    c0, c1 = int(max(0, min(x0, x1) - radius - 1)), int(min(width, max(x0, x1) + radius + 2))
    if r0 >= r1 or c0 >= c1:
        return pixels
    y, x = np.mgrid[r0:r1, c0:c1] + 0.5  # pixel centers
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    if length2 == 0:  # a dot
        t = np.zeros_like(x)
    else:  # t: where along the segment the nearest point lies, 0 at p0, 1 at p1
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0, 1)
    near = (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= radius * radius
    pixels[r0:r1, c0:c1][near] = 1.0
    return pixels


class DrawingPad:
    """Draw a digit with the mouse; "Classify" preprocesses it and shows the 10 outputs.

    The strokes are kept twice: on an ``ipycanvas.Canvas`` (what you see: black
    ink on white paper) and in ``pixels``, a NumPy array painted by
    ``draw_line`` with ink = 1 (what is classified),
    so classifying does not depend on reading pixels back from the browser.
    ``stroke(points)`` draws from code, as the mouse would.  A PNG can be
    loaded with the upload button instead.  Show ``pad.widget`` (canvas and
    buttons above, the figure of the last classification below).
    """

    def __init__(self, net, size=280, line_width=22):
        import ipywidgets as widgets
        from ipycanvas import Canvas

        self.net, self.size, self.radius = net, size, line_width / 2
        self.pixels = np.zeros((size, size))
        self.last = None  # (image, x, activations) of the last classification
        self.canvas = Canvas(width=size, height=size,
                             layout=widgets.Layout(width=f"{size}px", height=f"{size}px",
                                                   border="2px solid gray"))
        self.canvas.stroke_style = "black"
        self.canvas.line_width = line_width
        self.canvas.line_cap = "round"
        self.canvas.line_join = "round"
        self._pen = None
        self.canvas.on_mouse_down(self._down)
        self.canvas.on_mouse_move(self._move)
        self.canvas.on_mouse_up(self._up)
        self.canvas.on_mouse_out(self._up)
        self.classify_button = widgets.Button(description="Classify", button_style="primary",
                                              icon="check")
        self.clear_button = widgets.Button(description="Clear", icon="eraser")
        self.upload = widgets.FileUpload(accept=".png", multiple=False,
                                         description="Load PNG")
        self.classify_button.on_click(lambda _: self.classify())
        self.clear_button.on_click(lambda _: self.clear())
        self.upload.observe(self._uploaded, names="value")
        self.output = widgets.Output()
        self.message = widgets.HTML("Draw a digit with the mouse, then press <b>Classify</b>.")
        self.canvas.layout.flex = "0 0 auto"  # never squeeze the drawing area
        controls = widgets.VBox([self.classify_button, self.clear_button, self.upload,
                                 self.message], layout=widgets.Layout(margin="0 0 0 12px"))
        self.widget = widgets.VBox([widgets.HBox([self.canvas, controls]), self.output])
        self.clear()

    # mouse -----------------------------------------------------------
    def _down(self, x, y):
        self._pen = (x, y)
        self._segment((x, y), (x, y))

    def _move(self, x, y):
        if self._pen is not None:
            self._segment(self._pen, (x, y))
            self._pen = (x, y)

    def _up(self, x, y):
        self._pen = None

    def _segment(self, p0, p1):
        draw_line(self.pixels, p0, p1, self.radius)
        self.canvas.stroke_line(p0[0], p0[1], p1[0], p1[1])

    def stroke(self, points):
        """Draw a stroke through ``points`` [(x, y), ...] as a mouse drag would."""
        points = list(points)
        self._down(*points[0])
        for p in points[1:]:
            self._move(*p)
        self._up(*points[-1])

    # buttons ---------------------------------------------------------
    def clear(self):
        self.pixels[:] = 0.0
        self.canvas.fill_style = "white"
        self.canvas.fill_rect(0, 0, self.size, self.size)
        self.output.outputs = ()
        self.last = None

    def classify(self, image=None):
        """Preprocess the drawing (or ``image``), run the network, show the figure.

        Returns the guessed digit, or None (with a message) if there is no ink.
        """
        from .plots import plot_your_digit
        from .widgets import show_figure

        image = self.pixels if image is None else image
        try:
            x = preprocess_digit(image)
        except ValueError as e:
            self.message.value = f"<b>Nothing to classify:</b> {e}"
            return None
        a = self.net.feedforward(x)
        self.last = (np.array(image), x, a)
        show_figure(self.output, plot_your_digit(image, x, a))
        guess = int(np.argmax(a))
        self.message.value = f"The network says <b>{guess}</b>."
        return guess

    def _uploaded(self, change):
        files = change["new"]
        if files:
            try:
                image = load_png(files[0]["content"])
            except Exception as e:  # a file that is not a PNG: say so, keep going
                self.message.value = f"<b>Could not read that file:</b> {e}"
                return
            self.classify(image)


# ----------------------------------------------------------------------
# Self-checks for notebook 07's exercises
# ----------------------------------------------------------------------


def check_darkness_guess(fn):
    """Check the reader's ``fn(image, averages)`` → the average-darkness guess for one image.

    ``image`` is one ``(784,)`` row; ``averages`` the 10 mean darknesses.  The
    reference is a loop over the 10 digits, written here.
    """
    rng = np.random.default_rng(7)
    averages = np.array([44.0, 19.4, 38.2, 36.0, 30.9, 32.8, 35.0, 29.2, 38.3, 31.3])
    problem = None
    for trial in range(12):
        image = rng.random(784) * rng.uniform(0.02, 0.12)
        total = image.sum()
        best, best_distance = None, np.inf
        for digit in range(10):
            if abs(total - averages[digit]) < best_distance:
                best, best_distance = digit, abs(total - averages[digit])
        result, problem = _call(fn, image.copy(), averages.copy())
        if problem is not None:
            break
        if np.size(result) != 1:
            problem = (f"it returned an array of shape {np.shape(result)}: return one digit, "
                       f"the index of the closest average.")
            break
        value = np.ravel(result)[0]
        if not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
            problem = f"it returned {value!r}, not a digit: return the index (0–9)."
            break
        if isinstance(value, (float, np.floating)) and value != int(value):
            problem = (f"it returned {value:.4g}, not a digit: return the index (0–9) of the "
                       f"closest average (np.argmin), not the distance or the darkness.")
            break
        if int(value) != best:
            if int(value) == int(np.argmin(np.abs(image.mean() - averages))):
                hint = "darkness is the *sum* of the 784 pixels, not their mean."
            elif int(value) == int(np.argmax(np.abs(total - averages))):
                hint = "that is the *farthest* average: use the smallest distance (np.argmin)."
            else:
                hint = (f"this image's darkness is {total:.1f}; the closest average is "
                        f"{averages[best]} (digit {best}).")
            problem = f"for a test image it returned {int(value)}, expected {best}: {hint}"
            break
    return _verdict(problem)


def check_confusion_matrix(fn):
    """Check the reader's ``fn(labels, guesses)`` → the 10 × 10 confusion matrix.

    ``C[i, j]`` counts the examples with true digit i guessed as j; the
    reference is a loop over the examples, written here.
    """
    rng = np.random.default_rng(8)
    labels = rng.integers(0, 10, 300)
    guesses = np.where(rng.random(300) < 0.7, labels, rng.integers(0, 10, 300))
    expected = np.zeros((10, 10), dtype=int)
    for true, guess in zip(labels, guesses):
        expected[true, guess] += 1
    result, problem = _call(fn, labels.copy(), guesses.copy())
    if problem is None:
        result = np.asarray(result)
        if result.shape != (10, 10):
            problem = f"it returned shape {result.shape}; the matrix is 10 × 10."
        elif np.array_equal(result, expected.T):
            problem = ("it is transposed: rows are the TRUE digit, columns the guess "
                       "(C[true, guess] += 1).")
        elif result.sum() != len(labels):
            problem = (f"its entries add up to {result.sum()}, but there are {len(labels)} "
                       f"examples: each example adds 1 to exactly one cell.")
        elif not np.array_equal(result, expected):
            i, j = np.argwhere(result != expected)[0]
            problem = (f"C[{i}, {j}] is {result[i, j]}, but {expected[i, j]} examples of "
                       f"digit {i} were guessed as {j}.")
    return _verdict(problem)


def check_center_of_mass(fn):
    """Check the reader's ``fn(image)`` → ``(row, col)`` of a 2-D image's center of mass."""
    rng = np.random.default_rng(9)
    image = np.zeros((28, 28))
    image[3:12, 15:26] = rng.random((9, 11))
    total = row = col = 0.0
    for r in range(28):
        for c in range(28):
            total += image[r, c]
            row += r * image[r, c]
            col += c * image[r, c]
    expected = (row / total, col / total)
    result, problem = _call(fn, image.copy())
    if problem is None:
        try:
            result = tuple(float(v) for v in np.ravel(result))
        except (TypeError, ValueError):
            result = ()
        if len(result) != 2:
            problem = "return two numbers, (row, col)."
        elif np.allclose(result, expected[::-1], atol=1e-6):
            problem = "row and column are swapped: return (row, col), row first."
        elif not np.allclose(result, expected, atol=1e-6):
            problem = (f"it gives ({result[0]:.3f}, {result[1]:.3f}), but the center of "
                       f"mass is ({expected[0]:.3f}, {expected[1]:.3f}): "
                       f"Σ r·p / Σ p and Σ c·p / Σ p.")
    return _verdict(problem)
