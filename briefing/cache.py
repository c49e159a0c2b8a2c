"""``<dir>/brief-cache.json``: per article, the fingerprint its brief was made with.

Each finished brief is recorded at once, as one line appended (and fsync'd) to
a journal beside the cache, ``.brief-cache.journal``; the run folds the journal
into ``brief-cache.json`` (written atomically) when it ends, however it ends.
Even a run killed outright (SIGKILL, a power cut) keeps what it made: the next
run reads the journal after the cache, and a torn last line is ignored.
Rewriting the whole cache after every brief would cost O(n^2) bytes for a batch
of n articles.  A cache file
that is not one brief wrote (``[]``, ``null``, ``{"a": 1}``, broken JSON) is
discarded with a warning: everything is briefed again and a good cache written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import OutputError

if TYPE_CHECKING:
    from briefing.batch import ItemResult

CACHE_FILE = "brief-cache.json"
JOURNAL_FILE = ".brief-cache.journal"  # hidden: never taken for an article in an input folder
# What every entry holds; an entry without them was not written by brief.
_ENTRY_KEYS = frozenset({"sha256", "fingerprint", "output", "output_sha256"})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """The cache file of one folder; ``warning`` says why an existing file was discarded."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / CACHE_FILE
        self.journal = Path(folder) / JOURNAL_FILE
        self.warning: str | None = None
        self.entries: dict[str, dict[str, object]] = {}
        self._load()
        self._replay()

    def _load(self) -> None:
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

    def _replay(self) -> None:
        """Entries a run recorded in the journal but did not fold into the cache (it was killed)."""
        try:
            lines = self.journal.read_bytes().splitlines()
        except OSError:
            return
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line torn by the kill
            if isinstance(record, dict) and isinstance(record.get("source"), str) and _is_cache(
                {record["source"]: record.get("entry")}
            ):
                self.entries[record["source"]] = record["entry"]

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
        """Remember ``source``'s brief, in memory and, durably, in the journal.

        Raises:
            OutputError: the journal cannot be written.
        """
        key = self.key(source)
        self.entries[key] = {
            "sha256": item.sha256,
            "fingerprint": fingerprint,
            "output": str(output),
            "output_sha256": sha256(data),
            "title": item.title,
            "date": item.date,
            "points": item.points,
        }
        line = json.dumps({"source": key, "entry": self.entries[key]}, sort_keys=True) + "\n"
        try:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            with open(self.journal, "ab") as handle:
                handle.write(line.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:
            raise OutputError(f"{self.journal}: cannot record the brief in the cache ({err.strerror or err})") from None

    def save(self) -> None:
        """Write the whole cache atomically, then drop the journal it now holds."""
        from briefing.output import write_atomic

        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")
        try:
            self.journal.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:
            raise OutputError(f"{self.journal}: cannot remove the cache journal ({err.strerror or err})") from None


def _is_cache(data: object) -> bool:
    """A dict of source -> entry dicts holding the keys brief writes (an empty dict is a cache)."""
    if not isinstance(data, dict):
        return False
    return all(isinstance(k, str) and isinstance(v, dict) and _ENTRY_KEYS <= v.keys() for k, v in data.items())
