"""Checking and converting what a ``Network`` is given: plumbing, apart from the maths.

Every public method of ``Network`` checks its arguments where it is entered, and a
bad one raises a ``ValueError`` that names the argument and says what is wrong: a
shape, a dtype that is not real numbers (complex, times, strings, objects), an
empty batch, a NaN or ±inf (with the index of the first bad example), an η that is
not a finite number > 0.  The data come in the book's list of ``(x, y)`` pairs or
as ``(images, labels)`` arrays; ``examples`` turns either into one array of images
(one per *row*), one-hot target rows, and the row of each example.

Data are scanned for NaN and inf once: ``SGD`` and ``score`` check the whole data
set (one pass: about 10 ms for MNIST's 50,000 training images, 3-4% of an epoch of
the book's run, as ``benchmarks/checks.py`` measures it), and the rows they then
hand on (a mini-batch, a chunk of the test set) are ``Checked`` views, which
``update_mini_batch`` and ``feedforward`` do not scan again; the pair of matrices
``update_mini_batch`` has checked is handed on to ``backprop`` the same way
(``checked``).  So the printed methods (``SGD``, ``update_mini_batch``, ``backprop``,
``feedforward``) each make one call here and hold only the book's equations.
"""

import collections.abc
import math
import numbers
import reprlib
import threading

import numpy as np

# The most weights and biases a Network may have: 10**8 (800 MB in float64, and as much again
# for the gradients while it trains; the book's [784, 30, 10] has 23,860).  Network refuses
# sizes beyond it before allocating anything, instead of a MemoryError (or a minute of swap).
MAX_PARAMETERS = 10**8

REAL = "biuf"  # the dtype kinds a network computes with: bool, int, unsigned, float


class Checked(np.ndarray):
    """A view of examples already checked (``examples``, ``check_rows``): its rows, and
    their transposes, are not scanned for NaN and inf again.  Arithmetic on it gives
    plain arrays, so nothing computed from it passes as checked."""

    def __array_wrap__(self, array, context=None, return_scalar=False):
        array = array.view(np.ndarray)
        return array[()] if return_scalar else array


def plain(a):
    """``a`` as a plain ndarray (a view of a ``Checked`` one)."""
    return a.view(np.ndarray) if type(a) is Checked else a


# The pair of matrices update_mini_batch has checked, for backprop (called next, in the
# same thread): backprop does not scan exactly these two objects again.
_handed = threading.local()


def checked(x, y):
    """Hand ``(x, y)`` on to ``backprop`` as checked."""
    _handed.pair = (x, y)
    return x, y


def _handed_on(x, y):
    """Whether ``(x, y)`` is the pair last passed to ``checked`` (which forgets it)."""
    pair = _handed.__dict__.pop("pair", None)
    return pair is not None and pair[0] is x and pair[1] is y


def _short(value):
    """A short description of ``value`` for a message: its type and a clipped repr."""
    text = reprlib.repr(value)
    named = text.split("(")[0].endswith(type(value).__name__)  # Fraction(1, 2), np.int64(5)
    return text if named else f"{type(value).__name__} {text}"


def as_array(a, name):
    """``np.asarray(a)``, refusing ragged lists and anything but real numbers by ``name``."""
    try:
        a = np.asarray(a)
    except (TypeError, ValueError):  # a ragged list: NumPy cannot make it one array
        raise ValueError(
            f"{name} must be an array of numbers with every row the same length, got {_short(a)}"
        ) from None
    check_kind(a, name)
    return a


def check_kind(a, name):
    """Refuse complex numbers, times, strings and objects: a network computes with reals."""
    if a.dtype.kind not in REAL:
        raise ValueError(f"{name} must hold real numbers (float, int or bool), got dtype {a.dtype}")


def all_finite(a):
    """Whether every value of ``a`` is finite.  A large array costs one pass and no
    temporary array: a sum is finite only if every term is (NaN and inf propagate), and
    a sum that overflows is settled value by value."""
    if a.dtype.kind != "f":
        return True
    if a.size <= 1 << 16:  # a mini-batch: the direct test is quicker than errstate
        return bool(np.isfinite(a).all())
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, or an overflow: no warning
        total = np.add.reduce(a, axis=None)
    return math.isfinite(total) or bool(np.isfinite(a).all())


def first_bad(a, rows=None):
    """The first example of 2-D ``a`` holding NaN or ±inf: ``(i, value)``, or ``None``.

    Example i is row i of ``a``, or row ``rows[i]`` when ``rows`` is given."""
    if rows is not None and 4 * len(rows) < len(a):  # a few rows of a large array
        a, rows = a[rows], None
    if all_finite(a):
        return None
    finite = np.isfinite(a).all(axis=1)  # only on the way to an error
    if rows is not None:
        finite = finite[rows]
        if finite.all():
            return None  # the bad rows are not among the examples
    i = int(np.argmin(finite))
    row = a[i] if rows is None else a[rows[i]]
    return i, row[~np.isfinite(row)][0]


