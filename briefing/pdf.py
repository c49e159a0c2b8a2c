"""HTML -> PDF and page counts, through WeasyPrint (imported only when needed)."""

from __future__ import annotations

import contextlib
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


def _layout(html: str) -> Any:
    weasyprint = require("weasyprint")
    with _quiet():
        try:
            return weasyprint.HTML(string=html).render()
        except Exception as err:  # WeasyPrint raises many types; all mean "cannot lay this out"
            raise RenderError(f"cannot lay out the brief as a printed page: {err}") from err


def count_pages(html: str) -> int:
    """How many printed pages the HTML brief takes."""
    return len(_layout(html).pages)


def html_to_pdf(html: str) -> bytes:
    """The HTML brief as PDF bytes."""
    with _quiet():
        pdf: bytes = _layout(html).write_pdf()
    return pdf
