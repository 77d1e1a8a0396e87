"""MNIST, read from the original IDX files shipped in the project's ``data/`` folder.

This plays the part of the book's ``mnist_loader.py``: ``load_data`` and
``load_data_wrapper`` return the same split and formats.  The book read a
pickle (``mnist.pkl.gz``); we read the four original files instead and check
each one (gzip stream, IDX header, SHA-256 of the decompressed bytes), so a
missing, truncated or altered file raises ``DataError`` naming the file
instead of training on wrong data.

Where the files are: ``path`` if given, else the folder named by the
environment variable ``NNLIB_DATA``, else the project's ``data/`` folder.
"""

import gzip
import hashlib
import os
import struct
import zlib
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# name: (IDX magic number, dimensions, SHA-256 of the decompressed bytes)
# The checksums are the published ones (see data/README.md).
FILES = {  # small files first, so a broken one is reported without reading the rest
    "t10k-labels-idx1-ubyte.gz": (
        2049,
        (10000,),
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
    "t10k-images-idx3-ubyte.gz": (
        2051,
        (10000, 28, 28),
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    "train-labels-idx1-ubyte.gz": (
        2049,
        (60000,),
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    "train-images-idx3-ubyte.gz": (
        2051,
        (60000, 28, 28),
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
}

_cache = {}
CHUNK = 1 << 20  # bytes decompressed at a time


class DataError(Exception):
    """A data file is missing, unreadable or not the MNIST file it should be."""


def data_dir(path=None):
    """The folder the loader reads: ``path``, else ``$NNLIB_DATA``, else ``data/``."""
    if path is not None and not (
        isinstance(path, (str, os.PathLike)) and "\0" not in str(os.fspath(path))
    ):
        raise ValueError(f"path must be a folder name (a str or pathlib.Path), got {path!r}")
    return Path(path if path is not None else os.environ.get("NNLIB_DATA") or DATA_DIR)


def read_idx(file, magic, shape, sha256, out=None):
    """Read one gzip-compressed IDX file and check it; return its values.

    They come as a new uint8 array of ``shape``, or are written into ``out``
    (a C-contiguous array of as many values, of any dtype), which is returned.
    The file is decompressed a chunk at a time, each chunk hashed and copied
    into the result, so the whole file is never held in memory as bytes.
    """
    file = Path(file)
    if not file.is_file():
        raise DataError(
            f"{file}: file not found (the project ships the four MNIST files in data/: "
            f"restore them with `git checkout -- data/`, or point NNLIB_DATA or "
            f"--data at a folder that holds them)"
        )
    n_dims = len(shape)
    header = 4 + 4 * n_dims
    size = int(np.prod(shape))
    out = np.empty(shape, dtype=np.uint8) if out is None else out
    if out.size != size or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous array of {size} values")
    values = out.reshape(-1)  # a view of out, in the file's order
    sha = hashlib.sha256()
    try:
        with gzip.open(file, "rb") as f:
            head = f.read(header)
            if len(head) < header:
                raise DataError(f"{file}: too short for an IDX header ({len(head)} bytes)")
            found_magic, *dims = struct.unpack(f">{1 + n_dims}I", head)
            if found_magic != magic:
                raise DataError(f"{file}: IDX magic number is {found_magic}, expected {magic}")
            if tuple(dims) != shape:
                raise DataError(f"{file}: IDX dimensions are {tuple(dims)}, expected {shape}")
            sha.update(head)
            n = 0  # data bytes read so far
            while chunk := f.read(CHUNK):
                sha.update(chunk)
                fits = chunk[: max(size - n, 0)]  # extra bytes are counted, not stored
                values[n : n + len(fits)] = np.frombuffer(fits, dtype=np.uint8)
                n += len(chunk)
    except (OSError, EOFError, zlib.error) as e:
        raise DataError(
            f"{file}: not a readable gzip file ({e}); the file is truncated or damaged"
        ) from None
    if n != size:
        raise DataError(f"{file}: holds {n} data bytes, its header promises {size}")
    digest = sha.hexdigest()
    if digest != sha256:
        raise DataError(
            f"{file}: SHA-256 of the decompressed data is {digest}, expected "
            f"{sha256}: the file was altered"
        )
    return out


def load_data(path=None):
    """Return ``(training_data, validation_data, test_data)`` as in the book.

    Each is a tuple ``(images, labels)``: images an ``(n, 784)`` float32 array
    with pixels in [0, 1], labels an ``(n,)`` int64 array.  Training data are
    the first 50,000 of MNIST's 60,000 training images, validation data the
    last 10,000, test data the 10,000 test images.  The arrays are read-only
    and cached: a second call in the same process costs nothing.
    """
    folder = data_dir(path).resolve()
    if folder not in _cache:
        images, labels = {}, {}
        for name, (magic, shape, sha256) in FILES.items():
            if "images" in name:  # read straight into float32 rows, scaled in place
                rows = np.empty((shape[0], 784), dtype=np.float32)
                images[name[:5]] = read_idx(folder / name, magic, shape, sha256, out=rows)
                rows /= np.float32(255)
            else:
                labels[name[:5]] = read_idx(folder / name, magic, shape, sha256).astype(np.int64)
        tr_x, tr_y = images["train"], labels["train"]
        te_x, te_y = images["t10k-"], labels["t10k-"]
        split = ((tr_x[:50000], tr_y[:50000]), (tr_x[50000:], tr_y[50000:]), (te_x, te_y))
        for x, y in split:
            x.flags.writeable = False
            y.flags.writeable = False
        _cache[folder] = split
    return _cache[folder]


def load_data_wrapper(path=None):
    """Return the data in the book's list format, ready for ``Network.SGD``.

    ``training_data`` is a list of 50,000 pairs ``(x, y)``: x a ``(784, 1)``
    column of pixels, y the ``(10, 1)`` one-hot column of the digit.
    ``validation_data`` and ``test_data`` are lists of 10,000 pairs
    ``(x, label)`` with an integer label, as in the book.
    """
    tr_d, va_d, te_d = load_data(path)
    training_data = [(x.reshape(784, 1), vectorized_result(y)) for x, y in zip(*tr_d)]
    validation_data = [(x.reshape(784, 1), int(y)) for x, y in zip(*va_d)]
    test_data = [(x.reshape(784, 1), int(y)) for x, y in zip(*te_d)]
    return training_data, validation_data, test_data


def vectorized_result(j):
    """Return a (10, 1) unit vector with 1.0 in the j-th place and zeros elsewhere."""
    if isinstance(j, bool) or not (isinstance(j, (int, np.integer)) and 0 <= j <= 9):
        raise ValueError(f"j must be a digit 0..9, got {j!r}")
    e = np.zeros((10, 1))
    e[j] = 1.0
    return e
