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


FileKey = tuple[int, int]  # (device, inode): one file, whatever name or link leads to it


def made_by_brief(path: Path, listed: Collection[FileKey] = ()) -> bool:
    """True when ``path`` is a file brief made (see the module docstring); False for anything else.

    ``listed``: the files an earlier manifest names (``listed_outputs``).
    """
    try:
        if not path.is_file():
            return False
        if _marked(path):
            return True
        st = path.stat()
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) in listed


def _marked(path: Path) -> bool:
    """The file's content carries brief's mark."""
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
    return bool(_HTML_MARK.search(head) or _MD_MARK.search(head))


def listed_outputs(folder: Path) -> frozenset[FileKey]:
    """The files that ``folder/manifest.json`` (when it is brief's) lists as outputs and that exist."""
    manifest = folder / "manifest.json"
    try:
        data = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return frozenset()
    if not isinstance(data, dict) or "brief_version" not in data or not isinstance(data.get("items"), list):
        return frozenset()
    found: set[FileKey] = set()
    for item in data["items"]:
        if not (isinstance(item, dict) and isinstance(item.get("output"), str)):
            continue
        # As the earlier run wrote it (relative to its working folder), and by name in ``folder``.
        for candidate in (Path(item["output"]), folder / Path(item["output"]).name):
            try:
                st = candidate.stat()
            except (OSError, ValueError):
                continue
            found.add((st.st_dev, st.st_ino))
    return frozenset(found)
