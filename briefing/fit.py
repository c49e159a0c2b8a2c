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


def drop_weakest_theme(brief: Brief) -> Brief | None:
    """The brief without the theme block whose best point scores lowest, noted; None if none left.

    The Bottom line and Outlook stay: they are the brief's frame.
    """
    themes = [
        (max(p.score for p in block.points), -b, b)
        for b, block in enumerate(brief.blocks)
        if block.kind == "theme" and block.points
    ]
    if len(themes) < 2:
        return None
    *_, b = min(themes)
    gone = brief.blocks[b]
    blocks = brief.blocks[:b] + brief.blocks[b + 1 :]
    return brief.with_blocks(blocks, f"The section '{gone.title}' was left out to keep the brief short.")


def trim_to_words(brief: Brief, words: int) -> Brief:
    """Drop the lowest-scoring points, then whole theme blocks, until within ``words`` words."""
    while brief.words > words:
        shorter = drop_lowest_point(brief) or drop_weakest_theme(brief)
        if shorter is None:
            break
        brief = shorter
    return brief
