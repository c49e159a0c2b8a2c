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

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from briefing.document import SUMMARY, Document, Dropped, Paragraph, Section, Sentence, Table
from briefing.errors import InputError
from briefing.ingest.cleanup import author_from_bio, boilerplate_reason, is_apparatus_heading, without_callouts
from briefing.ingest.frontmatter import split_front_matter
from briefing.ingest.markdown import markdown_units
from briefing.ingest.sentences import split_sentences
from briefing.ingest.tables import is_pipe_row, table_role, table_units
from briefing.ingest.units import Unit

__all__ = ["Unit", "read_text", "read_units", "looks_like_markdown"]


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

# Headings of a document's own summary: it feeds the Bottom line and is never dropped.
SUMMARY_HEADINGS = frozenset(
    {"summary", "executive summary", "key findings", "overview", "in brief", "key takeaways", "key points",
     "main findings", "summary of findings", "abstract", "at a glance", "highlights", "the bottom line",
     "bottom line", "key judgments", "summary and key findings"}
)
# A line that is a page's metadata: "Publication Date: 04/16/2026", "Author(s): Doe, Jane".
_META_LINE = re.compile(
    r"(?i)^(?:crs )?(product type|product number|report no\.?|report number|report id|document number|"
    r"version|publication date|date published|release date|date|published|updated|last updated|"
    r"author\(s\)|authors?|by|written by|topics?|tags|source|referenced legislation|type|category|language|"
    r"publisher|site|series)\s*:\s*(.+)$"
)
_META_FIELDS = {
    "author(s)": "author", "authors": "author", "author": "author", "by": "author", "written by": "author",
    "publication date": "date", "date published": "date", "release date": "date", "date": "date",
    "published": "date", "updated": "date", "last updated": "date",
    "product number": "number", "report no.": "number", "report no": "number", "report number": "number",
    "report id": "number", "document number": "number", "publisher": "site", "site": "site",
}
# Markdown's marks, to tell a Markdown export saved as .txt from plain text.
_MD_MARKS = re.compile(r"\]\((?:https?:|/|#|\.)|^#{1,6} \S|^\s*\|.*\||\*\*\S", re.M)


def read_text(text: str, source: str, *, markdown: bool = False) -> Document:
    """Read an article held in ``text`` (already decoded) into a Document.

    ``markdown`` says the file is Markdown (its suffix); a ``.txt`` that is
    plainly a Markdown export (links, pipe tables, ``#`` headings) is read as
    Markdown too.

    Raises:
        InputError: when nothing readable is left after cleanup.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, text = split_front_matter(text)
    if markdown or meta or looks_like_markdown(text):
        units = _expand(markdown_units(text))
    else:
        units = _split_units(text)
    return read_units(units, source, meta)


def looks_like_markdown(text: str) -> bool:
    """Does a text without a Markdown suffix use Markdown's links, tables or headings throughout?"""
    return len(_MD_MARKS.findall(text[:200_000])) >= 3


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


def _clean_line(line: str) -> str:
    return _WS.sub(" ", line).strip()


def _expand(units: list[Unit]) -> list[Unit]:
    """Markdown paragraphs that hold several lines -> the paragraphs, headings or table they are."""
    out: list[Unit] = []
    for unit in units:
        if unit.kind == "text" and not unit.heading and not unit.chrome and "\n" in unit.text:
            out.extend(_lines_to_paragraphs([_clean_line(ln) for ln in unit.text.split("\n") if ln.strip()]))
        else:
            out.append(unit)
    return out


