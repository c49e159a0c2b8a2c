"""``--workers N``: brief chunks of articles in N processes on this machine, one model load each.

The parent (``batch.run_batch``) reads the articles, keeps the cache, writes
every brief, the index and the manifest; a worker gets a chunk of articles (their
bytes), runs ``ArticleWorker.brief_chunk`` on it, the same code as a serial run,
and sends back one outcome per article.  Chunks are cut in input order before
any worker sees them, so the briefs are byte-identical to a serial run whatever
the order in which workers finish.

Each worker is a process of its own with a pipe to the parent, so the parent
knows which chunk every worker holds.  A worker that dies (killed, out of
memory) has its chunk briefed again by a fresh worker, once; if that one dies
too, the articles of the chunk that were not done are recorded as failed, by
name.  Workers ignore Ctrl-C: the parent stops them, and as only the parent
writes, and atomically, no partial brief is left.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from briefing.batch import ArticleJob, ArticleOutcome, ItemResult
from briefing.errors import BriefError, EngineError
from briefing.options import BriefOptions

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

ATTEMPTS = 2  # a chunk whose worker dies is briefed once more before its articles are failed
POLL_S = 1.0  # how often an idle worker checks that its parent is still alive


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parse_workers(text: str) -> int:
    """``--workers``: a positive number, or ``auto`` for the CPUs available.

    Raises:
        ValueError: anything else, with a message for the terminal.
    """
    if text.strip().lower() == "auto":
        return available_cpus()
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"'{text}' is not a number of workers; give 1 or more, or auto")
    return value


def threads_per_worker(workers: int, cpus: int | None = None) -> int:
    """Torch threads each worker may use so that workers times threads fills the CPUs.

    The sentence encoder itself runs on ``batch.ENCODER_THREADS`` (one), for
    byte-identical vectors in every mode; this caps the other libraries' pools
    (OpenMP, MKL) that a worker starts.
    """
    return max(1, (cpus or available_cpus()) // max(1, workers))


def _worker_main(conn: Connection, options: BriefOptions, threads: int, raise_unexpected: bool) -> None:
    """A worker process: load the models once, then brief the chunks the parent sends until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = os.getppid()
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    from briefing.batch import ArticleWorker, brief_chunks, load_worker

    try:
        worker = ArticleWorker(options, raise_unexpected=raise_unexpected)
        load_worker(worker, threads)
    except BriefError as err:
        conn.send(("error", err))
        return
    conn.send(("ready", os.getpid()))
    while True:
        if not conn.poll(POLL_S):
            if os.getppid() != parent:  # the parent was killed: nobody will read our work
                return
            continue
        message = conn.recv()
        if message is None:
            return
        chunk_id, jobs = message
        try:
            for outcome in brief_chunks(worker, [jobs]):  # each article as it is done: progress, and less to redo
                conn.send(("item", chunk_id, outcome))
        except Exception:  # only with raise_unexpected: a bug, for the parent to raise
            conn.send(("bug", chunk_id, traceback.format_exc()))
            return
        conn.send(("done", chunk_id))


@dataclass(slots=True)
class _Task:
    """A chunk and how many workers have died on it."""

    id: int
    jobs: Sequence[ArticleJob]
    attempts: int = 0


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task | None = None


