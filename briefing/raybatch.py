"""``--engine ray``: brief chunks of articles on Ray actors, on this machine or a cluster.

Each actor is an ``ArticleWorker``: it loads the models once and runs
``brief_chunk``, the same code as a serial run and as ``--workers``.  The driver
(``batch.run_batch``) reads the articles and sends their bytes to the actors
through Ray's object store; the actors send the rendered briefs back, and the
driver writes them, the cache, the index and the manifest.  So the inputs and
outputs are paths the driver can read and write; the other machines of a
cluster need brief installed (the model ships inside it), not the files.

An actor that dies has its chunk briefed again on a fresh actor, once; if that
one dies too, the articles not yet done are recorded as failed, by name.

With no address, a local Ray is started for the run and stopped after it (a
few seconds); inside a process that already called ``ray.init`` that Ray is used.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from briefing.batch import ArticleJob, ArticleOutcome, ItemResult
from briefing.deps import require
from briefing.errors import BriefError, EngineError
from briefing.options import BriefOptions

ATTEMPTS = 2  # a chunk whose actor dies is briefed once more before its articles are failed
IN_FLIGHT = 2  # chunks queued per actor: the next one is there when the current one ends


class BriefActor:
    """A Ray actor around an ``ArticleWorker`` (wrapped with ``ray.remote`` at run time).

    A model that fails to load is kept as the error and returned by ``ready``, so
    the driver can show the user its one-line message instead of Ray's report
    of a dead actor.
    """

    def __init__(self, options: BriefOptions, raise_unexpected: bool) -> None:
        from briefing.batch import ArticleWorker, load_worker

        self._error: BriefError | None = None
        try:
            self._worker = ArticleWorker(options, raise_unexpected=raise_unexpected)
            load_worker(self._worker, 1)  # each actor is given one CPU (num_cpus=1)
        except BriefError as err:
            self._error = err

    def ready(self) -> BriefError | int:
        """The error met while loading, or this actor's process id."""
        return self._error if self._error is not None else os.getpid()

    def brief_chunk(self, jobs: Sequence[ArticleJob]) -> list[ArticleOutcome]:
        return self._worker.brief_chunk(jobs)


def _last_error(err: Exception) -> str:
    """The innermost ``SomeError: message`` line of Ray's multi-line report, or its first line."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    found = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception): ", line)]
    return (found or lines or [type(err).__name__])[-1 if found else 0]


def _actor_env(address: str | None) -> dict[str, str]:
    """Environment variables of the actors' processes."""
    # Ray's worker processes run many threads, and glibc gives each its own malloc
    # arena: on 200 articles an actor's peak RSS was 1,133 MiB, and 830 MiB with two arenas.
    env = {"MALLOC_ARENA_MAX": "2"}
    if address is None:
        # A local Ray's workers import brief from where this process did (an editable
        # install's path hook does not reach them), so they run this very code.
        here = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    return env