def _split_units(text: str) -> list[Unit]:
    """Plain text -> Units: blank-line blocks, ``#`` and setext headings, one paragraph a line."""
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
            if heading and len(_heading_text(heading).split()) <= 20:
                flush()
                title = _clean_line(_heading_text(heading))
                if title:
                    units.append(Unit(title, heading=True, level=len(heading.group(1))))
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _SETEXT_RULE.match(raw.strip()):
                flush()  # a rule between paragraphs, or the underline of a setext heading handled below
                continue
            if nxt and _SETEXT_RULE.match(nxt.strip()) and len(raw.split()) <= 20 and not pending:
                flush()
                level = 1 if nxt.strip().startswith("=") else 2
                units.append(Unit(_clean_line(raw), heading=True, level=level))
                continue
            cleaned = _clean_line(raw)
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
    if any(is_pipe_row(ln) for ln in lines):
        return table_units(lines)
    metadata = [_META_LINE.match(ln) for ln in lines]
    if len(lines) >= 2 and all(metadata):
        return [Unit(" ".join(lines), kind="meta", rows=tuple((m.group(1), m.group(2)) for m in metadata if m))]
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

    # What the readers already know is not the article: navigation, the page's
    # metadata (whose author, date and number fill the source fields), footnotes.
    page_meta: dict[str, str] = {}
    units = _drop_page_furniture(units, page_meta, dropped)
    known_title = meta.get("title") or md_title
    if known_title:
        # The title again, fused with its date stamp, wherever the page repeats it.
        kept: list[Unit] = []
        for unit in units:
            stamped, when = _title_stamp(unit.text, known_title) if unit.kind == "text" else (False, None)
            if stamped and unit.text != known_title:
                dropped.append(Dropped(unit.text, "repeated title"))
                if when:
                    page_meta.setdefault("date", when)
            else:
                kept.append(unit)
        units = kept

    # Header zone: everything before the first body paragraph or heading.
    body_start = len(units)
    for i, unit in enumerate(units):
        if unit.heading or unit.kind == "table" or _is_body(unit.text):
            body_start = i
            break
    header, body = units[:body_start], units[body_start:]
    if not body:
        # A short note with no paragraph long enough to count as prose: its
        # sentence-like lines are the body, the rest stays header.
        body = [u for u in header if _SENTENCE_END.search(u.text)]
        header = [u for u in header if not _SENTENCE_END.search(u.text)]
    # A lone heading-like line that opens a report ("Introduction", "Summary") is a section, not a title.
    generic = _GENERIC_HEADINGS | SUMMARY_HEADINGS
    if header and header[-1].text.lower().rstrip(":") in generic:
        body = [Unit(header[-1].text, heading=True)] + body
        header = header[:-1]

    info = _read_header([u.text for u in header], dropped)
    title = meta.get("title") or md_title or info.title
    byline = meta.get("author") or info.byline or page_meta.get("author")
    date = meta.get("date") or info.date or page_meta.get("date")

    sections, bio_author, stamp_date = _read_body(body, title, dropped)
    if not any(s.paragraphs for s in sections):
        raise InputError(
            f"{source}: no article text found: every line is a heading, a title, a table or boilerplate "
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
        date=date or stamp_date,
        site=meta.get("site") or page_meta.get("site"),
        number=page_meta.get("number"),
        dropped=tuple(dropped),
    )


def _drop_page_furniture(units: list[Unit], page_meta: dict[str, str], dropped: list[Dropped]) -> list[Unit]:
    """Units without navigation, metadata boxes and apparatus sections; metadata read into ``page_meta``.

    A section under an apparatus heading ("Footnotes", "Contents", "CRS Product
    (Library of Congress)", "Disclaimer") runs to the next heading of its level
    or higher when the markup gives levels, else to the next heading, marked or
    a plain heading-like line.
    """
    kept: list[Unit] = []
    cut_level: int | None = None
    for unit in units:
        if cut_level is not None and not unit.heading and unit.kind == "text" and not unit.marked:
            if _looks_like_heading(unit.text) or _is_question_heading(unit.text):
                cut_level = None  # a plain-line heading: the apparatus box is over
        # "Disclaimer:" on a line of its own heads the apparatus like a heading.
        label = not unit.heading and unit.kind == "text" and unit.text.endswith(":") and is_apparatus_heading(unit.text)
        if unit.heading or label:
            if cut_level is not None and (cut_level == 0 or unit.level == 0 or unit.level <= cut_level):
                cut_level = None
            if cut_level is None and is_apparatus_heading(unit.text):
                cut_level = unit.level
                dropped.append(Dropped(unit.text, "apparatus section"))
                continue
        if cut_level is not None:
            if unit.kind == "meta" or (unit.kind == "table" and table_role(unit.rows) == "meta"):
                _read_meta(unit.rows, page_meta)
            dropped.append(Dropped(unit.text, "apparatus section"))
            continue
        if unit.chrome:
            dropped.append(Dropped(unit.text, unit.chrome))
        elif unit.kind == "meta" or (unit.kind == "table" and table_role(unit.rows) == "meta"):
            _read_meta(unit.rows, page_meta)
            dropped.append(Dropped(unit.text, "page metadata"))
        elif unit.kind == "table" and table_role(unit.rows) in ("footnotes", "figure"):
            dropped.append(Dropped(unit.text, f"{table_role(unit.rows)} table"))
        else:
            kept.append(unit)
    return kept


