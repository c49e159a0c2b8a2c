"""Make a brief shorter by dropping its least valuable points, whole.

``trim_to_words`` applies the word budget; ``fit_to_page`` makes the printed
brief one page, measured by laying it out (WeasyPrint), never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from briefing.brief import Brief, BriefBlock


def _weakest_at(brief: Brief) -> tuple[int, int] | None:
    """(block, point) of the lowest-scoring point that is not its block's last.

    For a word budget, and the page fit's last resort (``_shorter``).

    A block's last point never goes: a block with a title and no point says
    nothing.  Ties go to the later point, so the result is deterministic.
    """
    return _lowest(brief, lambda block: len(block.points) > 1)


def _lowest(brief: Brief, may_go: Callable[[BriefBlock], bool]) -> tuple[int, int] | None:
    """(block, point) of the lowest-scoring point in the blocks ``may_go`` accepts; ties go to the later point."""
    droppable = [
        (point.score, -b, -i, b, i)
        for b, block in enumerate(brief.blocks)
        if may_go(block)
        for i, point in enumerate(block.points)
    ]
    if not droppable:
        return None
    *_, b, i = min(droppable)
    return b, i


def _drop_at(brief: Brief, b: int, i: int) -> Brief:
    block = brief.blocks[b]
    points = block.points[:i] + block.points[i + 1 :]
    return brief.with_blocks(brief.blocks[:b] + (replace(block, points=points),) + brief.blocks[b + 1 :])


def drop_lowest_point(brief: Brief) -> Brief | None:
    """The brief without its lowest-scoring point (see ``_weakest_at``), or None if nothing may go."""
    at = _weakest_at(brief)
    return _drop_at(brief, *at) if at is not None else None


def _weakest_theme(brief: Brief) -> int | None:
    """The index of the theme block whose best point scores lowest; None unless two or more."""
    themes = [
        (max(p.score for p in block.points), -b, b)
        for b, block in enumerate(brief.blocks)
        if block.kind == "theme" and block.points
    ]
    return min(themes)[2] if len(themes) >= 2 else None


def drop_weakest_theme(brief: Brief) -> Brief | None:
    """The brief without the theme block whose best point scores lowest, noted; None if none left.

    The Bottom line and Outlook stay: they are the brief's frame.
    """
    b = _weakest_theme(brief)
    if b is None:
        return None
    return brief.with_blocks(brief.blocks[:b] + brief.blocks[b + 1 :], omitted=(brief.blocks[b].title,))


def trim_to_words(brief: Brief, words: int) -> Brief:
    """Drop the lowest-scoring points, then whole theme blocks, until within ``words`` words."""
    while brief.words > words:
        shorter = drop_lowest_point(brief) or drop_weakest_theme(brief)
        if shorter is None:
            break
        brief = shorter
    return brief


def _words(text: str) -> int:
    return max(len(text.split()), 1)


def _rival(brief: Brief) -> tuple[int, int] | None:
    """(block, point) of the weakest point that may go to make room, or None.

    Points of every block compete on one scale (the document ranker's probability,
    ``ExtractiveSummarizer._brief_values``), so the page keeps the document's most
    summary-worthy sentences wherever they are rather than one per section.  What
    may go: any point of a block that has more; a theme block's only point while
    more than ``THEME_FLOOR`` themes remain (the block goes with it, noted); never
    the Bottom line's first ``BOTTOM_LINE_FLOOR`` points nor the Outlook's last.
    Ties go to the later point.
    """
    themes = sum(block.kind == "theme" for block in brief.blocks)

    def may_go(block: BriefBlock) -> bool:
        if block.kind == "bottom_line":
            return len(block.points) > BOTTOM_LINE_FLOOR
        return len(block.points) > 1 or (block.kind == "theme" and themes > THEME_FLOOR)

    return _lowest(brief, may_go)


def _drop_point_or_block(brief: Brief, b: int, i: int) -> Brief:
    block = brief.blocks[b]
    if len(block.points) > 1:
        return _drop_at(brief, b, i)
    return brief.with_blocks(brief.blocks[:b] + brief.blocks[b + 1 :], omitted=(block.title,))


def _shorter(brief: Brief) -> Brief | None:
    """The next shorter version: the weakest point or the weakest key-facts item goes.

    Points go lowest score first, on one scale for every block (``_rival``); box
    items go lowest weight first (a weight is on the points' score scale:
    ``facts.weigh_against_points``), items beyond each kind's floor
    (``facts.FLOOR``: 3 figures, 4 actors, 5 events) before the floor.  An item
    beyond the floor competes with the weakest point per word of page it frees:
    the item (weight w, n words) goes when w / n <= s / m against the point
    (score s, m words), a tie dropping the item, the box being an extra beside the
    prose.  A box item is a phrase, a point a sentence, so an item goes first only
    when it is much the weaker.  Items at the floor do not compete: points go
    before them while any point may go.  Then the box empties, and last the
    Bottom line's and the blocks' remaining points go.
    """
    rival = _rival(brief)
    items = brief.facts.items
    if not items:
        if rival is not None:
            return _drop_point_or_block(brief, *rival)
        return drop_lowest_point(brief) or drop_weakest_theme(brief)
    # Items beyond each kind's floor go first, the weakest first; the floor is weighed last.
    spare = brief.facts.above_floor()
    item = min(reversed(spare or items), key=lambda i: i.weight)
    if rival is not None:
        point = brief.blocks[rival[0]].points[rival[1]]
        if spare and item.weight / _words(item.text) <= point.score / _words(point.text):
            return replace(brief, facts=brief.facts.without(item))
        # The item outweighs the weakest point, which goes; the floor is kept against every
        # point that may go (a weak fifth event had cut the timeline to four while a theme
        # block still had two points).
        return _drop_point_or_block(brief, *rival)
    return replace(brief, facts=brief.facts.without(item))


# The Bottom line keeps this many points against theme points and the box: the brief's
# central judgment in two sentences at least (on the CRS pairs, a floor of three kept
# weaker sentences than the themes offered; one left a lone sentence).
BOTTOM_LINE_FLOOR = 2
THEME_FLOOR = 3  # theme blocks kept while points compete (issue 14: at least three themes)


FILL_TRIES = 2  # layouts spent putting back dropped points that may still fit (each costs a full layout, about 0.2 s)


def _fill(full: Brief, fitted: Brief, count_pages: Callable[[Brief], int]) -> tuple[Brief, int]:
    """``fitted`` with the best dropped points put back where the page still has room for them.

    Dropping the lowest-scoring point first can leave room a shorter dropped
    point fills: short (condensed) points then pack the page.  Points go back
    into blocks still in the brief, in their original order, best first.
    """
    kept = {b.key: set(map(id, b.points)) for b in fitted.blocks}
    dropped = sorted(
        ((point.score, -b, -i, block.key, point) for b, block in enumerate(full.blocks) if block.key in kept
         for i, point in enumerate(block.points) if id(point) not in kept[block.key]),
        key=lambda item: item[:3], reverse=True,
    )
    tries = 0
    for *_, key, point in dropped[:FILL_TRIES]:
        original = next(b for b in full.blocks if b.key == key)
        blocks = []
        for block in fitted.blocks:
            if block.key == key:
                wanted = set(map(id, block.points)) | {id(point)}
                block = replace(block, points=tuple(p for p in original.points if id(p) in wanted))
            blocks.append(block)
        candidate = replace(fitted, blocks=tuple(blocks))
        tries += 1
        if count_pages(candidate) <= 1:
            fitted = candidate
    return fitted, tries


@dataclass(frozen=True, slots=True)
class FitResult:
    brief: Brief
    pages_before: int
    pages_after: int
    points_dropped: int
    layouts: int  # how many times the brief was laid out to measure it


def _size(brief: Brief) -> int:
    """A rough measure of how much page ``brief`` takes, to aim the fit's next layout (never to decide)."""
    lines = len(brief.points) + len(brief.facts.items) + 3 * len(brief.blocks)
    text = sum(len(p.text) for p in brief.points) + sum(len(i.text) for i in brief.facts.items)
    return text + 80 * lines


