"""The default backend: pick each block's best source sentences, verbatim.

A sentence's value is a weighted sum of four signals, all cosine similarities
of MiniLM embeddings or simple position priors:

- centrality: how close it is to the rest of its block (it says what the block says);
- theme relevance: how close it is to the block's theme (its heading or spec text);
- article relevance: how close it is to the title and dek;
- position: writers put the main point first (in the block and in the paragraph);
  for the Outlook, later is better and forward-looking wording counts, a dated decision most.

The Bottom line is scored instead by the learned document ranker
(``ranker.py``, the engine of ``briefing.summarize``), restricted to the
sentences the plan gives that block.

Points are then chosen greedily by maximal marginal relevance (Carbonell and
Goldstein, 1998), so a sentence that repeats one already in the brief loses to a
new one, and are returned in source order, each scored mostly by the document
ranker (``_brief_values``): the page fit compares points across blocks on that one
scale.  Every point is a source sentence, so the backend is faithful by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.brief import Point
from briefing.document import Document, Sentence
from briefing.plan import article_year, is_dated_decision, is_forward_looking
from briefing.engines import LONG_REPORT_BUDGET, LONG_REPORT_WORDS, BlockInput
from briefing.engines.encoder import SentenceEncoder

WEIGHTS = {"centrality": 0.35, "theme": 0.25, "article": 0.15, "position": 0.25}
FORWARD_BONUS = 0.15  # Outlook only: forward-looking wording
DATED_BONUS = 0.15  # Outlook only, on top: a coming decision with its date, the most useful outlook point
MMR_LAMBDA = 0.7  # share of value (vs. novelty) in the greedy choice
DUPLICATE_SIMILARITY = 0.85  # above this a sentence restates one already chosen
MIN_WORDS, MAX_WORDS = 6, 60  # shorter is a fragment, longer is a run-on for one bullet
# Theme blocks: share of the learned document ranker's probability in a sentence's value
# (chosen on the CRS and GovReport dev pairs; a figure-or-date bonus was tried and lowered both).
RANKER_BLEND = 0.3
BLOCK_SHARE = 0.1  # share of a block's own value in a point's value to the brief (see _brief_values)


def _fits_a_bullet(text: str) -> bool:
    """Long enough to say something, short enough to read, and not a list's lead-in."""
    return MIN_WORDS <= len(text.split()) <= MAX_WORDS and not text.rstrip().endswith(":")


@dataclass(frozen=True, slots=True)
class _Scored:
    sentence: Sentence
    score: float


