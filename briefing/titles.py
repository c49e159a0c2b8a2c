"""Titles for theme blocks that have no heading: short noun phrases from the block's own text.

After KeyBERT (Grootendorst, 2020): candidates are the segment's noun phrases
(spaCy noun chunks, alone or with one prepositional phrase attached, such as
"cooperation with Central Asian countries"), at most ``MAX_TITLE_WORDS`` words.
Each is scored by its MiniLM cosine with the segment's centroid, with a small
bonus for a phrase the segment repeats, and chosen greedily with a
maximal-marginal-relevance penalty against the titles already given; two
blocks never share a title.  (A penalty for closeness to the *other*
segments, to make titles more distinctive, was tried and lowered the titles'
agreement with the true headings; see ``DISTINCTNESS``.)  A candidate is a noun phrase by construction: never
a sentence's start, a table caption or a list's lead-in.

The candidates' vectors come in one encoder pass for the whole article; the
sentences' vectors are those the pipeline already computed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from briefing.document import Sentence

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

MAX_TITLE_WORDS = 6
MIN_TITLE_WORDS = 2  # one word ("Russia", "policy") names a topic too vaguely for a block
CANDIDATES_PER_SEGMENT = 15  # the most frequent phrases of a segment are embedded; the rest are not
SENTENCES_PER_SEGMENT = 8  # phrases come from the segment's sentences closest to its centroid (speed)
# Chosen on the dev documents of benchmarks/segmentation.py (mean cosine with the true heading;
# every setting tried is in docs/benchmarks.md): the penalties only lowered it (0.357 with both at
# 0, 0.336 with both at 0.25, 0.304 with both at 0.5); a light penalty against the titles already
# chosen keeps neighbours from near-identical titles, and the same phrase is never given twice.
DISTINCTNESS = 0.0  # weight of the penalty for being close to another segment's centroid
REDUNDANCY = 0.1  # weight of the penalty for being close to a title already chosen
FREQUENCY_BONUS = 0.03  # per extra mention (up to 3): a phrase the segment repeats is its subject

_ATTACH = frozenset({"of", "for", "with", "on", "against", "over", "to", "in", "between", "from", "by"})
_SKIP_WORDS = frozenset(
    "table figure chart exhibit appendix percent percentage number part parts way ways time times year years "
    "month months week weeks day days report reports section sections example examples lot kind".split()
)
_BAD_CHARS = re.compile(r"[\"“”‘()\[\]{}:;|/@#*_=<>]|https?|www\.")


class TitleEncoder(Protocol):
    def encode(self, texts: Sequence[str]) -> Vectors: ...


def candidate_phrases(sentences: Sequence[str]) -> list[str]:
    """The noun phrases of these sentences that could title them, most frequent first."""
    from briefing import nlp

    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    shown: dict[str, str] = {}
    order = 0
    for doc in nlp.parse_many(sentences):
        for chunk in doc.noun_chunks:
            for phrase in _phrases(chunk):
                key = phrase.lower()
                counts[key] = counts.get(key, 0) + 1
                if key not in first:
                    first[key], shown[key] = order, phrase
                    order += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    return [shown[k] for k in ranked]


def _phrases(chunk: object) -> list[str]:
    """A noun chunk cleaned of determiners and pronouns, and the chunk with its attached phrase."""
    tokens = list(chunk)  # type: ignore[call-overload]
    while tokens and (tokens[0].pos_ in ("DET", "PRON", "PUNCT", "CCONJ") or tokens[0].tag_ in ("PRP$", "WDT")):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ in ("PUNCT", "PART"):
        tokens = tokens[:-1]
    if not tokens or tokens[-1].pos_ not in ("NOUN", "PROPN"):
        return []
    out = []
    base = _text(tokens)
    if _acceptable(base, tokens):
        out.append(base)
    root = tokens[-1]
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in _ATTACH or prep.i != root.i + 1:
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
        if not objects:
            continue
        tail = [t for t in objects[0].subtree if t.i > prep.i and t.i <= objects[0].i]
        while tail and tail[0].pos_ in ("DET", "PRON"):
            tail = tail[1:]
        if not tail or any(t.pos_ in ("VERB", "PUNCT", "PRON", "ADP") for t in tail):
            continue
        joined = tokens + [prep] + tail
        text = _text(joined)
        if _acceptable(text, joined):
            out.append(text)
    return out


def _text(tokens: Sequence[object]) -> str:
    parts = []
    for i, token in enumerate(tokens):
        parts.append(token.text)  # type: ignore[attr-defined]
        if i + 1 < len(tokens):
            parts.append(token.whitespace_)  # type: ignore[attr-defined]
    return "".join(parts).strip()


def _acceptable(text: str, tokens: Sequence[object]) -> bool:
    words = text.split()
    if not MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS or _BAD_CHARS.search(text):
        return False
    if any(t.like_num or t.pos_ in ("NUM", "SYM", "X") for t in tokens):  # type: ignore[attr-defined]
        return False  # "43 percent", "2016": a figure, not a theme
    heads = [t for t in tokens if t.pos_ in ("NOUN", "PROPN")]  # type: ignore[attr-defined]
    return not all(t.lower_ in _SKIP_WORDS for t in heads)  # type: ignore[attr-defined]


def title_segments(
    segments: Sequence[Sequence[Sentence]], centroids: Vectors, encoder: TitleEncoder
) -> list[str | None]:
    """A title for each segment, or None where its text offers no noun phrase to title it.

    Args:
        segments: the sentences of each segment, in reading order.
        centroids: each segment's unit mean sentence vector (rows in the segments' order).
        encoder: embeds the candidate phrases (one batched pass for all segments).
    """
    import numpy as np

    per_segment = [
        candidate_phrases(_central(seg, centroid, encoder))[:CANDIDATES_PER_SEGMENT]
        for seg, centroid in zip(segments, centroids)
    ]
    counts = [_mentions(seg, phrases) for seg, phrases in zip(segments, per_segment)]
    every = sorted({c for phrases in per_segment for c in phrases})
    if not every:
        return [None] * len(segments)
    vectors = encoder.encode(every)
    row = {text: i for i, text in enumerate(every)}
    to_centroids = vectors @ np.asarray(centroids, dtype=np.float32).T  # (candidates, segments)
    chosen: list[str | None] = [None] * len(segments)
    chosen_vectors: list[Vectors] = []
    # In reading order: the earlier block keeps a contested phrase.
    for index in range(len(segments)):
        best: tuple[float, str] | None = None
        for phrase in per_segment[index]:
            if _capitalise(phrase) in chosen:
                continue
            i = row[phrase]
            own = float(to_centroids[i, index])
            others = [float(to_centroids[i, j]) for j in range(len(segments)) if j != index]
            redundancy = max((float(vectors[i] @ v) for v in chosen_vectors), default=0.0)
            bonus = FREQUENCY_BONUS * min(3, counts[index].get(phrase, 1) - 1)
            score = round(own - DISTINCTNESS * max(others, default=0.0) - REDUNDANCY * redundancy + bonus, 6)
            if best is None or score > best[0]:
                best = (score, phrase)
        if best is not None:
            chosen[index] = _capitalise(best[1])
            chosen_vectors.append(vectors[row[best[1]]])
    return chosen


def _central(segment: Sequence[Sentence], centroid: Vectors, encoder: TitleEncoder) -> list[str]:
    """The segment's sentences closest to its centroid, in reading order: where its subject is named.

    Parsing is most of the titles' cost, so only these are parsed (their vectors are cached).
    """
    texts = [s.text for s in segment]
    if len(texts) <= SENTENCES_PER_SEGMENT:
        return texts
    closeness = (encoder.encode(texts) @ centroid).tolist()
    best = sorted(range(len(texts)), key=lambda i: (-round(closeness[i], 6), i))[:SENTENCES_PER_SEGMENT]
    return [texts[i] for i in sorted(best)]


def _mentions(segment: Sequence[Sentence], phrases: Sequence[str]) -> dict[str, int]:
    text = " ".join(s.text for s in segment).lower()
    return {phrase: text.count(phrase.lower()) for phrase in phrases}


def _capitalise(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]
