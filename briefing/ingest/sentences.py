"""Sentence splitting: pysbd's rules, kept verbatim and deterministic.

pysbd (Golden Rules of sentence boundary detection) already handles "U.S.",
"St. Antony's", "Dec. 11", "2.5 percent", initials and quotes; we only strip
the whitespace it leaves and never rewrite the text, so every sentence is a
verbatim substring of its paragraph.
"""

from __future__ import annotations

import functools

import pysbd


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # clean=False keeps the text untouched; char_span gives offsets into it.
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> tuple[str, ...]:
    """Split one paragraph into sentences, each a verbatim slice of ``text``."""
    if not text.strip():
        return ()
    spans = _segmenter().segment(text)
    out = [text[s.start : s.end].strip() for s in spans]
    return tuple(s for s in out if s)
