"""What the page fit gives up first, on a brief built by hand and a page that holds N words.

These pin the order of ``fit._shorter`` (no layout, no model): the box's weakest
items against theme points, the Bottom line never pushed out by a box item, and
the box's floor (4 figures, 4 actors, 5 events) kept before the Bottom line's
fourth point or a fourth theme block. Whether a real brief fits a real page is
test_fit's and test_facts' concern.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.brief import Brief, BriefBlock, Point
from briefing.facts import FLOOR, Actor, Facts, Figure, TimelineEvent, weigh_against_points
from briefing.fit import fit_to_page
from builders import make_brief_data


def _point(key: str, n: int, score: float, words: int = 20) -> Point:
    return Point(" ".join([f"{key}{n}"] * words) + ".", (f"p{n}",), "extractive", score, (f"p{n}.s1",))


def _brief(bottom: int, themes: int, per_theme: int, figures: int = 5, actors: int = 5, events: int = 6) -> Brief:
    blocks = [BriefBlock("bottom-line", "Bottom line", "bottom_line",
                         tuple(_point("b", i, 0.5 - 0.01 * i) for i in range(bottom)))]
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
    def pages(brief: Brief) -> int:
        used = sum(p.words for p in brief.points) + sum(len(i.text.split()) for i in brief.facts.items)
        used += 5 * sum(b.kind == "theme" for b in brief.blocks)  # a heading takes a line
        return 1 if used <= words else 2
    return pages


def _kinds(brief: Brief) -> tuple[int, int, int]:
    return len(brief.facts.figures), len(brief.facts.actors), len(brief.facts.timeline)


def _bottom_line(brief: Brief) -> int:
    return len(brief.blocks[0].points)


def test_a_box_item_beyond_the_floor_never_pushes_out_a_bottom_line_point() -> None:
    brief = _brief(bottom=5, themes=3, per_theme=1)  # the Bottom line holds the weakest points
    floor_words = sum(len(i.text.split()) for i in brief.facts.items[:13])
    room = sum(p.words for p in brief.points) + 15 + floor_words + 2
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _bottom_line(fitted) == 5
    assert _kinds(fitted) == (4, 4, 5)


def test_box_items_push_out_weaker_theme_points_per_word() -> None:
    brief = _brief(bottom=3, themes=3, per_theme=3)
    room = sum(p.words for p in brief.points) + 15  # every point, or the box and fewer points
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (5, 5, 6)
    assert _bottom_line(fitted) == 3
    assert sum(len(b.points) for b in fitted.blocks if b.kind == "theme") < 9


def test_the_box_floor_outlasts_theme_points_and_the_fourth_bottom_line_point() -> None:
    brief = _brief(bottom=5, themes=4, per_theme=3)
    floor_words = sum(len(i.text.split()) for i in brief.facts.items[:13])
    # Room for the floor, three Bottom-line points and one point in each of four themes.
    room = floor_words + 3 * 21 + 4 * 21 + 4 * 5 + 3
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (FLOOR["figures"], FLOOR["actors"], FLOOR["timeline"])
    assert _bottom_line(fitted) == 3
    assert sum(b.kind == "theme" for b in fitted.blocks) == 4
    assert all(len(b.points) == 1 for b in fitted.blocks if b.kind == "theme")


def test_three_theme_blocks_and_three_bottom_line_points_outlast_the_box_floor() -> None:
    brief = _brief(bottom=5, themes=3, per_theme=2)
    room = 3 * 21 + 3 * 21 + 3 * 5 + 12  # three Bottom-line points, three one-point themes, a few box words
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _bottom_line(fitted) == 3
    assert sum(b.kind == "theme" for b in fitted.blocks) == 3
    assert sum(_kinds(fitted)) < sum(FLOOR.values())


def test_items_beyond_the_floor_go_before_the_floor() -> None:
    brief = _brief(bottom=3, themes=3, per_theme=1)
    floor_words = sum(len(i.text.split()) for i in brief.facts.items[:13])
    room = sum(p.words for p in brief.points) + 15 + floor_words + 2
    fitted = fit_to_page(brief, _page_of(room)).brief
    assert _kinds(fitted) == (4, 4, 5)
    # The strongest of each kind stay.
    assert [f.value for f in fitted.facts.figures] == ["0", "1", "2", "3"]
