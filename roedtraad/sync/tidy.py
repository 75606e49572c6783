"""Leftovers of a killed run: temporary files roedtraad writes beside its targets before renaming.

Only names roedtraad itself makes are removed: `.<workbook>.<random>.tmp`
beside a workbook that exists (write-back, the foundation's too), `.<master>.<random>.tmp` beside the
master, `.<hash>.<random>.tmp` (`files.write_atomically`; `.<hash>.<pid>.part` before it) in the
archive, and a half-written write journal. Called under the writer lock.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

_PART = re.compile(r"^\.[0-9a-f]{64}\.(?:\d+\.part|[0-9a-f]{8}\.tmp)$")
_JOURNAL_PART = re.compile(r"^\.journal-[0-9a-f]{16}\.txt\.[0-9a-f]{8}\.tmp$")


def remove_leftovers(root: Path, submissions: Path, master: Path, archive_root: Path,
                     foundation: Path | None = None) -> list[Path]:
    removed: list[Path] = []
    if foundation is not None and foundation.is_file():
        removed += [p for p in foundation.parent.glob(f".{foundation.name}.*.tmp")]
    if submissions.is_dir():
        for current, _dirs, names in os.walk(submissions):
            present = set(names)
            for name in names:
                if name.startswith(".") and name.endswith(".tmp"):
                    stem = name[1:].rsplit(".", 2)[0]
                    if stem in present:
                        removed.append(Path(current) / name)
    if master.parent.is_dir():
        removed += [p for p in master.parent.glob(f".{master.name}.*.tmp")]
    for folder in (archive_root, archive_root / ".written"):
        if folder.is_dir():
            for shard in folder.glob("*"):
                if shard.is_dir():
                    removed += [p for p in shard.iterdir() if _PART.match(p.name)]
                elif _JOURNAL_PART.match(shard.name):
                    removed.append(shard)
    for path in removed:
        try:
            path.unlink()
        except OSError:
            pass
    return removed
