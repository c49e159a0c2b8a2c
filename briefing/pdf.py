"""HTML -> PDF and page counts, through WeasyPrint (imported only when needed)."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any

from briefing.deps import require
from briefing.errors import RenderError


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint logs CSS it ignores at WARNING; our templates are ours to fix, not the user's."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@functools.cache
def _font_config() -> Any:
    """One font configuration for every layout of this process.

    The page fit lays a brief out about eight times; building WeasyPrint's font
    configuration afresh each time was a fifth of each layout (0.24 s against
    0.19 s for the seed's brief).  Our templates declare no @font-face, so
    nothing of one brief's fonts can leak into another's layout.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _layout(html: str) -> Any:
    weasyprint = require("weasyprint")
    with _quiet():
        try:
            return weasyprint.HTML(string=html).render(font_config=_font_config())
        except Exception as err:  # WeasyPrint raises many types; all mean "cannot lay this out"
            raise RenderError(f"cannot lay out the brief as a printed page: {err}") from err


def count_pages(html: str) -> int:
    """How many printed pages the HTML brief takes."""
    return len(_layout(html).pages)


def pages_filled(html: str) -> float:
    """How much paper the HTML brief takes, in pages: 1.25 is one page and a quarter of the next.

    The whole pages, plus the share of the last page's content area down to the lowest
    box laid out on it (margin boxes, such as a running footer, not counted).  Its
    ceiling is ``count_pages``; the fraction lets the page fit aim its next try.
    """
    pages = _layout(html).pages  # first: it says so if WeasyPrint is missing
    from weasyprint.formatting_structure.boxes import MarginBox

    page = pages[-1]._page_box
    top, height = page.content_box_y(), page.height
    bottom = top
    for child in page.children:
        if isinstance(child, MarginBox):
            continue
        for box in child.descendants():
            if box.position_y is not None and box.height is not None and hasattr(box, "margin_height"):
                bottom = max(bottom, box.position_y + box.margin_height())
    share = min(max((bottom - top) / height, 0.0), 1.0) if height else 1.0
    return len(pages) - 1 + max(share, 1e-6)


def html_to_pdf(html: str) -> bytes:
    """The HTML brief as PDF bytes."""
    with _quiet():
        pdf: bytes = _layout(html).write_pdf()
    return pdf
