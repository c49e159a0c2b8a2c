"""SIGTERM (and SIGHUP) as an exception, so that a killed run cleans up like Ctrl-C does.

Python turns SIGINT into ``KeyboardInterrupt``; SIGTERM's default is to die on
the spot, which leaves a half-written ``.brief.html.XXXX.tmp`` and a batch
folder whose cache, index and manifest say nothing of the briefs already made.
Inside ``signals_as_interrupts()`` both raise ``Interrupted`` (a
``KeyboardInterrupt``) in the main thread, so every ``finally`` runs: temporary
files are removed and the batch records what it did on the way out.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; ``signal_number`` says which."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process a signal ended."""
        return 128 + self.signal_number


def _raise(signal_number: int, frame: FrameType | None) -> None:
    raise Interrupted(signal_number)


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP raise ``Interrupted`` while inside; the old handlers come back after.

    Does nothing outside the main thread (only it may set signal handlers).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)]
    previous = {}
    for number in wanted:
        if number is None:
            continue
        # A signal the parent told us to ignore (nohup) stays ignored.
        if signal.getsignal(number) == signal.SIG_IGN:
            continue
        previous[number] = signal.signal(number, _raise)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP that arrive inside are raised (as ``Interrupted``) on the way out.

    For a short step that must not be cut in half: a batch writes a brief and
    records it in its cache and report; a signal between the two would leave a
    brief on disk that no record lists.  Only for steps that cannot block (the
    batch writes regular files only).  Does nothing outside the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signal_number: int, frame: FrameType | None) -> None:
        pending.append(signal_number)

    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None and signal.getsignal(number) != signal.SIG_IGN:
            previous[number] = signal.signal(number, hold)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if pending:
        raise Interrupted(pending[0])
