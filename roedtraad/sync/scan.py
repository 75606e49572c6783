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

import errno
import hashlib
import os
import stat
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
    One directory listing per folder: no look-up per file for its lock files.

    Only regular files count, and links are not followed: a link or a pipe named like a workbook
    on the share would otherwise have the sync read (and archive) a file from anywhere on the
    server, or wait forever on a pipe."""
    if not folder.is_dir():
        return
    yield from _walk(folder)


def _walk(folder: Path) -> Iterator[tuple[Path, bool]]:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # a folder that went away or that we may not read: nothing in it is seen
        return
    present = {entry.name for entry in entries}
    for entry in sorted(entries, key=lambda e: e.name):
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    yield from _walk(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and is_submission_name(entry.name):
                yield Path(entry.path), any(lock in present for lock in _lock_names(entry.name))
        except OSError:
            continue


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
        data = _read_regular(path)
        after = path.stat()
    except NotRegular:  # became a link or a pipe since the listing: not a submission
        return Seen(path, name, "gone")
    except OSError:  # a share that went away, or a file held exclusively while it is written:
        seen.status = "incomplete"  # try again next run; the version we have stays in the master
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


class NotRegular(OSError):
    """The path is a link, a pipe or a device now, not a workbook."""


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular(path: Path) -> bytes:
    """The file's bytes, if it is a regular file when opened (not a link swapped in since the listing:
    O_NOFOLLOW, where the system has it; not a pipe: O_NONBLOCK opens one without waiting)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegular(str(path)) from exc
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(str(path))
        return fh.read()


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
