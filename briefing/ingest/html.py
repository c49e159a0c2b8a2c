"""Saved web pages -> Document, through trafilatura.

trafilatura finds the article in a page full of navigation, ads, share bars,
comments and related links, and reads the page's metadata (title, author,
date, site name).  We ask it for its XML form, not text or Markdown, so that
headings, paragraphs and list items arrive as elements and the text needs no
un-escaping; then the same assembly as plain text makes the Document.

Nothing is ever fetched: trafilatura is given the page's text, never a URL.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from briefing.document import Document
from briefing.errors import InputError
from briefing.ingest.cleanup import ends_article
from briefing.ingest.text import Unit, read_units

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|article|section|span|a|h[1-6]|br|meta|script|title)\b[^>]*>", re.I)
_WS = re.compile(r"\s+")
# (?<!\s): match only from the start of a run of spaces, so a long run is scanned
# once, not from each of its characters (issue 18); the matches are the same.
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+[|–—-]\s+")
# Author fields that CMS templates fill with a placeholder rather than a person.
_PLACEHOLDER_AUTHORS = frozenset({"username", "admin", "administrator", "author", "user", "guest", "anonymous", "unknown"})
# A date glued to the name: "Nathan Willis March" from "By Nathan Willis March 25, 2015".
_TRAILING_MONTH = re.compile(  # (?<!\s): as _TITLE_SEPARATOR, linear in a run of spaces
    r"(?<!\s)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)$"
)


def looks_like_html(text: str) -> bool:
    """True when the text is a web page, whatever its file name says."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    # A fragment: starts with a tag and is full of them.
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 3