def _aim(sizes: list[int], lo: int, hi: int, measured: list[tuple[int, float]]) -> int:
    """The version between ``lo`` (overflows) and ``hi`` (fits) most likely to be the last that fits.

    Page use is close to linear in the text laid out: the line through the last two
    layouts (or through the first and an empty page) says at what size the page is full.
    """
    (s1, f1), (s2, f2) = measured[-2:] if len(measured) > 1 else ((0, 0.0), measured[-1])
    if f1 == f2 or (f2 - f1) * (s2 - s1) <= 0:
        return (lo + hi) // 2  # no usable slope (a block pushed whole to the next page): halve
    full = s2 + (1.0 - f2) * (s2 - s1) / (f2 - f1)
    return next((i for i in range(lo + 1, hi) if sizes[i] <= full), hi - 1)


def fit_to_page(brief: Brief, pages_filled: Callable[[Brief], float]) -> FitResult:
    """The longest version of ``brief`` that fits one page, by ``pages_filled`` (1.25: a page and a quarter).

    Shorter versions drop the lowest-scoring point or key-facts item (see
    ``_shorter``), then the weakest theme block (noted in the brief).  Each step only
    removes content, so whether a version fits never changes back along the
    sequence, and a search keeping the last version known to overflow and the first
    known to fit finds the same answer as laying out every version.  Each layout is
    about 0.2 s, so the search aims: from how far past one page the last layouts
    ran, the size at which the page is full (``_aim``), halving instead whenever an
    aimed try did not halve the interval; 3 to 4 layouts where halving took 6 to 7.
    """
    measured: list[tuple[int, float]] = []

    def fills(i: int) -> float:
        filled = pages_filled(versions[i])
        measured.append((sizes[i], filled))
        return filled

    versions = [brief]
    sizes = [_size(brief)]
    before = math.ceil(fills(0))
    if before <= 1:
        return FitResult(brief, before, before, 0, 1)
    while (nxt := _shorter(versions[-1])) is not None:
        versions.append(nxt)
        sizes.append(_size(nxt))
    layouts = 1
    # The shortest version is taken to fit, as it all but always does; it is laid out only
    # if the search ends on it, which saves a layout on every brief that fits.
    lo, hi = 0, len(versions) - 1
    halve = False
    while hi - lo > 1:
        width = hi - lo
        mid = (lo + hi) // 2 if halve else _aim(sizes, lo, hi, measured)
        layouts += 1
        if fills(mid) <= 1:
            hi = mid
        else:
            lo = mid
        halve = not halve and hi - lo > width // 2
    fitted = versions[hi]
    after = 1
    if hi == len(versions) - 1:
        if hi == 0:
            after = before  # nothing may go
        else:
            after = math.ceil(fills(hi))
            layouts += 1
    if after <= 1 and hi > 0:
        fitted, tries = _fill(brief, fitted, lambda b: math.ceil(pages_filled(b)))
        layouts += tries
    if after > 1:
        # Even the shortest brief overflows (a 10,000-character title, one enormous
        # point): say so rather than print several pages without a word.
        fitted = replace(fitted, notes=fitted.notes + (
            f"This brief does not fit one page: even at its shortest it takes {after} printed pages "
            "(a very long title or point).",))
        after = math.ceil(pages_filled(fitted))
        layouts += 1
    return FitResult(fitted, before, after, len(brief.points) - len(fitted.points), layouts)
