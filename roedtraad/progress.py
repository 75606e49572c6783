"""Progress of long jobs, told to whoever listens.

Reading a thousand workbooks, writing them back or generating the demo takes
from seconds to a minute. The library marks those steps (`step`), and a
front end that wants to show them installs a `Reporter` for the duration of
a call (`reporting`): the CLI shows a progress bar on a terminal and nothing
in a pipe. Without a reporter a step costs next to nothing. Steps are marked
in the main process only: worker processes hand back results and the main
process advances as they arrive.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from .i18n import Text


class Reporter(Protocol):
    def start(self, label: Text, total: int | None) -> object:
        """A step begins: `total` units of work, or None when unknown. Returns the step's handle."""

    def advance(self, handle: object, units: int = 1) -> None:
        ...

    def finish(self, handle: object) -> None:
        ...


class Step:
    """One running step; `advance()` after each unit of work."""

    def __init__(self, reporter: Reporter | None = None, handle: object = None) -> None:
        self._reporter, self._handle = reporter, handle

    def advance(self, units: int = 1) -> None:
        if self._reporter is not None:
            self._reporter.advance(self._handle, units)


_SILENT = Step()
_reporter: ContextVar[Reporter | None] = ContextVar("roedtraad_progress", default=None)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Tell `reporter` about every step marked while the block runs."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


@contextmanager
def step(label: Text, total: int | None = None) -> Iterator[Step]:
    """Mark a step of `total` units (None: unknown) for the current reporter, if any."""
    reporter = _reporter.get()
    if reporter is None:
        yield _SILENT
        return
    handle = reporter.start(label, total)
    try:
        yield Step(reporter, handle)
    finally:
        reporter.finish(handle)


__all__ = ["Reporter", "Step", "reporting", "step"]
