"""Markdown reader: CommonMark + GFM tables through markdown-it-py -> Units.

What the parser gives, and what we do with it:

- ATX and setext headings -> heading Units with their level;
- paragraphs, list items and block quotes -> text; a paragraph's soft line
  breaks are kept, so the assembler can still find plain-line headings and
  one-paragraph-per-line text inside it (exports often have both);
- links -> their text (URLs never reach the brief); a link whose text is a
  page control ("Listen", "Download PDF (326KB)", "Hide Overview") goes whole;
  a paragraph or list item made of links only is navigation (menus,
  breadcrumbs, contents lists) and goes;
- emphasis markers, images, inline HTML -> gone; code blocks -> skipped;
- GFM tables, and the ``| cell | cell`` rows exports write without a delimiter
  row -> table Units (``tables.py``), never prose;
- YAML front matter is split off before (``frontmatter.split_front_matter``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from briefing.ingest.cleanup import is_apparatus_heading, is_control_label
from briefing.ingest.tables import is_pipe_row, table_units
from briefing.ingest.units import Unit, UnitKind

# Emphasis markers the parser leaves when an export mangles them ("****Table 1**shows").
_STRAY_STARS = re.compile(r"\*+")
# An empty bold pair between two words or after a full stop stands where the export lost a space
# ("a triad of****strategic", "discussed****in", "Services.****Data for"); inside a word it does
# not ("program****s****", "****A****verage").
_LOST_SPACE_STARS = re.compile(r"(?<=[a-z\d.,;:)])\*{4,}(?=[A-Za-z]{2})")
# ... and after a mark of punctuation the export put in italics ("recall it voluntarily_._ Voluntary").
_STRAY_UNDERSCORES = re.compile(r"(?<![\w])_+(?=\w)|(?<=\w)_+(?![\w])|(?<=\s)_+(?=\s)|(?<=[^\w\s])_+(?=\s|$)")
# Italic markers an export put inside a word ("f__inanc__ing") or between words ("916____As").
_INNER_UNDERSCORES = re.compile(r"(?<=[a-z])_{2,}(?=[a-z])")
_DOUBLE_UNDERSCORES = re.compile(r"_{2,}")
# An indented block that is prose, not code: exports indent text with spaces ("    Disclaimer:").
_CODE_CHARS = re.compile(r"[{};=<>\[\]]|^\s*(def|class|import|return|if|for|while|#include)\b|\(\)", re.M)
_HTML_TAG = re.compile(r"<[^>]{0,500}>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_LINK_SHARE = 0.8  # a paragraph with this share of its letters in links is navigation


def markdown_units(text: str) -> list[Unit]:
    """Markdown text (front matter already split off) -> Units in reading order."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Footnote references ("[^1]") vanish from the text and their definitions are apparatus,
    # not the article: a footnote is where a report cites its sources.
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)
    # Before parsing: the parser reads some of these as an empty bold pair and drops them whole.
    tokens = parser.parse(_LOST_SPACE_STARS.sub(" ", text))
    units: list[Unit] = []
    containers: list[str] = []  # open list items and block quotes
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind in ("list_item_open", "blockquote_open"):
            containers.append(kind)
        elif kind in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif kind == "heading_open":
            inline = _render(tokens[i + 1])
            title = _tidy(inline.text.replace("\n", " "))
            if title and not inline.only_controls:
                units.append(Unit(title, heading=True, level=int(token.tag[1]), marked=True))
            i += 2
        elif kind == "paragraph_open":
            where: UnitKind = "item" if "list_item_open" in containers else "quote" if containers else "text"
            units.extend(_paragraph_units(_render(tokens[i + 1]), where))
            i += 2
        elif kind == "footnote_block_open":
            i = next(j for j in range(i, len(tokens)) if tokens[j].type == "footnote_block_close")
        elif kind == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            units.extend(_table(tokens[i:end]))
            i = end
        elif kind == "html_block":
            stripped = _tidy(_HTML_TAG.sub(" ", token.content))
            if stripped:
                units.extend(Unit(line) for line in stripped.split("\n") if line.strip())
        elif kind == "code_block" and not _CODE_CHARS.search(token.content) and token.content.count("\n") <= 3:
            units.extend(Unit(line) for line in _tidy(token.content).split("\n") if line)
        # fence, real code, hr: nothing of the article
        i += 1
    return units


