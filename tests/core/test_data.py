"""The MNIST loader: right data in the book's formats, and a DataError for every broken file."""

import gzip
import shutil

import numpy as np
import pytest

from nnlib import DataError, load_data, load_data_wrapper, vectorized_result
from nnlib.data import DATA_DIR, FILES, _cache, read_idx

# Published label counts (data/README.md), independent of the loader.
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def raw(name):
    """Decompressed bytes of a shipped file, read here without nnlib."""
    with gzip.open(DATA_DIR / name) as f:
        return f.read()


def test_load_data_shapes_types_and_split():
    (tr_x, tr_y), (va_x, va_y), (te_x, te_y) = load_data()
    assert tr_x.shape == (50000, 784) and va_x.shape == (10000, 784) and te_x.shape == (10000, 784)
    assert tr_x.dtype == np.float32 and tr_x.min() == 0.0 and tr_x.max() == 1.0
    assert tr_y.shape == (50000,) and np.issubdtype(tr_y.dtype, np.integer)
    assert list(np.bincount(np.concatenate([tr_y, va_y]))) == TRAIN_COUNTS
    assert list(np.bincount(te_y)) == TEST_COUNTS
    pixels = np.frombuffer(raw("train-images-idx3-ubyte.gz"), np.uint8, offset=16)
    pixels = pixels.reshape(60000, 784)
    assert np.array_equal(tr_x, pixels[:50000] / np.float32(255))
    assert np.array_equal(va_x, pixels[50000:] / np.float32(255))  # the last 10,000
    labels = np.frombuffer(raw("t10k-labels-idx1-ubyte.gz"), np.uint8, offset=8)
    assert np.array_equal(te_y, labels)


def test_second_load_is_cached_and_read_only():
    first = load_data()
    second = load_data()
    assert second[0][0] is first[0][0]  # the same decoded arrays: nothing read again
    with pytest.raises(ValueError):
        second[0][0][0, 0] = 1.0  # a caller cannot corrupt the cache


def test_load_data_wrapper_is_the_books_format():
    training_data, validation_data, test_data = load_data_wrapper()
    assert (len(training_data), len(validation_data), len(test_data)) == (50000, 10000, 10000)
    x, y = training_data[0]
    assert x.shape == (784, 1) and y.shape == (10, 1) and y.sum() == 1
    (tr_x, tr_y), _, (te_x, te_y) = load_data()
    assert int(np.argmax(y)) == tr_y[0] and np.array_equal(x[:, 0], tr_x[0])
    x, label = test_data[5]
    assert x.shape == (784, 1) and type(label) is int and label == te_y[5]


def test_vectorized_result():
    e = vectorized_result(3)
    assert e.shape == (10, 1) and e[3, 0] == 1.0 and e.sum() == 1.0
    for bad in (10, -1, 2.0, True):
        with pytest.raises(ValueError, match="digit 0..9"):
            vectorized_result(bad)


def test_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path))
    assert load_data()[2][1].shape == (10000,)
    monkeypatch.setenv("NNLIB_DATA", str(tmp_path / "elsewhere"))
    assert load_data(tmp_path)[2][1].shape == (10000,)  # an explicit path wins
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match="elsewhere/t10k-labels"):
        load_data()


# --- broken files: each raises DataError naming the file ---------------------


def _header(data, magic=None, count=None):
    b = bytearray(data)
    if magic is not None:
        b[0:4] = magic.to_bytes(4, "big")
    if count is not None:
        b[4:8] = count.to_bytes(4, "big")
    return bytes(b)


def _flip(data, at):
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


BROKEN = {
    "missing": ("t10k-labels-idx1-ubyte.gz", None, "file not found"),
    "truncated": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: gz[: len(gz) // 2],
        "not a readable gzip file",
    ),
    "not gzip": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: b"<html>404</html>",
        "not a readable gzip file",
    ),
    "corrupt stream": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: _flip(gz, len(gz) - 6),
        "not a readable gzip file",
    ),
    "altered label": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: gzip.compress(_flip(d, 100)),
        "SHA-256",
    ),
    "altered pixel": (
        "t10k-images-idx3-ubyte.gz",
        lambda gz, d: gzip.compress(_flip(d, 5000), compresslevel=1),
        "SHA-256",
    ),
    "wrong magic": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: gzip.compress(_header(d, magic=2051)),
        "magic number is 2051",
    ),
    "wrong dimensions": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: gzip.compress(_header(d, count=9999)),
        "dimensions",
    ),
    "extra bytes": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: gzip.compress(d + b"\0"),
        "data bytes",
    ),
    "too short": ("t10k-labels-idx1-ubyte.gz", lambda gz, d: gzip.compress(d[:5]), "too short"),
    "labels file swapped for images": (
        "t10k-labels-idx1-ubyte.gz",
        lambda gz, d: (DATA_DIR / "t10k-images-idx3-ubyte.gz").read_bytes(),
        "magic number is 2051",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_file_raises_data_error_naming_it(case, tmp_path):
    name, damage, words = BROKEN[case]
    for other in FILES:
        shutil.copy(DATA_DIR / other, tmp_path / other)
    target = tmp_path / name
    if damage is None:
        target.unlink()
    else:
        target.write_bytes(damage(target.read_bytes(), raw(name)))
    with pytest.raises(DataError) as error:
        load_data(tmp_path)
    assert name in str(error.value) and words in str(error.value)
    with pytest.raises(DataError):
        load_data_wrapper(tmp_path)  # never a silent wrong answer from either loader


# --- the streamed decode ------------------------------------------------------


def test_streamed_decode_matches_the_whole_file(monkeypatch):
    monkeypatch.setattr("nnlib.data.CHUNK", 4099)  # chunks that end mid-image
    name = "t10k-images-idx3-ubyte.gz"
    expected = np.frombuffer(raw(name), np.uint8, offset=16).reshape(10000, 28, 28)
    assert np.array_equal(read_idx(DATA_DIR / name, *FILES[name]), expected)
    rows = np.empty((10000, 784), dtype=np.float32)
    assert read_idx(DATA_DIR / name, *FILES[name], out=rows) is rows
    assert np.array_equal(rows, expected.reshape(10000, 784))


def test_wrapper_columns_are_views_of_one_array_of_rows():
    # what lets Network.SGD train on the book's lists without a copy of the 50,000 images
    training_data, _, test_data = load_data_wrapper()
    (tr_x, _), _, (te_x, _) = load_data()
    for pairs, images in ((training_data, tr_x), (test_data, te_x)):
        base = pairs[0][0].base
        assert base.ndim == 2 and base.shape[1] == 784 and base.flags.c_contiguous
        assert all(x.base is base for x, _ in pairs) and np.shares_memory(base, images)


def test_gzip_truncated_in_the_image_data_caches_nothing(tmp_path):
    for other in FILES:
        shutil.copy(DATA_DIR / other, tmp_path / other)
    target = tmp_path / "train-images-idx3-ubyte.gz"
    gz = target.read_bytes()
    target.write_bytes(gz[: len(gz) * 3 // 4])  # header and most pixels decode, then EOF
    for _ in range(2):  # and again: the first attempt left nothing half-loaded behind
        with pytest.raises(DataError, match="train-images.*not a readable gzip file"):
            load_data(tmp_path)
    assert tmp_path.resolve() not in _cache
