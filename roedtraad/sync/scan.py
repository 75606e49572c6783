"""The incremental scan: which files are new, changed, unchanged or not complete yet.

A file whose size and modification time equal what the ledger recorded is
unchanged and not opened. Otherwise it is hashed: equal content (a touch), or
content our own write-back produced, is still unchanged. A file whose size or
time changes while it is read, or that cannot be read whole while it is young,
is still being copied or saved: "not complete yet", looked at again next run.
Excel's `~$` owner files, LibreOffice's `.~lock` files and temporary files are
not submissions; they only tell which workbooks are open.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..project import WORKBOOK_SUFFIXES
from ..workbook_templates.sniff import FileKind, sniff_bytes
from . import archive

SETTLE_SECONDS = 5.0  # a file younger than this that cannot be read whole is still arriving
TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", "~")
FileStatus = Literal["new", "changed", "unchanged", "incomplete", "gone"]


@dataclass
class Seen:
    """One file of the scan, and what became of it."""

    path: Path
    name: str  # relative to the project folder, "/" separated: the file's name everywhere
    status: FileStatus
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""  # the bytes on disk now
    data: bytes | None = None  # read only when new or changed
    version_id: int | None = None  # the ledger's version, when known
    locked: bool = False  # an owner or lock file says it is open


def is_submission_name(name: str) -> bool:
    """A workbook a department delivered, not an owner, lock or temporary file."""
    lower = name.lower()
    if name.startswith(("~$", ".~lock", ".", "~")) or lower.endswith(TEMP_SUFFIXES):
        return False
    return Path(lower).suffix in WORKBOOK_SUFFIXES


def _lock_names(name: str) -> tuple[str, ...]:
    return (f"~${name}", f"~${name[2:]}", f".~lock.{name}#")


def walk(folder: Path) -> Iterator[tuple[Path, bool]]:
    """Every submission file under `folder` (sorted), with whether a lock file sits beside it.
    One directory listing per folder: no look-up per file for its lock files."""
    if not folder.is_dir():
        return
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        present = set(names)
        for name in sorted(names):
            if is_submission_name(name):
                yield Path(current) / name, any(lock in present for lock in _lock_names(name))


def display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def look(path: Path, name: str, state: Mapping | None, archive_root: Path, *, settle: float = SETTLE_SECONDS,
         now: float | None = None) -> Seen:
    """Compare one file with the ledger's state of its path (`files` row or None)."""
    try:
        before = path.stat()
    except OSError:
        return Seen(path, name, "gone")
    seen = Seen(path, name, "unchanged", before.st_size, before.st_mtime_ns)
    if state is not None and state["size"] == before.st_size and state["mtime_ns"] == before.st_mtime_ns:
        seen.sha256, seen.version_id = state["sha256"], state["version_id"]
        return seen
    young = ((now or time.time()) - before.st_mtime) < settle
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        after = path.stat()
    except OSError:  # a share that went away, or a file held exclusively while it is written
        seen.status = "incomplete" if young or state is None else "changed"
        if seen.status == "changed":  # an old file we cannot read: the reader reports it
            seen.data = b""
        return seen
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != after.st_size:
        seen.status = "incomplete"
        return seen
    seen.sha256 = hashlib.sha256(data).hexdigest()
    if state is not None and _ours(archive_root, seen.sha256, state["sha256"]):
        seen.version_id = state["version_id"]  # a touch, or our own write-back: same version
        return seen
    if young and sniff_bytes(data) in (FileKind.EMPTY, FileKind.CORRUPT_ZIP):
        seen.status = "incomplete"  # half copied: the zip's directory at its end is not there yet
        return seen
    seen.status = "changed" if state is not None else "new"
    seen.data = data
    return seen


def _ours(archive_root: Path, digest: str, known: str, depth: int = 8) -> bool:
    """True when `digest` is `known`, or our write-back made it from `known` (through a few writes)."""
    for _ in range(depth):
        if digest == known:
            return True
        previous = archive.written_from(archive_root, digest)
        if previous is None:
            return False
        digest = previous
    return False
