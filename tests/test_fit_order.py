"""What the page fit gives up first, on a brief built by hand and a page that holds N words.

These pin the order of ``fit._shorter`` (no layout, no model): points of every
block compete on one score scale (the Bottom line down to two points, themes
down to three blocks, a weak theme going whole), the box's weakest items against
the weakest point per word, and the box's floor (4 figures, 4 actors, 5 events)
kept while any point may go. Whether a real brief fits a real page is test_fit's
and test_facts' concern.
"""

from __future__ import annotations

import math
from dataclasses import replace

from briefing.brief import Brief, BriefBlock, Point
from briefing.facts import FLOOR, Actor, Facts, Figure, TimelineEvent, weigh_against_points
from briefing.fit import FILL_TRIES, _shorter, fit_to_page
from builders import make_brief_data


def _point(key: str, n: int, score: float, words: int = 20) -> Point:
    return Point(" ".join([f"{key}{n}"] * words) + ".", (f"p{n}",), "extractive", score, (f"p{n}.s1",))


def _brief(bottom: int, themes: int, per_theme: int, figures: int = 5, actors: int = 5, events: int = 6,
           bottom_score: float = 0.5) -> Brief:
    blocks = [BriefBlock("bottom-line", "Bottom line", "bottom_line",
                         tuple(_point("b", i, bottom_score - 0.01 * i) for i in range(bottom)))]
    for t in range(themes):
        blocks.append(BriefBlock(f"t{t}", f"Theme {t}", "theme",
                                 tuple(_point(f"t{t}x", i, 0.9 - 0.1 * t - 0.05 * i) for i in range(per_theme))))
    facts = Facts(
        tuple(Figure(f"figure {i} of ten", str(i), "", "figure", ("p1",), 1 - i / 10) for i in range(figures)),
        tuple(Actor(f"actor {i} the role", f"actor {i}", "role", ("p1",), 1 - i / 10) for i in range(actors)),
        tuple(TimelineEvent(f"in {2000 + i} event {i}", str(2000 + i), f"event {i}", ("p1",), 1 - i / 10)
              for i in range(events)),
    )
    brief = make_brief_data(blocks=tuple(blocks), facts=Facts())
    return replace(brief, facts=weigh_against_points(facts, [p.score for p in brief.points]))


def _page_of(words: int):  # type: ignore[no-untyped-def]
    """A page that holds ``words`` words: the share of it a brief fills (1.5: a page and a half)."""
    def pages(brief: Brief) -> float:
        used = sum(p.words for p in brief.points) + sum(len(i.text.split()) for i in brief.facts.items)
        used += 5 * sum(b.kind == "theme" for b in brief.blocks)  # a heading takes a line
        return used / words
    return pages


def _kinds(brief: Brief) -> tuple[int, int, int]:
    return len(brief.facts.figures), len(brief.facts.actors), len(brief.facts.timeline)


def _bottom_line(brief: Brief) -> int:
    return len(brief.blocks[0].points)


def _themes(brief: Brief) -> list[int]:
    return [len(b.points) for b in brief.blocks if b.kind == "theme"]


def test_a_weak_bottom_line_point_goes_before_a_stronger_theme_point() -> None:
    # Bottom-line points at 0.5 and below, theme points at 0.9 and below: one scale for all.
    brief = _brief(bottom=5, themes=3, per_theme=2, figures=0, actors=0, events=0)
    room = sum(p.words for p in brief.points) + 15 - 4 * 20  # four points (20 words each) too many
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _bottom_line(fitted) == 2  # three go; the first two are the Bottom line's floor
    assert _themes(fitted) == [2, 2, 1]  # then the weakest theme point


def test_strong_bottom_line_points_outlast_weaker_theme_points() -> None:
    brief = _brief(bottom=5, themes=3, per_theme=2, figures=0, actors=0, events=0, bottom_score=0.99)
    room = sum(p.words for p in brief.points) + 15 - 3 * 20
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _bottom_line(fitted) == 5
    assert _themes(fitted) == [1, 1, 1]


def test_a_weak_theme_block_goes_whole_while_more_than_three_remain() -> None:
    brief = _brief(bottom=2, themes=5, per_theme=1, figures=0, actors=0, events=0)
    room = sum(p.words for p in brief.points) + 25 - 20  # one point too many
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert [b.title for b in fitted.blocks if b.kind == "theme"] == ["Theme 0", "Theme 1", "Theme 2", "Theme 3"]
    assert fitted.omitted == ("Theme 4",)
    # Far less room: competition stops at three themes and two Bottom-line points.
    fitted = fit_to_page(brief, _page_of(5 * 20 + 3 * 5)).brief
    assert _themes(fitted) == [1, 1, 1] and _bottom_line(fitted) == 2


