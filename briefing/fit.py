"""Make a brief shorter by dropping its least valuable points, whole.

``trim_to_words`` applies the word budget; ``fit_to_page`` makes the printed
brief one page, measured by laying it out (WeasyPrint), never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from briefing.brief import Brief


def _weakest_at(brief: Brief, kinds: frozenset[str] | None = None) -> tuple[int, int] | None:
    """(block, point) of the lowest-scoring point that may go; with ``kinds``, in blocks of those kinds.

    A block's last point never goes: a block with a title and no point says
    nothing.  Ties go to the later point, so the result is deterministic.
    """
    droppable = [
        (point.score, -b, -i, b, i)
        for b, block in enumerate(brief.blocks)
        if len(block.points) > 1 and (kinds is None or block.kind in kinds)
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


def _shorter(brief: Brief) -> Brief | None:
    """The next shorter version: the weakest point or the weakest key-facts item goes.

    Points go lowest score first, box items lowest weight first (a weight is on
    the points' score scale: ``facts.weigh_against_points``), and items beyond
    each kind's floor (``facts.FLOOR``: 4 figures, 4 actors, 5 events) before
    the floor.  An item competes with the weakest theme or Outlook point, never
    with a Bottom-line point: what goes is what keeps the least value per word
    of page it frees, the item (weight w, n words) when w / n <= s / m against
    the point (score s, m words); a tie drops the item, the box being an extra
    beside the prose.  A box item is a phrase, a point a sentence, so an item
    goes first only when it is much the weaker.

    Items at the floor do not compete: theme and Outlook points go before them.
    Once every theme and Outlook block is down to one point, items beyond the
    floor go; then, to keep the floor, the Bottom line's points beyond its first
    three, then theme blocks beyond three when an item outweighs the weakest
    block per word (its best point's score over all its words, heading
    included); then the floor itself, and last the Bottom line and the blocks.
    """
    items = brief.facts.items
    if not items:
        return drop_lowest_point(brief) or drop_weakest_theme(brief)
    # Items beyond each kind's floor go first, the weakest first; the floor is weighed last.
    spare = brief.facts.above_floor()
    item = min(reversed(spare or items), key=lambda i: i.weight)
    item_density = item.weight / _words(item.text)
    # The Bottom line is the brief's central judgment: a box item never pushes out one of its
    # points (on the CRS pairs that had cut it to one point in six of nine briefs), so items
    # compete with theme and Outlook points only.
    rival = _weakest_at(brief, _NOT_BOTTOM_LINE)
    if rival is not None:
        point = brief.blocks[rival[0]].points[rival[1]]
        # The floor is kept against theme and Outlook points: an item at the floor goes only
        # once they are down to one per block (a weak fifth event had cut the timeline to four
        # while a theme block still had two points).
        if spare and item_density <= point.score / _words(point.text):
            return replace(brief, facts=brief.facts.without(item))
        # The item outweighs the weakest theme point, which goes, even when a weaker Bottom-line
        # point stays: points otherwise go in score order.
        return _drop_at(brief, *rival)
    if spare:
        return replace(brief, facts=brief.facts.without(item))
    # Only the box's floor, the Bottom line and one point per block are left: the Bottom line
    # beyond its first points, then theme blocks beyond the first few, give way to the floor.
    bottom_line = sum(len(b.points) for b in brief.blocks if b.kind == "bottom_line")
    if bottom_line > BOTTOM_LINE_FLOOR and (shorter := drop_lowest_point(brief)) is not None:
        return shorter
    weakest = _weakest_theme(brief)
    themes = sum(b.kind == "theme" for b in brief.blocks)
    if weakest is not None and themes > THEME_FLOOR:
        theme = brief.blocks[weakest]
        if item_density > max(p.score for p in theme.points) / _words(" ".join([theme.title, *(p.text for p in theme.points)])):
            return drop_weakest_theme(brief)
    return replace(brief, facts=brief.facts.without(item))


BOTTOM_LINE_FLOOR = 3  # Bottom-line points kept before the box's floor gives way
THEME_FLOOR = 3  # theme blocks kept before the box's floor gives way (issue 14: at least three themes)
_NOT_BOTTOM_LINE = frozenset({"theme", "outlook"})


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


def fit_to_page(brief: Brief, count_pages: Callable[[Brief], int]) -> FitResult:
    """The longest version of ``brief`` that ``count_pages`` says fills one page.

    Shorter versions drop the lowest-scoring point or key-facts item (see
    ``_shorter``), then the weakest theme block (noted in the brief).  Each step only removes content, so the page
    count never grows along the sequence and a binary search over it needs
    about log2(steps) layouts instead of one per step.
    """
    before = count_pages(brief)
    if before <= 1:
        return FitResult(brief, before, before, 0, 1)
    versions = [brief]
    while (nxt := _shorter(versions[-1])) is not None:
        versions.append(nxt)
    layouts = 1
    low, high = 1, len(versions) - 1  # versions[high] is the shortest possible brief
    pages_high = count_pages(versions[high])
    layouts += 1
    if pages_high > 1:
        low = high  # even the shortest brief overflows: give the shortest
    while low < high:
        mid = (low + high) // 2
        layouts += 1
        if count_pages(versions[mid]) <= 1:
            high = mid
        else:
            low = mid + 1
    fitted = versions[high]
    after = pages_high if high == len(versions) - 1 else 1
    if after <= 1 and high > 0:
        fitted, tries = _fill(brief, fitted, count_pages)
        layouts += tries
    if after > 1:
        # Even the shortest brief overflows (a 10,000-character title, one enormous
        # point): say so rather than print several pages without a word.
        fitted = replace(fitted, notes=fitted.notes + (
            f"This brief does not fit one page: even at its shortest it takes {after} printed pages "
            "(a very long title or point).",))
        after = count_pages(fitted)
        layouts += 1
    return FitResult(fitted, before, after, len(brief.points) - len(fitted.points), layouts)
