"""What plan and summarize produce: the brief's shape, then its content."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from briefing.facts import Facts

BlockKind = Literal["bottom_line", "theme", "outlook"]


@dataclass(frozen=True, slots=True)
class Block:
    """One planned block: what it is about and which sentences may feed it."""

    key: str  # stable slug: "bottom-line", "outlook", or from the title
    title: str
    kind: BlockKind
    theme: str  # text the block's points should be relevant to
    paragraph_ids: tuple[str, ...]
    sentence_ids: tuple[str, ...]  # candidate sentences, in source order
    # Theme blocks: "heading" (the article's own, shortened) or "generated" (titles.py); "" for the others.
    title_source: str = ""


@dataclass(frozen=True, slots=True)
class BriefPlan:
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edit:
    """One change condensing made to a point's source sentences (briefing/condense.py).

    ``drop``: ``removed`` words left out.  ``antecedent``, ``acronym``: ``removed``
    (perhaps empty) replaced by ``inserted``, words of the source sentence ``source``.
    ``merge``: the point joins the sentence ``source`` to its own, to be read alone.
    """

    kind: str  # "drop", "antecedent", "acronym" or "merge"
    removed: str = ""
    inserted: str = ""
    source: str = ""  # the sentence id the inserted words (or merged sentence) come from
    rule: str = ""  # why: "opener", "parenthetical", "relative clause", ...


@dataclass(frozen=True, slots=True)
class Point:
    text: str
    sources: tuple[str, ...]  # paragraph ids the text comes from
    engine: str  # "extractive", later "seq2seq", "causal", "extractive-fallback"
    score: float = 0.0  # higher is more valuable; fitting drops the lowest first
    sentence_ids: tuple[str, ...] = ()  # the source sentences, when extractive
    source_text: str | None = None  # the whole source sentence(s), when ``text`` is condensed
    edits: tuple[Edit, ...] = ()  # what condensing changed, in order

    @property
    def whole(self) -> str:
        """The source sentence(s) the point was condensed from (its text if it was not)."""
        return self.source_text if self.source_text is not None else self.text

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class BriefBlock:
    key: str
    title: str
    kind: BlockKind
    points: tuple[Point, ...]
    paragraphs: tuple[str, ...] = ()  # the paragraph ids the block drew on (its section or segment)
    title_source: str = ""  # as Block.title_source


@dataclass(frozen=True, slots=True)
class SourceInfo:
    file: str
    author: str | None = None
    date: str | None = None
    site: str | None = None
    number: str | None = None  # the report's number where the page states it ("R48915")


OMITTED_NAMED = 12  # sections named in the "left out" note; the rest are counted


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    source: SourceInfo
    blocks: tuple[BriefBlock, ...]
    model: str
    version: str
    dek: str | None = None
    notes: tuple[str, ...] = field(default=())
    omitted: tuple[str, ...] = field(default=())  # titles of theme blocks left out for length
    # Paragraph texts keyed by id, for provenance tooltips in the HTML.
    paragraphs: tuple[tuple[str, str], ...] = field(default=())
    facts: Facts = field(default=Facts())  # the key-facts box (briefing.facts); empty with --no-facts

    @property
    def points(self) -> tuple[Point, ...]:
        return tuple(p for b in self.blocks for p in b.points)

    @property
    def words(self) -> int:
        return sum(p.words for p in self.points)

    @property
    def all_notes(self) -> tuple[str, ...]:
        """What the reader should know: planning notes, then what was left out for length."""
        if not self.omitted:
            return self.notes
        # Named up to OMITTED_NAMED: a 4,000-section input would otherwise make a note
        # longer than the page it explains (issue 18).
        titles = "; ".join(f"'{t}'" for t in self.omitted[:OMITTED_NAMED])
        if len(self.omitted) > OMITTED_NAMED:
            titles += f" and {len(self.omitted) - OMITTED_NAMED:,} more"
        noun = "section" if len(self.omitted) == 1 else "sections"
        return self.notes + (f"Left out to keep the brief to one page: the {noun} {titles}.",)

    def with_blocks(self, blocks: tuple[BriefBlock, ...], *, omitted: tuple[str, ...] = ()) -> Brief:
        """A copy with other blocks, recording any theme blocks left out."""
        return replace(self, blocks=blocks, omitted=self.omitted + omitted)
