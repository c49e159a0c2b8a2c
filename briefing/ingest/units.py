"""Unit: one heading, paragraph, list item, quote or table, as a reader splits a file.

Readers (plain text, Markdown, HTML) turn a file into Units; ``text.read_units``
assembles any reader's Units into the Document, so the chrome rules and the
header logic are the same whatever the file was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["text", "item", "quote", "table", "meta"]


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    heading: bool = False  # marked as a heading by Markdown syntax or HTML markup
    level: int = 0  # heading level (Markdown #, HTML h1-h6); 0 when not a marked heading
    marked: bool = False  # the markup said what this is (HTML, Markdown): never guess it is a heading
    kind: UnitKind = "text"  # "item": a list item; "table": rows below; "meta": key/value rows
    rows: tuple[tuple[str, ...], ...] = ()  # table cells (first row the header), or (key, value) pairs
    caption: str | None = None  # a table's caption ("Table 1. ...")
    chrome: str | None = None  # the reader already knows this is page chrome, and why ("navigation links")
