"""``<dir>/brief-cache.json``: per article, the fingerprint its brief was made with.

Each finished brief is recorded at once (the whole file rewritten atomically),
so a run that is interrupted, or fails later, keeps what it made.  A cache file
that is not one brief wrote (``[]``, ``null``, ``{"a": 1}``, broken JSON) is
discarded with a warning: everything is briefed again and a good cache written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.batch import ItemResult

CACHE_FILE = "brief-cache.json"
# What every entry holds; an entry without them was not written by brief.
_ENTRY_KEYS = frozenset({"sha256", "fingerprint", "output", "output_sha256"})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """The cache file of one folder; ``warning`` says why an existing file was discarded."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / CACHE_FILE
        self.warning: str | None = None
        self.entries: dict[str, dict[str, object]] = {}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return  # no cache yet: brief everything
        except OSError as err:
            self.warning = f"{self.path}: cannot read the cache ({err.strerror or err}); briefing everything again"
            return
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not _is_cache(data):
            self.warning = f"{self.path}: not a brief cache; discarded, briefing everything again"
            return
        self.entries = data

    @staticmethod
    def key(source: Path) -> str:
        return os.path.normpath(source)

    def unchanged(self, source: Path, digest: str, fingerprint: str) -> dict[str, object] | None:
        """The recorded entry when ``source`` had these bytes (``digest``), was briefed with
        ``fingerprint``, and its brief is still there, untouched."""
        entry = self.entries.get(self.key(source))
        if not entry or entry.get("fingerprint") != fingerprint or entry.get("sha256") != digest:
            return None
        output = Path(str(entry.get("output")))
        try:
            if sha256(output.read_bytes()) != entry.get("output_sha256"):
                return None
        except OSError:
            return None
        return entry

    def record(self, source: Path, fingerprint: str, output: Path, data: bytes, item: ItemResult) -> None:
        self.entries[self.key(source)] = {
            "sha256": item.sha256,
            "fingerprint": fingerprint,
            "output": str(output),
            "output_sha256": sha256(data),
            "title": item.title,
            "date": item.date,
            "points": item.points,
        }

    def save(self) -> None:
        from briefing.output import write_atomic

        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")


def _is_cache(data: object) -> bool:
    """A dict of source -> entry dicts holding the keys brief writes (an empty dict is a cache)."""
    if not isinstance(data, dict):
        return False
    return all(isinstance(k, str) and isinstance(v, dict) and _ENTRY_KEYS <= v.keys() for k, v in data.items())
