"""Saving a network to disk and loading it back, safely.

``save(path, ...)`` writes the ``.npz`` file under a short temporary name in
the folder the network will end up in, flushes it to the disk, and only then
renames it onto ``path``: an interrupted save (a full disk, Ctrl-C, ``kill -9``)
never leaves a half-written network behind, and the old file at ``path`` stays
as it was until the new one is complete.

- **Temp files.** ``.nnlib-XXXXXXXX.tmp`` (8 random characters), created with
  ``O_EXCL`` (so a save never opens, and never removes, a file it did not
  create) and locked (``flock``) while it is written.  A save killed before the
  rename leaves its temp file behind; the next save to the same folder removes
  every ``.nnlib-*.tmp`` there whose lock is free: the kernel drops a process's
  locks when it dies, so a free lock means its writer is gone, whatever its pid
  was (a pid can be reused; a lock cannot outlive its process).  A temp file
  of a save still running, or merely stopped, keeps its lock and is left alone;
  on a file system without locks none counts as stale.  (Where ``fcntl`` does
  not exist, on Windows, a temp file counts as stale once it is older than
  ``STALE_SECONDS``; an open one cannot be removed there anyway.)
- **Symlinks** are written through, as ``cp`` does: saving to ``latest.npz ->
  run3.npz`` replaces ``run3.npz`` and keeps the link.  A link to a missing
  file is refused.
- **Mode.** A file that is replaced keeps its permission bits (``0640`` stays
  ``0640``); a new file gets the usual ``0666`` minus the umask.  A
  write-protected target (no write permission bit, or not writable by you)
  is refused, not silently replaced: ``chmod u+w`` it, or save elsewhere.
- **Errors** are ``OSError``\\s that name ``path`` (never the temp file), with
  the old file intact; a directory, a missing folder or a write-protected file
  is refused before anything is written, and a ``path`` that is no file name
  (``None``, ``bytes``, ``''``) raises a ``ValueError`` naming ``path``.

``load`` reads with ``allow_pickle=False`` and refuses, with a ``ValueError``
naming the file, anything that is not a network saved by ``save``; a file it
cannot open (missing, permission denied, a directory) raises the ``OSError``
that says so, naming the file.
"""

import errno
import os
import re
import secrets
import stat
import time

import numpy as np

from .arguments import check_sizes

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

FORMAT = "nnlib-network-v1"
TEMP = re.compile(r"\.nnlib-[0-9a-z]{8}\.tmp\Z")  # 19 characters: any file name's folder takes it
STALE_SECONDS = 3600  # only where there are no locks (Windows)


def check_path(path, name="path"):
    """``path`` as a ``str``; a ``ValueError`` naming ``name`` for anything that is not a
    file name (``None``, ``bytes``, ``''``, a NUL character)."""
    try:
        text = os.fspath(path)
    except TypeError:
        raise ValueError(
            f"{name} must be a file name (a str or a pathlib.Path), got {path!r}"
        ) from None
    if isinstance(text, bytes):
        raise ValueError(
            f"{name} must be a file name as a str, not bytes ({path!r}); "
            "decode it first, e.g. os.fsdecode(path)"
        )
    if not text:
        raise ValueError(f"{name} is empty: give a file name such as 'net.npz'")
    if "\0" in text:
        raise ValueError(f"{name} contains a NUL character: {text!r}")
    return text


def _refuse(code, why, path):
    """An ``OSError`` (its subclass for ``code``) whose message names the user's ``path``."""
    return OSError(code, f"cannot save the network there: {why}", path)


