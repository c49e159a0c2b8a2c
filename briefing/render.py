"""Brief -> Markdown, HTML or JSON text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing.brief import Brief, BriefBlock, Point
from briefing.errors import RenderError
from briefing.facts import Facts
from briefing.options import Format, Paper
from briefing.templating import make_environment, render_template

TEMPLATES: dict[str, str] = {"md": "brief.md.j2", "html": "brief.html.j2"}
TOOLTIP_CHARS = 320  # enough of a paragraph to recognise it on hover
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}  # CSS @page size names


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The stable JSON schema that tools and checks read."""
    return {
        "title": brief.title,
        "source": {
            "file": brief.source.file,
            "author": brief.source.author,
            "date": brief.source.date,
            "number": brief.source.number,
        },
        "blocks": [_block_dict(block) for block in brief.blocks],
        "facts": facts_to_dict(brief.facts),
        "model": brief.model,
        "version": brief.version,
        "notes": list(brief.all_notes),
    }


def _block_dict(block: BriefBlock) -> dict[str, Any]:
    out: dict[str, Any] = {"key": block.key, "title": block.title}
    if block.kind == "theme":
        # Where a theme came from: its section or segment, and whether the title is the article's heading.
        out["paragraphs"] = list(block.paragraphs)
        out["title_source"] = block.title_source
    out["points"] = [_point_dict(p) for p in block.points]
    return out


def facts_to_dict(facts: Facts) -> dict[str, list[dict[str, Any]]]:
    """The key-facts box: each item's verbatim text, its source paragraphs and its parts."""
    return {
        "figures": [{"text": f.text, "sources": list(f.sources), "value": f.value, "unit": f.unit, "measure": f.measure}
                    for f in facts.figures],
        "actors": [{"text": a.text, "sources": list(a.sources), "name": a.name, "role": a.role} for a in facts.actors],
        "timeline": [{"text": t.text, "sources": list(t.sources), "date": t.date, "event": t.event} for t in facts.timeline],
    }


def _point_dict(point: Point) -> dict[str, Any]:
    """A point as JSON: ``text`` as shown; a condensed one adds its whole sentence and the edits."""
    out: dict[str, Any] = {"text": point.text, "sources": list(point.sources), "engine": point.engine}
    if point.source_text is not None:
        out["source_text"] = point.source_text
        out["edits"] = [
            {k: v for k, v in (("kind", e.kind), ("removed", e.removed), ("inserted", e.inserted),
                               ("source", e.source), ("rule", e.rule)) if v or k == "kind"}
            for e in point.edits
        ]
    return out


def _excerpt(text: str) -> str:
    if len(text) <= TOOLTIP_CHARS:
        return text
    return text[:TOOLTIP_CHARS].rsplit(" ", 1)[0] + " …"


def render(brief: Brief, fmt: Format, template_dir: Path | None = None, paper: Paper = "a4") -> str | bytes:
    """Render a brief in ``fmt``: text for md, html and json; bytes for pdf.

    Raises:
        RenderError: a template is missing, broken or uses an unknown value.
    """
    if fmt == "pdf":
        from briefing.pdf import html_to_pdf

        return html_to_pdf(render_text(brief, "html", template_dir, paper))
    return render_text(brief, fmt, template_dir, paper)


def render_text(brief: Brief, fmt: Format, template_dir: Path | None = None, paper: Paper = "a4") -> str:
    """Render a brief as Markdown, HTML or JSON text."""
    if fmt == "json":
        text = json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2)
        # <, > and & only occur inside strings here; escaped, the JSON is safe to
        # paste into a <script> block or an HTML attribute, and parses the same.
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
    name = TEMPLATES.get(fmt)
    if name is None:
        raise RenderError(f"cannot render format '{fmt}' as text; choose one of: json, {', '.join(TEMPLATES)}")
    return render_template(
        make_environment(template_dir),
        name,
        template_dir,
        brief=brief,
        paragraphs={pid: _excerpt(text) for pid, text in brief.paragraphs},
        page_size=PAGE_SIZES[paper],
    )
