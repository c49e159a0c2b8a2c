"""Make a brief shorter by dropping its least valuable points, whole."""

from __future__ import annotations

from briefing.brief import Brief, BriefBlock


def drop_lowest_point(brief: Brief) -> Brief | None:
    """The brief without its lowest-scoring point, or None if nothing may go.

    A block's last point never goes: a block with a title and no point says
    nothing.  Ties go to the later point, so the result is deterministic.
    """
    droppable = [
        (point.score, -b, -i, b, i)
        for b, block in enumerate(brief.blocks)
        if len(block.points) > 1
        for i, point in enumerate(block.points)
    ]
    if not droppable:
        return None
    *_, b, i = min(droppable)
    block = brief.blocks[b]
    points = block.points[:i] + block.points[i + 1 :]
    blocks = brief.blocks[:b] + (BriefBlock(block.key, block.title, block.kind, points),) + brief.blocks[b + 1 :]
    return brief.with_blocks(blocks)


def trim_to_words(brief: Brief, words: int) -> Brief:
    """Drop the lowest-scoring points until the brief is within ``words`` words."""
    while brief.words > words:
        shorter = drop_lowest_point(brief)
        if shorter is None:
            break
        brief = shorter
    return brief
