"""Progress on stderr for batch runs: a bar on a terminal, a line per article in a log, nothing in CI.

stdout is never touched, so a batch run can be piped or captured cleanly.
Errors are always shown: one line each, as they happen.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Literal

import click

from briefing.batch import ItemResult

Mode = Literal["bar", "lines", "ci", "quiet"]


def _short(name: str | None) -> str | None:
    """The file name being briefed, shortened for the bar."""
    return None if name is None else name[-40:]


class Progress:
    """``mode``: ``bar`` (a terminal), ``lines`` (a log file), ``ci`` or ``quiet`` (errors only)."""

    def __init__(self, total: int, mode: Mode) -> None:
        self.total = total
        self.mode = mode
        self._bar: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "bar":
            make_bar: Any = click.progressbar  # its overloads type the label function by item type
            bar: Any = make_bar(length=self.total, label="Briefing", file=sys.stderr,
                                         show_pos=True, item_show_func=_short)
            self._bar = bar
            self._bar.__enter__()
        return self

    def item(self, result: ItemResult) -> None:
        if result.status == "failed":
            if self._bar is not None:
                click.echo("", err=True)  # leave the bar's line before the error
            click.echo(f"Error: {result.error}", err=True)
        elif self.mode == "lines":
            verb = "made" if result.status == "made" else "unchanged"
            click.echo(f"{verb}: {result.source} -> {result.output} ({result.seconds:.2f} s)", err=True)
        if self._bar is not None:
            self._bar.update(1, result.source)

    def notice(self, message: str) -> None:
        """A line about the run itself (a worker lost, articles briefed again): shown in every mode."""
        if self._bar is not None:
            click.echo("", err=True)
        click.echo(f"brief: {message}", err=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