def refuse_nonfinite(a, name, what, rows=None):
    """Refuse NaN and ±inf in 2-D ``a``, one example per row: ``what`` names example i
    (``"example {i}'s x"``, or ``"column {i} of X"`` when ``a`` is X transposed)."""
    bad = first_bad(a, rows)
    if bad is not None:
        i, value = bad
        where = what.format(i=i)
        raise ValueError(f"{name}: {where} holds {value}; every value must be a finite number")


def check_columns(a, n_in, dtype, name):
    """``a`` as numbers in the network's dtype, one input per column."""
    handed = type(a) is Checked  # columns of checked rows (score, output_rows)
    a = as_array(a, name)
    if a.ndim == 1:  # a flat input is one column
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] != n_in:
        raise ValueError(
            f"{name} must have shape ({n_in}, 1) or "
            f"({n_in}, m) (one input per column), got {a.shape}"
        )
    if a.shape[1] == 0:
        raise ValueError(f"{name} has no columns: give at least one input, ({n_in}, 1)")
    if not handed:
        refuse_nonfinite(a.T, name, "column {i} (input {i})")
    return a.astype(dtype, copy=False)


def check_rows(images, n_in, name):
    """``images`` with one input per *row*, ``(n, n_in)``; one flat image is one row."""
    images = as_array(images, name)
    if images.ndim == 1:
        images = images[None, :]
    if images.ndim != 2 or images.shape[1] != n_in:
        raise ValueError(
            f"{name} must have shape (n, {n_in}) (one input per "
            f"row) and hold numbers, got {images.shape} {images.dtype}"
        )
    if len(images) == 0:
        raise ValueError(f"{name} is empty: (0, {n_in}), give at least one row")
    refuse_nonfinite(images, name, "row {i}")
    return images.view(Checked)


def check_matrices(x, y, sizes, name, x_name, y_name):
    """The pair of matrices ``(x, y)`` of m examples as columns: shapes, numbers, finite."""
    n_in, n_out = sizes[0], sizes[-1]
    if (
        getattr(x, "ndim", 0) != 2
        or x.shape[0] != n_in
        or getattr(y, "shape", None) != (n_out, x.shape[1])
    ):
        raise ValueError(
            f"{name} takes {x_name} of shape ({n_in}, m) and {y_name} of shape "
            f"({n_out}, m) (m examples as columns), got "
            f"{np.shape(x)} and {np.shape(y)}"
        )
    if x.dtype.kind not in REAL or y.dtype.kind not in REAL:
        check_kind(x, f"{name}: {x_name}")
        check_kind(y, f"{name}: {y_name}")
    if x.shape[1] == 0:
        raise ValueError(f"{name}: {x_name} and {y_name} have no columns (no examples)")
    if not (all_finite(x) and all_finite(y)):
        refuse_nonfinite(x.T, name, f"column {{i}} of {x_name} (example {{i}})")
        refuse_nonfinite(y.T, name, f"column {{i}} of {y_name} (example {{i}})")


def check_example(x, y, sizes):
    """``backprop``'s checks; nothing to do for the pair ``update_mini_batch`` checked."""
    if not _handed_on(x, y):
        check_matrices(x, y, sizes, "backprop", "x", "y")


def mini_batch_matrices(mini_batch, eta, sizes, dtype):
    """``update_mini_batch``'s argument as two matrices of columns ``(X, Y)``.

    A pair of matrices ``(X, Y)`` (as ``SGD`` passes them) is checked and used as it
    is; the book's list of ``(x, y)`` pairs is converted.  ``eta`` is checked too, and
    the ``eta`` that passes is used as it is (an int or float, NumPy's or Python's)."""
    if not (type(eta) is float and 0.0 < eta < math.inf):  # SGD's float passes at once
        check_eta(eta)
    if isinstance(mini_batch, tuple) and len(mini_batch) == 2:
        X, Y = mini_batch
        if type(X) is Checked and type(Y) is Checked:  # SGD's: rows of checked examples
            return checked(plain(X), plain(Y))
        if isinstance(X, np.ndarray) and X.ndim == 2:
            check_matrices(X, Y, sizes, "mini_batch", "X", "Y")
            return checked(X, Y)
    images, targets, rows = examples(mini_batch, sizes, dtype, "mini_batch")
    return checked(plain(images[rows].T), plain(targets[rows].T))


FORMS = "a list of (x, y) pairs or an (images, labels) pair of NumPy arrays"


