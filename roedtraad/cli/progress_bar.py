"""Progress bars for long commands: on a terminal only, never in a pipe or a log.

The library marks its steps (`roedtraad.progress`); this shows them with rich
on standard error while a command runs, and leaves nothing behind when it is
done (the bars are transient), so the command's own output reads the same
with and without a terminal.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from typing import Any

from ..i18n import Lang, Text
from ..progress import reporting


class _RichReporter:
    def __init__(self, bars: Any, lang: Lang) -> None:
        self.bars, self.lang = bars, lang

    def start(self, label: Text, total: int | None) -> object:
        return self.bars.add_task(label(self.lang), total=total)

    def advance(self, handle: object, units: int = 1) -> None:
        self.bars.advance(handle, units)

    def finish(self, handle: object) -> None:
        """A finished step stays, full, until the command ends (then all bars vanish)."""
        task = next(t for t in self.bars.tasks if t.id == handle)
        total = task.total if task.total is not None else 1
        self.bars.update(handle, total=total, completed=total)


@contextmanager
def progress_on_terminal(lang: Lang) -> Iterator[None]:
    """Show the library's steps as progress bars while the block runs, if standard error is a terminal."""
    from rich.console import Console  # rich only for the commands that can take a while
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False) as bars:
        with reporting(_RichReporter(bars, lang)):
            yield
