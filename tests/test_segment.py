"""Themes without headings: segmentation where the topic shifts, titles from the text, a forward Outlook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from briefing.ingest import read_article
from briefing.ingest.text import read_text
from briefing.plan import is_dated_decision, is_forward_looking, plan_brief
from briefing.segment import MIN_SEGMENT_WORDS, paragraph_sums, segment, theme_bounds
from builders import doc_from_string
from conftest import SEED


def _topic_vectors(topics: list[int], dimension: int = 16, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    """Paragraph sums of three sentences each, near the axis of their topic, with noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for topic in topics:
        sentences = rng.normal(0, 0.15, (3, dimension))
        sentences[:, topic] += 1.0
        sentences /= np.linalg.norm(sentences, axis=1, keepdims=True)
        rows.append(sentences.astype(np.float32))
    return paragraph_sums(rows)


def test_segments_start_where_the_topic_shifts() -> None:
    topics = [0] * 4 + [1] * 5 + [2] * 4
    sums, counts = _topic_vectors(topics)
    assert segment(sums, counts, [80] * len(topics)) == [0, 4, 9]


def test_one_topic_is_cut_no_more_than_its_length_demands() -> None:
    sums, counts = _topic_vectors([0] * 10)
    starts = segment(sums, counts, [80] * 10)
    assert len(starts) == theme_bounds(800, 10)[0]  # the fewest the length allows, no extra cuts


def test_segmentation_is_deterministic_under_float_noise() -> None:
    topics = [0] * 3 + [1] * 3 + [2] * 3 + [3] * 3
    sums, counts = _topic_vectors(topics, seed=3)
    noisy = sums + np.float32(1e-7)
    assert segment(sums, counts, [90] * 12) == segment(noisy, counts, [90] * 12)


def test_a_tiny_segment_joins_a_neighbour() -> None:
    topics = [0] * 4 + [1] + [2] * 4
    sums, counts = _topic_vectors(topics)
    words = [100] * 4 + [MIN_SEGMENT_WORDS - 20] + [100] * 4
    starts = segment(sums, counts, words, bounds=(2, 5))
    assert 4 not in starts or 5 not in starts  # the one-paragraph topic is not a block of its own
    assert len(starts) == 2


def test_theme_count_follows_length() -> None:
    assert theme_bounds(120, 2) == (1, 1)  # a short note is one theme
    fewest, most = theme_bounds(1100, 14)  # a page-long op-ed
    assert fewest == 3 and 3 <= most


def _seed_without_headings() -> str:
    """The seed file with its section-heading lines deleted (its headings read from the file itself)."""
    headings = {s.heading for s in read_article(SEED).sections if s.heading}
    assert len(headings) == 2
    return "\n".join(line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip() not in headings)


def _covers(block_pids: tuple[str, ...], first: int, last: int) -> float:
    inside = sum(first <= int(pid[1:]) <= last for pid in block_pids)
    return inside / len(block_pids)


def test_the_seed_without_headings_gets_its_themes_back(encoder: object) -> None:
    doc = read_text(_seed_without_headings(), "seed-without-headings.txt")
    assert [s.heading for s in doc.sections] == [None]
    plan = plan_brief(doc, encoder=encoder)  # type: ignore[arg-type]
    themes = [b for b in plan.blocks if b.kind == "theme"]
    assert len(themes) >= 3
    assert all(b.title_source == "generated" for b in themes)
    # In the original, p4-p10 are the Russian criticism and p11-p17 the Central Asia cooperation.
    assert any(_covers(b.paragraph_ids, 4, 10) == 1.0 for b in themes)
    assert any(_covers(b.paragraph_ids, 11, 17) == 1.0 for b in themes)
    text = " ".join(p.text for p in doc.paragraphs).lower()
    for block in themes:
        words = block.title.split()
        assert 2 <= len(words) <= 6, block.title
        assert block.title.lower() in text, "a title is a phrase of the article's own text"
        assert not block.title.endswith((":", ",", ".")), block.title


def test_a_brief_of_the_seed_without_headings_draws_each_theme_from_its_paragraphs(encoder: object) -> None:
    from briefing.options import BriefOptions
    from briefing.pipeline import Briefer
    from briefing.render import render_text

    doc = read_text(_seed_without_headings(), "seed-without-headings.txt")
    brief = Briefer(BriefOptions(format="json"), encoder=encoder).draft(doc)  # type: ignore[arg-type]
    data = json.loads(render_text(brief, "json"))
    themes = [b for b in data["blocks"] if "title_source" in b]
    assert len(themes) >= 3
    criticism = [b for b in themes if _covers(tuple(b["paragraphs"]), 4, 10) == 1.0]
    central_asia = [b for b in themes if _covers(tuple(b["paragraphs"]), 11, 17) == 1.0]
    assert criticism and central_asia
    for block in themes:
        assert block["points"], block["title"]
        assert {s for p in block["points"] for s in p["sources"]} <= set(block["paragraphs"])


def test_articles_with_headings_keep_their_headings(encoder: object) -> None:
    plan = plan_brief(read_article(SEED), encoder=encoder)  # type: ignore[arg-type]
    themes = [b for b in plan.blocks if b.kind == "theme"]
    assert [b.title_source for b in themes] == ["heading", "heading"]
    assert themes[1].title == "Russia’s Expanded Cooperation with Central Asia"