def target_of(path):
    """The file ``save(path)`` would replace (symlinks followed), after checking that it
    can: a missing folder, a directory, a dangling link or a write-protected file raise
    an ``OSError`` naming ``path``.  Nothing is written."""
    path = check_path(path)
    real = os.path.realpath(path)
    if os.path.islink(path) and not os.path.lexists(real):
        raise _refuse(errno.ENOENT, f"it is a symbolic link to a missing file ({real})", path)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise _refuse(errno.ENOENT, f"the folder {folder} does not exist", path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as e:  # a name too long, a folder we may not search, ...
        raise _refuse(e.errno, e.strerror, path) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _refuse(errno.EISDIR, "it is a directory; give a file name inside it", path)
    if st is not None and (not st.st_mode & 0o222 or not os.access(real, os.W_OK)):
        raise _refuse(
            errno.EACCES, "the file is write-protected (chmod u+w it, or save elsewhere)", path
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(errno.EACCES, f"you cannot create files in {folder}", path)
    return real


def remove_stale_temp_files(folder):
    """Remove the temp files of killed saves in ``folder`` (see the module's docstring);
    return their names.  Files that do not match ``.nnlib-XXXXXXXX.tmp``, or that some
    process still holds, are never touched; anything that goes wrong is skipped."""
    removed = []
    try:
        entries = [e.name for e in os.scandir(folder) if TEMP.match(e.name)]
    except OSError:
        return removed
    for name in entries:
        tmp = os.path.join(folder, name)
        try:
            if fcntl is None:
                if time.time() - os.lstat(tmp).st_mtime < STALE_SECONDS:
                    continue
                os.unlink(tmp)
            else:
                fd = os.open(tmp, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)  # RDWR: NFS locks
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # its writer is gone
                    if not os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                        continue  # the name now holds another file: not the one we locked
                    os.unlink(tmp)
                finally:
                    os.close(fd)
            removed.append(name)
        except OSError:  # held by a running save, not ours to remove, already gone, ...
            continue
    return removed


def _create_temp(folder):
    """Create, open and lock a new ``.nnlib-XXXXXXXX.tmp`` in ``folder``: ``(fd, name)``."""
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    while True:
        tmp = os.path.join(
            folder, f".nnlib-{''.join(secrets.choice(alphabet) for _ in range(8))}.tmp"
        )
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:  # someone else's: try another name, never touch it
            continue
        if fcntl is None:
            return fd, tmp
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: no cleaner can lock it either,
            return fd, tmp  # so none takes it for stale
        try:  # a cleaner may have taken it for stale between O_EXCL and flock
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        except FileNotFoundError:
            pass
        os.close(fd)


def _sync_folder(folder):
    """Flush the folder's entry for the renamed file, where the OS lets us open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # not supported by this file system
        pass
    finally:
        os.close(fd)


def save(path, sizes, weights, biases):
    """Save ``sizes``, ``weights`` and ``biases`` to ``path``; return ``path`` (a str).

    Atomic and self-cleaning; symlinks written through; the replaced file's mode
    kept; a write-protected file, a directory or a missing folder refused; every
    error an ``OSError`` naming ``path`` with the old file intact (the module's
    docstring says how)."""
    arrays = {"format": np.array(FORMAT), "sizes": np.array(sizes)}
    arrays.update({f"w{l}": w for l, w in enumerate(weights)})
    arrays.update({f"b{l}": b for l, b in enumerate(biases)})
    path = check_path(path)
    real = target_of(path)
    folder = os.path.dirname(real)
    remove_stale_temp_files(folder)
    try:
        mode = stat.S_IMODE(os.stat(real).st_mode)
    except FileNotFoundError:
        mode = None
    tmp = None
    try:
        fd, tmp = _create_temp(folder)
        with os.fdopen(fd, "wb") as f:  # closing it drops the lock: after the rename
            if mode is not None:  # the replaced file's permission bits, not the umask's
                (os.fchmod(f.fileno(), mode) if hasattr(os, "fchmod") else os.chmod(tmp, mode))
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())  # the data on the disk before the name points at it
            if fcntl is not None:
                os.replace(tmp, real)
                tmp = None
        if tmp is not None:  # Windows: a file cannot be renamed while it is open
            os.replace(tmp, real)
            tmp = None
        _sync_folder(folder)
    except OSError as e:
        old = " (the old file is unchanged)" if mode is not None else ""
        raise OSError(e.errno, f"cannot save the network: {e.strerror or e}{old}", path) from None
    finally:
        if tmp is not None:  # ours: created by _create_temp above
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def _not_a_network(path, why):
    return ValueError(f"{path}: not a saved nnlib network ({why})")


def _read(path):
    """Every array in the file, as ``{name: ndarray}``; a ``ValueError`` naming ``path`` for
    anything that is not an ``.npz`` of plain ``.npy`` arrays."""
    try:
        f = open(path, "rb")
    except IsADirectoryError:
        raise IsADirectoryError(
            errno.EISDIR, "is a directory, not a saved nnlib network", path
        ) from None
    except OSError as e:  # missing, permission denied, ...: what it is, not "damaged"
        raise OSError(e.errno, f"cannot open the network file: {e.strerror}", path) from None
    try:
        with f:
            npz = np.load(f, allow_pickle=False)
            if not isinstance(npz, np.lib.npyio.NpzFile):
                raise ValueError("it holds one .npy array, not an .npz archive")
            arrays = {}
            for name in npz.files:
                value = npz[name]
                if not isinstance(value, np.ndarray):  # a member that is not a .npy file
                    raise ValueError(f"its member {name!r} is not a .npy array")
                arrays[name] = value
            npz.close()
            return arrays
    except MemoryError:
        raise _not_a_network(path, "an array in it is too large to read") from None
    except Exception as e:
        raise _not_a_network(path, f"cannot read it as .npz: {e}") from None


def load(path):
    """Return ``(sizes, weights, biases)`` read from a file written by ``save``."""
    path = check_path(path)
    arrays = _read(path)
    marker = arrays.get("format")
    if (
        marker is None
        or marker.shape != ()
        or marker.dtype.kind != "U"
        or marker.item() != FORMAT
        or "sizes" not in arrays
    ):
        raise _not_a_network(path, f"no '{FORMAT}' marker")
    try:
        if arrays["sizes"].ndim != 1 or arrays["sizes"].dtype.kind not in "iu":
            raise ValueError(f"sizes must be a list of integers, got {arrays['sizes']!r}")
        sizes = check_sizes(arrays["sizes"].tolist())
    except (ValueError, TypeError) as e:
        raise ValueError(f"{path}: damaged network file: {e}") from None
    weights = [arrays.get(f"w{l}") for l in range(len(sizes) - 1)]
    biases = [arrays.get(f"b{l}") for l in range(len(sizes) - 1)]
    for l, (w, b) in enumerate(zip(weights, biases)):
        expected_w, expected_b = (sizes[l + 1], sizes[l]), (sizes[l + 1], 1)
        if w is None or b is None or w.shape != expected_w or b.shape != expected_b:
            raise ValueError(
                f"{path}: damaged network file: layer {l} should have "
                f"weights {expected_w} and biases {expected_b}"
            )
        if (
            w.dtype not in (np.float32, np.float64)
            or w.dtype != weights[0].dtype
            or b.dtype != w.dtype
        ):
            raise ValueError(
                f"{path}: damaged network file: layer {l} holds "
                f"{w.dtype}/{b.dtype}, not float32 or float64"
            )
        if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
            raise ValueError(f"{path}: damaged network file: layer {l} holds NaN or inf")
    return sizes, [w.copy() for w in weights], [b.copy() for b in biases]
