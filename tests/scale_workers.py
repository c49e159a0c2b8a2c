"""Worker main functions for tests of ``briefing.parallel``, importable by its spawned workers."""

from __future__ import annotations

import os
import signal
from multiprocessing.connection import Connection

from briefing import parallel
from briefing.batch import ArticleJob, ArticleOutcome, ArticleWorker
from briefing.document import Document
from briefing.options import BriefOptions


def die_on_poison(conn: Connection, options: BriefOptions, threads: int, raise_unexpected: bool) -> None:
    """The real worker main, except that an article whose file name holds "poison" kills its process."""
    original = ArticleWorker.brief_article

    def brief_article(self: ArticleWorker, job: ArticleJob, doc: Document, *, primed: bool = True) -> ArticleOutcome:
        if "poison" in job.source.name:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, job, doc, primed=primed)

    ArticleWorker.brief_article = brief_article  # type: ignore[method-assign]
    parallel._worker_main(conn, options, threads, raise_unexpected)
