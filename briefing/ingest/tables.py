"""Pipe tables as exports write them: rows of ``| cell | cell``, often with no ``|---|`` line.

Markdown exports of web pages (congress.gov, CMS "save as Markdown") write a
table as lines that start with ``|``, without the delimiter row GFM needs, so
a CommonMark parser sees a paragraph.  These helpers read such lines into rows
and say what the table is: the page's metadata (``| Author: | Doe, Jane``),
footnotes (``| 1. | See ...``), a figure (only a caption and a source line), or
data.  A table is never prose: it reaches the Document as a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from briefing.ingest.cleanup import EXHIBIT
from briefing.ingest.units import Unit

TableRole = Literal["meta", "footnotes", "figure", "data"]

CAPTION = re.compile(rf"(?i)^{EXHIBIT}(\.|:|\s)")
TABLE_NOTE = re.compile(r"(?i)^(sources?|notes?|data source|source and notes)\s*:")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FOOTNOTE_MARK = re.compile(r"^\[?\d{1,3}\]?\.?$")
_META_KEY = re.compile(r"^[A-Z][\w()/.'’ -]{0,40}:$")


def is_pipe_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def split_row(line: str) -> tuple[str, ...]:
    """``| a | b |`` -> ("a", "b"); escaped pipes stay in the cell."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(body))


def table_units(lines: Sequence[str]) -> list[Unit]:
    """A block of lines holding pipe rows -> the text lines before it and one table Unit.

    Lines before the first row stay text (the assembler decides whether they are
    a caption); lines after a row continue that row's last cell, as exports wrap
    long cells.  A one-cell row that is a caption ("Figure 1. ...") becomes the
    table's caption; a one-cell "Source:" or "Notes:" row goes.
    """
    before: list[Unit] = []
    rows: list[list[str]] = []
    for line in lines:
        if is_pipe_row(line):
            rows.append(list(split_row(line)))
        elif rows:
            rows[-1][-1] = f"{rows[-1][-1]} {line.strip()}".strip()
        else:
            before.append(Unit(line.strip()))
    caption = None
    kept: list[tuple[str, ...]] = []
    for row in rows:
        cells = [c for c in row if c]
        if not cells:
            continue
        if len(cells) == 1 and CAPTION.match(cells[0]) and caption is None:
            caption = cells[0]
            continue
        if len(cells) == 1 and TABLE_NOTE.match(cells[0]):
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # a GFM delimiter row
        kept.append(tuple(row))
    text = " | ".join(" | ".join(c for c in row if c) for row in kept)
    return before + [Unit(text, kind="table", rows=tuple(kept), caption=caption, marked=True)]


def table_role(rows: Sequence[Sequence[str]]) -> TableRole:
    """What a table is: the page's metadata, footnotes, a figure with no data, or data."""
    filled = [[c for c in row if c] for row in rows]
    filled = [row for row in filled if row]
    if not filled:
        return "figure"
    if all(len(row) == 2 and _META_KEY.match(row[0]) for row in filled):
        return "meta"
    if sum(bool(_FOOTNOTE_MARK.match(row[0])) for row in filled) >= max(1, len(filled) * 2 // 3):
        return "footnotes"
    if all(len(row) == 1 for row in filled) and len(filled) <= 2:
        return "figure"
    return "data"
