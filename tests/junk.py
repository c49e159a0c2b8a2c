"""What a brief must never show: markup, table syntax, URLs, page chrome, fragments.

An independent checker, written from what readers of the real CRS pages saw in
their briefs (issue 13), not from ingest's own rules: a rule ingest forgets
still shows up here.  Shared by tests/test_real_pages.py and
benchmarks/crs_pages.py, which counts the junk before and after a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# (name, pattern) for the text of a point, a block title or a note.
ANYWHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("table syntax", re.compile(r"\|")),
    ("markdown emphasis", re.compile(r"\*\*|__|(?<!\w)\*\w|\w\*(?!\w)")),
    ("markdown link or image", re.compile(r"\]\(|!\[|\[[^\]]*\]\s*$")),
    ("markdown heading or quote", re.compile(r"^\s*(#{1,6}\s|>)")),
    ("code span", re.compile(r"`")),
    ("url", re.compile(r"(?i)https?://|www\.|%20|%2F|\b[\w-]+\.(?:gov|com|org|net|edu|pdf)/")),
    ("page control", re.compile(r"(?i)\b(hide overview|download pdf|share/save|site feedback|listen(?=[A-Z])|"
                                r"skip to (main )?content)\b|^(listen|citation|subscribe|print|share)$")),
    ("date-stamped title", re.compile(r"(?i)\b(updated|published)\s+\w+\.? \d{1,2}, \d{4}|\(\w{1,3}\d{4,6}\)\s*$|"
                                      r"version:\s*\d")),
    ("disclaimer", re.compile(r"(?i)\bdisclaimer\b|should not be relied upon|not subject to copyright|"
                              r"originally (written|authored|prepared) by")),
    ("footnote", re.compile(r"(?i)^(footnotes?|endnotes?|notes?|references)$|^\d+\.\s*$")),
    ("caption or table note", re.compile(r"(?i)^(table|figure|chart|map|exhibit)\s+([A-Z]-?)?\d+[.:\s]|"
                                         r"^(source|sources|notes?)\s*:")),
    ("cross-reference", re.compile(r"(?i)^\(?(see|for more (information|detail|on)|for further|for a "
                                   r"(discussion|list|summary|more)|for additional)\b|^\(see\b|^for\b[^.]{0,160},\s+see\b")),
    ("acknowledgment", re.compile(r"(?i)\bcontributed to (an earlier version of )?this report\b|"
                                  r"\bprepared the (figures|graphics|maps)\b")),
    ("about the document", re.compile(
        r"(?i)^(this|the following|the present|this final)\s+(report|insight|in focus|sidebar|legal sidebar|"
        r"section|product|paper|brief|memo|memorandum|analysis|chapter|appendix|document|overview|table|"
        r"figure)\b[^.]{0,80}\b(provides?|describes?|discuss(es)?|examines?|summari[sz]es?|outlines?|"
        r"reviews?|presents?|analy[sz]es?|explains?|focus(es)? on|addresses|offers|shows?|lists?|includes?)\b|"
        r"^(the|this)\s+(report|insight|paper|analysis)\s+(concludes|begins|ends)\s+(with|by)\b")),
)

TITLE_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("list lead-in title", re.compile(r"(?i)\b(include|includes|including|following|as follows)\s*:?$")),
    ("sentence as title", re.compile(r"[.;,]$|^(regarding|in|on|as|for|the)\b.{60,}")),
    ("long title", re.compile(r"^(\S+\s+){9,}\S+")),
    ("unit line as title", re.compile(r"(?i)^(in (millions|billions|trillions|thousands)|.*\bin (millions|billions|"
                                      r"thousands) of\b|fiscal years? \d{4})")),
)

POINT_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A point is a sentence: it starts like one and ends like one.
    ("fragment", re.compile(r"^[a-z,;)\]]|[^.!?\"'”’)\]…]$")),
)


def junk_reasons(text: str, where: str) -> list[str]:
    """The names of the rules ``text`` breaks, as a point, a title or a note (``where``)."""
    rules = ANYWHERE + (TITLE_ONLY if where == "title" else POINT_ONLY if where == "point" else ())
    return [name for name, pattern in rules if pattern.search(text.strip())]


def brief_junk(brief: dict[str, Any]) -> Iterator[tuple[str, str, list[str]]]:
    """(where, text, reasons) for every junk item of a JSON brief."""
    for block in brief["blocks"]:
        if block["key"] not in ("bottom-line", "outlook"):
            reasons = junk_reasons(block["title"], "title")
            if reasons:
                yield "title", block["title"], reasons
        for point in block["points"]:
            reasons = junk_reasons(point["text"], "point")
            if reasons:
                yield "point", point["text"], reasons
    for note in brief.get("notes", []):
        # Notes are ours; what they quote from the article (omitted titles) must still be clean.
        reasons = [r for r in junk_reasons(note, "note") if r not in ("markdown emphasis",)]
        if reasons:
            yield "note", note, reasons
