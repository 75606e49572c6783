"""What a run saw, again from the ledger: its validation (for `run`'s verdict) and its master, byte for byte.

A run records its members (the versions that went into its master, with the
hash the master lists for each) and its context (settings, language, the
read findings that were observations of that run, the write-back findings).
The records come from the parsed cache (parsed under that run's settings), or are read again
from the archive, so an earlier master is rebuilt exactly, wherever it is written to.
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from ..config import Settings
from ..findings import Finding
from ..i18n import Lang
from ..model import Foundation, Submission
from ..project import Project
from ..validators.engine import ValidationResult, read_all, validate_records
from ..workers import long_lived_objects
from . import archive, store
from .ledger import Ledger
from .ledger_schema import run_members, runs
from .master import write_master


class RebuildError(ValueError):
    """The run cannot be rebuilt (no such run, killed before it finished, or its archive is gone)."""


def _run_row(ledger: Ledger, run_id: int | None) -> dict:
    with ledger.begin() as conn:
        if run_id is None:
            row = store.last_finished_run(conn)
        else:
            row = conn.execute(select(runs).where(runs.c.id == run_id)).mappings().first()
            row = dict(row) if row else None
    if row is None:
        raise RebuildError(f"no run {run_id}" if run_id is not None else "no completed run yet: run 'roedtraad sync'")
    if row["finished"] is None or not json.loads(row["context"] or "{}"):
        raise RebuildError(f"run {row['id']} did not complete")
    return row


def _members(ledger: Ledger, project: Project, run: dict, context: dict, settings: Settings):  # noqa: ANN202
    root = Path(context["root"])
    archive_root = project.archive_dir.resolve()
    with ledger.begin() as conn:
        rows = conn.execute(select(run_members).where(run_members.c.run_id == run["id"])
                            .order_by(run_members.c.path)).mappings().all()
        found = store.versions_by_id(conn, [r["version_id"] for r in rows])
        blobs = store.get_parsed(conn, [(found[r["version_id"]]["sha256"], r["path"]) for r in rows],
                                 store.reading_key(settings), exact=True)
    members, missing = [], []
    for row in rows:
        version = found[row["version_id"]]
        blob = blobs.get((version["sha256"], row["path"]))
        if blob is None:
            missing.append((row, version))
        else:
            members.append((row, version, *store.unpack(blob)))
    if missing:
        tasks = []
        for row, version in missing:
            if not archive.has(archive_root, version["sha256"]):
                raise RebuildError(f"{row['path']} ({version['sha256'][:12]}) is not in the archive")
            tasks.append((str(archive.archive_path(archive_root, version["sha256"])), row["path"],
                          version["kind"] == "foundation"))
        for (row, version), (record, findings) in zip(missing, read_all(settings, tasks)):
            members.append((row, version, record, findings))
    for row, version, record, _ in members:
        if record is not None:
            record.path, record.sha256, record.received = root / row["path"], row["listed_sha256"], version["first_seen"]
    return members


def ledger_validation(project: Project, ledger: Ledger, run_id: int | None = None,
                      committee: str | None = None) -> tuple[ValidationResult, dict]:
    """The validation of a completed run (default: the last), from the ledger alone; and the run's context."""
    run = _run_row(ledger, run_id)
    context = json.loads(run["context"])
    settings = Settings.model_validate(context["settings"])
    members = _members(ledger, project, run, context, settings)
    foundation = next((r for _, _, r, _ in members if isinstance(r, Foundation)), None)
    submissions = sorted((r for _, _, r, _ in members if isinstance(r, Submission)), key=lambda s: Path(s.path))
    read_findings = [f for *_, found in members for f in found]
    read_findings += [Finding.model_validate(f) for f in context.get("extra_read_findings", [])]
    with long_lived_objects():
        result = validate_records(settings, foundation, submissions, read_findings, committee=committee)
    return result, context


def rebuild_master(project: Project, ledger: Ledger, run_id: int, output: Path, lang: Lang | None = None) -> Path:
    """Write the master of run `run_id` to `output`, byte for byte as that run wrote it."""
    result, context = ledger_validation(project, ledger, run_id)
    settings = Settings.model_validate(context["settings"])
    extra = [Finding.model_validate(f) for f in context.get("write_back_findings", [])]
    original = Path(context["master"])
    return write_master(Path(output), result, settings, lang or context["lang"], root=Path(context["root"]),
                        extra_findings=extra, link_dir=original.parent)