def read_html(text: str, source: str) -> Document:
    """Read a saved web page's article into a Document.

    Raises:
        InputError: the page holds no article text (script-only, broken, empty).
    """
    import trafilatura
    from lxml import etree

    page, note = _bounded_page(text)
    xml = trafilatura.extract(
        page,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        # The date comes from the page's metadata, time elements and dateline, never from a
        # year that happens to be in the text (htmldate's extensive search; issue 18).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not xml:
        raise InputError(f"{source}: no article text found in this HTML page (only markup, scripts or navigation)")
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as err:  # trafilatura's own output; should not happen
        raise InputError(f"{source}: the HTML page could not be read ({err})") from None
    meta = _metadata(root.attrib)
    if "author" not in meta:
        byline = _byline_element(text)
        if byline:
            meta["author"] = byline
    main = root.find("main")
    units = _units(main, meta.get("title")) if main is not None else []
    units = _before_end(units)
    if not units:
        raise InputError(f"{source}: no article text found in this HTML page (only markup, scripts or navigation)")
    doc = read_units(units, source, meta)
    return replace(doc, notes=doc.notes + (note,)) if note else doc


# Paragraph elements trafilatura is given at most.  Its content check runs the XPath
# "//p//text()", whose node-set merging in libxml2 grows with the square of the page's
# text nodes: a 5 MB page of 130,000 <p> took 57 s there alone (2 MB: 10 s).  The engine
# briefs at most 1,000 sentences anyway (bounds.py); 10,000 paragraphs is far above that.
MAX_PAGE_PARAGRAPHS = 10_000
HEAD_PAGE_PARAGRAPHS = 3_000


def _bounded_page(text: str) -> tuple[Any, str | None]:
    """The page for trafilatura: ``text`` itself, or a parsed tree with its paragraphs sampled.

    Above ``MAX_PAGE_PARAGRAPHS`` paragraphs the page keeps its first
    ``HEAD_PAGE_PARAGRAPHS`` and the rest spread evenly, as ``bounds.py`` does
    with sentences, and the brief says so.  Counting ``<p`` is only the trigger:
    the parsed tree decides.
    """
    if text.count("<p") + text.count("<P") <= MAX_PAGE_PARAGRAPHS:
        return text, None
    from lxml import html as lxml_html

    from briefing.bounds import kept_positions

    try:
        tree = lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return text, None  # let trafilatura report what it makes of it
    paragraphs = tree.xpath("//body//p")
    if len(paragraphs) <= MAX_PAGE_PARAGRAPHS:
        return tree, None
    keep = set(kept_positions(len(paragraphs), MAX_PAGE_PARAGRAPHS, HEAD_PAGE_PARAGRAPHS))
    for i, paragraph in enumerate(paragraphs):
        if i not in keep:
            paragraph.drop_tree()
    return tree, (
        f"The page has {len(paragraphs):,} paragraphs; to stay fast, brief read {MAX_PAGE_PARAGRAPHS:,} of them: "
        f"the first {HEAD_PAGE_PARAGRAPHS:,} and {MAX_PAGE_PARAGRAPHS - HEAD_PAGE_PARAGRAPHS:,} spread evenly over the rest."
    )


def _text(element: Any) -> str:
    return _WS.sub(" ", "".join(element.itertext())).strip()


def _units(main: Any, title: str | None, units: list[Unit] | None = None) -> list[Unit]:
    units = [] if units is None else units
    for element in main:
        tag = element.tag
        if tag == "head":
            text = _text(element)
            level = int(element.get("rend", "h2")[1:] or 2) if element.get("rend", "").startswith("h") else 2
            if text and text != title:
                units.append(Unit(text, heading=True, level=level, marked=True))
        elif tag == "list":
            if any(True for _ in element.iter("head")):
                continue  # items with headings: a gallery or teaser list, not the article's bullets
            for item in element.iter("item"):
                if any(child.tag in ("p", "list", "quote") for child in item):
                    _units(item, title, units)
                elif text := _text(item):
                    units.append(Unit(text, marked=True))
        elif tag in ("p", "quote"):
            text = _text(element)
            if text:
                units.append(Unit(text, marked=True))
        elif tag in ("div", "section", "main"):
            _units(element, title, units)
        # code, tables, figures: not prose a brief can quote
    return units


def _before_end(units: list[Unit]) -> list[Unit]:
    """Units without the page's closing sections (comments, related links, other columns).

    A section headed "Comments" or "Related stories" runs to the next heading
    of its level or higher; the ones at the end of a page run to its end.
    """
    kept: list[Unit] = []
    cut_level: int | None = None
    for unit in units:
        if unit.heading:
            if cut_level is not None and unit.level <= cut_level:
                cut_level = None
            if cut_level is None and ends_article(unit.text):
                cut_level = unit.level
        if cut_level is None:
            kept.append(unit)
    return kept


def _metadata(attrib: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    author = _author(attrib.get("author"))
    site = (attrib.get("sitename") or "").strip()
    if author:
        meta["author"] = author
    if site:
        meta["site"] = site
    if attrib.get("date"):
        meta["date"] = attrib["date"].strip()
    title = _title(attrib.get("title") or "", {author.lower(), site.lower()} - {""})
    if title:
        meta["title"] = title
    return meta


_BYLINE_TEXT = re.compile(r"^\s*(?:by|written by)\s+((?:[A-Z][\w.'’-]+\s*){1,4})", re.I)


def _byline_element(page: str) -> str | None:
    """'Steven Mufson' from an element whose class says byline ("By Steven Mufson"), for pages
    whose metadata names no author or a placeholder."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for element in root.xpath("//*[contains(@class, 'byline')]")[:5]:
        match = _BYLINE_TEXT.match(" ".join(element.text_content().split()))
        if match:
            words = [w for w in match.group(1).split() if w[:1].isupper()]
            name = _TRAILING_MONTH.sub("", " ".join(words)).strip()
            if name and name.lower() not in _PLACEHOLDER_AUTHORS:
                return name
    return None


def _author(raw: str | None) -> str:
    """'Jeffrey Gettleman; JEFFREY GETTLEMAN' -> 'Jeffrey Gettleman': the names once each."""
    names: list[str] = []
    for name in (raw or "").split(";"):
        name = _TRAILING_MONTH.sub("", name.strip())
        if name.lower() in _PLACEHOLDER_AUTHORS:
            continue
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return ", ".join(names)


def _title(raw: str, owners: set[str]) -> str:
    """The headline without a trailing ' | Author' or ' - Site' that pages add to <title>."""
    title = _WS.sub(" ", raw).strip()
    while True:
        parts = _TITLE_SEPARATOR.split(title)
        if len(parts) < 2 or parts[-1].strip().lower() not in owners:
            return title
        title = title[: title.rfind(parts[-1])].rstrip(" |–—-")