def examples(data, sizes, dtype, name):
    """Examples as ``(images, targets, rows)``: example i is ``images[rows[i]]``.

    ``images`` holds one input per *row* (so a mini-batch is a quick gather of
    rows), ``targets`` the one-hot target rows.  Accepts the book's list of
    ``(x, y)`` pairs or an ``(images, labels)`` pair of arrays.  The lists
    from ``load_data_wrapper`` hold views of one array of images: that array
    is used as it is, without a copy of the 50,000 images.  Every input and
    target is checked to be a finite real number (one pass over the images).
    Examples already checked (an ``Examples``) are returned as they are.
    """
    if isinstance(data, Examples):
        return data
    n_in, n_out = sizes[0], sizes[-1]
    if data is None or isinstance(data, (str, bytes)):
        raise ValueError(f"{name} must be {FORMS}, got {_short(data)}")
    if (
        isinstance(data, tuple)
        and len(data) == 2
        and isinstance(data[0], np.ndarray)
        and data[0].ndim >= 2
    ):
        images = data[0]
        check_kind(images, f"{name}: images")
        if len(images) == 0:
            raise ValueError(f"{name} is empty: images of shape {images.shape}")
        images = images.reshape(len(images), -1)
        if images.shape[1] != n_in:
            raise ValueError(
                f"{name}: images must have {n_in} values each, got shape {data[0].shape}"
            )
        targets = as_array(data[1], f"{name}: labels") if data[1] is not None else None
        if targets is None or targets.ndim == 0:
            raise ValueError(
                f"{name}: labels must hold one label per image ({len(images)} of them), "
                f"got {_short(data[1])}"
            )
        if len(targets) != len(images):
            raise ValueError(f"{name}: {len(images)} images but {len(targets)} labels")
        rows = np.arange(len(images))
    else:
        try:
            pairs = list(data)
        except TypeError:
            raise ValueError(f"{name} must be {FORMS}, got {_short(data)}") from None
        try:
            for i, pair in enumerate(pairs):
                if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                    raise ValueError(
                        f"{name}[{i}] must be an (x, y) pair, got {_short(pair)}: "
                        f"{name} must be {FORMS}"
                    )
            xs = [x for x, _ in pairs]
            targets = [y for _, y in pairs]
            images, rows = rows_of(xs, n_in, name)
        except ValueError as e:
            if not (isinstance(data, tuple) and len(data) == 2):
                raise
            raise ValueError(  # perhaps (images, labels) as lists
                f"{e} (an (images, labels) pair must be two NumPy arrays, "
                f"images of shape (n, {n_in}))"
            ) from None
    if len(rows) == 0:
        raise ValueError(f"{name} is empty")
    if not np.issubdtype(images.dtype, np.floating):
        images = images.astype(dtype)
    refuse_nonfinite(images, name, "example {i}'s x", rows)
    targets = one_hot_rows(targets, n_out, name, dtype)
    refuse_nonfinite(targets, name, "example {i}'s target y")
    if len(targets) != len(images):  # targets follow the examples; make them follow rows
        expanded = np.zeros((len(images), n_out), dtype=dtype)
        expanded[rows] = targets
        targets = expanded
    return Examples((images.view(Checked), targets.view(Checked), rows))


class Examples(tuple):
    """``(images, targets, rows)`` checked by ``examples``: handed on, not checked again."""


def rows_of(xs, n_in, name):
    """The inputs ``xs`` as rows of one array: ``(images, rows)``.

    If every x is a view of a row of one contiguous 2-D array (as in the lists
    that ``load_data_wrapper`` makes), that array is returned with the row of
    each x, and nothing is copied.  Otherwise the xs are stacked.
    """
    arrays = []
    for i, x in enumerate(xs):
        try:
            x = np.asarray(x)
        except (TypeError, ValueError):
            x = np.asarray(None)  # a ragged list: refused below as not numbers
        if x.size != n_in or x.dtype.kind not in REAL:
            raise ValueError(
                f"{name}[{i}]: x must have shape ({n_in}, 1) and hold real numbers, "
                f"got {x.shape} {x.dtype}"
            )
        arrays.append(x)
    base = arrays[0].base if arrays else None
    if (
        isinstance(base, np.ndarray)
        and base.ndim == 2
        and base.shape[1] == n_in
        and base.flags.c_contiguous
        and all(x.base is base and x.dtype == base.dtype for x in arrays)
    ):
        start = base.__array_interface__["data"][0]
        offsets = np.array([x.__array_interface__["data"][0] for x in arrays]) - start
        rows, rest = np.divmod(offsets, base.strides[0])
        if (
            not rest.any()
            and len(np.unique(rows)) == len(rows)
            and all(x.flags.c_contiguous for x in arrays)
        ):
            return base, rows
    images = np.stack([x.reshape(n_in) for x in arrays]) if arrays else np.empty((0, n_in))
    return images, np.arange(len(images))


