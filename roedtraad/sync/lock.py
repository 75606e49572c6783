"""One writer at a time: a sync, an upload or a service worker holds the ledger's writer lock.

On PostgreSQL the lock is the database's own (a session advisory lock), so it
holds across machines and vanishes with a killed process's connection. On
SQLite it is a lock file beside the database, `ledger.sqlite.lock`, held with
an OS file lock while the writer lives: a SIGKILLed run leaves the file, but
not the OS lock, so the next run takes over at once. The file names the
holder and since when, for the message a second writer shows.
"""
from __future__ import annotations

import getpass
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import text

from .ledger import Ledger

try:
    import fcntl
except ImportError:  # Windows: fall back to exclusive creation and a process check
    fcntl = None  # type: ignore[assignment]

ADVISORY_KEY = 7265656  # "roe" in ASCII; with the schema's hash: one writer per ledger (database schema)


class LockHeld(Exception):
    """Another writer holds the ledger."""

    def __init__(self, holder: str, since: str) -> None:
        super().__init__(f"{holder} since {since}")
        self.holder, self.since = holder, since


def describe_self(what: str = "roedtraad sync") -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        user = "?"
    return f"{what} ({user}@{socket.gethostname()}, pid {os.getpid()})"


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().replace(microsecond=0).isoformat()


@contextmanager
def writer_lock(ledger: Ledger, wait: float = 0.0, holder: str | None = None) -> Iterator[None]:
    """Hold the writer lock for the block; raise `LockHeld` when it is taken and `wait` seconds pass."""
    holder = holder or describe_self()
    deadline = time.monotonic() + max(0.0, wait)
    attempt = _sqlite_attempt if ledger.is_sqlite else _postgres_attempt
    while True:
        held = attempt(ledger, holder)
        if not isinstance(held, LockHeld):
            break
        if time.monotonic() >= deadline:
            raise held
        time.sleep(min(0.2, max(0.01, deadline - time.monotonic())))
    try:
        yield
    finally:
        held()


def _lock_path(ledger: Ledger) -> Path:
    if ledger.sqlite_path is None:  # in-memory SQLite: one process, a lock file in the temp folder
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"roedtraad-memory-{os.getpid()}.lock"
    return ledger.sqlite_path.with_name(ledger.sqlite_path.name + ".lock")


def _read_holder(path: Path) -> LockHeld:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    return LockHeld(info.get("holder", "?"), info.get("since", "?"))


def _sqlite_attempt(ledger: Ledger, holder: str):  # noqa: ANN202 - a release function or LockHeld
    path = _lock_path(ledger)
    info = json.dumps({"holder": holder, "since": _now(), "pid": os.getpid(), "host": socket.gethostname()})
    if fcntl is None:
        return _exclusive_create(path, info)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return _read_holder(path)
    try:  # the file may have been unlinked and recreated between our open and our lock
        same = os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return LockHeld("?", "?")
    os.ftruncate(fd, 0)
    os.write(fd, info.encode("utf-8"))

    def release() -> None:
        try:
            os.unlink(path)
        finally:
            os.close(fd)

    return release


def _exclusive_create(path: Path, info: str):  # noqa: ANN202
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        held = _read_holder(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8") or "{}")
            if data.get("host") == socket.gethostname() and not _alive(int(data.get("pid", 0))):
                path.unlink(missing_ok=True)  # a killed writer's file: the next attempt takes it
        except (OSError, ValueError):
            pass
        return held
    os.write(fd, info.encode("utf-8"))
    os.close(fd)
    return lambda: path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _postgres_attempt(ledger: Ledger, holder: str):  # noqa: ANN202
    conn = ledger.engine.connect()
    try:
        conn.execute(text("SELECT set_config('application_name', :name, false)"), {"name": holder[:63]})
        got = conn.execute(text("SELECT pg_try_advisory_lock(:key, hashtext(current_schema()))"),
                           {"key": ADVISORY_KEY}).scalar()
        conn.commit()
    except Exception:
        conn.close()
        raise
    if not got:
        row = conn.execute(text(
            "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.classid = :key AND l.objid::int = hashtext(current_schema()) "
            "AND l.objsubid = 2 AND l.granted LIMIT 1"), {"key": ADVISORY_KEY}).first()
        conn.close()
        if row is None:
            return LockHeld("?", "?")
        since = row[1].astimezone().replace(microsecond=0).isoformat() if row[1] else "?"
        return LockHeld(row[0] or "?", since)

    def release() -> None:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key, hashtext(current_schema()))"), {"key": ADVISORY_KEY})
            conn.commit()
        finally:
            conn.close()

    return release
