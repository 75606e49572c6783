"""Leftovers of a killed run: temporary files roedtraad writes beside its targets before renaming.

Only names roedtraad itself makes are removed: `.<workbook>.<random>.tmp`
beside a workbook that exists (write-back), `.<master>.<pid>.tmp` beside the
master, and `.<hash>.<pid>.part` in the archive and its write-back journal. Called under the writer lock.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

_PART = re.compile(r"^\.[0-9a-f]{64}\.\d+\.part$")


def remove_leftovers(root: Path, submissions: Path, master: Path, archive_root: Path) -> list[Path]:
    removed: list[Path] = []
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
    for path in removed:
        try:
            path.unlink()
        except OSError:
            pass
    return removed