def one_hot_rows(targets, n_out, name, dtype):
    """Integer labels become one-hot rows (the book's ``vectorized_result``);
    ``(n_out, 1)`` target columns become rows."""
    if len(targets) == 0:
        return np.empty((0, n_out), dtype=dtype)
    if np.ndim(targets[0]) == 0:
        try:
            labels = np.asarray(targets).astype(np.int64, casting="safe")
        except (TypeError, ValueError, OverflowError):
            if isinstance(targets, np.ndarray):
                found = f"got dtype {targets.dtype}"
            else:
                bad = (  # the first label that is not an integer (of int64's range)
                    i
                    for i, t in enumerate(targets)
                    if not (isinstance(t, numbers.Integral) and -(2**63) <= t < 2**63)
                )
                i = next(bad, 0)
                found = f"example {i}'s is {_short(targets[i])}"
            raise ValueError(
                f"{name}: labels must be integers or ({n_out}, 1) columns; {found}"
            ) from None
        if labels.ndim != 1 or labels.min() < 0 or labels.max() >= n_out:
            i = int(np.argmax((labels < 0) | (labels >= n_out))) if labels.ndim == 1 else 0
            raise ValueError(
                f"{name}: labels must be integers in 0..{n_out - 1}; example {i}'s is "
                f"{labels.ravel()[i]}"
            )
        Y = np.zeros((len(labels), n_out), dtype=dtype)
        Y[np.arange(len(labels)), labels] = 1.0
        return Y
    try:
        Y = np.stack([np.asarray(y).reshape(n_out) for y in targets])
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}: each y must be an integer label or a ({n_out}, 1) column"
        ) from None
    check_kind(Y, f"{name}: targets y")
    return Y.astype(dtype)


def check_sizes(sizes):
    """The layer sizes as a list of ints, in order, with at most ``MAX_PARAMETERS``
    weights and biases in all (counted before anything is allocated)."""
    if isinstance(sizes, (str, bytes, collections.abc.Set, collections.abc.Mapping)):
        unordered = not isinstance(sizes, (str, bytes))
        raise ValueError(
            f"sizes must be a list of layer sizes in order, such as [784, 30, 10], got "
            f"{_short(sizes)}" + (" (a set or dict has no order of layers)" if unordered else "")
        )
    try:
        sizes = list(sizes)
    except TypeError:
        raise ValueError(
            f"sizes must be a list of layer sizes such as [784, 30, 10], got {sizes!r}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two layers (inputs and outputs), got {sizes}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(
                f"sizes: every layer size must be a positive integer, got {s!r} in {sizes}"
            )
    sizes = [int(s) for s in sizes]
    parameters = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    if parameters > MAX_PARAMETERS:
        raise ValueError(
            f"sizes {sizes} make {parameters:,} weights and biases, more than nnlib's limit "
            f"of {MAX_PARAMETERS:,} (nnlib.arguments.MAX_PARAMETERS)"
        )
    return sizes


def check_dtype(dtype):
    try:
        found = np.dtype(dtype)
    except TypeError:
        found = None
    if found not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
    return found.type


def check_seed(seed):
    """``seed`` for ``numpy.random.default_rng``: None (fresh entropy), an integer >= 0,
    or NumPy's own seed objects."""
    if seed is None or isinstance(
        seed, (np.random.SeedSequence, np.random.BitGenerator, np.random.Generator)
    ):
        return seed
    return check_int(seed, "seed", minimum=0)


INITS = ("book", "scaled")  # Network's weight starts: N(0, 1) (chapter 1), N(0, 1/n_in) (chapter 3)


def check_init(init):
    if not (isinstance(init, str) and init in INITS):
        raise ValueError(
            "init must be 'book' (weights N(0, 1), chapter 1) or 'scaled' "
            f"(weights N(0, 1/n_in), chapter 3), got {init!r}"
        )
    return init


def check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_eta(eta):
    """η as a float: an int or float (Python's or NumPy's), finite and > 0.  Other numbers
    (``Fraction``, ``Decimal``) are refused, not converted: ``update_mini_batch`` computes
    with the ``eta`` it is given, so what passes here is what it uses."""
    if isinstance(eta, (bool, np.bool_)) or not isinstance(
        eta, (int, float, np.integer, np.floating)
    ):
        hint = f": pass float({eta!r})" if isinstance(eta, numbers.Real) else ""
        raise ValueError(
            f"eta (the learning rate η) must be an int or a float > 0, got {_short(eta)}{hint}"
        )
    try:
        value = float(eta)
    except OverflowError:  # an int beyond any float
        value = math.inf
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"eta (the learning rate η) must be a finite number > 0, got {eta!r}")
    return value