@dataclass(slots=True)
class _Pool:
    """The parent's view of the workers and of the work not yet done."""

    options: BriefOptions
    threads: int
    raise_unexpected: bool
    context: Any
    target: Callable[[Connection, BriefOptions, int, bool], None]
    workers: list[_Worker] = field(default_factory=list)
    retry: deque[_Task] = field(default_factory=deque)
    delivered: set[int] = field(default_factory=set)  # job indexes whose outcome was handed on
    started: int = 0

    def start(self) -> None:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=self.target, args=(theirs, self.options, self.threads, self.raise_unexpected),
            name=f"brief-worker-{self.started + 1}", daemon=True,
        )
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, ours))
        self.started += 1

    def stop(self, *, wait: bool) -> None:
        """Ask every worker to stop, then make sure they have; kill them at once unless ``wait``."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=5 if wait else 0.2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()


def _cause(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def run_pool(
    chunks: Iterator[Sequence[ArticleJob]],
    options: BriefOptions,
    *,
    workers: int,
    total_chunks: int,
    raise_unexpected: bool = False,
    notice: Callable[[str], None] | None = None,
    target: Callable[[Connection, BriefOptions, int, bool], None] = _worker_main,
) -> Iterator[ArticleOutcome]:
    """Outcomes of every job of ``chunks``, as workers finish them (the caller puts them in order).

    Args:
        chunks: the jobs, a chunk at a time, read lazily as workers become free.
        options: the options every worker briefs with.
        workers: how many processes; no more are started than there are chunks.
        total_chunks: how many chunks there are at most (to start no idle worker).
        raise_unexpected: a bug in a worker stops the run with its traceback.
        notice: told, in one line, of a worker that died and what was done about it.
        target: the worker's main function (a module-level function, for spawn); tests
            pass one that dies on a chosen article.

    Raises:
        BriefError: a worker could not load the models (the error it met).
        EngineError: workers keep dying before they are ready.
    """
    first = next(chunks, None)
    if first is None:  # everything cached or unreadable: no worker needs to load a model
        return
    chunks = itertools.chain([first], chunks)
    count = max(1, min(workers, total_chunks))
    # spawn, not fork: the parent may have torch threads running (a library caller),
    # and a forked copy of a threaded process can deadlock.
    pool = _Pool(options, threads_per_worker(count), raise_unexpected, multiprocessing.get_context("spawn"), target)
    source = iter(chunks)
    next_id = 0
    exhausted = False

    def next_task() -> _Task | None:
        nonlocal next_id, exhausted
        if pool.retry:
            return pool.retry.popleft()
        if exhausted:
            return None
        jobs = next(source, None)
        if jobs is None:
            exhausted = True
            return None
        next_id += 1
        return _Task(next_id, jobs)

    def failed(worker: _Worker, reason: str) -> Iterator[ArticleOutcome]:
        """Fail the articles of the worker's chunk that it has not done, and free the worker."""
        task, worker.task = worker.task, None
        for job in task.jobs if task is not None else ():
            if job.index not in pool.delivered:
                pool.delivered.add(job.index)
                yield ArticleOutcome(job.index, ItemResult(
                    str(job.source), "failed", sha256=job.digest, exit_code=1, seconds=job.read_s,
                    error=f"{job.source}: {reason}"))

    def lost(worker: _Worker) -> Iterator[ArticleOutcome]:
        """A worker died: brief its chunk again, or fail what it left undone."""
        task = worker.task
        pool.workers.remove(worker)
        worker.conn.close()
        cause = _cause(worker.process.exitcode)
        if task is None:
            if not worker.ready and pool.started > 2 * count + ATTEMPTS:
                raise EngineError(f"brief's worker processes keep dying before they are ready ({cause})")
            return
        undone = [job for job in task.jobs if job.index not in pool.delivered]
        names = ", ".join(str(job.source) for job in undone)
        task.attempts += 1
        if task.attempts < ATTEMPTS:
            if notice is not None and undone:
                notice(f"a worker died ({cause}) while briefing {names}; briefing them again")
            pool.retry.append(task)
            return
        if notice is not None and undone:
            notice(f"a worker died ({cause}) again while briefing {names}; they are not briefed")
        worker.task = task
        yield from failed(worker, f"not briefed: the worker process briefing it died twice ({cause})")

    finished = False
    try:
        for _ in range(count):
            pool.start()
        while True:
            for worker in pool.workers:
                if worker.ready and worker.task is None:
                    worker.task = next_task()
                    if worker.task is not None:
                        try:
                            worker.conn.send((worker.task.id, worker.task.jobs))
                        except OSError:  # it has just died: its sentinel tells us below, and the chunk is retried
                            pass
            busy = [w for w in pool.workers if w.task is not None or not w.ready]
            if not busy and exhausted and not pool.retry:
                break
            if not pool.workers:  # every worker died: start what the remaining work needs
                for _ in range(count):
                    pool.start()
                continue
            waitables: list[Any] = [w.conn for w in pool.workers] + [w.process.sentinel for w in pool.workers]
            ready = wait(waitables)
            for worker in list(pool.workers):
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                dead = False
                try:
                    while worker.conn.poll():
                        message = worker.conn.recv()
                        kind = message[0]
                        if kind == "ready":
                            worker.ready = True
                        elif kind == "error":
                            raise message[1]
                        elif kind == "item":
                            outcome: ArticleOutcome = message[2]
                            if outcome.index not in pool.delivered:  # a retried chunk repeats what was sent
                                pool.delivered.add(outcome.index)
                                yield outcome
                        elif kind == "done":
                            worker.task = None
                        elif kind == "bug":  # then the worker exits; a fresh one takes the next chunk
                            if raise_unexpected:
                                raise RuntimeError(f"a worker process failed:\n{message[2]}")
                            yield from failed(worker, f"internal error: {message[2].strip().splitlines()[-1]}")
                except (EOFError, OSError):  # it died, perhaps halfway through a message
                    dead = True
                if dead or not worker.process.is_alive():
                    worker.process.join()
                    yield from lost(worker)
                    if (pool.retry or not exhausted) and len(pool.workers) < count:
                        pool.start()
        finished = True
    finally:
        pool.stop(wait=finished)
