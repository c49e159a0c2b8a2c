"""read_article(path or "-") -> Document: the only door into the pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.document import Document
from briefing.errors import InputError
from briefing.ingest.text import read_text
from briefing.options import DEFAULT_MAX_BYTES

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""}) | MARKDOWN_SUFFIXES

__all__ = ["read_article", "decode_article"]


def read_article(source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read an article file (``.txt``, ``.md``) or ``"-"`` for stdin into a Document.

    Args:
        source: a path, or ``"-"`` to read standard input.
        max_bytes: refuse inputs larger than this.

    Raises:
        InputError: the file is missing, unreadable, too large, binary, not
            UTF-8, or holds no article text.
    """
    name = str(source)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        suffix = ""
    else:
        path = Path(source)
        data = _read_file(path, max_bytes)
        suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            f"{name}: unsupported file type '{suffix}'; brief reads .txt and .md articles"
        )
    text = decode_article(data, name, max_bytes=max_bytes)
    return read_text(text, name, markdown=suffix in MARKDOWN_SUFFIXES)


def _read_file(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        what = "broken symbolic link" if path.is_symlink() else "no such file"
        raise InputError(f"{path}: {what}")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(str(path), size, max_bytes))
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None


def _too_large(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{name}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for one article"
    )


def decode_article(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes -> text, refusing what is not an article (too large, binary, not UTF-8)."""
    if len(data) > max_bytes:
        raise InputError(_too_large(name, len(data), max_bytes))
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: is not UTF-8 text (undecodable byte at offset {err.start}); "
            "save it as UTF-8 and try again"
        ) from None
