"""Is this English?  The default encoder was trained on English text only.

A cheap, deterministic test: English prose is about 40% function words (the,
of, and, to...); other languages, even close ones, score a few percent and
non-Latin scripts none.  No language-id model needed for the one question we ask.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he i this are or his from at which "
    "but have an they you were her she there been has their would will we more its can who than "
    "said also into after should could".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_SHARE = 0.12  # English prose: 0.35-0.5; French, German, Spanish: below 0.05

NON_ENGLISH_NOTE = (
    "The article does not look like English; the default sentence encoder (all-MiniLM-L6-v2) "
    "was trained on English, so its choice of points may be weaker."
)


def looks_english(text: str) -> bool:
    """True when the text reads as English prose (or is too short to tell)."""
    words = _WORD.findall(text[:20_000].lower())
    if len(words) < 20:
        return True  # too little to judge; say nothing rather than something wrong
    return sum(w in _FUNCTION_WORDS for w in words) >= _MIN_SHARE * len(words)
