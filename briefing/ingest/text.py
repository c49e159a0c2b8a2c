"""Plain-text and Markdown reader: decoded text -> Document.

The reader works in three passes over "units" (a heading or a paragraph):

1. split the text into units (blank-line blocks; Markdown ``#`` and setext
   headings; one-paragraph-per-line files);
2. read the header zone, the short lines before the first real paragraph:
   title, dek, byline, date, site name, and the clutter sites put there;
3. read the body: drop boilerplate by the rules in ``cleanup``, find plain-text
   headings (short lines without final punctuation), number the paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from briefing.document import Document, Dropped, Paragraph, Section, Sentence
from briefing.errors import InputError
from briefing.ingest.cleanup import author_from_bio, boilerplate_reason
from briefing.ingest.frontmatter import split_front_matter
from briefing.ingest.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    heading: bool = False  # marked as a heading by Markdown syntax or HTML markup
    level: int = 0  # heading level (Markdown #, HTML h1-h6); 0 when not a marked heading
    marked: bool = False  # the markup said what this is (HTML): never guess it is a heading


# The heading's text is group 2 with its closing #s removed (_heading_text): a regex
# that strips them itself, (.*?)\s*#*\s*$, retries the tail at every position and
# takes minutes on a long line of #s (issue 18).
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SETEXT_RULE = re.compile(r"^(=+|-+)\s*$")
_TERMINAL = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A sentence that ends inside a paragraph: closing punctuation, a space, a capital or digit.
# A regex, not pysbd: pysbd cuts unpunctuated text into pieces that would count as sentences.
_INNER_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"'“‘(\[]?[A-Z0-9]")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
)
_DATE_LINE = re.compile(
    rf"(?i)^(?:(?:published|updated|posted|first published)(?:\s+on)?\s*:?\s*)?"
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?({_DATE})(?:[,\s]+.{{0,30}})?$"
)
_DATE_ANY = re.compile(rf"(?i)\b({_DATE})")
_BYLINE = re.compile(r"(?i)^(?:by|written by|words by|author:)\s+(.{2,120})$")

# Section names that never serve as an article's title (reports start with them).
_GENERIC_HEADINGS = frozenset(
    {"introduction", "background", "summary", "overview", "abstract", "executive summary",
     "contents", "table of contents", "preface", "foreword", "key findings", "key points"}
)

# Linear in the line's length (issue 18): a span may not cross the next opening
# delimiter ("[" or "(" for links, the emphasis mark itself), so a failed match
# from one position never rescans the rest of the line.  Written as [^\]]* and
# (.+?), a 90 kB line of "[a" or "`a " took 20 s and more.
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\((?:[^()]|\([^()]*\))*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")


def read_text(text: str, source: str, *, markdown: bool = False) -> Document:
    """Read an article held in ``text`` (already decoded) into a Document.

    Raises:
        InputError: when nothing readable is left after cleanup.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, body = split_front_matter(text)
    if len(body) != len(text):  # front matter found and taken off
        text = body
        markdown = True
    units = _split_units(text, markdown=markdown)
    return read_units(units, source, meta)


def read_units(units: list[Unit], source: str, meta: dict[str, str] | None = None) -> Document:
    """Headings and paragraphs already split (by the text or HTML reader) -> Document.

    ``meta`` holds what the file itself declares (front matter, HTML metadata):
    title, author, date, site; it beats anything guessed from the lines.
    """
    if not units:
        raise InputError(f"{source}: no text found (the file is empty or only whitespace)")
    return _assemble(units, source, meta or {})


def _heading_text(match: re.Match[str]) -> str:
    """An ATX heading's text without its closing #s: "Costs ##" -> "Costs"."""
    return match.group(2).rstrip().rstrip("#").rstrip()


def _clean_line(line: str, markdown: bool) -> str:
    if markdown:
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub("", line)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
    return _WS.sub(" ", line).strip()


