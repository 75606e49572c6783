"""The archive: every version's bytes, content-addressed under the project's `arkiv/` folder.

`arkiv/ab/abcdef...` holds the bytes whose SHA-256 is abcdef...: written once
(temporary file, then an atomic rename), never changed, so no submission is
ever lost and any earlier master can be rebuilt. `arkiv/.written/` records
which hash our own write-back produced from which original (one journal file
per batch), before the files are replaced, so a run killed between a replace
and the ledger's commit does not mistake its own write-back for a new version.
"""
from __future__ import annotations

import hashlib
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..files import write_atomically
from .xlsx_patch import fsync_dirs

WRITTEN = ".written"
JOURNAL_PREFIX = "journal-"


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


def note_written(root: str, pairs: list[tuple[str, str]]) -> Path | None:
    """Record that our write-back turns each `original` into `written` ([(original, written)]),
    before any file is replaced: one journal file for the whole batch. Until the ledger has
    recorded the new hashes, it lets a run killed between a replace and the ledger's commit
    recognise its own write. Flushed before the first replace (one flush per run): the
    submissions may live on a share and the archive on a local disk, so the flush of the
    share's folders after the renames would not commit it, and after a power cut the
    written-back files would come back as versions of their own."""
    if not pairs:
        return None
    journal = Path(root) / WRITTEN / f"{JOURNAL_PREFIX}{secrets.token_hex(8)}.txt"
    write_atomically(journal, "".join(f"{written} {original}\n" for original, written in pairs))
    fsync_dirs({journal.parent})  # and its name
    return journal


def forget_written(root: Path) -> None:
    """Drop the journals once the ledger knows every written hash (after its commit)."""
    for journal in (Path(root) / WRITTEN).glob(f"{JOURNAL_PREFIX}*.txt"):
        journal.unlink(missing_ok=True)


def written_from(root: Path, digest: str) -> str | None:
    """The original hash our write-back produced `digest` from, if it did."""
    folder = Path(root) / WRITTEN
    try:  # one file per written version, as runs before batched journals left them
        return _shard(folder, digest).read_text("ascii").strip() or None
    except OSError:
        pass
    return _journals(folder).get(digest)


_journal_cache: dict[Path, tuple[tuple, dict[str, str]]] = {}


def _journals(folder: Path) -> dict[str, str]:
    """written -> original from every journal in the folder, read again only when they changed."""
    try:
        files = sorted(folder.glob(f"{JOURNAL_PREFIX}*.txt"))
        stamp = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    except OSError:
        return {}
    cached = _journal_cache.get(folder)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    pairs: dict[str, str] = {}
    for journal in files:
        try:
            for line in journal.read_text("ascii").splitlines():
                written, _, original = line.partition(" ")
                if original:
                    pairs[written] = original
        except (OSError, UnicodeDecodeError):
            continue
    _journal_cache[folder] = (stamp, pairs)
    return pairs