class ExtractiveSummarizer:
    name = "extractive"
    extractive = True
    needs_guard = False

    def __init__(self, encoder: SentenceEncoder) -> None:
        self._encoder = encoder
        self.model_id = f"extractive ({encoder.label})"
        self._lead_scores: dict[str, float] = {}
        self._year: int | None = None

    def notes(self) -> tuple[str, ...]:
        """What the reader should know about how the points were chosen (an encoder fallback)."""
        return tuple(self._encoder.notes)

    def prepare(self, doc: Document) -> None:
        """Embed the whole article in one batched pass; rank its sentences for the Bottom line."""
        self._encoder.encode([s.text for s in doc.sentences] + [doc.title])
        self._lead_scores = self._rank_document(doc)
        self._year = article_year(doc)

    def _rank_document(self, doc: Document) -> dict[str, float]:
        """The document ranker's probability for each sentence (``briefing.summarize``'s engine)."""
        import math

        from briefing.engines import BOTTOM_LINE_POINTS
        from briefing.engines.features import SentenceSlot
        from briefing.engines.ranker import rank

        sentences = doc.sentences
        if not sentences:
            return {}
        positions = {p.id: p.position for p in doc.paragraphs}
        slots = [SentenceSlot(s.text, s.position, positions[s.paragraph_id], s.index) for s in sentences]
        # A long report's summary is longer than a news lead: the ranker's budget-share
        # features are told so (CRS and GovReport dev: ROUGE-2 16.10 -> 16.42, 22.43 -> 22.56).
        budget = LONG_REPORT_BUDGET if doc.word_count >= LONG_REPORT_WORDS else BOTTOM_LINE_POINTS
        logits, _ = rank(slots, self._encoder, budget, doc.title)
        return {s.id: round(1 / (1 + math.exp(-z)), 6) for s, z in zip(sentences, logits)}

    def summarize_block(self, block_input: BlockInput) -> tuple[Point, ...]:
        scored = self._score(block_input)
        picked = self._select(scored, block_input)
        picked.sort(key=lambda item: item.sentence.position)
        values = self._brief_values(picked)
        return tuple(
            Point(
                text=item.sentence.text,
                sources=(item.sentence.paragraph_id,),
                engine="extractive",
                score=value,
                sentence_ids=(item.sentence.id,),
            )
            for item, value in zip(picked, values)
        )

    def _brief_values(self, picked: list[_Scored]) -> list[float]:
        """The chosen points' values to the whole brief: mostly the document ranker's probability.

        A block's own value (centrality, theme, position, the Outlook's bonuses) chooses
        *within* the block; the page fit then weighs points of different blocks against
        each other, which needs one scale for all: whether the sentence belongs in a
        summary of the whole document.  On the CRS dev pairs, fitting by the block
        values kept one opening sentence of every section; by this probability the page
        keeps the report's summary-worthy sentences, most of them from its introduction
        (docs/benchmarks.md, issue 13).  A tenth of the block's own value is added so that
        the block's judgment settles near-ties: the seed's "Russian Criticisms" block keeps
        its criticism (probability 0.178) rather than a neighbouring fact (0.180).
        """
        return [round(self._lead_scores.get(item.sentence.id, 0.0) + BLOCK_SHARE * item.score, 6) for item in picked]

    def _score(self, block_input: BlockInput) -> list[_Scored]:
        block = block_input.block
        candidates = [s for s in block_input.candidates if _fits_a_bullet(s.text)]
        if not candidates:
            candidates = list(block_input.candidates)  # better a short point than none
        texts = [s.text for s in candidates]
        context = [s.text for s in block_input.block_sentences]
        encode = self._encoder.encode
        emb = encode(texts)
        context_emb = encode(context)
        centrality = (emb @ context_emb.T).mean(axis=1).tolist()
        theme = (emb @ encode([block.theme]).T).squeeze(1).tolist()
        article = (emb @ encode([block_input.document_theme or block.theme]).T).squeeze(1).tolist()

        paragraphs = list(dict.fromkeys(s.paragraph_id for s in block_input.block_sentences))
        scored = []
        for i, sentence in enumerate(candidates):
            rank = paragraphs.index(sentence.paragraph_id) / max(1, len(paragraphs) - 1)
            if block.kind == "outlook":
                rank = 1.0 - rank  # the closing paragraphs carry the outlook
            in_paragraph = 1.0 / (1 + sentence.index)
            position = 0.6 * (1.0 - rank) + 0.4 * in_paragraph
            value = (
                WEIGHTS["centrality"] * centrality[i]
                + WEIGHTS["theme"] * theme[i]
                + WEIGHTS["article"] * article[i]
                + WEIGHTS["position"] * position
            )
            if block.kind == "outlook" and is_forward_looking(sentence.text, self._year):
                value += FORWARD_BONUS
                if is_dated_decision(sentence.text, self._year):
                    value += DATED_BONUS
            if block.kind == "theme":
                value = (1 - RANKER_BLEND) * value + RANKER_BLEND * self._lead_scores.get(sentence.id, 0.0)
            if block.kind == "bottom_line" and sentence.id in self._lead_scores:
                # The Bottom line is the document summary: the learned ranker decides it
                # (position, length, closeness to the whole and the title; see ranker.py).
                # Lifted to 0.5-1 so that a word budget takes theme points (about 0.35-0.6)
                # before it takes the article's main claims.
                value = 0.5 + 0.5 * self._lead_scores[sentence.id]
            # Rounded so that float noise in the last bits never reorders points.
            scored.append(_Scored(sentence, round(value, 6)))
        return scored

    def _select(self, scored: list[_Scored], block_input: BlockInput) -> list[_Scored]:
        """Greedy maximal marginal relevance against the block and the brief so far."""
        if not scored:
            return []
        encode = self._encoder.encode
        emb = {item.sentence.id: v for item, v in zip(scored, encode([i.sentence.text for i in scored]))}
        earlier = encode(list(block_input.already_chosen)) if block_input.already_chosen else None
        picked: list[_Scored] = []
        remaining = list(scored)
        spread = block_input.block.kind == "bottom_line"
        while remaining and len(picked) < block_input.max_points:
            best: tuple[float, int, _Scored] | None = None
            # The Bottom line says the article's main claims, not one paragraph's story twice
            # (a news peg's "Lavrov criticized ..." and "In a press conference, Lavrov ..."):
            # one point per paragraph while other paragraphs have candidates.
            used = {p.sentence.paragraph_id for p in picked}
            pool = [i for i in remaining if i.sentence.paragraph_id not in used] if spread else remaining
            for item in pool or remaining:
                vector = emb[item.sentence.id]
                sims = [float(vector @ emb[p.sentence.id]) for p in picked]
                if earlier is not None:
                    sims.extend(float(v) for v in (earlier @ vector))
                redundancy = round(max(sims, default=0.0), 6)
                if redundancy > DUPLICATE_SIMILARITY:
                    continue
                mmr = round(MMR_LAMBDA * item.score - (1 - MMR_LAMBDA) * redundancy, 6)
                key = (mmr, -item.sentence.position, item)
                if best is None or key[:2] > best[:2]:
                    best = key
            if best is None:
                break
            picked.append(best[2])
            remaining.remove(best[2])
        return picked
