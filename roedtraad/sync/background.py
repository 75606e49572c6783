"""A sync in the background of a long-running process (the service), after uploads.

An upload is answered as soon as its version is taken in (`accept_upload(...,
publish=False)`); the write-back and the master follow here, off the request
path. Requests that arrive while a run is going coalesce into one more run, so
a burst of fifty uploads costs two master rebuilds, not fifty. Several workers
(or hosts) each have one; the ledger's writer lock keeps their runs apart, and
a run that finds the lock held past `wait` tries again, since the other writer
may be an upload that leaves its own publishing to its worker.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from ..project import Project
from .faults import environment_failure
from .ledger import Ledger
from .lock import LockHeld, describe_self
from .run import SyncSummary, sync_project

log = logging.getLogger("roedtraad.sync")


class BackgroundSync:
    def __init__(self, project: Project, ledger: Ledger, *, wait: float = 60.0, retry_after: float = 1.0,
                 on_done: Callable[[SyncSummary], None] | None = None) -> None:
        self.project, self.ledger, self.wait, self.retry_after = project, ledger, wait, retry_after
        self.on_done = on_done
        self._state = threading.Condition()
        self._wanted = False
        self._running = False

    def request(self) -> None:
        """Ask for a run; returns at once. A run already going is followed by exactly one more."""
        with self._state:
            self._wanted = True
            if not self._running:
                self._running = True
                threading.Thread(target=self._loop, name="roedtraad-background-sync", daemon=True).start()

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until no run is going or asked for (shutdown); False if `timeout` passed first."""
        with self._state:
            return self._state.wait_for(lambda: not self._running, timeout)

    def _loop(self) -> None:
        while True:
            with self._state:
                if not self._wanted:
                    self._running = False
                    self._state.notify_all()
                    return
                self._wanted = False
            try:
                summary = sync_project(self.project, self.ledger, wait=self.wait,
                                       holder=describe_self("roedtraad serve (background sync)"))
            except LockHeld as busy:
                log.warning("background sync: %s; trying again", busy)
                with self._state:
                    self._wanted = True
                time.sleep(self.retry_after)
                continue
            except Exception as exc:  # noqa: BLE001 - a long-running service logs and goes on; the next upload retries
                failure = environment_failure(exc)
                if failure is None:
                    log.exception("background sync failed")
                else:  # the database away or the disk full: no bug, and the next run completes the work
                    log.warning("background sync stopped: %s unavailable (%s)", failure, type(exc).__name__)
                continue
            if self.on_done is not None:
                self.on_done(summary)