def test_box_items_push_out_weaker_points_per_word() -> None:
    brief = _brief(bottom=3, themes=3, per_theme=3, bottom_score=0.99)
    room = sum(p.words for p in brief.points) + 15  # every point, or the box and fewer points
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (5, 5, 6)
    assert _bottom_line(fitted) == 3
    assert sum(_themes(fitted)) < 9


def test_the_box_floor_outlasts_every_point_that_may_go() -> None:
    brief = _brief(bottom=5, themes=4, per_theme=3, bottom_score=0.99)
    floor_words = sum(len(i.text.split()) for kind, n in FLOOR.items() for i in getattr(brief.facts, kind)[:n])
    # Room for the floor, two Bottom-line points and one point in each of three themes.
    room = floor_words + 2 * 20 + 3 * 20 + 3 * 5 + 3
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (FLOOR["figures"], FLOOR["actors"], FLOOR["timeline"])
    assert _bottom_line(fitted) == 2
    assert _themes(fitted) == [1, 1, 1]


def test_the_floor_gives_way_once_no_point_may_go() -> None:
    brief = _brief(bottom=5, themes=3, per_theme=2)
    room = 2 * 20 + 3 * 20 + 3 * 5 + 12  # two Bottom-line points, three one-point themes, a few box words
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _bottom_line(fitted) == 2
    assert _themes(fitted) == [1, 1, 1]
    assert sum(_kinds(fitted)) < sum(FLOOR.values())


def test_items_beyond_the_floor_go_before_the_floor() -> None:
    brief = _brief(bottom=2, themes=3, per_theme=1)  # no point may go
    floor_words = sum(len(i.text.split()) for kind, n in FLOOR.items() for i in getattr(brief.facts, kind)[:n])
    room = sum(p.words for p in brief.points) + 15 + floor_words + 2
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (FLOOR["figures"], FLOOR["actors"], FLOOR["timeline"])
    # The strongest of each kind stay.
    assert [f.value for f in fitted.facts.figures] == [str(i) for i in range(FLOOR["figures"])]


def test_the_fit_lays_out_the_shortest_version_only_when_it_is_the_answer() -> None:
    """The binary search assumes the shortest version fits; it is measured only if chosen.

    The fit keeps the longest version that fits, and each layout is measured (about 0.2 s):
    with a page of 300 words the answer is found without laying out the near-empty brief,
    with a page of 1 word nothing fits, the shortest is measured and the brief says so.
    """
    brief = _brief(bottom=3, themes=4, per_theme=3)
    laid_out: list[int] = []

    def counting(words: int):  # type: ignore[no-untyped-def]
        page = _page_of(words)

        def pages(b: Brief) -> int:
            laid_out.append(sum(p.words for p in b.points) + sum(len(i.text.split()) for i in b.facts.items))
            return page(b)
        return pages

    shortest = brief
    while (shorter := _shorter(shortest)) is not None:
        shortest = shorter
    size = sum(p.words for p in shortest.points) + sum(len(i.text.split()) for i in shortest.facts.items)

    roomy = fit_to_page(brief, counting(300))
    assert roomy.pages_after == 1 and sum(p.words for p in roomy.brief.points) <= 300
    assert min(laid_out) > size and roomy.layouts == len(laid_out)
    laid_out.clear()
    hopeless = fit_to_page(brief, counting(1))
    assert hopeless.pages_after > 1 and hopeless.brief.notes[-1].startswith("This brief does not fit one page")
    assert size in laid_out and hopeless.layouts == len(laid_out)


def test_the_aimed_search_keeps_what_a_scan_of_every_version_keeps() -> None:
    """The fit aims each layout from how far over the page the last ones ran; the answer must not change.

    Against laying out every version in turn (the longest that fits is the answer), on pages
    of 60 to 400 words, smooth and lumpy (the fill jumps a whole page, as when a block is
    pushed whole onto the next one).  Aiming may miss, but it never takes more than twice
    the layouts of halving: an aimed try that does not halve the interval is followed by
    a halving one.  (How many layouts it saves on real briefs is in docs/benchmarks.md.)
    """
    brief = _brief(bottom=3, themes=5, per_theme=4)
    versions = [brief]
    while (shorter := _shorter(versions[-1])) is not None:
        versions.append(shorter)
    halving = 2 + math.ceil(math.log2(len(versions)))
    for room in range(60, 400, 13):
        for lumpy in (False, True):
            page = _page_of(room)

            def filled(b: Brief, page=page, lumpy=lumpy) -> float:  # type: ignore[no-untyped-def]
                share = page(b)
                return float(int(share) + 1) if lumpy and share > 1 else share
            scan = next(v for v in versions if filled(v) <= 1)
            fit = fit_to_page(brief, filled)
            # The scan's version, plus any dropped point the fit could put back (fit._fill).
            assert {p.text for p in scan.points} <= {p.text for p in fit.brief.points}, room
            assert filled(fit.brief) <= 1
            assert fit.layouts <= 2 * halving + FILL_TRIES, (room, fit.layouts)
