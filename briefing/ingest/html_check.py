"""Text comparison helpers for checking an HTML extraction against a reference one."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "\u00ad": None, "\u200b": None})
_WS = re.compile(r"\s+")


def page_text(html: str) -> str:
    """The visible text of an HTML fragment or page, scripts and styles left out."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return "".join(root.itertext())


def normalise(text: str) -> str:
    """Quotes straightened, soft hyphens and whitespace removed: the same characters compare equal.

    Removing whitespace (not collapsing it) matters: inline markup such as
    ``<em>Minecraft</em> protocol.`` leaves or drops spaces around tags.
    """
    return _WS.sub("", text.translate(_QUOTES))
