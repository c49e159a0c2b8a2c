"""Plan: which blocks a brief has, and which source sentences may feed each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefing.errors import SpecError
from briefing.ingest import read_article
from briefing.plan import is_forward_looking, plan_brief, shorten_title
from briefing.spec import load_spec, parse_spec
from builders import doc_from_string
from conftest import CRS, SEED, SPEC


class WordOverlapEncoder:
    """Similarity = share of words in common: a deterministic stand-in for MiniLM."""

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> list[list[float]]:
        def words(t: str) -> set[str]:
            return set(re.findall(r"[a-z]+", t.lower()))

        return [[len(words(a) & words(b)) / max(1, len(words(a) | words(b))) for b in right] for a in left]


def test_seed_plan_is_bottom_line_two_sections_and_outlook() -> None:
    plan = plan_brief(read_article(SEED))
    assert [(b.kind, b.title) for b in plan.blocks] == [
        ("bottom_line", "Bottom line"),
        ("theme", "Russian Criticisms of U.S. Anti-Narcotics Policies in Afghanistan"),
        ("theme", "Russia’s Expanded Cooperation with Central Asia"),
        ("outlook", "Outlook"),
    ]
    bottom, criticism, central_asia, outlook = plan.blocks
    assert bottom.paragraph_ids == ("p1", "p2", "p3")  # the lead, before the first heading
    assert criticism.paragraph_ids == tuple(f"p{i}" for i in range(4, 11))
    assert central_asia.paragraph_ids == tuple(f"p{i}" for i in range(11, 18))
    assert set(outlook.paragraph_ids) <= {f"p{i}" for i in range(12, 18)}  # the closing third
    assert "p17" in outlook.paragraph_ids


def test_every_planned_sentence_belongs_to_the_paragraphs_of_its_block() -> None:
    doc = read_article(SEED)
    by_id = {s.id: s for s in doc.sentences}
    for block in plan_brief(doc).blocks:
        assert block.sentence_ids
        assert {by_id[i].paragraph_id for i in block.sentence_ids} <= set(block.paragraph_ids)


def test_a_report_opening_with_introduction_uses_it_as_the_lead() -> None:
    plan = plan_brief(read_article(CRS))
    assert plan.blocks[0].kind == "bottom_line"
    assert "Introduction" not in [b.title for b in plan.blocks]
    assert plan.blocks[0].paragraph_ids[0] == "p1"


def test_an_article_without_headings_gets_key_points() -> None:
    paragraphs = [f"Paragraph {n} reports that the council met and voted on item {n}. It passed." for n in range(1, 8)]
    doc = doc_from_string("Council Votes\n\n" + "\n\n".join(paragraphs) + "\n\nThe council will meet again next year.")
    kinds = [b.kind for b in plan_brief(doc).blocks]
    assert kinds == ["bottom_line", "theme", "outlook"]


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("Funding", "Funding"),
        ("Russian Criticisms of U.S. Anti-Narcotics Policies in Afghanistan",
         "Russian Criticisms of U.S. Anti-Narcotics Policies in Afghanistan"),
        ("Russia’s Expanded Cooperation with Central Asia on Counter-Narcotics Policy in Afghanistan",
         "Russia’s Expanded Cooperation with Central Asia"),
        ("One Two Three Four Five Six Seven Eight Nine Ten", "One Two Three Four Five Six Seven Eight…"),
        ("Reduction in Planned FY2025 and FY2026 ACV Procurement Quantities",
         "Reduction in Planned FY2025 and FY2026 ACV Procurement…"),
    ],
    ids=["short", "eight-words", "cut-at-preposition", "cut-at-limit", "never-inside-a-pair"],
)
def test_long_headings_are_shortened_for_block_titles(heading: str, expected: str) -> None:
    assert shorten_title(heading) == expected


@pytest.mark.parametrize(
    "sentence, forward",
    [
        ("Moscow could pressure Washington in the months to come.", True),
        ("Prices will rise.", True),
        ("In May, the minister resigned.", False),
        ("The report was published in 2016.", False),
    ],
    ids=["could", "will", "may-the-month", "past"],
)
def test_forward_looking_cues(sentence: str, forward: bool) -> None:
    assert is_forward_looking(sentence) is forward


def test_spec_blocks_take_the_sentences_closest_to_their_theme() -> None:
    doc = doc_from_string(
        "Harbour Report\n\nThe harbour reopened this week after the storm. Traffic is back to normal levels.\n\n"
        "Fishing boats report record catches of cod this season. The cod quota was raised in spring.\n\n"
        "Tourism operators say cruise visits doubled. Cruise ships now dock twice a week.\n"
    )
    spec = parse_spec({"blocks": [
        {"title": "Fishing", "theme": "fishing boats cod catches quota"},
        {"title": "Tourism", "theme": "tourism cruise ships visits"},
    ]})
    plan = plan_brief(doc, spec, WordOverlapEncoder())
    blocks = {b.title: b for b in plan.blocks}
    assert list(blocks) == ["Bottom line", "Fishing", "Tourism"]
    assert blocks["Fishing"].paragraph_ids == ("p2",)
    assert blocks["Tourism"].paragraph_ids == ("p3",)
    assert not set(blocks["Fishing"].sentence_ids) & set(blocks["Tourism"].sentence_ids)


def test_spec_block_that_matches_nothing_is_left_out_with_a_note() -> None:
    doc = doc_from_string("Title Here\n\nThe harbour reopened after the storm. Traffic is normal again today.\n")
    spec = parse_spec({"bottom_line": False, "blocks": [
        {"title": "Harbour", "theme": "harbour reopened storm traffic"},
        {"title": "Space", "theme": "rockets orbit satellites"},
    ]})
    plan = plan_brief(doc, spec, WordOverlapEncoder())
    assert [b.title for b in plan.blocks] == ["Harbour"]
    assert plan.notes == ("No sentence of the article matched the block 'Space'.",)


def test_the_shipped_spec_names_the_cards_three_blocks() -> None:
    spec = load_spec(SPEC)
    assert [b.title for b in spec.blocks] == [
        "Russian criticism of U.S./NATO policy", "Central Asia cooperation", "Outlook",
    ]
    assert spec.blocks[-1].kind == "outlook"


@pytest.mark.parametrize(
    "content, message",
    [
        ("blocks = [", "not valid TOML"),
        ("title = 'x'", "unknown key"),
        ("bottom_line = true", "at least one"),
        ("[[blocks]]\ntitle = 'A'", "needs a theme"),
        ("[[blocks]]\ntheme = 'A'", "needs a non-empty title"),
        ("[[blocks]]\ntitle = 'A'\ntheme = 'b'\nkind = 'chart'", "use one of: theme, outlook"),
    ],
    ids=["bad-toml", "unknown-key", "no-blocks", "no-theme", "no-title", "bad-kind"],
)
def test_bad_specs_fail_with_a_message_naming_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "spec.toml"
    path.write_text(content)
    with pytest.raises(SpecError, match=message):
        load_spec(path)


def test_missing_spec_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="spec file not found"):
        load_spec(tmp_path / "none.toml")


def test_only_the_author_s_own_sections_offer_a_spare_point() -> None:
    """``summarize(spare=1)``: a headed section offers one more point; a found segment, the lead
    and the Outlook do not (a news story's third segment sentence displaced better points)."""
    from briefing.brief import Block, BriefPlan, Point
    from briefing.engines import BlockInput, summarize
    from builders import doc_from_string

    doc = doc_from_string("Title\n\n" + "\n\n".join(
        " ".join(f"Sentence {p}-{i} says something about topic {p} at length." for i in range(4)) for p in range(4)))
    ids = [s.id for s in doc.sentences]

    def block(key: str, kind: str, source: str, part: int) -> Block:
        sentences = tuple(ids[4 * part : 4 * part + 4])
        return Block(key, key, kind, key, (doc.paragraphs[part].id,), sentences, source)  # type: ignore[arg-type]

    plan = BriefPlan((block("bottom-line", "bottom_line", "", 0), block("headed", "theme", "heading", 1),
                      block("found", "theme", "generated", 2), block("outlook", "outlook", "", 3)))
    asked: dict[str, int] = {}

    class Recorder:
        name = model_id = "recorder"
        extractive, needs_guard = True, False

        def prepare(self, doc: object) -> None: ...

        def summarize_block(self, block_input: BlockInput) -> tuple[Point, ...]:
            asked[block_input.block.key] = block_input.max_points
            return ()

    summarize(doc, plan, Recorder(), points=2, version="test")
    without = dict(asked)
    summarize(doc, plan, Recorder(), points=2, version="test", spare=1)
    assert {key: asked[key] - without[key] for key in asked} == {"bottom-line": 0, "headed": 1, "found": 0, "outlook": 0}


def _titled_brief(markdown: str, picks: dict[str, list[int]]) -> tuple[list[str], list[str]]:
    """Plan ``markdown``, give each theme block points from the paragraphs ``picks`` names (by
    position among the block's paragraphs), and return the titles before and after title_by_points."""
    from briefing.brief import Brief, BriefBlock, Point, SourceInfo
    from briefing.plan import title_by_points

    doc = doc_from_string(markdown, "page.md", markdown=True)
    plan = plan_brief(doc)
    blocks = []
    for block in plan.blocks:
        if block.kind != "theme":
            continue
        points = tuple(Point(f"Point from {block.paragraph_ids[i]}.", (block.paragraph_ids[i],), "extractive")
                       for i in picks.get(block.title, [0]))
        blocks.append(BriefBlock(block.key, block.title, block.kind, points, block.paragraph_ids, block.title_source))
    brief = Brief(title=doc.title, source=SourceInfo(file="page.md"), blocks=tuple(blocks), model="m", version="v")
    return [b.title for b in brief.blocks], [b.title for b in title_by_points(brief, doc).blocks]


_SECTION = "The bill would change how the program is funded in FY2027 and later years. It passed the House in May."


def test_a_merged_block_is_titled_by_the_section_its_points_come_from() -> None:
    """Eight sibling sections make six blocks: two small ones join a neighbour under its heading.
    A block whose points all come from the joined section takes that section's heading."""
    sections = [f"## H.R. {1000 + i}\n\n{_SECTION}" + (f" {_SECTION}" * 6 if i not in (3, 5) else "") for i in range(8)]
    markdown = "# Bills in the 119th Congress\n\n" + "\n\n".join(sections) + "\n"
    before, _ = _titled_brief(markdown, {})
    merged = [t for t in before if t in ("H.R. 1002", "H.R. 1003", "H.R. 1004", "H.R. 1005")]
    assert len(before) == 6 and merged  # the merge happened, so the test means something
    # Points only from the second of the joined sections: the title follows them.
    joined_title = next(t for t in before if t in ("H.R. 1002", "H.R. 1004"))
    before, after = _titled_brief(markdown, {joined_title: [1]})
    second = f"H.R. {int(joined_title.split()[1]) + 1}"
    assert after[before.index(joined_title)] == second
    # A point from the titled section itself keeps the title, whatever else the block shows.
    _, kept = _titled_brief(markdown, {joined_title: [0, 1]})
    assert kept == before


def test_a_block_keeps_its_parent_heading_for_points_from_its_subsections() -> None:
    """Children merged into their parent: a point from a child is still under the parent's heading."""
    parts = "\n\n".join(f"## Part {p}\n\n{_SECTION}\n\n" + "\n\n".join(f"### Part {p}.{c}\n\n{_SECTION}" for c in range(3))
                        for p in range(7))
    before, after = _titled_brief(f"# Report\n\n{parts}\n", {"Part 1": [2]})
    assert "Part 1" in before and after == before


def test_headings_that_shorten_to_one_title_keep_their_words() -> None:
    from briefing.plan import _section_titles

    headings = ["Overview of Selected FD&C Act Provisions on Prescription Drugs",
                "Overview of Selected FD&C Act Provisions on Medical Devices", "Case Law on the Preemptive Scope of the Act"]
    assert _section_titles(headings) == [headings[0], headings[1], "Case Law on the Preemptive Scope"]
