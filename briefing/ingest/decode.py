"""Bytes -> text: the encodings people really save articles in, and refusing what is not text.

Order of trust, most certain first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): it says what the file is;
2. UTF-16 without a mark, told by its NUL bytes in every other position;
3. strict UTF-8, which almost never decodes text that is not UTF-8;
4. a legacy 8-bit encoding. Western text saved by Word or an old CMS is
   cp1252, and a charset guesser given a short cp1252 text often picks some
   other code page that happens to decode it (cp775, cp850...).  So when cp1252
   decodes the bytes and most letters come out ASCII (accents and curly quotes
   are the only high bytes, as in English, French, German...), cp1252 wins;
   otherwise charset-normalizer guesses (Cyrillic, Greek, CJK code pages).

Binary data is refused: NUL bytes beyond a stray few, or control characters in
what decodes.  A handful of NUL bytes in otherwise good text (a copy-paste
accident) are removed, and the brief says so.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from briefing.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return; and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_STRAY_NULS = 0.001  # share of bytes: more than this and it is binary, not text with an accident
_MAX_CONTROL = 0.01


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode an article's bytes, or raise InputError saying why they are not text."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode(data, encoding, name), encoding, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(_decode(data, utf16, name), utf16, name)

    notes: tuple[str, ...] = ()
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > max(1, len(data) * _MAX_STRAY_NULS):
            raise InputError(f"{name}: looks like a binary file (it contains {nuls:,} NUL bytes), not text")
        data = data.replace(b"\x00", b"")
        notes = (f"Removed {nuls} NUL byte{'s' if nuls > 1 else ''} (binary zeros) from the article text.",)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name, notes)
    except UnicodeDecodeError:
        pass
    legacy = _legacy(data)
    if legacy is None:
        raise InputError(f"{name}: looks like a binary file, not text in any known encoding")
    text, encoding = legacy
    notes += (f"The file is not UTF-8; it was read as {encoding}.",)
    return _checked(text, encoding, name, notes)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: claims to be {encoding} but has an undecodable byte at offset {err.start}"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs fill one byte of each pair, as in UTF-16 Latin text."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        text = None
    if text is not None:
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isascii() for c in letters) >= 0.8 * len(letters):
            return text, "cp1252"
    from charset_normalizer import from_bytes  # ~0.1 s import; only legacy files pay it

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best), best.encoding


# Invisible characters that join or split nothing a reader sees (zero-width space,
# non-joiner, joiner, word joiner, a BOM inside the text): removed, not turned into
# spaces, so "poli\u200bcy" reads "policy" (issue 18).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _checked(text: str, encoding: str, name: str, notes: tuple[str, ...] = ()) -> Decoded:
    text = _ZERO_WIDTH.sub("", text)
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    controls = len(_CONTROL.findall(text[:100_000]))
    if controls > _MAX_CONTROL * min(len(text), 100_000):
        raise InputError(f"{name}: looks like a binary file (control characters in the text), not an article")
    return Decoded(text, encoding, notes)
