"""The extractive backend on the real embedded MiniLM (loaded once per session)."""

from __future__ import annotations

import pytest

from briefing import __version__
from briefing.ingest import read_article
from briefing.options import BriefOptions
from briefing.pipeline import Briefer
from briefing.plan import plan_brief
from briefing.spec import load_spec
from briefing.engines import get_summarizer, summarize
from conftest import CRS, SEED, SPEC

pytestmark = pytest.mark.slow


def _brief(encoder: object, source: object = SEED, **options: object) -> object:
    # The engine's own choice, whole: condensing is tested in test_condense.py.
    return Briefer(BriefOptions(**{"condense": False, **options}), encoder=encoder).brief(source)  # type: ignore[arg-type]


def test_every_point_is_a_verbatim_sentence_of_the_paragraphs_it_cites(encoder: object) -> None:
    doc = read_article(SEED)
    brief = _brief(encoder)
    sentences = {s.text: s for s in doc.sentences}
    assert 4 <= len(brief.points) <= 20
    for point in brief.points:
        assert point.text in sentences, point.text
        assert point.sources == (sentences[point.text].paragraph_id,)
        assert point.engine == "extractive"


def test_no_sentence_appears_twice_and_points_keep_source_order(encoder: object) -> None:
    doc = read_article(SEED)
    position = {s.text: s.position for s in doc.sentences}
    brief = _brief(encoder)
    texts = [p.text for p in brief.points]
    assert len(texts) == len(set(texts))
    for block in brief.blocks:
        order = [position[p.text] for p in block.points]
        assert order == sorted(order)


def test_seed_brief_covers_criticism_central_asia_and_outlook(encoder: object) -> None:
    brief = _brief(encoder)
    titles = [b.title for b in brief.blocks]
    assert titles[0] == "Bottom line" and titles[-1] == "Outlook"
    text = {b.title: " ".join(p.text for p in b.points) for b in brief.blocks}
    assert "criticism" in titles[1].lower()
    assert any(w in text[titles[1]] for w in ("criticism", "ineffectiveness", "NATO", "U.S."))
    assert "Central Asia" in titles[2] and "Central Asia" in text[titles[2]]
    assert any(w in text["Outlook"] for w in ("could", "will", "potential", "months to come"))


def test_seed_brief_with_the_spec_has_the_cards_blocks(encoder: object) -> None:
    brief = _brief(encoder, spec=SPEC)
    assert [b.title for b in brief.blocks] == [
        "Bottom line", "Russian criticism of U.S./NATO policy", "Central Asia cooperation", "Outlook",
    ]
    blocks = {b.title: " ".join(p.text for p in b.points) for b in brief.blocks}
    assert "Central Asia" in blocks["Central Asia cooperation"] or "Tajik" in blocks["Central Asia cooperation"]


def test_spec_sentences_feed_at_most_one_block(encoder: object) -> None:
    doc = read_article(SEED)
    plan = plan_brief(doc, load_spec(SPEC), encoder)  # type: ignore[arg-type]
    themed = [set(b.sentence_ids) for b in plan.blocks if b.kind != "bottom_line"]
    for i, a in enumerate(themed):
        for b in themed[i + 1 :]:
            assert not a & b


@pytest.mark.parametrize("points", [1, 2, 5])
def test_points_option_caps_each_block(encoder: object, points: int) -> None:
    brief = _brief(encoder, points=points, words=5000)
    assert all(len(b.points) <= points for b in brief.blocks)


def test_word_budget_drops_the_lowest_scoring_points_before_any_whole_block(encoder: object) -> None:
    """At 200 words the seed's four blocks keep one point or more each; lower budgets then drop themes."""
    full = _brief(encoder, words=5000)
    short = _brief(encoder, words=200)
    assert short.words < full.words
    assert [b.key for b in short.blocks] == [b.key for b in full.blocks]
    assert all(b.points for b in short.blocks)
    kept = {p.text for p in short.points}
    dropped = [p for p in full.points if p.text not in kept]
    assert dropped and max(p.score for p in dropped) <= max(p.score for p in short.points)


def test_report_brief_draws_on_its_sections(encoder: object) -> None:
    brief = _brief(encoder, CRS, words=400)
    assert brief.blocks[0].title == "Bottom line"
    assert len(brief.blocks) >= 5
    assert brief.words <= 400


def test_summarize_directly_with_a_registry_backend(encoder: object) -> None:
    doc = read_article(SEED)
    summarizer = get_summarizer("extractive", encoder)  # type: ignore[arg-type]
    brief = summarize(doc, plan_brief(doc), summarizer, points=2, version=__version__)
    assert brief.model == f"extractive (sentence-transformers/all-MiniLM-L6-v2 on {encoder.engine})"  # type: ignore[attr-defined]
    assert {pid for pid, _ in brief.paragraphs} == {s for p in brief.points for s in p.sources}