def _read_meta(rows: tuple[tuple[str, ...], ...], page_meta: dict[str, str]) -> None:
    """Author, date and report number from a page's key/value rows (the first statement of each wins)."""
    for row in rows:
        cells = [c for c in row if c]
        if len(cells) != 2:
            continue
        key = re.sub(r"^crs\s+", "", cells[0].strip().rstrip(":").strip().lower())
        field = _META_FIELDS.get(key)
        value = cells[1].strip()
        if field is None or not value or value.lower().startswith(("http:", "https:")) or field in page_meta:
            continue
        page_meta[field] = _person_names(value) if field == "author" else value


def _person_names(value: str) -> str:
    """'Kafka, Dorothy C.; Shen, Wen W.' -> 'Dorothy C. Kafka and Wen W. Shen' (catalogue order to reading order)."""
    names = []
    for name in (n.strip() for n in value.split(";")):
        last, comma, first = name.partition(",")
        names.append(f"{first.strip()} {last.strip()}" if comma and first.strip() and "," not in first else name)
    names = [n for n in names if n]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _title_stamp(text: str, title: str | None) -> tuple[bool, str | None]:
    """Is ``text`` the title again, fused with a date stamp ("...RequestApril 16, 2026 (IF13205)")?

    Returns (is it, the stamp's date).
    """
    if not title:
        return False, None
    pattern = _title_pattern(title)
    found = pattern.match(text) if pattern else None
    if not found:
        return False, None
    rest = re.sub(r"^[\s)]*", "", text[found.end() :]).strip()
    if not rest:
        return True, None
    stamp = _DATE_STAMP.match(rest)
    if stamp:
        return True, stamp.group(1)
    return False, None


@functools.lru_cache(maxsize=8)
def _title_pattern(title: str) -> re.Pattern[str] | None:
    """The title's words in order, any punctuation between: compiled once per title, not per line."""
    words = [re.sub(r"(?<=\d)(st|nd|rd|th)$", "", w) for w in re.findall(r"\w+", title)]
    if len(words) < 2:
        return None
    # Exports drop superscripts ("119th" -> "119") and the space before the stamp.
    return re.compile(r"\W*" + r"\W*".join(re.escape(w) + r"(?:st|nd|rd|th)?" for w in words), re.I)