def _split_units(text: str, *, markdown: bool) -> list[Unit]:
    units: list[Unit] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        pending: list[str] = []

        def flush() -> None:
            if pending:
                units.extend(_lines_to_paragraphs(pending))
                pending.clear()

        for i, raw in enumerate(lines):
            heading = _MD_HEADING.match(raw.strip())
            if heading and (markdown or len(_heading_text(heading).split()) <= 20):
                flush()
                title = _clean_line(_heading_text(heading), True)
                if title:
                    units.append(Unit(title, heading=True, level=len(heading.group(1))))
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _SETEXT_RULE.match(raw.strip()) and not pending:
                continue  # the underline of a setext heading handled below, or a rule
            if nxt and _SETEXT_RULE.match(nxt.strip()) and len(raw.split()) <= 20:
                flush()
                level = 1 if nxt.strip().startswith("=") else 2
                units.append(Unit(_clean_line(raw, markdown), heading=True, level=level))
                continue
            cleaned = _clean_line(raw, markdown)
            if cleaned:
                pending.append(cleaned)
        flush()
    return units


def _lines_to_paragraphs(lines: list[str]) -> list[Unit]:
    """One block of lines -> paragraphs.

    A block whose lines each end a sentence (or are short title-like lines) is
    one paragraph per line, as in files that put no blank line between
    paragraphs; otherwise the lines are a hard-wrapped paragraph and are joined.
    """
    if len(lines) == 1:
        return [Unit(lines[0])]
    per_line = all(_SENTENCE_END.search(ln) or _looks_like_heading(ln) for ln in lines)
    if per_line:
        return [Unit(ln) for ln in lines]
    return [Unit(" ".join(lines))]


def _looks_like_heading(text: str) -> bool:
    """A short single line with no closing punctuation (a question mark is allowed)."""
    words = text.split()
    if not words or len(words) > 16 or len(text) > 150:
        return False
    if _TERMINAL.search(text):
        return False
    first = text.lstrip("\"'“‘([")[:1]
    return first.isupper() or first.isdigit()


