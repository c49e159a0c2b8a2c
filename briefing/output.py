"""write_atomic: a brief appears whole or not at all, and never where it would destroy something.

What ``-o PATH`` may find there, and what happens:

- nothing, or a regular file: a temporary file beside it, then ``os.replace``;
- a symbolic link: followed; its final target is replaced atomically and the
  link stays a link;
- a character device (``/dev/null``, a terminal) or a FIFO: written through,
  as a shell redirection would (a FIFO with no reader blocks like any writer);
  it is never unlinked or replaced;
- a folder, a block device, a socket: refused;
- the article being briefed (the same file by device and inode, through links
  too): refused, so ``brief a.md -o a.md`` cannot destroy its input.

New files get the permissions the umask allows (``0o666 & ~umask``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefing.errors import OutputError

# The random part and ".tmp" that mkstemp adds to a temporary file's name.
_TMP_EXTRA = 16


def write_atomic(path: Path | str, data: str | bytes, *, inputs: Iterable[Path | str] = ()) -> None:
    """Write ``data`` at ``path`` whole or not at all (see the module docstring for what ``path`` may be).

    Missing parent folders are created.  On any failure, or a signal turned into
    an exception, the temporary file is removed and ``path`` is left as it was.

    Args:
        path: where the brief goes.
        data: text (written as UTF-8) or bytes.
        inputs: files that must never be overwritten (the articles being briefed).

    Raises:
        OutputError: the folder cannot be created or written to, or ``path`` is
            something brief must not replace.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    _check_name_length(target, target)  # first: any stat of a name too long fails with ENAMETOOLONG
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{target}: cannot create the folder {real.parent} ({err.strerror or err})") from None
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise OutputError(f"{target}: cannot be written ({err.strerror or err})") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{target}: is a directory; give a file name such as {target / 'brief.html'}")
        if _is_input(st, inputs):
            raise OutputError(f"{target}: is the article being briefed; refusing to overwrite it (choose another -o)")
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_through(real, payload, target)
            return
        if not stat.S_ISREG(st.st_mode):
            kind = "a block device" if stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file"
            raise OutputError(f"{target}: is {kind}; brief only replaces regular files")
    _check_name_length(real, target)
    _replace(real, payload, target)


def check_not_input(path: Path | str, inputs: Iterable[Path | str]) -> None:
    """OutputError when ``path`` (through links) is one of ``inputs``."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if _is_input(st, inputs):
        raise OutputError(f"{path}: is the article being briefed; refusing to overwrite it (choose another -o)")


def is_same_file(path: Path | str, other: Path | str) -> bool:
    """True when both names lead (through links) to one file: same device and inode."""
    try:
        a, b = os.stat(path), os.stat(other)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _is_input(st: os.stat_result, inputs: Iterable[Path | str]) -> bool:
    for source in inputs:
        try:
            other = os.stat(source)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def _write_through(real: Path, payload: bytes, target: Path) -> None:
    """A character device or FIFO: write into it, never replace it."""
    try:
        with open(real, "wb") as handle:
            handle.write(payload)
    except OSError as err:
        raise OutputError(f"{target}: cannot write the brief ({err.strerror or err})") from None


def _check_name_length(real: Path, target: Path) -> None:
    folder = next((p for p in real.parents if p.is_dir()), Path("."))
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    size = len(os.fsencode(real.name))
    if size > limit:
        raise OutputError(
            f"{target}: the file name is too long ({size} bytes; this file system allows {limit}); choose a shorter -o"
        )


def _tmp_prefix(name: str, limit: int = 255) -> str:
    """A hidden temporary name that fits the file system even when ``name`` is near its limit."""
    prefix = f".{name}."
    if len(os.fsencode(prefix)) + _TMP_EXTRA <= limit:
        return prefix
    return f".{hashlib.sha256(os.fsencode(name)).hexdigest()[:16]}."


def _umask() -> int:
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace(real: Path, payload: bytes, target: Path) -> None:
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_tmp_prefix(real.name), suffix=".tmp", dir=real.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, real)
        tmp_name = None
    except OSError as err:
        raise OutputError(f"{target}: cannot write the brief ({err.strerror or err})") from None
    finally:
        # Also reached when a signal (see briefing.interrupt) raises during the fsync.
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
