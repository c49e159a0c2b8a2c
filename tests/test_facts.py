"""The key-facts box (issue 16): figures, actors and a timeline, each a verbatim span of its paragraph."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from briefing import nlp
from briefing.brief import Brief, SourceInfo
from briefing.errors import SpecError
from briefing.facts import KINDS, MAX_EVENTS, MAX_ITEMS, Facts, extract_facts, resolve_date
from briefing.ingest import read_article
from briefing.options import BriefOptions
from briefing.pdf import count_pages
from briefing.pipeline import Briefer
from briefing.render import render_text
from briefing.spec import parse_spec
from builders import doc_from_string
from conftest import ROOT

SEED = ROOT.parent / "shared" / "seed" / "000_4c8ed5263f93d0a9.txt"
GOVREPORT = ROOT.parent / "shared" / "eval" / "govreport_leval_sample.jsonl"


def _empty_brief(doc: object) -> Brief:
    return Brief(title="t", source=SourceInfo(file="t"), blocks=(), model="m", version="v")


def _untraceable(facts: Facts, paragraphs: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    """Items whose text, or the event the box prints for a timeline item, is not in every cited paragraph."""
    shown = [(item, item.text) for item in facts.items] + [(event, event.shown) for event in facts.timeline]
    return [(text, item.sources) for item, text in shown
            if not item.sources or not all(text in paragraphs.get(pid, "") for pid in item.sources)]


# --- dates -------------------------------------------------------------------


def test_dates_without_a_year_resolve_against_the_reference_date() -> None:
    ref = date(2017, 12, 11)
    assert resolve_date("December 11, 2017", ref) == "2017-12-11"
    assert resolve_date("August 21", ref) == "2017-08-21"
    assert resolve_date("December 20", ref) == "2016-12-20"  # later in the year than the article: last year's
    assert resolve_date("February", ref) == "2017-02"
    assert resolve_date("February 2016", ref) == "2016-02"
    assert resolve_date("yesterday", ref) == "2017-12-10"
    assert resolve_date("last year", ref) == "2016"
    assert resolve_date("04/16/2026", None) == "2026-04-16"
    assert resolve_date("FY2027", None) == "FY2027"
    assert resolve_date("recent years", ref) is None
    assert resolve_date("August 21", None) is None  # nothing to resolve it against


def test_a_year_that_ends_a_name_dates_no_event() -> None:
    from briefing import nlp
    from briefing.facts import _date_spans

    def dates(text: str) -> list[str]:
        return [span.text for span in _date_spans(nlp.parse(text))]

    # R47573: the timeline read "2019: the post-Coronavirus Disease 2019 (COVID-19) pandemic spike in inflation".
    assert "2019" not in dates("Since 2021, the post-Coronavirus Disease 2019 (COVID-19) pandemic spike in inflation "
                               "has eroded the purchasing power of highway funds.")
    assert dates("In 2019, Congress extended the program until March 2021.") == ["2019", "March 2021"]


def test_relative_dates_use_the_documents_own_date() -> None:
    doc = doc_from_string("Accord\n\nThe finance ministers of both countries met in Geneva yesterday to sign the accord.\n")
    doc = replace(doc, date="March 3, 2024")
    timeline = extract_facts(doc, _empty_brief(doc), ("timeline",)).timeline
    assert [e.date for e in timeline] == ["2024-03-02"]


# --- the seed ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_briefs(_session_encoder: object) -> dict[str, Brief]:
    out = {}
    draft = None
    for paper in ("a4", "letter"):
        briefer = Briefer(BriefOptions(format="html", paper=paper), encoder=_session_encoder)  # type: ignore[arg-type]
        draft = draft or briefer.draft(read_article(SEED))
        out[paper] = briefer.fit(draft).brief
    return out


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="the seed is not beside this checkout")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_seed_box_holds_its_main_figures_actors_and_dates_on_one_page(
    seed_briefs: dict[str, Brief], paper: str
) -> None:
    brief = seed_briefs[paper]
    facts = brief.facts
    assert count_pages(render_text(brief, "html", paper=paper)) == 1  # type: ignore[arg-type]
    # Two figures: the seed's other numbers name things ("two major strategic objectives") without
    # saying anything of them, and no longer fill the box (see the test of _says_what).
    assert len(facts.figures) >= 2 and len(facts.actors) >= 4 and len(facts.timeline) >= 5
    assert any(f.value == "43" and f.unit == "percent" and "opium production" in f.measure for f in facts.figures)
    assert any(f.value == "1.4" and f.unit == "tons" for f in facts.figures)
    roles = {a.name: a.role for a in facts.actors}
    assert roles["Sergey Lavrov"] == "Russian Foreign Minister"
    assert roles["Vladimir Putin"] == "Russian President"
    assert all(a.role for a in facts.actors)
    dates = [e.date for e in facts.timeline]
    assert dates == sorted(dates) and dates[-1] == "2017-12-11"
    assert "2017-08-21" in dates  # "his August 21 South Asia strategy speech": the year from the article
    paragraphs = {p.id: p.text for p in read_article(SEED).paragraphs}
    assert _untraceable(facts, paragraphs) == []


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="the seed is not beside this checkout")
def test_the_seed_timeline_reads_as_events_not_fragments(seed_briefs: dict[str, Brief]) -> None:
    """Each line names who or what: no subjectless verb ("to address ...", "posed by ...",
    "increases the credibility of ...") and no phrase cut short ("... as a rationale for a potential")."""
    shown = [e.shown for e in seed_briefs["a4"].facts.timeline]
    assert all(text[0].isupper() for text in shown), shown
    assert not any(text.endswith((" a", " an", " the", " potential", " for")) for text in shown), shown
    assert "Lavrov’s December 4 call for enhanced cooperation between the CSTO and NATO on drug enforcement" in shown


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="the seed is not beside this checkout")
def test_one_actor_under_several_names_is_listed_once(seed_briefs: dict[str, Brief]) -> None:
    doc = read_article(SEED)
    actors = extract_facts(doc, seed_briefs["a4"], ("actors",)).actors
    surnames = [a.name.split()[-1] for a in actors]
    assert len(surnames) == len(set(surnames))
    assert "Lavrov" not in [a.name for a in actors]  # "Lavrov claimed ..." is Sergey Lavrov


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="the seed is not beside this checkout")
def test_no_item_repeats_a_point_word_for_word(seed_briefs: dict[str, Brief]) -> None:
    brief = seed_briefs["a4"]
    points = {p.text.rstrip(".") for p in brief.points}
    assert not [i.text for i in brief.facts.items if i.text.rstrip(".") in points]


# --- switches ------------------------------------------------------------------


def test_a_spec_turns_each_kind_on_or_off_and_may_hold_only_the_facts_table() -> None:
    spec = parse_spec({"facts": {"timeline": False}})
    assert spec.blocks == () and spec.facts == ("figures", "actors")
    assert parse_spec({"blocks": [{"title": "A", "theme": "b"}]}).facts == KINDS
    with pytest.raises(SpecError, match="unknown key.*dates"):
        parse_spec({"facts": {"dates": True}})
    with pytest.raises(SpecError, match="true or false"):
        parse_spec({"facts": {"figures": "yes"}})


def test_no_facts_and_the_spec_decide_which_kinds_are_extracted(tmp_path: Path) -> None:
    assert Briefer(BriefOptions(facts=False)).fact_kinds == ()
    spec = tmp_path / "spec.toml"
    spec.write_text("[facts]\nfigures = false\nactors = false\n")
    assert Briefer(BriefOptions(spec=spec)).fact_kinds == ("timeline",)
    assert Briefer(BriefOptions()).fact_kinds == KINDS


# --- hostile text ----------------------------------------------------------------


def _hostile(text: str) -> tuple[Facts, float, dict[str, str]]:
    doc = doc_from_string(text)
    start = time.perf_counter()
    facts = extract_facts(doc, _empty_brief(doc))
    return facts, time.perf_counter() - start, {p.id: p.text for p in doc.paragraphs}


def _bounded(facts: Facts) -> bool:
    return len(facts.figures) <= MAX_ITEMS and len(facts.actors) <= MAX_ITEMS and len(facts.timeline) <= MAX_EVENTS


def test_a_table_of_numbers_only_gives_no_figure_without_a_measure() -> None:
    # A plain table, rows of numbers alone, is not article text (ingest refuses it); rows that
    # read as sentences, one figure after another, are.
    rows = "\n\n".join(" ".join(f"{r * 7 + c:,}.{c}" for c in range(8)) + "." for r in range(300))
    facts, seconds, paragraphs = _hostile("Numbers\n\nThe survey counted these values.\n\n" + rows + "\n")
    assert _bounded(facts) and _untraceable(facts, paragraphs) == []
    assert all(any(c.isalpha() for c in f.measure) for f in facts.figures)
    assert seconds < 10


def test_five_hundred_dates_give_a_bounded_timeline_in_order() -> None:
    months = ["January", "March", "May", "July", "September", "November"]
    lines = [f"On {months[n % 6]} {n % 27 + 1}, {1900 + n % 120}, the council approved budget item {n}." for n in range(500)]
    facts, seconds, paragraphs = _hostile("Dates\n\n" + "\n\n".join(lines) + "\n")
    assert _bounded(facts) and 3 <= len(facts.timeline) <= MAX_EVENTS
    assert [e.date for e in facts.timeline] == sorted(e.date for e in facts.timeline)
    assert len({e.date for e in facts.timeline}) == len(facts.timeline)
    assert _untraceable(facts, paragraphs) == [] and seconds < 10


def test_names_in_every_line_give_a_bounded_box_of_distinct_actors() -> None:
    first = ["Maria", "John", "Wei", "Fatima", "Olga", "Pedro", "Aiko", "Samuel"]
    last = ["Lopez", "Smith", "Chen", "Haddad", "Ivanova", "Silva", "Tanaka", "Okafor"]
    lines = [f"Deputy Minister {first[n % 8]} {last[(n * 3) % 8]} met Senator {first[(n + 1) % 8]} {last[n % 8]} in Geneva."
             for n in range(400)]
    facts, seconds, paragraphs = _hostile("Names\n\n" + "\n\n".join(lines) + "\n")
    assert _bounded(facts) and facts.actors
    assert len({a.name for a in facts.actors}) == len(facts.actors)
    assert _untraceable(facts, paragraphs) == [] and seconds < 10


# --- GovReport dev rows ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not GOVREPORT.exists(), reason="../shared/eval is not beside this checkout")
def test_every_item_on_the_govreport_dev_rows_occurs_in_its_cited_paragraph(tmp_path: Path) -> None:
    rows = [json.loads(line) for n, line in enumerate(GOVREPORT.read_text().splitlines()) if n % 2 == 0]
    counts = dict.fromkeys(KINDS, 0)
    for n, row in enumerate(rows):
        path = tmp_path / f"govreport-{n:02d}.txt"
        path.write_text((row.get("title") or "Report") + "\n\n" + row["text"])
        doc = read_article(path)
        facts = extract_facts(doc, _empty_brief(doc))
        assert _untraceable(facts, {p.id: p.text for p in doc.paragraphs}) == [], path.name
        for kind in KINDS:
            counts[kind] += len(getattr(facts, kind))
    assert all(counts.values()), counts  # every kind is found somewhere in seven reports


@pytest.mark.parametrize(
    "sentence, shown",
    [
        # Read blind on the CRS dev pages: each was a box figure that said nothing, or the opposite.
        ("According to NTSB, bridge owners of 22 of the 68 bridges had reported that they were under the threshold.", None),
        ("The Authority shall approve not fewer than three plans of work for exploration.", None),
        ("The IIJA provided $118 billion of these transfers to the fund.", "The IIJA provided $118 billion"),
        ("An October 2016 UN report revealed a 43 percent spike in opium production in Afghanistan.",
         "43 percent spike in opium production"),
        ("The burning of 1.4 tons of Afghan heroin and opium by Uzbek security forces provided a foundation for cooperation.",
         "The burning of 1.4 tons of Afghan heroin and opium"),
    ],
)
def test_a_box_figure_says_what_its_number_is_or_is_left_out(sentence: str, shown: str | None) -> None:
    from briefing.facts import _figures

    doc = doc_from_string(f"Title\n\n{sentence}")
    parsed = list(zip(doc.sentences, nlp.parse_many(s.text for s in doc.sentences)))
    texts = [f.text for f in _figures(doc, parsed)]
    if shown is None:
        assert texts == []
    else:
        assert any(shown in t for t in texts), texts


def test_a_year_a_span_starts_from_dates_no_event() -> None:
    """'Since 2001, the ISA has issued 31 contracts' was shown as '2001: the ISA has issued 31 ...' (blind read)."""
    from briefing.facts import _timeline

    doc = doc_from_string("Title\n\nSince 2001, the ISA has issued 31 contracts for exploration. "
                          "In 2014, the ISA approved its first exploitation regulations.")
    parsed = list(zip(doc.sentences, nlp.parse_many(s.text for s in doc.sentences)))
    assert [e.date for e in _timeline(doc, parsed, None)] == ["2014"]


def test_an_actor_s_role_that_points_back_is_no_role() -> None:
    """'GAO reached this conclusion' told nobody who GAO is (blind read of IF13131)."""
    from briefing.facts import _actors

    doc = doc_from_string("Title\n\nGAO reached this conclusion in a review of the grants. "
                          "The Government Accountability Office audits federal spending for Congress.")
    parsed = list(zip(doc.sentences, nlp.parse_many(s.text for s in doc.sentences)))
    assert all("this conclusion" not in actor.text for actor, _, _ in _actors(doc, parsed))
