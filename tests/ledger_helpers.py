"""Shared helpers of the ledger tests: a demo project per test, with its deliveries noted in the ledger."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sqlalchemy import select

from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.sync.arrivals import note_arrivals
from roedtraad.sync.ledger import Ledger, open_ledger
from roedtraad.sync.ledger_schema import arrivals

_TEMPLATES: dict[int, tuple[Path, dict]] = {}


def demo_template(base: Path, scale: int = 10) -> tuple[Path, dict]:
    """Build the demo once per session and scale; return its folder and its noted deliveries."""
    if scale not in _TEMPLATES:
        root = base / f"demo-{scale}"
        init_project(root, demo_scale=scale, seed=1)
        with Ledger(f"sqlite:///{(root / 'ledger.sqlite').as_posix()}") as ledger:
            with ledger.begin() as conn:
                rows = conn.execute(select(arrivals)).mappings().all()
        deliveries = {r["path"]: (r["sha256"], r["received"], r["sender"]) for r in rows}
        (root / "ledger.sqlite").unlink()
        _TEMPLATES[scale] = (root, deliveries)
    return _TEMPLATES[scale]


def demo_copy(template: tuple[Path, dict], target: Path, url: str) -> tuple[Project, Ledger]:
    """A fresh copy of the demo (times kept) with a fresh ledger at `url`."""
    root, deliveries = template
    shutil.copytree(root, target, copy_function=shutil.copy2)
    project = Project.open(target)
    ledger = open_ledger(project, url)
    note_arrivals(ledger, deliveries)
    return project, ledger


def snapshot(root: Path, skip: tuple[str, ...] = ("ledger.sqlite",)) -> dict[str, tuple[str, int]]:
    """Every file's content hash and mtime (ns), except the ledger's own files."""
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if rel.startswith(skip):
                continue
            found[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return found