@dataclass(frozen=True, slots=True)
class _Inline:
    text: str  # with "\n" for soft and hard breaks
    link_letters: int  # letters inside links
    links: int
    only_controls: bool  # all the text was page-control links


# Web exports drop the spaces around a link: "[sued](url)Uber", "[policy](url),Russian",
# "in[civil penalties](url)".  A link's text then runs into a word, which no reader wrote.
# Letters only: a digit glued to a link is more often a footnote mark than a word.
_LOST_SPACE = re.compile(r"^([,;:]?)(?=[^\W\d_])")


def _render(inline: Any) -> _Inline:
    """An inline token -> plain text: link text kept, URLs, images, HTML and markers gone."""
    parts: list[str] = []
    link_letters = links = controls = 0
    in_link: list[str] | None = None
    after_link = False  # the last piece was a link's text
    after_text = False  # the last piece was the text's own (not a link's)
    for child in inline.children or ():
        kind = child.type
        if kind == "link_open":
            in_link = []
            continue
        if kind == "link_close":
            label = "".join(in_link or ())
            if is_control_label(_tidy(label)):
                controls += 1
            else:
                if after_text and label[:1].isalpha() and parts[-1][-1:].isalpha():
                    label = " " + label  # "in[civil penalties](url)"
                parts.append(label)
                links += 1
                link_letters += sum(ch.isalnum() for ch in label)
            in_link = None
            after_link = links > 0 and parts[-1:] == [label] and label[-1:].isalnum()
            after_text = False
            continue
        if kind in ("text", "code_inline"):
            piece = child.content
            if after_link and in_link is None:
                piece = _LOST_SPACE.sub(r"\1 ", piece, count=1)
        elif kind in ("softbreak", "hardbreak"):
            piece = "\n"
        else:
            continue  # images, inline HTML, emphasis markers
        after_link = False
        if in_link is not None:
            in_link.append(piece)
        else:
            parts.append(piece)
            after_text = bool(piece)
    text = "".join(parts)
    return _Inline(text, link_letters, links, controls > 0 and not any(ch.isalnum() for ch in text))


def _tidy(text: str) -> str:
    text = _STRAY_STARS.sub("", text)
    text = _INNER_UNDERSCORES.sub("", text)
    text = _DOUBLE_UNDERSCORES.sub(" ", text)
    text = _STRAY_UNDERSCORES.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _paragraph_units(inline: _Inline, kind: UnitKind) -> list[Unit]:
    text = _tidy(inline.text)
    if not text:
        return []
    letters = sum(ch.isalnum() for ch in text)
    if inline.links and inline.link_letters >= _LINK_SHARE * letters:
        # Menus, breadcrumbs, contents lists, "Jump to Main Text": links and little else.
        # One link that reads as a sentence of its own is kept.
        if inline.links > 1 or kind == "item" or not re.search(r"[.!?]\W*$", text) or len(text.split()) < 8:
            return [Unit(text.replace("\n", " "), chrome="navigation links")]
    lines = text.split("\n")
    if any(is_pipe_row(line) for line in lines):
        return table_units(lines)
    if kind == "text":
        return [Unit(text)]  # the assembler splits its lines (headings, one paragraph a line, wrapping)
    # List items and quotes are one paragraph each, however the file wrapped them; but a
    # line an export ran on into the last item ("Disclaimer:") is not part of it.
    for k, line in enumerate(lines[1:], start=1):
        if is_apparatus_heading(line) or is_control_label(line):
            return [Unit(" ".join(lines[:k]), kind=kind)] + [Unit(rest) for rest in lines[k:]]
    return [Unit(" ".join(lines), kind=kind)]


def _table(tokens: list[Any]) -> list[Unit]:
    """A GFM table's tokens -> one table Unit (header first)."""
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_tidy(_render(token).text.replace("\n", " ")))
    lines = ["| " + " | ".join(row) for row in rows]
    return table_units(lines)
