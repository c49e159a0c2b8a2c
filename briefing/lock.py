"""One brief run per output folder at a time.

Two runs into one folder would both brief every article and each write the
cache, index and manifest of its own half (seen: 24 briefs made, 12 recorded).
``folder_lock`` takes an exclusive ``flock`` on ``<folder>/.brief.lock`` (a
hidden file, never taken for an article) and fails at once, with one line,
when another run holds it.  The kernel drops the lock when the process ends,
however it ends, so a killed run never leaves the folder locked.  The lock file
is removed on the way out; a run that opened it just before then sees that its
file is no longer the one at the path and takes the new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from briefing.errors import OutputError

LOCK_FILE = ".brief.lock"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock while inside (the folder is created when missing).

    Raises:
        OutputError: another brief run holds it, or the lock file cannot be made.
    """
    path = Path(folder) / LOCK_FILE
    fd = _acquire(Path(folder), path)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        try:
            os.unlink(path)  # while still holding the lock: see the module docstring
        except OSError:
            pass
        os.close(fd)  # releases the lock


def _acquire(folder: Path, path: Path) -> int:
    for _ in range(5):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise OutputError(f"{folder}: cannot lock the folder ({err.strerror or err})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise OutputError(
                f"{folder}: another brief run{holder} is writing to this folder; wait for it to finish "
                "or use another -o folder"
            ) from None
        except OSError as err:
            os.close(fd)
            raise OutputError(f"{folder}: cannot lock the folder ({err.strerror or err})") from None
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        mine = os.fstat(fd)
        if current is not None and (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
            return fd
        os.close(fd)  # the run before us removed this file as we opened it: take the new one
    raise OutputError(f"{folder}: cannot lock the folder (its lock file keeps changing)")


def _holder(fd: int) -> str:
    """" (pid N)" from the lock file, when the holder wrote it."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {text})" if text.isdigit() else ""
