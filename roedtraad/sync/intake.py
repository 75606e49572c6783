"""Taking files in: scan the folder, read what is new or changed, load the rest from the cache.

New and changed files are archived first and read from the archive copy, so
the records belong to exactly the bytes the ledger keeps (a department saving
again meanwhile cannot mix two versions). Unchanged files are not opened:
their records come from the ledger's cache, keyed by content hash and name.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection

from ..config import Settings
from ..findings import Finding
from ..model import Location, Workbook
from ..validators.engine import read_all
from ..workbook_templates.sniff import excel_lock_file
from ..workbook_templates.structure import FileLocked, UnreadableFile
from . import archive, store
from .scan import Seen, display, look, walk

Progress = Callable[[str, int, int], None]  # phase, done, total
ARCHIVE_BATCH = 64  # fresh files whose bytes are held at once: archived together (flushes side by side)


@dataclass
class Item:
    """One workbook of this run: the file, its version (once recorded), its records and read findings."""

    seen: Seen
    is_foundation: bool = False
    record: Workbook | None = None
    findings: list[Finding] = field(default_factory=list)
    version: dict | None = None  # the ledger's row, for files seen before
    archived: bool = False  # new or changed, and its bytes are in the archive (read from there)

    @property
    def name(self) -> str:
        return self.seen.name

    @property
    def fresh(self) -> bool:
        return self.seen.status in ("new", "changed")


@dataclass
class Intake:
    items: list[Item]  # every current workbook, foundation first, then submissions by path
    incomplete: list[str]
    removed: list[str]
    touched: list[str]  # same version, new size/time/hash on disk (a touch, our own write-back)
    foundation_missing: bool = False


class ShareUnavailable(OSError):
    """The submissions folder cannot be reached: nothing is taken as removed, the run stops."""


def take_in(conn: Connection, root: Path, foundation_path: Path, submissions_dir: Path, settings: Settings,
            archive_root: Path, *, settle: float, progress: Progress | None = None) -> Intake:
    states = store.file_states(conn)
    if not submissions_dir.is_dir() and len(states) > (1 if foundation_path.is_file() else 0):
        raise ShareUnavailable(f"{submissions_dir} cannot be reached")
    now = time.time()
    paths = [(foundation_path, False, True)] if foundation_path.is_file() else []
    paths += [(p, locked, False) for p, locked in sorted(walk(submissions_dir))]
    items: list[Item] = []
    incomplete, touched = [], []
    held: list[Item] = []  # fresh files whose bytes are not archived yet
    for index, (path, locked, is_foundation) in enumerate(paths):
        name = display(path, root)
        seen = look(path, name, states.get(name), archive_root, settle=settle, now=now)
        seen.locked = locked
        if progress and index % 50 == 0:
            progress("scan", index, len(paths))
        if seen.status == "incomplete":
            incomplete.append(name)
        elif seen.status != "gone":
            items.append(Item(seen, is_foundation))
            if items[-1].fresh:
                held.append(items[-1])
                if len(held) >= ARCHIVE_BATCH:
                    _archive(held, archive_root)
                    held = []
            state = states.get(name)
            if seen.status == "unchanged" and (state["size"], state["mtime_ns"], state["sha256"]) != (
                    seen.size, seen.mtime_ns, seen.sha256):
                touched.append(name)
    _archive(held, archive_root)
    current = {item.name for item in items} | set(incomplete)
    removed = sorted(name for name in states if name not in current)
    if removed and not submissions_dir.is_dir():  # it went away during the scan: nothing was removed
        raise ShareUnavailable(f"{submissions_dir} cannot be reached")
    _read_fresh(items, settings, archive_root, progress)
    return Intake(items, incomplete, removed, touched, foundation_missing=not foundation_path.is_file())


def _archive(held: list[Item], archive_root: Path) -> None:
    """Archive the bytes of a batch of fresh files, then let them go: at 10,000 new files, holding
    every file's bytes until all were scanned cost 320 MiB of the run's peak."""
    # An empty file was read (its digest is known) and is the reader's to name; b"" without a digest
    # is the scan's "could not open it".
    for item in held:
        item.archived = item.seen.data is not None and bool(item.seen.data or item.seen.sha256)
    archive.store_many(archive_root, [(i.seen.data, i.seen.sha256) for i in held if i.archived])
    for item in held:
        item.seen.data = None


def _read_fresh(items: list[Item], settings: Settings, archive_root: Path, progress: Progress | None) -> None:
    fresh = [item for item in items if item.fresh]
    tasks = [(str(archive.archive_path(archive_root, item.seen.sha256)), item.name, item.is_foundation)
             for item in fresh if item.archived]
    if progress:
        progress("read", 0, len(tasks))
    results = iter(read_all(settings, tasks)) if tasks else iter(())
    for item in fresh:
        if item.archived:
            item.record, item.findings = next(results)
        else:  # an old file we could not open: the reader's finding, as for any unreadable file
            item.findings = [UnreadableFile.at(Location(file=item.name), detail="-")]
        if item.record is not None:
            item.record.path = Path(item.name)  # normalised for the cache; made real in _load_cached
            item.record.received = 0.0
    if progress:
        progress("read", len(tasks), len(tasks))


def load_cached(conn: Connection, items: list[Item], settings: Settings, archive_root: Path) -> None:
    """Records of unchanged files from the cache; a file whose cache entry is missing is read again."""
    versions = store.versions_by_id(conn, [i.seen.version_id for i in items if i.seen.version_id is not None])
    wanted = []
    for item in items:
        if item.seen.version_id is not None:
            item.version = versions.get(item.seen.version_id)
            if item.version is not None and not item.fresh:
                wanted.append((item.version["sha256"], item.name))
    reading = store.reading_key(settings)
    scope = store.memo_scope(conn, reading)
    remembered = {key: found for key in wanted if (found := store.memo.get(scope, key)) is not None}
    blobs = store.get_parsed(conn, [key for key in wanted if key not in remembered], reading, exact=True)
    missing = []
    for item in items:
        if item.version is not None and not item.fresh:
            key = (item.version["sha256"], item.name)
            blob = blobs.get(key)
            if key in remembered:
                item.record, item.findings = remembered[key]
            elif blob is not None:
                item.record, item.findings = store.unpack(blob)
            else:
                missing.append(item)
    if missing:  # a cache entry lost, a file renamed back, or other settings: read the archived bytes again
        tasks = []
        for item in missing:
            digest = item.version["sha256"]
            source = archive.archive_path(archive_root, digest)
            tasks.append((str(source if source.is_file() else item.seen.path), item.name, item.is_foundation))
        entries = []
        for item, (record, findings) in zip(missing, read_all(settings, tasks)):
            item.record, item.findings = record, findings
            if record is not None:
                record.path, record.received = Path(item.name), 0.0
            entries.append((item.version["sha256"], item.name, store.pack(record, findings)))
        store.put_parsed_many(conn, entries, reading)  # after an upgrade or a change of settings: every file


def remember(conn: Connection, items: list[Item], settings: Settings) -> None:
    """Keep this run's records for the next run of this process (`store.RecordMemo`)."""
    records = {(i.version["sha256"], i.name): (i.record, i.findings) for i in items if i.version is not None}
    store.memo.replace(store.memo_scope(conn, store.reading_key(settings)), records)


def realise(item: Item, root: Path, received: float) -> None:
    """Give the records this run's facts: where the file is, its bytes' hash now, when it was received."""
    if item.record is not None:
        item.record.path = root / item.name
        item.record.sha256 = item.seen.sha256
        item.record.received = received


def lock_findings(items: list[Item]) -> list[Finding]:
    """Today's 'open in Excel' warning: an observation of this run, never cached with the records."""
    return [FileLocked.at(Location(file=i.name), lock_file=_lock_name(i.seen.path)) for i in items if i.seen.locked]


def _lock_name(path: Path) -> str:
    lock = excel_lock_file(path)
    return lock.name if lock is not None else f"~${path.name}"
