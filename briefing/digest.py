"""``briefing.summarize(text)``: the best sentences of a whole document, verbatim, in source order.

The engine behind the brief's Bottom line, usable on its own::

    >>> import briefing
    >>> briefing.summarize(open("article.txt").read(), sentences=3)
    ['First chosen sentence.', 'Second.', 'Third.']

Sentences are scored by the learned ranker (``engines/ranker.py``) over position,
length, similarity (MiniLM) to the whole text, its opening and its title, and
the budget; the best are taken within the budget, skipping repeats.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from briefing.engines.features import SentenceSlot
from briefing.errors import UnknownModel

if TYPE_CHECKING:
    from briefing.engines.encoder import SentenceEncoder

_BLANK_LINES = re.compile(r"\n\s*\n")
_WS = re.compile(r"\s+")
DEFAULT_SENTENCES = 3


@functools.cache
def _shared_encoder() -> SentenceEncoder:
    from briefing.engines.encoder import SentenceEncoder

    return SentenceEncoder()


def split_document(text: str) -> list[SentenceSlot]:
    """Paragraphs (blank-line blocks) -> sentences with their positions."""
    from briefing.ingest.sentences import split_sentences

    slots: list[SentenceSlot] = []
    paragraph = 0
    for block in _BLANK_LINES.split(text.replace("\r\n", "\n")):
        block = _WS.sub(" ", block).strip()
        if not block:
            continue
        for index, sentence in enumerate(split_sentences(block)):
            slots.append(SentenceSlot(sentence, len(slots), paragraph, index))
        paragraph += 1
    return slots


def summarize(
    text: str,
    *,
    sentences: int | None = None,
    words: int | None = None,
    model: str = "extractive",
    title: str | None = None,
    encoder: SentenceEncoder | None = None,
) -> list[str]:
    """The document's most summary-worthy sentences, verbatim, in source order.

    Args:
        text: the document; blank lines separate paragraphs.
        sentences: how many sentences (default 3 when ``words`` is not given either).
        words: a word budget instead of (or on top of) a sentence count.
        model: the engine; ``extractive`` (the learned sentence ranker).
        title: the document's headline, if it has one: a sentence close to it scores higher.
        encoder: a loaded SentenceEncoder to share (the default loads one once per process).

    Raises:
        UnknownModel: ``model`` is not an engine this function offers.
        ValueError: a budget below 1.
    """
    if model != "extractive":
        raise UnknownModel(f"unknown model '{model}' for whole-document summaries; available: extractive")
    if sentences is not None and sentences < 1 or words is not None and words < 1:
        raise ValueError("sentences and words must be at least 1")
    if sentences is None and words is None:
        sentences = DEFAULT_SENTENCES
    slots = split_document(text)
    if not slots:
        return []
    from briefing.engines.ranker import budget_in_sentences, choose, rank

    encoder = encoder or _shared_encoder()
    encoder.clear_cache()
    texts = [s.text for s in slots]
    scores, embeddings = rank(slots, encoder, budget_in_sentences(texts, sentences, words), title)
    return [texts[i] for i in choose(texts, scores, embeddings, sentences=sentences, words=words)]
