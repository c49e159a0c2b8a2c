"""Sentence splitting: pysbd's rules, kept verbatim and deterministic.

pysbd (Golden Rules of sentence boundary detection) already handles "U.S.",
"St. Antony's", "Dec. 11", "2.5 percent", initials and quotes; we only strip
the whitespace it leaves and never rewrite the text, so every sentence is a
verbatim substring of its paragraph.
"""

from __future__ import annotations

import functools
import re

from typing import Any

import pysbd
from pysbd.utils import TextSpan

# pysbd's time grows faster than the paragraph (a 100 kB paragraph of short
# sentences takes ~17 s), so long paragraphs go to it in pieces of about this
# many characters, cut where a sentence plainly ends.
_PIECE = 2000
_PLAIN_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]  # pysbd ships no types
    """pysbd's segmenter with a linear search for where each sentence sits.

    pysbd finds each sentence's span by scanning the whole text from its start
    (``re.finditer``) for every sentence: quadratic in the sentences of a piece,
    so 300 kB of "![a" (100,000 "sentences") took 17 s (issue 18).  Sentences
    come in order, so each is looked for from where the one before it ended.
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
        text: str = self.original_text
        spans = []
        prior_end = 0
        for sent in sentences:
            start = text.find(sent, max(0, prior_end - len(sent)))
            while start != -1 and start + len(sent) <= prior_end and not text[start + len(sent) : prior_end + 1].isspace():
                start = text.find(sent, start + 1)
            if start == -1:
                continue  # pysbd drops a sentence it cannot find, too
            end = start + len(sent)
            while end < len(text) and text[end].isspace():
                end += 1
            spans.append(TextSpan(text[start:end], start, end))
            prior_end = end
        return spans


@functools.cache
def _segmenter() -> pysbd.Segmenter:
    # clean=False keeps the text untouched; char_span gives offsets into it.
    return _Segmenter(language="en", clean=False, char_span=True)


# A paragraph with none of these before its last character is one sentence for
# pysbd too (checked against pysbd on 73,208 such paragraphs, none differed), so
# pysbd, about 0.5 ms a call whatever the length, is skipped: a page of 130,000
# one-line paragraphs spent a minute there (issue 18).  Quotes and brackets are in
# the set because pysbd splits after a leading quotation or parenthesis.
_MAY_SPLIT = re.compile(r"[.!?…;:()\[\]\n\r\u3002\uff01\uff1f\"'“”‘’«»]")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split one paragraph into sentences, each a verbatim slice of ``text``."""
    stripped = text.strip()
    if not stripped:
        return ()
    if len(stripped) <= _PIECE and not _MAY_SPLIT.search(stripped, 0, len(stripped) - 1):
        return (stripped,)
    out: list[str] = []
    for piece in _pieces(text):
        spans = _segmenter().segment(piece)
        out.extend(piece[s.start : s.end].strip() for s in spans)
    return tuple(s for s in out if s)


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of about _PIECE characters at plain sentence ends.

    Text with no sentence end for twice that long (a megabyte of words with
    no punctuation) is cut at a space, so no piece grows without bound.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > _PIECE:
        end = _PLAIN_END.search(text, start + _PIECE, start + 2 * _PIECE)
        if end is not None:
            cut = end.end()
        else:
            space = text.rfind(" ", start + 1, start + _PIECE)
            cut = space + 1 if space > start else start + _PIECE
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
