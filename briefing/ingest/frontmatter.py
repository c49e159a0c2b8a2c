"""YAML front matter: taken only when it really is front matter.

A block between ``---`` lines at the top of a file is front matter when it
parses (PyYAML ``safe_load``) as a mapping whose keys are all short names
(``title``, ``hugo-layout``...) and at least one of them is one brief knows
(``KNOWN_KEYS``).  Anything else between two ``---`` lines (the lead of a plain
text file set off by rules, a YAML list, a sentence with a colon) stays in the
body, so no text is dropped without a word.

Requiring every key to be known would turn the keys a site generator adds
(``layout``, ``permalink``, ``image``) into body text, so one known key is
enough, and the others must still look like keys.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^[A-Za-z_][\w-]{0,39}$")
MAX_BLOCK = 20_000  # characters: front matter is a few lines, never the article

KNOWN_KEYS = frozenset(
    {"title", "subtitle", "author", "authors", "date", "site", "description", "summary", "abstract",
     "tags", "categories", "keywords", "lang", "language", "published", "updated", "source", "publisher"}
)
# The keys whose value reaches the Document, and the name they go by there.
_META_KEYS = {"title": "title", "author": "author", "authors": "author", "date": "date", "site": "site",
              "published": "date", "publisher": "site"}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(meta, body)``: the front matter's title, author, date and site, and the text after it.

    ``meta`` is empty and ``body`` is ``text`` unchanged when the file has no
    front matter by the rule in the module docstring.  ``text`` has ``\\n`` line ends.
    """
    found = _BLOCK.match(text)
    if found is None or len(found.group(1)) > MAX_BLOCK:
        return {}, text
    data = _parse(found.group(1))
    if data is None:
        return {}, text
    meta: dict[str, str] = {}
    for key, value in data.items():
        name = _META_KEYS.get(key.lower())
        scalar = _scalar(value)
        if name is not None and scalar and name not in meta:
            meta[name] = scalar
    return meta, text[found.end() :]


def _parse(block: str) -> dict[str, Any] | None:
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    if not all(isinstance(k, str) and _KEY.match(k) for k in data):
        return None
    if not any(k.lower() in KNOWN_KEYS for k in data):
        return None
    return data


def _scalar(value: object) -> str | None:
    """A value as one line of text; a list of names is joined; anything nested is ignored."""
    if isinstance(value, (str, int, float, date, datetime)) and not isinstance(value, bool):
        return str(value).strip() or None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value[:20]):
        return ", ".join(v.strip() for v in value[:20])
    return None
