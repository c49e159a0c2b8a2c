"""Per-sentence features for the learned sentence ranker.

Every feature is general to prose, none names a dataset: where the sentence
stands (writers put the point first), how long it is, how close it is in meaning
to the whole text, to the opening and to the title, how much its words recur in
the rest of the text, and the summary's budget: the share of the sentences the
summary may take (a summary of 3 sentences out of 40 favours the lead far more
than one of 8 out of 18).
``benchmarks/fit_ranker.py`` fits a scorer over these on the dev split;
``ranker.py`` applies it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_DIGIT = re.compile(r"\d")
_QUOTE = re.compile(r"[\"“”]")

# Names of the hand-made features, in column order; the embedding follows them.
NAMES: tuple[str, ...] = (
    "position", "position_inverse", "first", "second", "third", "fourth", "fifth",
    "paragraph_position", "first_in_paragraph", "index_in_paragraph_inverse",
    "words", "log_words", "short", "long", "digits", "quote", "question",
    "centrality", "lead_similarity", "title_similarity", "has_title", "max_similarity",
    "log_sentences", "position_inverse_x_log_sentences", "centrality_rank", "budget_share",
    "textrank_x_share", "word_share_x_share", "word_cover", "word_frequency_x_budget",
)
_TOKEN = re.compile(r"[a-z0-9]{3,}")
_STOP = frozenset(
    "the and for that with was were are but not have has had this from they their which would there been "
    "its his her she him who will more than also into after about said over such what when where then".split()
)


@dataclass(frozen=True, slots=True)
class SentenceSlot:
    """A sentence and where it stands: the inputs the features need besides embeddings."""

    text: str
    position: int  # in the document, 0-based
    paragraph: int  # paragraph number, 0-based
    index: int  # in its paragraph, 0-based


def feature_matrix(
    slots: Sequence[SentenceSlot], embeddings: Any, title_embedding: Any | None, budget: int
) -> Any:
    """A (sentences x NAMES) float32 array; ``budget`` is how many sentences the summary may take."""
    import numpy as np

    n = len(slots)
    if n == 0:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    emb = np.asarray(embeddings, dtype=np.float32)
    centroid = _unit(emb.mean(axis=0, keepdims=True))
    centrality = (emb @ centroid.T).squeeze(1)
    lead = _unit(emb[: min(3, n)].mean(axis=0, keepdims=True))
    lead_sim = (emb @ lead.T).squeeze(1)
    if title_embedding is not None:
        title_sim = (emb @ np.asarray(title_embedding, dtype=np.float32).reshape(-1, 1)).squeeze(1)
    else:
        title_sim = np.zeros(n, dtype=np.float32)
    pair = emb @ emb.T
    np.fill_diagonal(pair, -1.0)
    max_sim = pair.max(axis=1) if n > 1 else np.zeros(n, dtype=np.float32)
    order = sorted(range(n), key=lambda i: -float(centrality[i]))
    rank = [0.0] * n
    for r, i in enumerate(order):
        rank[i] = 1.0 / (1 + r)

    content = [_content_words(s.text) for s in slots]  # tokenised once for TextRank and recurrence
    textrank = _textrank(content)
    cover, frequency = _word_recurrence(content)
    share = min(1.0, budget / n)
    total_words = sum(len(s.text.split()) for s in slots) or 1

    paragraphs = max(s.paragraph for s in slots) + 1
    log_n = math.log1p(n)
    rows = []
    for i, slot in enumerate(slots):
        words = len(slot.text.split())
        inverse = 1.0 / (1 + slot.position)
        rows.append(
            [
                slot.position / max(1, n - 1),
                inverse,
                float(slot.position == 0),
                float(slot.position == 1),
                float(slot.position == 2),
                float(slot.position == 3),
                float(slot.position == 4),
                slot.paragraph / max(1, paragraphs - 1),
                float(slot.index == 0),
                1.0 / (1 + slot.index),
                words / 40.0,
                math.log1p(words),
                float(words < 8),
                float(words > 45),
                len(_DIGIT.findall(slot.text)) / max(1, len(slot.text)) * 10,
                float(bool(_QUOTE.search(slot.text))),
                float(slot.text.rstrip().endswith("?")),
                float(centrality[i]),
                float(lead_sim[i]),
                float(title_sim[i]),
                float(title_embedding is not None),
                float(max_sim[i]),
                log_n,
                inverse * log_n,
                rank[i],
                share,
                # TextRank and length matter when the summary takes much of the text
                # (extractive references of 8 of 18 sentences), far less for 3 of 40.
                textrank[i] * n * share,
                words / total_words * n * share,
                cover[i],
                # Frequent words mark the topic (SumBasic); how far to trust that grows with
                # the number of sentences the summary takes.
                frequency[i] * min(n, budget) / 10,
            ]
        )
    return np.array(rows, dtype=np.float32)


def _unit(rows: Any) -> Any:
    """Rows scaled to unit length, as torch.nn.functional.normalize does (eps 1e-12)."""
    import numpy as np

    norms = np.sqrt((rows * rows).sum(axis=1, keepdims=True))
    return rows / np.maximum(norms, np.float32(1e-12))


def _content_words(text: str) -> list[str]:
    return [w for w in _TOKEN.findall(text.lower()) if w not in _STOP]


def _word_recurrence(words: Sequence[list[str]]) -> tuple[list[float], list[float]]:
    """Per sentence: the share of its distinct content words that recur in another sentence, and
    the mean frequency of its content words in the whole text, in percent (SumBasic, Nenkova and
    Vanderwende, 2005).

    Both are lexical: ROUGE counts shared words, and a reference summary reuses
    the words the article keeps coming back to.  A sentence of stop words only
    scores 0 on both.  ``words``: each sentence's content words (``_content_words``).
    """
    frequency = Counter(w for found in words for w in found)
    spread = Counter(w for found in words for w in set(found))
    total = sum(frequency.values()) or 1
    cover = [sum(spread[w] > 1 for w in set(found)) / max(1, len(set(found))) for found in words]
    mean = [sum(frequency[w] for w in found) / total / max(1, len(found)) * 100 for found in words]
    return cover, mean


TEXTRANK_LIMIT = 600  # sentences; the graph is n x n, so past this only the first ones are ranked


def _textrank(content: Sequence[list[str]], damping: float = 0.85, rounds: int = 40) -> list[float]:
    """TextRank (Mihalcea and Tarau, 2004): PageRank over word-overlap similarity, normalised by length.

    The graph prizes sentences that share many words with many others, which
    favours full, content-rich sentences: a strong signal where summaries are
    long and extractive.  Sentences past TEXTRANK_LIMIT (a book, not an article)
    get 0, which keeps time and memory bounded.
    """
    import numpy as np

    words = [set(found) for found in content[:TEXTRANK_LIMIT]]
    n = len(words)
    vocabulary = {w: k for k, w in enumerate(sorted(set().union(*words)))} if words else {}
    terms = np.zeros((n, max(1, len(vocabulary))), dtype=np.float32)
    for i, found in enumerate(words):
        for w in found:
            terms[i, vocabulary[w]] = 1.0
    shared = terms @ terms.T
    sizes = np.array([len(w) for w in words], dtype=np.float32)
    logs = np.where(sizes > 1, np.log(np.maximum(sizes, 1)), np.float32(0))
    norm = logs[None, :] + logs[:, None]
    valid = (sizes > 1)[None, :] & (sizes > 1)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):  # np.where computes both branches
        weights = np.where(valid & (norm > 0), shared / np.maximum(norm, np.float32(1e-12)), np.float32(0))
        np.fill_diagonal(weights, 0.0)
        out = weights.sum(axis=1, keepdims=True)
        transition = np.where(out > 0, weights / np.maximum(out, np.float32(1e-12)), np.float32(1.0 / max(1, n)))
    score = np.full((n,), 1.0 / max(1, n), dtype=np.float32)
    for _ in range(rounds):
        score = (1 - damping) / n + damping * (transition.T @ score)
    return [round(float(v), 6) for v in score] + [0.0] * (len(content) - n)
