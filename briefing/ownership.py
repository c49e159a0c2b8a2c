"""Which files in an output folder brief made, so that it only ever replaces its own.

A file counts as brief's when the manifest of an earlier run in that folder
lists it as an output, or when its content carries brief's mark:

- an HTML brief or ``index.html``: ``<meta name="generator" content="brief ...">``;
- a Markdown brief: ``generator: "brief ..."`` in its front matter;
- a JSON brief: an object with ``title``, ``source``, ``blocks``, ``model`` and
  ``version``; ``index.json``: ``briefs`` and ``failed``; ``manifest.json``:
  ``brief_version`` and ``items``;
- a PDF brief: only through the manifest (WeasyPrint compresses the PDF's metadata).

Anything else (an article that happens to be called ``index.html``, a file of
the user's named like a brief) is not brief's, and a run refuses to overwrite it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path

_HEAD = 8192  # the generator mark sits in the first lines
_MAX_JSON = 50_000_000
_HTML_MARK = re.compile(rb"""<meta\s+name=["']?generator["']?\s+content=["']brief[ "']""", re.I)
_MD_MARK = re.compile(rb"""\A(?:\xef\xbb\xbf)?---\r?\n(?:.*\r?\n)*?generator:\s*["']?brief """)
_JSON_SHAPES = (
    frozenset({"title", "source", "blocks", "model", "version"}),
    frozenset({"briefs", "failed"}),
    frozenset({"brief_version", "items"}),
)


def made_by_brief(path: Path, listed: Collection[Path] = ()) -> bool:
    """True when ``path`` is a file brief made (see the module docstring); False for anything else."""
    if any(_same(path, other) for other in listed):
        return True
    try:
        if not path.is_file():
            return False
        suffix = path.suffix.lower()
        if suffix == ".json":
            if path.stat().st_size > _MAX_JSON:
                return False
            data = json.loads(path.read_bytes())
            return isinstance(data, dict) and any(shape <= data.keys() for shape in _JSON_SHAPES)
        if suffix == ".pdf":
            return False
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except (OSError, ValueError):
        return False
    return bool(_HTML_MARK.search(head) or _MD_MARK.search(head))


def _same(a: Path, b: Path) -> bool:
    from briefing.output import is_same_file

    return is_same_file(a, b)


def listed_outputs(folder: Path) -> list[Path]:
    """The outputs that ``folder/manifest.json`` (when it is brief's) lists."""
    manifest = folder / "manifest.json"
    try:
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or "brief_version" not in data or not isinstance(data.get("items"), list):
        return []
    found = []
    for item in data["items"]:
        if isinstance(item, dict) and isinstance(item.get("output"), str):
            # As the earlier run wrote it (relative to its working folder), and by name in ``folder``.
            found += [Path(item["output"]), folder / Path(item["output"]).name]
    return found
