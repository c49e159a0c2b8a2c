"""One printed page, always: page counts read from the PDF file itself (pypdf)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest

from briefing.brief import Brief
from briefing.ingest import read_article
from briefing.options import BriefOptions
from briefing.fit import THEME_FLOOR
from briefing.plan import MAX_THEMES
from briefing.pipeline import Briefer
from briefing.render import render
from builders import make_brief_data
from conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow

GOVREPORT = ROOT.parent / "shared" / "eval" / "govreport_leval_sample.jsonl"


TOPICS = [
    ("groundwater", "wells in the valley dropped by"), ("hydropower", "turbine output at the dam fell by"),
    ("fisheries", "salmon counts on the river shrank by"), ("tourism", "lake visits by summer tourists slid by"),
    ("wildfire", "dry forests burned across"), ("canals", "leaking irrigation canals lost"),
    ("tribal rights", "senior tribal claims covered"), ("desalination", "a coastal plant now supplies"),
    ("urban pricing", "household tariffs in the capital rose by"), ("almond farms", "orchard acreage was cut by"),
    ("wetlands", "migratory bird habitats shrank by"), ("snowpack", "mountain snow measured"),
    ("recycling", "treated wastewater reused reached"), ("mining", "copper mines drew"),
    ("data centres", "server cooling consumed"), ("flood control", "levee repairs cost"),
    ("drought insurance", "crop insurance claims paid out"), ("border treaty", "deliveries to the neighbour fell by"),
    ("dairy", "milk producers culled"), ("golf courses", "turf irrigation was limited to"),
    ("schools", "rural schools trucked in"), ("health", "clinics reported water-borne illness in"),
    ("courts", "pending lawsuits over allocations numbered"), ("science", "river gauges installed reached"),
    ("finance", "municipal water bonds raised"), ("rice", "paddy fields were fallowed across"),
    ("livestock", "ranchers sold herds totalling"), ("cloud seeding", "aircraft flights over the range rose to"),
    ("aquifer recharge", "basins refilled with floodwater stored"), ("labour", "seasonal farm jobs fell by"),
]


def _thirty_sections() -> str:
    """A generated report: 30 sections with long headings and long, distinct sentences."""
    parts = ["Thirty Sections on Regional Water Policy"]
    for n, (topic, fact) in enumerate(TOPICS, start=1):
        parts.append(f"How the Drought Reshaped {topic.title()} Policy Across the Basin Between the Two Compacts")
        parts.append(
            f"Officials reported that {fact} {n * 3} percent in the year the compact took effect, a change "
            f"that reshaped {topic} planning for every county in the basin and prompted hearings. "
            f"Critics of the {topic} rules argued that the burden fell on small users."
        )
    return "\n\n".join(parts) + "\n"


def _inputs(tmp: Path) -> list[Path]:
    paths = sorted(SAMPLES.glob("*.txt"))
    generated = tmp / "thirty-sections.txt"
    generated.write_text(_thirty_sections())
    paths.append(generated)
    if GOVREPORT.exists():
        for n, line in enumerate(GOVREPORT.read_text().splitlines()):
            if n % 2:
                continue  # the dev rows (even lines): long reports of every shape, in half the time
            path = tmp / f"govreport-{n:02d}.txt"
            path.write_text(json.loads(line)["text"])
            paths.append(path)
    return paths


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _inputs(tmp_path_factory.mktemp("fit"))


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def drafts(_session_encoder: object, inputs: list[Path]) -> list[tuple[Path, Brief]]:
    """Each input drafted once (read, planned, summarised, condensed, its facts found); fitted per paper below."""
    briefer = Briefer(BriefOptions(), encoder=_session_encoder)  # type: ignore[arg-type]
    return [(path, briefer.draft(read_article(path))) for path in inputs]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_input_gives_a_one_page_pdf_of_source_sentences_whole_or_condensed(
    encoder: object, drafts: list[tuple[Path, Brief]], paper: str
) -> None:
    assert len(drafts) >= 3 + (7 if GOVREPORT.exists() else 0)
    options = BriefOptions(format="pdf", paper=paper)  # type: ignore[arg-type]
    briefer = Briefer(options, encoder=encoder)  # type: ignore[arg-type]
    for path, draft in drafts:
        fit = briefer.fit(draft)
        brief = fit.brief
        pdf = render(brief, "pdf", paper=paper)  # type: ignore[arg-type]
        assert isinstance(pdf, bytes)
        assert _pages(pdf) == 1, path.name
        assert fit.pages_after == 1, path.name  # the fit's own count is the PDF's (test_real_pages relies on it)
        sentences = {s.id: s.text for s in read_article(path).sentences}
        # Each point shows its source sentences, or a condensed form of them that keeps them whole beside it.
        assert all(p.whole == " ".join(sentences[i] for i in p.sentence_ids) for p in brief.points), path.name
        assert brief.blocks[0].title == "Bottom line"


def test_the_pdf_page_size_follows_the_paper_option() -> None:
    for paper, width in (("a4", 595), ("letter", 612)):
        pdf = render(make_brief_data(), "pdf", paper=paper)  # type: ignore[arg-type]
        box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox  # type: ignore[arg-type]
        assert round(float(box.width)) == width


def test_body_text_is_never_below_nine_points() -> None:
    html = render(make_brief_data(), "html")
    assert isinstance(html, str)
    body = re.search(r"body \{[^}]*font-size: ([\d.]+)pt", html)
    assert body and float(body.group(1)) >= 9
    for rule in ("h1", "h2", "li"):
        size = re.search(rf"\n{rule} \{{[^}}]*font-size: ([\d.]+)pt", html)
        assert size is None or float(size.group(1)) >= 9


def test_thirty_sections_merge_into_theme_blocks_instead_of_being_dropped(encoder: object, inputs: list[Path]) -> None:
    generated = next(p for p in inputs if p.name == "thirty-sections.txt")
    brief = Briefer(BriefOptions(), encoder=encoder).brief(generated)  # type: ignore[arg-type]
    themes = [b for b in brief.blocks if b.kind == "theme"]
    assert THEME_FLOOR <= len(themes) <= MAX_THEMES
    # The page may leave out a merged theme whose best point is the weakest on it (points of
    # every block compete on one scale), never most of them and never a raw section of the 30.
    assert len(brief.omitted) <= MAX_THEMES - THEME_FLOOR
    assert len(themes) + len(brief.omitted) <= MAX_THEMES


def test_sections_left_out_for_length_are_named_in_every_format(encoder: object, inputs: list[Path]) -> None:
    generated = next(p for p in inputs if p.name == "thirty-sections.txt")
    # A word budget too small for one point per theme block leaves whole blocks out.
    briefer = Briefer(BriefOptions(words=60), encoder=encoder)  # type: ignore[arg-type]
    brief = briefer.brief(generated)
    assert brief.omitted, "60 words cannot hold a point of every theme block"
    note = brief.all_notes[-1]
    assert note.startswith("Left out to keep the brief to one page: the sections ")
    assert note in json.loads(render(brief, "json"))["notes"]  # type: ignore[arg-type]
    assert note.replace("'", "&#39;") in render(brief, "html")  # type: ignore[operator]


def test_a_short_article_gives_a_short_brief_not_padding(encoder: object, tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Levy Raised\n\nThe council raised the water levy by two percent on Tuesday.\n")
    brief = Briefer(BriefOptions(), encoder=encoder).brief(path)  # type: ignore[arg-type]
    assert [p.text for p in brief.points] == ["The council raised the water levy by two percent on Tuesday."]
