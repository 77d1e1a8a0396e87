"""python -m nnlib: the book's run from the shell; bad arguments give one line, no traceback."""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network

ROOT = Path(__file__).resolve().parents[2]


def nnlib(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "nnlib", *args],
        cwd=ROOT,
        text=True,
        capture_output=True,
        timeout=300,
        **kwargs,
    )


def test_help():
    result = nnlib("train", "--help")
    assert result.returncode == 0
    for option in (
        "--sizes",
        "--epochs",
        "--mini-batch-size",
        "--eta",
        "--seed",
        "--dtype",
        "--save",
    ):
        assert option in result.stdout


def test_train_prints_the_books_lines_and_saves(tmp_path):
    path = tmp_path / "net.npz"
    result = nnlib(
        "train",
        "--sizes",
        "784",
        "20",
        "10",
        "--epochs",
        "2",
        "--seed",
        "0",
        "--dtype",
        "float32",
        "--save",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Epoch 0: ") and lines[0].endswith(" / 10000")
    assert lines[1].startswith("Epoch 1: ")
    assert "Trained Network([784, 20, 10], dtype=float32) for 2 epochs" in lines[2]
    net = Network.load(path)
    from nnlib import load_data

    _, _, test = load_data()
    assert net.evaluate(test) == int(lines[1].split()[2])  # the saved net is the trained one


@pytest.mark.parametrize(
    "args, words",
    [
        (["--eta", "-1"], "--eta"),
        (["--eta", "abc"], "--eta"),
        (["--sizes", "784"], "--sizes"),
        (["--sizes", "784", "30", "9"], "--sizes"),
        (["--sizes", "784", "0", "10"], "--sizes"),
        (["--epochs", "zero"], "--epochs"),
        (["--epochs", "-2"], "--epochs"),
        (["--mini-batch-size", "0"], "--mini-batch-size"),
        (["--dtype", "float16"], "--dtype"),
        (["--data", "/nonexistent"], "file not found"),
    ],
)
def test_bad_arguments_one_line_no_traceback(args, words):
    result = nnlib("train", *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert result.stdout == ""


def test_broken_data_is_reported_not_trained_on(tmp_path):
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"not gzip")
    result = nnlib("train", "--data", str(tmp_path), "--epochs", "1")
    assert result.returncode == 1 and "DataError" not in result.stderr
    assert "t10k-labels-idx1-ubyte.gz" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_save_path_is_refused_before_training(tmp_path):
    result = nnlib(
        "train",
        "--sizes",
        "784",
        "5",
        "10",
        "--epochs",
        "3",
        "--save",
        str(tmp_path / "no" / "such" / "dir" / "net.npz"),
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "does not exist" in result.stderr
    assert result.stdout == ""  # no epoch trained and thrown away


def test_sizes_from_cli_reach_the_network(tmp_path):
    path = tmp_path / "tiny.npz"
    assert (
        nnlib(
            "train", "--sizes", "784", "10", "--epochs", "0", "--seed", "3", "--save", str(path)
        ).returncode
        == 0
    )
    assert np.array_equal(Network.load(path).weights[0], Network([784, 10], seed=3).weights[0])


@contextlib.contextmanager
def folder_we_cannot_write(tmp_path):
    """A folder this process cannot create files in: mode 0555, or for root (who writes
    anywhere) a read-only tmpfs; skips where neither works."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(folder)]
    ).returncode:
        pytest.skip("root, and cannot mount a read-only tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def refused_at_once(result, *words):
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert result.stdout == ""  # nothing trained and thrown away


def write_protected(path):
    Network([784, 5, 10]).save(path)
    path.chmod(0o444)
    return path


@pytest.mark.parametrize(
    "make_target, words",
    [
        (lambda tmp: "", ["--save is empty"]),
        (lambda tmp: tmp, ["is a directory"]),
        (lambda tmp: tmp / "missing" / "net.npz", ["does not exist"]),
        (lambda tmp: write_protected(tmp / "ro.npz"), ["write-protected"]),
    ],
    ids=["empty", "directory", "missing-folder", "write-protected"],
)
def test_a_save_that_cannot_be_written_is_refused_before_training(tmp_path, make_target, words):
    target = str(make_target(tmp_path))
    started = time.monotonic()
    result = nnlib("train", "--epochs", "30", "--save", target)
    refused_at_once(result, "--save", *words)
    assert target in result.stderr and time.monotonic() - started < 10


def test_a_save_into_an_unwritable_folder_is_refused_before_training(tmp_path):
    with folder_we_cannot_write(tmp_path) as folder:
        result = nnlib("train", "--epochs", "30", "--save", str(folder / "net.npz"))
    refused_at_once(result, "--save", "cannot create files in", str(folder))


def test_a_save_onto_a_disk_without_room_is_refused_before_training(tmp_path):
    folder = tmp_path / "small"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        result = nnlib("train", "--epochs", "30", "--save", str(folder / "net.npz"))
    finally:
        subprocess.run(["umount", str(folder)], check=True)
    refused_at_once(result, "--save", "bytes free", "needs about")


@pytest.mark.parametrize(
    "args, words",
    [
        (["--eta", "1e308"], ["--eta", "at most 1e+06", "1e308"]),
        (["--eta", "1e7"], ["--eta", "at most 1e+06"]),
        (["--mini-batch-size", "50001"], ["--mini-batch-size", "at most 50000", "50001"]),
    ],
)
def test_values_that_would_train_on_nothing_are_refused(args, words):
    refused_at_once(nnlib("train", "--epochs", "1", *args), *words)


def test_the_largest_eta_and_mini_batch_are_accepted(tmp_path):
    path = tmp_path / "net.npz"
    result = nnlib(
        "train", "--sizes", "784", "10", "--epochs", "1", "--eta", "1e6",
        "--mini-batch-size", "50000", "--seed", "0", "--save", str(path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Epoch 0: ") and Network.load(path).sizes == [784, 10]
