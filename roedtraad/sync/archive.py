"""The archive: every version's bytes, content-addressed under the project's `arkiv/` folder.

`arkiv/ab/abcdef...` holds the bytes whose SHA-256 is abcdef...: written once
(temporary file, then an atomic rename), never changed, so no submission is
ever lost and any earlier master can be rebuilt. `arkiv/.written/` records
which hash our own write-back produced from which original, before the file
is replaced, so a run killed between the replace and the ledger's commit does
not mistake its own write-back for a new version.
"""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..files import write_atomically

WRITTEN = ".written"


def _shard(root: Path, digest: str) -> Path:
    return Path(root) / digest[:2] / digest


def archive_path(root: Path, digest: str) -> Path:
    return _shard(root, digest)


def _write_once(target: Path, data: bytes, durable: bool = True) -> None:
    if target.is_file():
        return
    write_atomically(target, data, durable=durable)


def store(root: Path, data: bytes, digest: str | None = None) -> str:
    """Archive `data` (if not there yet); return its hash."""
    digest = digest or hashlib.sha256(data).hexdigest()
    _write_once(_shard(root, digest), data)
    return digest


def store_many(root: Path, items: list[tuple[bytes, str]]) -> None:
    """Archive many (data, hash) at once: the flushes run side by side, so the file system commits
    them together instead of one disk flush after another."""
    items = list({digest: (data, digest) for data, digest in items}.values())  # one writer per file
    if len(items) < 4:
        for data, digest in items:
            store(root, data, digest)
        return
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda item: store(root, *item), items))


def load(root: Path, digest: str) -> bytes:
    """The archived bytes; raises FileNotFoundError when the archive lacks them."""
    data = _shard(root, digest).read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise FileNotFoundError(f"archived {digest} is damaged")
    return data


def has(root: Path, digest: str) -> bool:
    return _shard(root, digest).is_file()


def note_written(root: str, original: str, written: str) -> None:
    """Record that our write-back turned `original` into `written` (called just before the replace).
    Not flushed on its own: the write-back's flush of its folder a moment later commits it too, and
    against a killed process (not a power cut) the page cache is enough."""
    _write_once(_shard(Path(root) / WRITTEN, written), original.encode("ascii"), durable=False)


def written_from(root: Path, digest: str) -> str | None:
    """The original hash our write-back produced `digest` from, if it did."""
    try:
        return _shard(Path(root) / WRITTEN, digest).read_text("ascii").strip() or None
    except OSError:
        return None
