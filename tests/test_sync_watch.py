"""`watch_project` against a file-system watcher that hangs: syncing and stopping never depend on it.

Seen in full test runs: a watchfiles watcher created right after a share came back never
returned, ignoring its timeout and Ctrl-C. The main loop must neither wait on it nor stop
syncing because of it; a watcher that stops beating is replaced.
"""
from __future__ import annotations

import shutil
import threading
import time

from roedtraad.sync import watch as watch_module
from roedtraad.sync.watch import watch_project


class _HangingWatch:
    """A watch function that never yields and ignores its stop event, like the one seen stuck."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []
        self.forever = threading.Event()

    def __call__(self, path, **options):  # noqa: ANN001
        self.calls.append((str(path), options["recursive"]))
        self.forever.wait()  # released only at the end of the test
        yield from ()


def _run_in_thread(project, ledger, watch_fn, **options):  # noqa: ANN001
    summaries, problems, stop = [], [], threading.Event()
    thread = threading.Thread(target=watch_project, daemon=True, kwargs=dict(
        project=project, ledger=ledger, on_summary=summaries.append,
        on_problem=lambda kind, exc: problems.append(kind), stop=stop, watch_fn=watch_fn, **options))
    thread.start()
    return thread, stop, summaries, problems


def _until(check, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def _quiet(summaries: list, seconds: float = 1.5, timeout: float = 30.0) -> None:
    """Until no sync has run for `seconds`."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        seen = len(summaries)
        time.sleep(seconds)
        if len(summaries) == seen:
            return
    raise AssertionError("the syncs never settled")


def test_a_hanging_watcher_neither_stops_the_syncing_nor_the_way_out(sqlite_demo, monkeypatch):
    project, ledger = sqlite_demo
    monkeypatch.setattr(watch_module, "HEARTBEAT_SECONDS", 0.1)  # silent for 0.5 s: replaced
    hanging = _HangingWatch()
    thread, stop, summaries, _ = _run_in_thread(project, ledger, hanging, tick=0.3, settle=0.0, debounce_ms=50)
    try:
        _until(lambda: len(summaries) >= 1)
        submissions = project.root / "indsendelser"
        source = next(submissions.rglob("*.xlsx"))
        shutil.copy2(source, submissions / "kopi.xlsx")  # no watcher will ever say so: the tick finds it
        _until(lambda: any("indsendelser/kopi.xlsx" in s.new for s in summaries))
        _until(lambda: len(hanging.calls) >= 6)  # the silent watchers were replaced, more than once
        # the submissions folder with its sub-folders; the foundation's folder alone, not arkiv/ and output/
        assert (str(submissions), True) in hanging.calls
        assert (str(project.foundation_path.parent), False) in hanging.calls
        started = time.monotonic()
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive() and time.monotonic() - started < 2
    finally:
        stop.set()
        hanging.forever.set()


def test_a_change_wakes_the_loop_before_its_tick(sqlite_demo):
    project, ledger = sqlite_demo
    thread, stop, summaries, problems = _run_in_thread(project, ledger, watch_module.watch, tick=600.0,
                                                       settle=0.0, debounce_ms=100)
    try:
        _until(lambda: len(summaries) >= 1)
        submissions = project.root / "indsendelser"
        shutil.copy2(next(submissions.rglob("*.xlsx")), submissions / "kopi.xlsx")
        _until(lambda: any("indsendelser/kopi.xlsx" in s.new for s in summaries), timeout=30)
        _quiet(summaries)  # a write-back into kopi.xlsx, if the sync made one, wakes it once more
        runs = len(summaries)
        (project.root / "output" / "noget.txt").write_text("not a submission")  # not watched: no sync
        time.sleep(1.5)
        assert len(summaries) == runs and not problems
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