def _is_question_heading(text: str) -> bool:
    """Report-style headings that are questions ("How Is Assistance Determined?")."""
    words = text.split()
    if not text.endswith("?") or not 2 <= len(words) <= 20:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised >= max(2, len(words) // 2)


def _is_body(text: str) -> bool:
    """A real paragraph of prose, as opposed to a header line."""
    words = len(text.split())
    if _SENTENCE_END.search(text):
        return words >= 20 or (words >= 12 and len(split_sentences(text)) >= 2)
    # A long paragraph whose last sentence lost its full stop (text cut short, as in
    # scraped news) is still prose: it holds sentences that do end.
    return words >= 40 and len(_INNER_END.findall(text)) >= 2


def _assemble(units: list[Unit], source: str, meta: dict[str, str]) -> Document:
    dropped: list[Dropped] = []

    # Markdown: the first level-1 heading is the title when it opens the file.
    md_title = None
    if units[0].heading and units[0].level == 1:
        md_title = units[0].text
        units = units[1:]

    # Header zone: everything before the first body paragraph or Markdown heading.
    body_start = len(units)
    for i, unit in enumerate(units):
        if unit.heading or _is_body(unit.text):
            body_start = i
            break
    header, body = units[:body_start], units[body_start:]
    if not body:
        # A short note with no paragraph long enough to count as prose: its
        # sentence-like lines are the body, the rest stays header.
        body = [u for u in header if _SENTENCE_END.search(u.text)]
        header = [u for u in header if not _SENTENCE_END.search(u.text)]
    # A lone heading-like line that opens a report ("Introduction") is a section, not a title.
    if header and not md_title and header[-1].text.lower().rstrip(":") in _GENERIC_HEADINGS:
        body = [Unit(header[-1].text, heading=True)] + body
        header = header[:-1]

    info = _read_header([u.text for u in header], dropped)
    title = meta.get("title") or md_title or info.title
    byline = meta.get("author") or info.byline
    date = meta.get("date") or info.date

    sections, bio_author = _read_body(body, title, dropped)
    if not sections:
        raise InputError(
            f"{source}: no article text found: every line is a heading, a title or boilerplate "
            "(no sentence ends with . ! or ?)"
        )
    if title is None:
        title = _title_from_source(source)
    return Document(
        title=title,
        sections=sections,
        source=source,
        dek=info.dek,
        byline=byline or bio_author,
        date=date,
        site=meta.get("site") or info.site,
        dropped=tuple(dropped),
    )


@dataclass(frozen=True, slots=True)
class _Header:
    title: str | None
    dek: str | None
    byline: str | None
    date: str | None
    site: str | None


def _read_header(lines: list[str], dropped: list[Dropped]) -> _Header:
    """Title, dek, byline, date and site name from the lines above the body."""
    byline = date = dek = site = None
    candidates: list[str] = []
    for line in lines:
        reason = boilerplate_reason(line, "header")
        if reason:
            dropped.append(Dropped(line, reason))
            continue
        by = _BYLINE.match(line)
        if by and byline is None:
            full = by.group(1)
            byline = re.split(r"\s*[|•·,]\s*|\s+(?:on|updated|published)\s+", full, maxsplit=1)[0].strip()
            found = _DATE_ANY.search(full)
            if found and date is None:
                date = found.group(1)
            continue
        dated = _DATE_LINE.match(line)
        if dated:
            date = date or dated.group(1)
            continue
        candidates.append(line)

    counts = Counter(c for c in candidates if not _SENTENCE_END.search(c))
    title = None
    if counts:
        # Sites repeat the headline (page title, h1, image alt): the most repeated
        # title-like line wins; among equals, a line of three words or more beats a
        # short kicker ("The Pulse"), and then the first line wins.
        order = {c: -i for i, c in reversed(list(enumerate(candidates)))}
        title = max(counts, key=lambda c: (counts[c], len(c.split()) >= 3, order[c]))
    first_title = candidates.index(title) if title else len(candidates)
    for i, line in enumerate(candidates):
        if line == title:
            if i != first_title:
                dropped.append(Dropped(line, "repeated title"))
        elif dek is None and i > first_title and _SENTENCE_END.search(line) and len(line.split()) >= 6:
            dek = line
        elif site is None and i < first_title and len(line.split()) <= 5:
            site = line
        else:
            dropped.append(Dropped(line, "header clutter"))
    if title is None and dek is not None:
        title, dek = dek, None
    return _Header(title, dek, byline, date, site)


def _read_body(
    units: list[Unit], title: str | None, dropped: list[Dropped]
) -> tuple[tuple[Section, ...], str | None]:
    """Sections of numbered paragraphs, and the author named by a closing bio."""
    kept: list[Unit] = []
    for unit in units:
        reason = boilerplate_reason(unit.text, "anywhere")
        if reason is None and title is not None and unit.text == title:
            reason = "repeated title"
        if reason:
            dropped.append(Dropped(unit.text, reason))
        else:
            kept.append(unit)

    # The closing paragraphs: author bios and "first published" footers live here.
    bio_author = None
    while kept and not kept[-1].heading:
        reason = boilerplate_reason(kept[-1].text, "tail")
        if reason is None:
            break
        if reason == "author bio" and bio_author is None:
            bio_author = author_from_bio(kept[-1].text)
        dropped.append(Dropped(kept[-1].text, reason))
        kept.pop()

    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for i, unit in enumerate(kept):
        is_last = i == len(kept) - 1
        is_heading = unit.heading or (
            not is_last
            and not unit.marked
            and (_looks_like_heading(unit.text) or _is_question_heading(unit.text))
        )
        if is_heading:
            if not groups[-1][1] and groups[-1][0] is not None:
                groups.pop()  # a heading with nothing under it (h2 right before h3)
            groups.append((unit.text, []))
        else:
            groups[-1][1].append(unit.text)

    sections: list[Section] = []
    p_index = s_index = 0
    for heading, texts in groups:
        paragraphs: list[Paragraph] = []
        for text in texts:
            p_index += 1
            pid = f"p{p_index}"
            sentences = []
            for k, sent in enumerate(split_sentences(text)):
                sentences.append(Sentence(f"{pid}.s{k + 1}", sent, pid, s_index, k))
                s_index += 1
            paragraphs.append(Paragraph(pid, text, tuple(sentences), p_index - 1))
        if paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
    return tuple(sections), bio_author


def _title_from_source(source: str) -> str:
    """A readable title from the file name, for articles that carry none."""
    if source in ("-", ""):
        return "Untitled article"
    stem = PurePath(source).name.split(".")[0]
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled article"
