"""write_atomic: a brief appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.errors import OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Missing parent folders are created.  On any failure the temporary file is
    removed and nothing is left at ``path``.

    Raises:
        OutputError: the folder cannot be created or written to.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{target}: cannot create the folder {target.parent} ({err.strerror or err})") from None
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name such as {target / 'brief.html'}")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as err:
        raise OutputError(f"{target}: cannot write the brief ({err.strerror or err})") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
