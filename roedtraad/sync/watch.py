"""`roedtraad sync --watch`: sync again whenever files arrive, until Ctrl-C.

Events are debounced (a department saving a workbook makes several), and a
sync also runs every `tick` seconds, so a file that was not complete yet is
picked up once it has settled. A broken file is a finding like any other; a
share that goes away (unplugged, VPN down) is waited for and watched again
when it is back; another writer holding the lock means: try at the next tick.

The file-system watchers run in threads of their own and only wake the main
loop. The main loop waits on a plain event, which Ctrl-C always interrupts,
and it syncs on every tick even when no watcher reports: a watcher stuck in
the operating system (a share that came back half-way) costs promptness, never
the syncing, and never the way out. A watcher that stops reporting its
heartbeat is replaced.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, watch

from ..project import Project
from .ledger import Ledger
from .lock import LockHeld
from .run import SyncSummary, sync_project
from .scan import SETTLE_SECONDS, is_submission_name

OnSummary = Callable[[SyncSummary], None]
OnProblem = Callable[[str, Exception | None], None]  # "locked" / "share-lost" / "failed"
Filter = Callable[[Change, str], bool]
Watch = Callable[..., Iterable[set]]  # watchfiles.watch; a parameter so a test can make one that hangs

HEARTBEAT_SECONDS = 1.0  # a watcher reports at least this often, changes or not
STALE_HEARTBEATS = 5  # ... and is replaced when it has been silent this many times as long


def _relevant(project: Project) -> Filter:
    foundation = str(project.foundation_path.resolve())
    submissions = str(project.submissions_dir.resolve())

    def keep(_change: Change, path: str) -> bool:
        if path == foundation:
            return True
        return path.startswith(submissions) and (is_submission_name(Path(path).name) or Path(path).name.startswith(
            ("~$", ".~lock")))  # closing a workbook removes its lock file: time to write back

    return keep


class _Watcher:
    """One watchfiles watcher in a daemon thread: sets `wake` on changes, beats on every timeout."""

    def __init__(self, path: Path, recursive: bool, keep: Filter, debounce_ms: int, wake: threading.Event,
                 watch_fn: Watch) -> None:
        self.path, self.recursive, self.keep, self.debounce_ms = path, recursive, keep, debounce_ms
        self.wake, self.watch_fn = wake, watch_fn
        self.quit = threading.Event()
        self.identity = _identity(path)  # a share that went and came back between two looks is a new folder
        self.beat = time.monotonic()
        self.failed: Exception | None = None
        self.thread = threading.Thread(target=self._run, name=f"watch {path}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            for changes in self.watch_fn(self.path, watch_filter=self.keep, debounce=self.debounce_ms,
                                         stop_event=self.quit, rust_timeout=int(HEARTBEAT_SECONDS * 1000),
                                         yield_on_timeout=True, recursive=self.recursive, raise_interrupt=False):
                self.beat = time.monotonic()
                if changes:
                    self.wake.set()
                if self.quit.is_set():
                    return
        except Exception as exc:  # noqa: BLE001 - the folder vanished under it, or the OS refused a watch
            self.failed = exc  # the main loop starts a new one at its next tick, if the share is there

    def healthy(self) -> bool:
        silent = time.monotonic() - self.beat
        return self.thread.is_alive() and silent < HEARTBEAT_SECONDS * STALE_HEARTBEATS \
            and _identity(self.path) == self.identity

    def stop(self) -> None:
        """Ask it to end; a thread stuck in the OS is a daemon and is left behind, never waited for."""
        self.quit.set()


def watch_project(project: Project, ledger: Ledger, on_summary: OnSummary, on_problem: OnProblem, *,
                  debounce_ms: int = 1600, tick: float = 10.0, settle: float = SETTLE_SECONDS,
                  stop: threading.Event | None = None, watch_fn: Watch = watch) -> None:
    """Sync now, then on every (debounced) change and every `tick` seconds, until `stop` is set or Ctrl-C."""
    stop = stop or threading.Event()
    keep = _relevant(project)
    folder = project.submissions_dir
    wake = threading.Event()
    watchers: list[_Watcher] = []

    def once() -> None:
        try:
            on_summary(sync_project(project, ledger, settle=settle))
        except LockHeld as exc:
            on_problem("locked", exc)
        except OSError as exc:
            on_problem("share-lost" if not folder.is_dir() else "failed", exc)
        except Exception as exc:  # noqa: BLE001 - the watcher keeps running whatever one run meets
            on_problem("failed", exc)

    def start_watchers() -> None:
        # The submissions with every sub-folder; the foundation's own folder only, not the project's
        # archive and output, which each sync writes into.
        watchers.append(_Watcher(folder, True, keep, debounce_ms, wake, watch_fn))
        watchers.append(_Watcher(project.foundation_path.parent, False, keep, debounce_ms, wake, watch_fn))

    def stop_watchers() -> None:
        for watcher in watchers:
            watcher.stop()
        watchers.clear()

    try:
        while not stop.is_set():
            if not folder.is_dir():
                if watchers:
                    stop_watchers()
                on_problem("share-lost", None)
                stop.wait(tick)
                continue
            if not all(w.healthy() for w in watchers) or not watchers:
                failed = next((w.failed for w in watchers if w.failed is not None), None)
                if failed is not None and folder.is_dir():
                    on_problem("failed", failed)
                stop_watchers()
                start_watchers()
            wake.clear()
            once()
            _wait_for_either(wake, stop, tick)
    finally:
        stop_watchers()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _wait_for_either(wake: threading.Event, stop: threading.Event, timeout: float) -> None:
    """Until a change, a stop or the tick; in short waits, so that a stop is seen within a heartbeat."""
    end = time.monotonic() + timeout
    while not stop.is_set() and not wake.is_set():
        left = end - time.monotonic()
        if left <= 0:
            return
        wake.wait(min(left, HEARTBEAT_SECONDS))
