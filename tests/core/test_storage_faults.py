"""Network.save under faults: killed saves, full disks, odd targets; Network.load of odd files.

Each killed save runs in a child process whose ``np.savez`` writes a few bytes, says so
and sleeps, so the kill always lands mid-write (no race with a fast disk)."""

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnlib import Network, storage

ROOT = Path(__file__).resolve().parents[2]

SLOW_SAVE = """
import sys, time
import numpy as np
from nnlib import Network

def stalled(f, **arrays):
    f.write(b"PK\\x03\\x04 half a network")
    f.flush()
    print("writing", flush=True)
    time.sleep(60)

np.savez = stalled
Network([6, 4, 2], seed=1).save(sys.argv[1])
"""


def start_stalled_save(path):
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_SAVE, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline() == "writing\n", child.stderr.read()
    return child


def temp_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".nnlib-"))


@contextlib.contextmanager
def tmpfs(folder, options):
    """A small tmpfs at ``folder`` (skips the test where mounting is not allowed)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_killed_saves_leave_temp_files_that_the_next_save_removes(tmp_path):
    path = tmp_path / "net.npz"
    Network([6, 4, 2], seed=0).save(path)
    old = path.read_bytes()
    (tmp_path / "notes.txt").write_text("unrelated")
    (tmp_path / f".net.npz.{os.getpid()}.tmp").write_text("not nnlib's: another tool's")
    (tmp_path / ".nnlib-short.tmp").write_text("not a name save makes")
    others = sorted(p.name for p in tmp_path.iterdir())
    killed = [start_stalled_save(path), start_stalled_save(path)]  # two at once, both mid-write
    for child, sig in zip(killed, (signal.SIGKILL, signal.SIGTERM)):
        child.send_signal(sig)
        child.wait(timeout=10)
    assert path.read_bytes() == old  # the old network, whole
    assert len(temp_files(tmp_path)) == 1 + 2  # .nnlib-short.tmp and the two killed saves'
    interrupted = start_stalled_save(path)  # its save first removes the two stale ones
    interrupted.send_signal(signal.SIGINT)  # a KeyboardInterrupt: it removes its own
    interrupted.wait(timeout=10)
    assert temp_files(tmp_path) == [".nnlib-short.tmp"] and path.read_bytes() == old

    for sig in (signal.SIGKILL, signal.SIGTERM):
        child = start_stalled_save(path)
        child.send_signal(sig)
        child.wait(timeout=10)
    running = start_stalled_save(path)  # a save still writing: its temp file is not stale
    try:
        Network([6, 4, 2], seed=2).save(path)
        assert len(temp_files(tmp_path)) == 1 + 1  # the SIGTERM'd one went, the running one not
    finally:
        running.kill()
        running.wait(timeout=10)
    new = Network([6, 4, 2], seed=3)
    new.save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == others  # only the target and others
    assert np.array_equal(Network.load(path).weights[0], new.weights[0])


def test_a_stopped_save_keeps_its_temp_file_until_it_dies(tmp_path):
    path = tmp_path / "net.npz"
    child = start_stalled_save(path)
    try:
        os.kill(child.pid, signal.SIGSTOP)
        Network([6, 4, 2], seed=0).save(path)
        assert len(temp_files(tmp_path)) == 1  # stopped is not dead: it may yet finish
    finally:
        child.kill()
        child.wait(timeout=10)
    Network([6, 4, 2], seed=0).save(path)
    assert temp_files(tmp_path) == []


def test_a_long_file_name_saves(tmp_path):
    for length in (254, 255):
        path = tmp_path / ("n" * (length - 4) + ".npz")
        assert Network([6, 4, 2], seed=0).save(path) == str(path)
        assert Network.load(path).sizes == [6, 4, 2]
    too_long = tmp_path / ("n" * 252 + ".npz")
    with pytest.raises(OSError, match=too_long.name):
        Network([6, 4, 2], seed=0).save(too_long)
    assert temp_files(tmp_path) == []


def test_a_directory_target_is_refused_naming_it(tmp_path):
    folder = tmp_path / "net.npz"
    folder.mkdir()
    (folder / "inside.txt").write_text("kept")
    with pytest.raises(IsADirectoryError, match=rf"is a directory.*'{folder}'"):
        Network([6, 4, 2], seed=0).save(folder)
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]
    assert (folder / "inside.txt").read_text() == "kept"


def test_a_full_disk_names_the_path_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    Network([6, 4, 2], seed=0).save(path)
    old = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the data written, the disk refuses to keep it
    with pytest.raises(OSError, match=rf"No space left.*old file is unchanged.*'{path}'"):
        Network([6, 4, 2], seed=1).save(path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_a_really_full_disk(tmp_path):
    with tmpfs(tmp_path / "small", "size=256k") as folder:
        path = folder / "net.npz"
        Network([6, 4, 2], seed=0).save(path)
        old = path.read_bytes()
        with pytest.raises(OSError, match=rf"No space left.*'{path}'") as error:
            Network([784, 100, 10], seed=1).save(path)  # 636 KB of float64
        assert error.value.errno == errno.ENOSPC and ".nnlib-" not in str(error.value)
        assert path.read_bytes() == old
        assert [p.name for p in folder.iterdir()] == ["net.npz"]


def test_a_read_only_folder_is_refused_before_writing(tmp_path):
    with tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        with pytest.raises(PermissionError, match=rf"cannot create files in .*'{folder}/n.npz'"):
            Network([6, 4, 2], seed=0).save(folder / "n.npz")


def test_symlinks_are_written_through_and_modes_kept(tmp_path):
    real = tmp_path / "run3.npz"
    Network([6, 4, 2], seed=0).save(real)
    real.chmod(0o640)
    link = tmp_path / "latest.npz"
    link.symlink_to("run3.npz")
    new = Network([6, 4, 2], seed=1)
    assert new.save(link) == str(link)
    assert link.is_symlink() and os.readlink(link) == "run3.npz"
    assert np.array_equal(Network.load(real).weights[0], new.weights[0])
    assert real.stat().st_mode & 0o777 == 0o640
    dangling = tmp_path / "dangling.npz"
    dangling.symlink_to("missing/net.npz")
    with pytest.raises(FileNotFoundError, match=rf"symbolic link to a missing file.*'{dangling}'"):
        new.save(dangling)


def test_a_write_protected_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "net.npz"
    Network([6, 4, 2], seed=0).save(path)
    path.chmod(0o444)
    old = path.read_bytes()
    with pytest.raises(PermissionError, match=rf"write-protected.*'{path}'"):
        Network([6, 4, 2], seed=1).save(path)
    assert path.read_bytes() == old and path.stat().st_mode & 0o777 == 0o444


def test_only_its_own_temp_file_is_ever_removed(tmp_path, monkeypatch):
    """A name taken (by anything) is skipped, never opened or removed."""
    taken = tmp_path / ".nnlib-aaaaaaaa.tmp"
    taken.write_text("not ours, and someone holds it")
    held = os.open(taken, os.O_RDWR)
    try:
        import fcntl

        fcntl.flock(held, fcntl.LOCK_EX)
        picks = iter("aaaaaaaa" + "bbbbbbbb")
        monkeypatch.setattr(storage.secrets, "choice", lambda alphabet: next(picks))
        Network([6, 4, 2], seed=0).save(tmp_path / "net.npz")
        assert taken.read_text() == "not ours, and someone holds it"
    finally:
        os.close(held)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nnlib-aaaaaaaa.tmp", "net.npz"]


@pytest.mark.parametrize("path", [None, b"net.npz", "", "net\0.npz", 3])
def test_bad_paths_are_refused_naming_the_argument(path, tmp_path):
    with pytest.raises(ValueError, match="path"):
        Network([6, 4, 2], seed=0).save(path)
    with pytest.raises(ValueError, match="path"):
        Network.load(path)


def npz(path, members):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def test_malformed_files_are_refused_naming_the_file(tmp_path):
    good = Network([6, 4, 2], seed=0).save(tmp_path / "good.npz")
    with np.load(good) as f:
        members = {f"{k}.npy": npy(f[k]) for k in f.files}
    cases = {
        "format2.npz": {**members, "format.npy": npy(np.array(["nnlib-network-v1", "x"]))},
        "format_int.npz": {**members, "format.npy": npy(np.array(5))},
        "not_npy.npz": {"format": b"nnlib-network-v1", "sizes": b"6 4 2"},
        "sizes_2d.npz": {**members, "sizes.npy": npy(np.array([[6, 4, 2]]))},
        "sizes_float.npz": {**members, "sizes.npy": npy(np.array([6.0, 4.5, 2.0]))},
        "sizes_text.npz": {**members, "sizes.npy": npy(np.array(["6", "4", "2"]))},
        "bad_npy.npz": {**members, "w0.npy": b"\x93NUMPY garbage"},
        "empty.npz": {},
    }
    for name, content in cases.items():
        with pytest.raises(ValueError, match=rf"{name}: (not a saved nnlib network|damaged)"):
            Network.load(npz(tmp_path / name, content))
    data = Path(good).read_bytes()
    for cut in (10, len(data) // 2, len(data) - 10):
        (tmp_path / "cut.npz").write_bytes(data[:cut])
        with pytest.raises(ValueError, match="cut.npz: not a saved nnlib network"):
            Network.load(tmp_path / "cut.npz")
    (tmp_path / "empty_file.npz").write_bytes(b"")
    with pytest.raises(ValueError, match="empty_file.npz: not a saved nnlib network"):
        Network.load(tmp_path / "empty_file.npz")
    with pytest.raises(IsADirectoryError, match=rf"is a directory.*'{tmp_path}'"):
        Network.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="missing.npz"):
        Network.load(tmp_path / "missing.npz")


def test_an_unreadable_file_says_permission_denied(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="nnlib-unreadable-"))  # not in root's 0700 tmp
    folder.chmod(0o755)
    path = Path(Network([6, 4, 2], seed=0).save(folder / "net.npz"))
    path.chmod(0o000)
    code = (
        "from nnlib import Network\n"
        f"try: Network.load({str(path)!r})\n"
        "except Exception as e: print(type(e).__name__, e)\n"
    )
    command = [sys.executable, "-c", code]
    if os.geteuid() == 0:  # root reads anything: read as nobody
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("no setpriv to drop root's rights")
    finally:
        shutil.rmtree(folder)
    if "Permission denied" not in result.stdout and os.geteuid() == 0:
        pytest.skip(f"nobody cannot run this project's Python: {result.stderr[-200:]}")
    assert result.stdout.startswith("PermissionError"), result.stdout + result.stderr
    assert "Permission denied" in result.stdout and str(path) in result.stdout
    assert "damaged" not in result.stdout and time.monotonic() - started < 30
