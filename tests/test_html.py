"""Saved web pages: the article, its metadata and headings; never navigation, teasers or comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from briefing.errors import InputError
from briefing.ingest import read_article, read_article_bytes
from briefing.ingest.html import looks_like_html
from briefing.ingest.html_check import normalise, page_text
from briefing.options import BriefOptions
from briefing.pipeline import Briefer

PAGES = DATA / "html-pages"
SHARED_PAGES = ROOT.parent / "shared" / "html-pages"


def _pages() -> list[Path]:
    found = sorted(p for p in PAGES.iterdir() if (p / "source.html").exists())
    if SHARED_PAGES.is_dir():
        found += sorted(p for p in SHARED_PAGES.iterdir() if (p / "source.html").exists() and p.name not in {f.name for f in found})
    return found


@pytest.mark.slow
@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_point_of_a_page_brief_comes_from_the_reference_article(page: Path, encoder: object) -> None:
    """The brief of a real saved page quotes only text that readability's reference extraction keeps."""
    doc = read_article(page / "source.html")
    brief = Briefer(BriefOptions(), encoder=encoder).brief_document(doc)  # type: ignore[arg-type]
    expected = normalise(page_text((page / "expected.html").read_text(encoding="utf-8")))
    # A condensed point's words are its source sentences' (test_condense); those sentences must be the article's.
    sentences = {s.id: s.text for s in doc.sentences}
    quoted = [sentences[i] for p in brief.points for i in p.sentence_ids] + [p.text for p in brief.points if not p.sentence_ids]
    outside = [text for text in quoted if normalise(text) not in expected]
    assert brief.points
    assert outside == []


@pytest.mark.parametrize("name", ["ars-1", "herald-sun-1", "salon-1"])
def test_page_title_and_author_come_from_its_metadata(name: str) -> None:
    meta = json.loads((PAGES / name / "expected-metadata.json").read_text(encoding="utf-8"))
    doc = read_article(PAGES / name / "source.html")
    assert doc.title == meta["title"]
    assert doc.site
    assert doc.date
    assert doc.byline  # herald-sun-1 and salon-1: readability's byline is wrong; the article names its own author
    assert not any(doc.byline.lower() == w for w in ("username", "admin"))


def test_teasers_gallery_tags_and_comments_after_the_article_are_dropped() -> None:
    herald = " ".join(p.text for p in read_article(PAGES / "herald-sun-1" / "source.html").paragraphs)
    assert "Other Opinion Columns" not in herald and "SUSIE O’BRIEN" not in herald
    assert "Data Retention Bill" in herald
    salon = read_article(PAGES / "salon-1" / "source.html")
    text = " ".join(p.text for p in salon.paragraphs)
    for junk in ("Loading Comments", "Topics:", "slideshow", "PreviousNext"):
        assert junk not in text
    assert "surge pricing" in text


def test_html_headings_become_sections() -> None:
    page = (
        "<html><head><title>Water Policy Review | Example Site</title>"
        '<meta property="og:site_name" content="Example Site"></head><body>'
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav><article><h1>Water Policy Review</h1>"
        + "".join(
            f"<h2>Part {n}</h2><p>The agency said reservoir levels fell sharply during the dry summer months of the year. "
            f"Engineers expect the decline in part {n} to continue until the autumn rains arrive in the region.</p>"
            for n in ("One", "Two")
        )
        + "</article><footer>Copyright 2024 Example Site</footer></body></html>"
    )
    doc = read_article_bytes(page.encode(), "page.html")
    assert doc.title == "Water Policy Review"
    assert [s.heading for s in doc.sections] == ["Part One", "Part Two"]
    assert all("Home" not in p.text and "Copyright" not in p.text for p in doc.paragraphs)


def test_html_is_recognised_by_content_when_the_name_says_txt(tmp_path: Path) -> None:
    html = (PAGES / "ars-1" / "source.html").read_bytes()
    path = tmp_path / "saved-page.txt"
    path.write_bytes(html)
    doc = read_article(path)
    assert doc.title.startswith("Just-released Minecraft exploit")
    assert not any("<p" in p.text or "</" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    "text, is_html",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <html lang='en'><p>text</p></html>", True),
        ("<div><p>One</p><p>Two</p><span>three</span></div>", True),
        ("Plain text that mentions <html> once.\n\nAnd more text.", False),
        ("# Markdown title\n\nSome text with a <b>bold</b> tag.", False),
    ],
)
def test_looks_like_html(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script></body></html>",
        "<html><body><p>Unclosed <div><b>bold",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
    ids=["script-only", "broken", "navigation-only"],
)
def test_pages_without_an_article_are_one_line_input_errors(page: str) -> None:
    with pytest.raises(InputError, match=r"page.html: no article text found") as info:
        read_article_bytes(page.encode(), "page.html")
    assert "\n" not in str(info.value)
