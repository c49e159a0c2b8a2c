"""Summarizer backends behind one small interface, found through one registry.

A backend condenses one planned block into points::

    class MySummarizer:
        name = "mine"
        extractive = True       # points are verbatim source sentences
        needs_guard = False     # generated text would pass the faithfulness guard
        model_id = "mine (v1)"

        def prepare(self, doc): ...           # optional warm-up, e.g. batch-encode
        def summarize_block(self, block_input): return (Point(...), ...)

The registry maps a name to ``"module:factory"``; the module is imported only
when that name is asked for, so ``brief --help`` never imports torch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from briefing.brief import Block, Brief, BriefBlock, BriefPlan, Point, SourceInfo
from briefing.document import Document, Sentence
from briefing.errors import UnknownModel

if TYPE_CHECKING:
    from briefing.engines.encoder import SentenceEncoder
    from briefing.engines.resolve import ModelRef

# Most points a Bottom line or Outlook block takes, whatever --points says:
# they are the article's two or three key sentences, not a second summary.
BOTTOM_LINE_POINTS = 3
OUTLOOK_POINTS = 3
# Past this many words a document is a report, whose summary says more than a news lead:
# its Bottom line may take LONG_REPORT_BUDGET points (CRS and GovReport dev pairs; see
# benchmarks/crs_quality.py and docs/benchmarks.md).  The page fit keeps as many of them as
# outweigh the theme points on the document ranker's scale (fit.py).
LONG_REPORT_WORDS = 3000
LONG_REPORT_BUDGET = 8

REGISTRY: dict[str, str] = {
    "extractive": "briefing.engines.extractive:ExtractiveSummarizer",
}


@dataclass(frozen=True, slots=True)
class BlockInput:
    """Everything a backend sees for one block."""

    block: Block
    candidates: tuple[Sentence, ...]  # the block's sentences not yet used elsewhere in the brief
    block_sentences: tuple[Sentence, ...]  # all of the block's sentences, used or not
    already_chosen: tuple[str, ...]  # texts of points other blocks chose, to avoid repeating them
    document_theme: str  # title and dek: what the whole article is about
    max_points: int


@runtime_checkable
class Summarizer(Protocol):
    name: str
    extractive: bool
    needs_guard: bool
    model_id: str

    def prepare(self, doc: Document) -> None: ...

    def summarize_block(self, block_input: BlockInput) -> tuple[Point, ...]: ...


def available_models() -> tuple[str, ...]:
    return tuple(sorted(REGISTRY))


def check_model(name: str) -> ModelRef:
    """Where ``--model NAME`` points: a registered engine, a model folder, a .gguf file, a cached hub id.

    Raises:
        UnknownModel: it points nowhere; the message lists the names that exist and how to get weights.
    """
    from briefing.engines.resolve import resolve_model

    return resolve_model(name, available_models())


def get_summarizer(name: str, encoder: SentenceEncoder, *, device: str = "cpu") -> Summarizer:
    """Build the engine ``name`` resolves to (see ``check_model`` for errors)."""
    ref = check_model(name)
    if ref.kind == "registered":
        module_name, _, attr = REGISTRY[name].partition(":")
        factory: Callable[[SentenceEncoder], Summarizer] = getattr(importlib.import_module(module_name), attr)
        return factory(encoder)
    from briefing.engines.generative import CausalSummarizer, Seq2SeqSummarizer

    engine = Seq2SeqSummarizer if ref.kind == "seq2seq" else CausalSummarizer
    return engine(ref, encoder, device=device)


def _block_limit(block: Block, points: int, words: int = 0) -> int:
    if block.kind == "bottom_line":
        if words >= LONG_REPORT_WORDS and points >= BOTTOM_LINE_POINTS:
            return LONG_REPORT_BUDGET  # a long report's summary says more than a news lead
        return min(points, BOTTOM_LINE_POINTS)
    if block.kind == "outlook":
        return min(points, OUTLOOK_POINTS)
    return points


def summarize(
    doc: Document, plan: BriefPlan, summarizer: Summarizer, *, points: int, version: str, spare: int = 0
) -> Brief:
    """Condense every planned block; no source sentence appears twice in the brief.

    The Bottom line chooses first, then the Outlook (it needs the closing
    sentences the last section would otherwise take), then the sections in order.
    ``spare`` more points per section block with the author's own heading are
    chosen for the page fit to weigh (it drops the weakest first).
    """
    by_id = {s.id: s for s in doc.sentences}
    summarizer.prepare(doc)
    used: set[str] = set()
    chosen: list[str] = []
    results: dict[str, tuple[Point, ...]] = {}
    order = sorted(plan.blocks, key=lambda b: {"bottom_line": 0, "outlook": 1}.get(b.kind, 2))
    theme = " ".join(t for t in (doc.title, doc.dek) if t)
    for block in order:
        block_sentences = tuple(by_id[i] for i in block.sentence_ids)
        candidates = tuple(s for s in block_sentences if s.id not in used)
        if not candidates:
            continue
        limit = _block_limit(block, points, doc.word_count)
        if block.kind == "theme" and block.title_source == "heading":
            limit += spare
        block_points = summarizer.summarize_block(
            BlockInput(block, candidates, block_sentences, tuple(chosen), theme, limit)
        )
        for point in block_points:
            used.update(point.sentence_ids)
            chosen.append(point.text)
        results[block.key] = block_points

    blocks = tuple(BriefBlock(b.key, b.title, b.kind, results[b.key], b.paragraph_ids, b.title_source) for b in plan.blocks if results.get(b.key))
    notes = list(plan.notes)
    engine_notes = getattr(summarizer, "notes", None)
    if callable(engine_notes):
        notes.extend(engine_notes())
    empty = [f"'{b.title}'" for b in plan.blocks if not results.get(b.key)]
    if empty:
        # Its sentences were all used, or would only repeat points already chosen.
        notes.append(f"Left out because their sentences repeat other points of the brief: {'; '.join(empty)}.")
    cited = {pid for blk in blocks for p in blk.points for pid in p.sources}
    paragraphs = tuple((p.id, p.text) for p in doc.paragraphs if p.id in cited)
    return Brief(
        title=doc.title,
        source=SourceInfo(file=doc.source, author=doc.byline, date=doc.date, site=doc.site, number=doc.number),
        blocks=blocks,
        model=summarizer.model_id,
        version=version,
        dek=doc.dek,
        notes=tuple(notes),
        paragraphs=paragraphs,
    )