_DATE_STAMP = re.compile(
    rf"(?i)^(?:updated|published|posted|revised)?\s*:?\s*({_DATE})\s*(?:\(\s*[\w-]{{2,12}}[^)]{{0,30}}\))?\s*$"
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
            # A short line above the headline is the site's section label ("The Pulse"):
            # not the publisher, and not what the brief is about.
            site = line
            dropped.append(Dropped(line, "section label"))
        else:
            dropped.append(Dropped(line, "header clutter"))
    if title is None and dek is not None:
        title, dek = dek, None
    return _Header(title, dek, byline, date, site)


def _read_body(
    units: list[Unit], title: str | None, dropped: list[Dropped]
) -> tuple[tuple[Section, ...], str | None, str | None]:
    """Sections of numbered paragraphs and tables, the author named by a closing bio, and the date
    of a title stamp."""
    kept: list[Unit] = []
    stamp_date = None
    for unit in units:
        if unit.kind == "table":
            kept.append(unit)
            continue
        reason = boilerplate_reason(unit.text, "anywhere")
        if reason is None and title is not None and unit.text == title:
            reason = "repeated title"
        if reason is None:
            stamped, when = _title_stamp(unit.text, title)
            if stamped:
                reason = "repeated title"
                stamp_date = stamp_date or when
        if reason:
            dropped.append(Dropped(unit.text, reason))
        else:
            kept.append(unit)

    # The closing paragraphs: author bios and "first published" footers live here.
    bio_author = None
    while kept and not kept[-1].heading and kept[-1].kind != "table":
        reason = boilerplate_reason(kept[-1].text, "tail")
        if reason is None:
            break
        if reason == "author bio" and bio_author is None:
            bio_author = author_from_bio(kept[-1].text)
        dropped.append(Dropped(kept[-1].text, reason))
        kept.pop()

    groups: list[tuple[Unit | None, list[Unit]]] = [(None, [])]
    for i, unit in enumerate(kept):
        is_last = i == len(kept) - 1
        is_heading = unit.heading or (
            not is_last
            and not unit.marked
            and unit.kind == "text"
            and (_looks_like_heading(unit.text) or _is_question_heading(unit.text))
        )
        if is_heading and not unit.heading and _lead_in(unit.text):
            is_heading = False  # "The Army noted that" before a list: a line of the text, not a heading
        if is_heading and _not_a_heading(unit.text, kept[i + 1] if not is_last else None):
            dropped.append(Dropped(unit.text, "caption or unit line, not a heading"))
            continue
        if is_heading:
            if not groups[-1][1] and groups[-1][0] is not None:
                groups.pop()  # a heading with nothing under it (h2 right before h3)
            groups.append((unit, []))
        else:
            groups[-1][1].append(unit)

    sections: list[Section] = []
    p_index = s_index = slot = 0
    for heading, members in groups:
        paragraphs: list[Paragraph] = []
        tables: list[Table] = []
        for unit in members:
            slot += 1
            pid = f"p{slot}"
            if unit.kind == "table":
                header, *rows = unit.rows or ((),)
                tables.append(Table(pid, unit.caption, tuple(header), tuple(rows), slot - 1))
                continue
            p_index += 1
            sentences = []
            text = without_callouts(unit.text)
            for k, sent in enumerate(split_sentences(text)):
                sentences.append(Sentence(f"{pid}.s{k + 1}", sent, pid, s_index, k))
                s_index += 1
            paragraphs.append(Paragraph(pid, text, tuple(sentences), p_index - 1))
        if paragraphs or tables:
            text = heading.text if heading else None
            role = SUMMARY if text and text.lower().rstrip(":") in SUMMARY_HEADINGS else "body"
            level = heading.level if heading else 0
            sections.append(Section(text, tuple(paragraphs), level, role, tuple(tables)))
    return _summary_subsections(sections), bio_author, stamp_date


_BODY_OPENERS = frozenset({"introduction", "background", "overview of the issue"})


def _summary_subsections(sections: list[Section]) -> tuple[Section, ...]:
    """A report's Summary may have subheadings of its own: the sections between it and the
    "Introduction" that follows within a few sections are part of the summary."""
    from dataclasses import replace

    for i, section in enumerate(sections):
        if section.role != SUMMARY or section.level:
            continue
        following = [(j, s) for j, s in enumerate(sections[i + 1 : i + 6], start=i + 1)]
        end = next((j for j, s in following if (s.heading or "").lower().rstrip(":") in _BODY_OPENERS), None)
        if end is not None:
            for j in range(i + 1, end):
                sections[j] = replace(sections[j], role=SUMMARY)
        break
    return tuple(sections)


# A heading-like line that introduces a list or a table rather than a section.
_LEAD_IN = re.compile(r"(?i)\b(include|includes|including|are|is|as follows|the following|follows|such as|below)\s*:?$")
_UNIT_LINE = re.compile(r"(?i)^\(?(in (thousands|millions|billions|trillions)|(amounts|dollars|figures) in\b|"
                        r"(fiscal|calendar) years? \d{4}|fy\s?\d{4}\s*[-–]|[\w ,]{0,40}\bin (thousands|millions|"
                        r"billions|trillions) of\b)")


_OPEN_END = re.compile(
    r"(?i)\b(a|an|the|to|that|of|as|for|and|or|with|by|in|on|at|from|which|who|whose|is|are|was|were|be|been|"
    r"will|would|can|could|may|its|their|his|her|our|this|these|such|than|into|between|under|whether)$"
)


def _lead_in(text: str) -> bool:
    """A line that introduces a list: it ends on "include" or "the following", or mid-phrase ("... as a")."""
    return _LEAD_IN.search(text) is not None or _OPEN_END.search(text) is not None


def _not_a_heading(text: str, following: Unit | None) -> bool:
    """A caption or a unit line over a table: it looks like a heading but opens no section."""
    if _UNIT_LINE.match(text):
        return True
    if boilerplate_reason(text, "anywhere") == "table or figure caption":
        return True
    return following is not None and following.kind == "table"


def _title_from_source(source: str) -> str:
    """A readable title from the file name, for articles that carry none."""
    if source in ("-", ""):
        return "Untitled article"
    stem = PurePath(source).name.split(".")[0]
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled article"
