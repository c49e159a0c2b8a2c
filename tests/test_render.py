"""Render: golden files for each format, escaping, and template overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.brief import BriefBlock, Point
from briefing.errors import RenderError
from briefing.facts import Facts, Figure
from briefing.render import render
from builders import make_brief_data
from conftest import GOLDEN


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_render_matches_golden_file(fmt: str, update_golden: bool) -> None:
    """Golden files are reviewed in diffs like code; --update-golden rewrites them."""
    text = render(make_brief_data(), fmt)  # type: ignore[arg-type]
    golden = GOLDEN / f"water.{fmt}"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_json_follows_the_published_schema() -> None:
    data = json.loads(render(make_brief_data(), "json"))
    assert set(data) == {"title", "source", "blocks", "facts", "model", "version", "notes"}
    assert set(data["source"]) == {"file", "author", "date", "number"}
    assert set(data["blocks"][0]) == {"key", "title", "points"}
    block = data["blocks"][1]  # a theme: where it came from, too
    assert set(block) == {"key", "title", "paragraphs", "title_source", "points"}
    assert block["paragraphs"] == ["p2", "p3"] and block["title_source"] == "heading"
    assert block["points"][0] == {"text": "Arizona takes the largest cut.", "sources": ["p2"], "engine": "extractive"}
    facts = data["facts"]
    assert set(facts) == {"figures", "actors", "timeline"}
    assert facts["figures"][0] == {"text": "cut use by 13 percent", "sources": ["p1"], "value": "13", "unit": "percent",
                                   "measure": "use"}
    assert facts["actors"][0] == {"text": "Arizona takes the largest cut", "sources": ["p2"], "name": "Arizona",
                                  "role": "takes the largest cut"}
    assert set(facts["timeline"][0]) == {"text", "sources", "date", "event"}


def test_every_format_shows_the_key_facts_box_with_its_sources() -> None:
    html = render(make_brief_data(), "html")
    assert '<aside class="facts"' in html and "Key figures" in html and "Who’s who" in html and "Timeline" in html
    assert 'cut use by 13 percent<sup class="src" title="p1: Three states agreed' in html
    # A timeline line prints the event beside its date, not the date again.
    assert '<span class="when">2004</span> Tribes keep senior rights<sup class="src"' in html
    md = render(make_brief_data(), "md")
    assert "### Key figures" in md and "- cut use by 13 percent [p1]" in md and "- **2026**: The deal runs [p1]" in md


def test_an_empty_box_renders_nothing() -> None:
    brief = make_brief_data(facts=Facts())
    assert "<aside" not in render(brief, "html") and "Key figures" not in render(brief, "md")
    assert json.loads(render(brief, "json"))["facts"] == {"figures": [], "actors": [], "timeline": []}


HOSTILE = "Officials wrote <script>alert(1)</script> and {{ 7*7 }} and {% raw %} in the memo."


def _hostile_brief() -> object:
    point = Point(HOSTILE, ("p1",), "extractive", 1.0, ("p1.s1",))
    return make_brief_data(
        title="<b>Title</b> {{ x }}",
        blocks=(BriefBlock("bottom-line", "Bottom line", "bottom_line", (point,)),),
        facts=Facts(figures=(Figure(HOSTILE, "1", "", "alert", ("p1",)),)),
        paragraphs=(("p1", HOSTILE),),
    )


def test_html_escapes_markup_and_never_evaluates_article_text_as_template() -> None:
    html = render(_hostile_brief(), "html")  # type: ignore[arg-type]
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html


def test_markdown_escapes_characters_that_markdown_would_read_as_markup() -> None:
    md = render(_hostile_brief(), "md")  # type: ignore[arg-type]
    assert r"\<script\>" in md
    assert r"{{ 7\*7 }}" in md and "49" not in md


def test_json_keeps_article_text_verbatim() -> None:
    data = json.loads(render(_hostile_brief(), "json"))  # type: ignore[arg-type]
    assert data["blocks"][0]["points"][0]["text"] == HOSTILE


def test_html_shows_each_points_source_paragraphs_with_their_text_on_hover() -> None:
    html = render(make_brief_data(), "html")
    assert '<sup class="src" title="p2: Arizona takes the largest cut.">p2</sup>' in html
    assert "@media print" in html and "@page" in html


def test_a_user_template_folder_overrides_one_template(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text("{{ brief.title }}: {{ brief.points | length }} points\n")
    assert render(make_brief_data(), "md", tmp_path) == "Water Rights in the Lower Basin: 3 points\n"
    assert "<!DOCTYPE html>" in render(make_brief_data(), "html", tmp_path)  # the rest stay packaged


@pytest.mark.parametrize(
    "template, message",
    [("{{ brief.no_such_field }}", "unknown value"), ("{% for %}", "line 1")],
    ids=["undefined", "syntax"],
)
def test_broken_user_templates_raise_render_error(tmp_path: Path, template: str, message: str) -> None:
    (tmp_path / "brief.md.j2").write_text(template)
    with pytest.raises(RenderError, match=message):
        render(make_brief_data(), "md", tmp_path)


def test_missing_template_folder(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="template folder not found"):
        render(make_brief_data(), "md", tmp_path / "nope")
