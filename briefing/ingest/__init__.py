"""read_article(path or "-") -> Document: the only door into the pipeline."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from briefing.document import Document
from briefing.errors import InputError
from briefing.ingest.decode import decode_bytes
from briefing.ingest.html import looks_like_html, read_html
from briefing.ingest.language import NON_ENGLISH_NOTE, looks_english
from briefing.ingest.text import read_text
from briefing.options import DEFAULT_MAX_BYTES

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""}) | MARKDOWN_SUFFIXES
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

__all__ = ["read_article", "read_article_bytes", "read_bytes", "check_article_type", "decode_article", "ARTICLE_SUFFIXES"]


def read_article(source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read an article file (``.txt``, ``.md``, ``.html``) or ``"-"`` for stdin into a Document.

    HTML is recognised by its content too, so a saved page named ``.txt`` (or
    piped on stdin) is read as a page.

    Args:
        source: a path, or ``"-"`` to read standard input.
        max_bytes: refuse inputs larger than this.

    Raises:
        InputError: the file is missing, unreadable, too large, binary, of an
            unknown type, or holds no article text.
    """
    name = str(source)
    if name == "-":
        return read_article_bytes(sys.stdin.buffer.read(max_bytes + 1), "-", max_bytes=max_bytes)
    path = Path(source)
    check_article_type(path)
    return read_article_bytes(read_bytes(path, max_bytes), name, max_bytes=max_bytes)


def check_article_type(path: Path) -> None:
    """InputError for a file whose suffix says it is not an article brief can read (.docx, .pdf...)."""
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES and os.path.isfile(path):
        raise InputError(f"{path}: unsupported file type '{suffix}'; brief reads .txt, .md and .html articles")


def read_article_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """An article's raw bytes -> Document; ``name`` (a file name) picks Markdown or HTML by suffix."""
    if len(data) > max_bytes:
        raise InputError(_too_large(name, len(data), max_bytes))
    decoded = decode_bytes(data, name)
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix in HTML_SUFFIXES or looks_like_html(decoded.text):
        doc = read_html(decoded.text, name)
    else:
        doc = read_text(decoded.text, name, markdown=suffix in MARKDOWN_SUFFIXES)
    notes = decoded.notes + doc.notes
    if not looks_english(" ".join(p.text for p in doc.paragraphs[:40])):
        notes += (NON_ENGLISH_NOTE,)
    return replace(doc, notes=notes) if notes else doc


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """An article file's bytes, or InputError naming why it cannot be read (missing, a folder, too large...)."""
    if len(os.fsencode(path.name)) > 255:
        raise InputError(f"{path}: the file name is too long ({len(os.fsencode(path.name))} bytes) to be a file")
    if not os.path.exists(path):
        what = "broken symbolic link (its target does not exist)" if os.path.islink(path) else "no such file"
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
        f"{name}: {size:,} bytes is larger than the {max_bytes:,}-byte limit for one article "
        "(raise it with --max-size)"
    )


def decode_article(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes -> text, refusing what is not an article (too large, binary, undecodable)."""
    if len(data) > max_bytes:
        raise InputError(_too_large(name, len(data), max_bytes))
    return decode_bytes(data, name).text
