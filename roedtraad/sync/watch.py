"""`roedtraad sync --watch`: sync again whenever files arrive, until Ctrl-C.

Events are debounced (a department saving a workbook makes several), and a
sync also runs every `tick` seconds, so a file that was not complete yet is
picked up once it has settled. A broken file is a finding like any other; a
share that goes away (unplugged, VPN down) is waited for and watched again
when it is back; another writer holding the lock means: try at the next tick.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, watch

from ..project import Project
from .ledger import Ledger
from .lock import LockHeld
from .run import SyncSummary, sync_project
from .scan import SETTLE_SECONDS, is_submission_name

OnSummary = Callable[[SyncSummary], None]
OnProblem = Callable[[str, Exception | None], None]  # "locked" / "share-lost" / "failed"


def _relevant(project: Project) -> Callable[[Change, str], bool]:
    foundation = str(project.foundation_path.resolve())
    submissions = str(project.submissions_dir.resolve())

    def keep(_change: Change, path: str) -> bool:
        if path == foundation:
            return True
        return path.startswith(submissions) and (is_submission_name(Path(path).name) or Path(path).name.startswith(
            ("~$", ".~lock")))  # closing a workbook removes its lock file: time to write back

    return keep


def watch_project(project: Project, ledger: Ledger, on_summary: OnSummary, on_problem: OnProblem, *,
                  debounce_ms: int = 1600, tick: float = 10.0, settle: float = SETTLE_SECONDS,
                  stop: threading.Event | None = None) -> None:
    """Sync now, then on every (debounced) change and every `tick` seconds, until `stop` is set or Ctrl-C."""
    stop = stop or threading.Event()
    keep = _relevant(project)
    folder = project.submissions_dir

    def once() -> None:
        try:
            on_summary(sync_project(project, ledger, settle=settle))
        except LockHeld as exc:
            on_problem("locked", exc)
        except OSError as exc:
            on_problem("share-lost" if not folder.is_dir() else "failed", exc)
        except Exception as exc:  # noqa: BLE001 - the watcher keeps running whatever one run meets
            on_problem("failed", exc)

    while not stop.is_set():
        if not folder.is_dir():
            on_problem("share-lost", None)
            stop.wait(tick)
            continue
        once()
        try:
            for _changes in watch(folder, project.foundation_path.parent, watch_filter=keep, debounce=debounce_ms,
                                  stop_event=stop, rust_timeout=int(tick * 1000), yield_on_timeout=True,
                                  recursive=True):
                if not folder.is_dir():
                    break  # the share went away: wait for it in the outer loop
                once()
        except (OSError, RuntimeError) as exc:  # the watched folder vanished under the watcher
            on_problem("share-lost", exc)
            stop.wait(min(tick, 1.0))
        if not stop.is_set():
            time.sleep(0.05)
