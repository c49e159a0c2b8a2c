"""Topic segmentation: where a run of paragraphs changes theme, from their MiniLM vectors.

Most news stories and op-eds have no headings, yet a brief covers the article's
themes.  This cuts a sequence of paragraphs into segments by optimal change-point
detection with a penalty (as in ``ruptures``' ``Dynp``, written out here in
numpy), cutting only between paragraphs: a segment's cost is how far its
sentences lie from the segment's mean direction, ``sum(1 - cos(v, centroid))``,
which is ``sentences - |sum of v|`` for unit vectors; the segmentation minimises the total cost plus ``PENALTY`` per segment,
with the number of segments kept between bounds that follow the text's length
(an article of a page or two holds about two to five themes).  Segments that are
tiny or that say what their neighbour says are then merged.

Everything is deterministic: costs are rounded to six decimals before they are
compared, so float noise in the vectors (a batch against a lone pass) cannot move
a boundary.  Parameters were chosen on dev data (``benchmarks/segmentation.py``,
docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

# Cost of one more segment, in units of sentence distance (1 - cosine); chosen on dev data
# with WORDS_PER_THEME and MIN_SEGMENT_WORDS (benchmarks/segmentation.py --grid).
PENALTY = 0.6
WORDS_PER_THEME = 150  # at most one segment per this many words
MIN_THEMES = 3  # a text long enough for it gets at least this many segments (the design card's themes)
MIN_THEME_PARAGRAPHS = 2  # ... which needs this many paragraphs per segment
MIN_SEGMENT_WORDS = 60  # a shorter segment joins the neighbour it is closest to
DUPLICATE_SIMILARITY = 0.9  # adjacent segments whose centroids are this close are one theme
MAX_PARAGRAPHS = 1500  # past this the DP's n x n matrix is too big: cut evenly between even-sized runs


def paragraph_sums(sentence_vectors: Sequence[Vectors]) -> tuple[Vectors, list[int]]:
    """Each paragraph's sum of unit sentence vectors, and its sentence count (the units of the cost)."""
    import numpy as np

    dimension = sentence_vectors[0].shape[-1] if sentence_vectors else 0
    rows = [v.sum(axis=0) if len(v) else np.zeros(dimension, dtype=np.float32) for v in sentence_vectors]
    sums: Vectors = np.stack(rows).astype(np.float32) if rows else np.zeros((0, dimension), dtype=np.float32)
    return sums, [len(v) for v in sentence_vectors]


def unit_rows(matrix: Vectors) -> Vectors:
    """Rows scaled to unit length: a sum of sentence vectors becomes its centroid's direction."""
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Vectors = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def theme_bounds(words: int, paragraphs: int) -> tuple[int, int]:
    """The fewest and most segments a text of this length may have."""
    most = max(1, min(paragraphs, words // WORDS_PER_THEME))
    fewest = min(MIN_THEMES, most, paragraphs // MIN_THEME_PARAGRAPHS) or 1
    return fewest, most


def segment(sums: Vectors, counts: Sequence[int], words: Sequence[int], *, penalty: float = PENALTY,
            bounds: tuple[int, int] | None = None) -> list[int]:
    """Where each segment starts: sorted paragraph indices, the first always 0.

    Args:
        sums, counts: each paragraph's sum of sentence vectors and its sentence count
            (``paragraph_sums``): a segment's cost is ``sentences - |sum|``, so a long
            paragraph weighs more than a one-line one.
        words: each paragraph's word count (for the length bounds and the tiny-segment merge).
        penalty: cost of one more segment.
        bounds: the fewest and most segments; default, from the length (``theme_bounds``).
    """
    import numpy as np

    n = len(sums)
    if n == 0:
        return []
    fewest, most = bounds or theme_bounds(sum(words), n)
    most = min(most, n)
    fewest = max(1, min(fewest, most))
    if n > MAX_PARAGRAPHS:
        step = n / most
        return sorted({int(round(i * step)) for i in range(most)})
    v = np.asarray(sums, dtype=np.float64)
    prefix = np.vstack([np.zeros((1, v.shape[1])), np.cumsum(v, axis=0)])
    gram = prefix @ prefix.T
    sq = np.diag(gram)
    # cost[i, j]: the segment of paragraphs i..j-1 (i < j).
    norm = np.sqrt(np.maximum(sq[None, :] + sq[:, None] - 2 * gram, 0.0))
    index = np.arange(n + 1)
    length = index[None, :] - index[:, None]
    mass = np.concatenate([[0.0], np.cumsum(np.asarray(counts, dtype=np.float64))])
    cost = np.where(length > 0, np.round(mass[None, :] - mass[:, None] - norm, 6), np.inf)
    # best[k][j]: least cost of paragraphs 0..j-1 in k segments; back[k][j]: where the last one starts.
    best = np.full((most + 1, n + 1), np.inf)
    back = np.zeros((most + 1, n + 1), dtype=np.int64)
    best[0, 0] = 0.0
    for k in range(1, most + 1):
        total = np.round(best[k - 1][:, None] + cost, 6)
        back[k] = np.argmin(total, axis=0)  # the first minimum: the earliest start wins ties
        best[k] = total[back[k], index]
    scores = [round(float(best[k, n]) + penalty * k, 6) for k in range(fewest, most + 1)]
    chosen = fewest + min(range(len(scores)), key=lambda i: (scores[i], i))
    starts: list[int] = []
    j = n
    for k in range(chosen, 0, -1):
        j = int(back[k, j])
        starts.append(j)
    return _merge(sorted(starts), v, words, fewest)


def _merge(starts: list[int], v: npt.NDArray[np.float64], words: Sequence[int], fewest: int) -> list[int]:
    """Tiny segments into their closer neighbour, then near-duplicate neighbours into one, down to ``fewest``."""
    import numpy as np

    starts = list(starts)

    def spans() -> list[tuple[int, int]]:
        ends = starts[1:] + [len(v)]
        return list(zip(starts, ends))

    def centroid(span: tuple[int, int]) -> npt.NDArray[np.float64]:
        c = v[span[0] : span[1]].sum(axis=0)
        unit: npt.NDArray[np.float64] = c / max(float(np.linalg.norm(c)), 1e-12)
        return unit

    def similarity(a: tuple[int, int], b: tuple[int, int]) -> float:
        return round(float(centroid(a) @ centroid(b)), 6)

    while len(starts) > fewest:
        segs = spans()
        sizes = [sum(words[a:b]) for a, b in segs]
        small = min(range(len(segs)), key=lambda i: (sizes[i], i))
        if sizes[small] >= MIN_SEGMENT_WORDS:
            break
        neighbours = [j for j in (small - 1, small + 1) if 0 <= j < len(segs)]
        into = max(neighbours, key=lambda j: (similarity(segs[small], segs[j]), -j))
        del starts[max(small, into)]
    while len(starts) > fewest:
        segs = spans()
        sims = [similarity(segs[i], segs[i + 1]) for i in range(len(segs) - 1)]
        closest = max(range(len(sims)), key=lambda i: (sims[i], -i))
        if sims[closest] < DUPLICATE_SIMILARITY:
            break
        del starts[closest + 1]
    return starts