@pytest.mark.parametrize(
    "sentence, forward",
    [
        ("The burning of 1.4 tons of Afghan heroin and opium by Uzbek security forces in July 2015 provided a "
         "strong foundation for future Moscow-Tashkent anti-narcotics cooperation.", False),
        ("The committee is to decide on the extension by June 30.", True),
        ("The program's authorization expires on September 30.", True),
        ("If Russia remains consistent, cooperation appears more likely.", True),
        ("The vote is scheduled for next month.", True),
        ("The minister could have resigned in 2019.", False),
        ("Its potential was discussed at length.", False),
    ],
    ids=["past-event-with-future", "is-to", "expires", "conditional", "scheduled", "past-modal", "noun-only"],
)
def test_outlook_statements_look_forward(sentence: str, forward: bool) -> None:
    assert is_forward_looking(sentence) is forward


def test_a_later_year_than_the_articles_looks_forward() -> None:
    assert is_forward_looking("The plant opens in 2027.", year=2025)
    assert not is_forward_looking("The plant opened in 2021.", year=2025)


def test_a_dated_decision_is_recognised() -> None:
    assert is_dated_decision("The board will review the rule in June.")
    assert not is_dated_decision("The board will review the rule.")


def test_the_seeds_outlook_leaves_the_past_event_to_its_theme() -> None:
    doc = read_article(SEED)
    outlook = [b for b in plan_brief(doc).blocks if b.kind == "outlook"]
    assert outlook
    by_id = {s.id: s.text for s in doc.sentences}
    assert not any("burning of 1.4 tons" in by_id[i] for i in outlook[0].sentence_ids)


def test_an_article_that_only_looks_back_has_no_outlook() -> None:
    paragraphs = [f"In {1990 + n}, the council met and approved item {n} after a long debate." for n in range(1, 8)]
    doc = doc_from_string("Council History\n\n" + "\n\n".join(paragraphs))
    assert [b.kind for b in plan_brief(doc).blocks] == ["bottom_line", "theme"]


def test_a_dated_decision_early_in_the_article_reaches_the_outlook() -> None:
    paragraphs = [
        "The agency published a draft rule on water use. The board will review the rule in June.",
        *[f"Farmers in district {n} used less water than the year before, officials said." for n in range(1, 8)],
    ]
    doc = doc_from_string("Water Rule\n\n" + "\n\n".join(paragraphs))
    outlook = [b for b in plan_brief(doc).blocks if b.kind == "outlook"]
    assert outlook and outlook[0].sentence_ids == ("p1.s2",)


def test_theme_blocks_in_json_say_where_they_came_from(encoder: object) -> None:
    from briefing.options import BriefOptions
    from briefing.pipeline import Briefer
    from briefing.render import render_text

    brief = Briefer(BriefOptions(format="json"), encoder=encoder).draft(read_article(SEED))  # type: ignore[arg-type]
    data = json.loads(render_text(brief, "json"))
    themes = [b for b in data["blocks"] if b["key"] not in ("bottom-line", "outlook")]
    assert themes and all(b["title_source"] == "heading" for b in themes)
    assert themes[0]["paragraphs"] == [f"p{i}" for i in range(4, 11)]
    assert all(re.fullmatch(r"p\d+", pid) for b in themes for pid in b["paragraphs"])
    assert "paragraphs" not in data["blocks"][0]  # the Bottom line is not a theme


def test_a_story_pasted_as_one_block_still_gets_themes(encoder: object) -> None:
    # The seed without headings and without paragraph breaks: the form CNN/DM stories come in.
    doc = read_text(_seed_without_headings(), "seed.txt")
    one_block = "\n\n".join([doc.title, " ".join(p.text for p in doc.paragraphs)])
    flat = read_text(one_block, "one-block.txt")
    assert len(flat.paragraphs) == 1
    plan = plan_brief(flat, encoder=encoder)  # type: ignore[arg-type]
    themes = [b for b in plan.blocks if b.kind == "theme"]
    assert len(themes) >= 2
    ids = [i for b in themes for i in b.sentence_ids]
    assert len(ids) == len(set(ids)), "each sentence feeds one theme"
    assert "p1.s1" not in ids  # the opening sentences are the Bottom line's


def test_a_long_headed_section_is_split_under_its_heading(encoder: object) -> None:
    # A real CRS page whose second section runs to 1,540 words.
    page = Path(__file__).resolve().parents[2] / "shared/eval/crs/pages/RS22331v53-foreign-holdings-of-federal-debt.md"
    doc = read_article(page)
    headed = [b for b in plan_brief(doc).blocks if b.kind == "theme"]  # without vectors: one block a section
    themes = [b for b in plan_brief(doc, encoder=encoder).blocks if b.kind == "theme"]  # type: ignore[arg-type]
    assert [b.title for b in themes[: len(headed)]] == [b.title for b in headed]
    assert all(b.title_source == "heading" for b in themes[: len(headed)])
    assert len(themes) > len(headed) and all(b.title_source == "generated" for b in themes[len(headed) :])
    assert sorted(i for b in themes for i in b.sentence_ids) == sorted(i for b in headed for i in b.sentence_ids)