def _connect(ray: Any, address: str | None) -> bool:
    """Join the cluster at ``address`` (None: start a local one); True when this call started Ray."""
    if ray.is_initialized():
        return False
    try:
        # "local": a Ray of its own for this run, even if `ray start` left a cluster to join.
        ray.init(address=address or "local", include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as err:
        where = address or "a local Ray"
        raise EngineError(f"cannot start or reach the Ray cluster at {where}: {err}".splitlines()[0]) from None
    return True


def run_ray(
    chunks: Iterator[Sequence[ArticleJob]],
    options: BriefOptions,
    *,
    workers: int | None = None,
    address: str | None = None,
    raise_unexpected: bool = False,
    notice: Callable[[str], None] | None = None,
) -> Iterator[ArticleOutcome]:
    """Outcomes of every job of ``chunks``, chunk by chunk as actors finish them.

    Args:
        chunks: the jobs, a chunk at a time, read lazily as actors take them.
        options: the options every actor briefs with.
        workers: how many actors; None: one per CPU of the cluster.
        address: the cluster (``auto``, ``HOST:6379``, ``ray://HOST:10001``); None starts a local Ray.
        raise_unexpected: a bug in an actor stops the run with its traceback.
        notice: told, in one line, of an actor that died and what was done about it.
            Ray's own report of it, which Ray prints on stdout, is silenced while the
            run lasts (stdout is the process's: library callers' prints go too).

    Raises:
        MissingDependency: Ray is not installed (``pip install 'brief[ray]'``).
        EngineError: the cluster cannot be started or reached.
        BriefError: an actor could not load the models (the error it met).
    """
    ray = require("ray", extra="ray")
    exceptions = require("ray.exceptions", extra="ray")
    first = next(chunks, None)
    if first is None:  # everything cached or unreadable: no cluster needed
        return
    chunks = itertools.chain([first], chunks)
    started_here = _connect(ray, address)
    remote = ray.remote(num_cpus=1, max_restarts=0, runtime_env={"env_vars": _actor_env(address)})
    actor_class = remote(BriefActor)
    actors: list[Any] = []
    # Ray prints its report of a dead worker (a paragraph) on stdout from a thread of
    # its own; batch mode keeps stdout clean and reports the death in one line itself.
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        try:
            count = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
            actors = [actor_class.remote(options, raise_unexpected) for _ in range(count)]
            try:
                answers = ray.get([actor.ready.remote() for actor in actors])
            except exceptions.RayError as err:
                raise EngineError(f"the Ray actors could not start ({_last_error(err)}); is this brief "
                                  "installed on every node of the cluster?") from None
            for answer in answers:
                if isinstance(answer, BriefError):
                    raise answer
            yield from _drive(ray, exceptions, actor_class, actors, chunks, options, raise_unexpected, notice)
        finally:
            for actor in actors:
                ray.kill(actor)
            if started_here:
                ray.shutdown()


def _drive(
    ray: Any,
    exceptions: Any,
    actor_class: Any,
    actors: list[Any],
    chunks: Iterator[Sequence[ArticleJob]],
    options: BriefOptions,
    raise_unexpected: bool,
    notice: Callable[[str], None] | None,
) -> Iterator[ArticleOutcome]:
    """Keep ``IN_FLIGHT`` chunks on each actor until every chunk has come back or failed twice."""
    running: dict[Any, tuple[Any, Sequence[ArticleJob], int]] = {}  # ref -> (actor, jobs, attempts)
    replaced: dict[int, Any] = {}  # id of a dead actor -> the actor that took its place
    source = iter(chunks)
    exhausted = False

    def fill(actor: Any) -> None:
        nonlocal exhausted
        while sum(1 for held, _, _ in running.values() if held is actor) < IN_FLIGHT:
            following = None if exhausted else next(source, None)
            if following is None:
                exhausted = True
                return
            running[actor.brief_chunk.remote(following)] = (actor, following, 0)

    for actor in actors:
        fill(actor)
    while running:
        [ref], _ = ray.wait(list(running), num_returns=1)
        actor, jobs, attempts = running.pop(ref)
        try:
            outcomes: list[ArticleOutcome] = ray.get(ref)
        except exceptions.RayTaskError as err:  # an exception inside brief_chunk: a bug
            if raise_unexpected:
                raise RuntimeError(f"a Ray actor failed: {err}") from None
            cause = str(err).strip().splitlines()[-1]
            outcomes = [ArticleOutcome(job.index, ItemResult(
                str(job.source), "failed", sha256=job.digest, exit_code=1, seconds=job.read_s,
                error=f"{job.source}: internal error in a Ray actor: {cause}")) for job in jobs]
        except (exceptions.RayActorError, exceptions.WorkerCrashedError, exceptions.ObjectLostError) as err:
            cause = type(err).__name__
            names = ", ".join(str(job.source) for job in jobs)
            # One fresh actor per dead one, whichever of its chunks tells us first; the
            # retry goes to it, never to another actor that may have died unnoticed.
            if id(actor) not in replaced:
                replaced[id(actor)] = actor_class.remote(options, raise_unexpected)
                actors[actors.index(actor)] = replaced[id(actor)]
            fresh = replaced[id(actor)]
            if attempts + 1 < ATTEMPTS:
                if notice is not None:
                    notice(f"a Ray actor died ({cause}) while briefing {names}; briefing them again")
                running[fresh.brief_chunk.remote(jobs)] = (fresh, jobs, attempts + 1)
            else:
                if notice is not None:
                    notice(f"a Ray actor died ({cause}) again while briefing {names}; they are not briefed")
                yield from (ArticleOutcome(job.index, ItemResult(
                    str(job.source), "failed", sha256=job.digest, exit_code=1, seconds=job.read_s,
                    error=f"{job.source}: not briefed: the Ray actor briefing it died twice ({cause})"))
                    for job in jobs)
            fill(fresh)
            continue
        yield from outcomes
        if actor in actors:
            fill(actor)
