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
from ..i18n import Lang, Text
from ..model import Foundation, Submission
from ..project import Project
from ..validators.engine import ValidationResult, read_all, validate_records
from ..workers import long_lived_objects
from . import archive, store
from .ledger import Ledger
from .ledger_schema import run_members
from .master import write_master


NOT_ARCHIVED = Text("Kørsel {run} kan ikke genskabes: {file} ({sha}) findes ikke i arkivet.",
                    "Körning {run} kan inte återskapas: {file} ({sha}) finns inte i arkivet.",
                    "Run {run} cannot be rebuilt: {file} ({sha}) is not in the archive.")


class RebuildError(ValueError):
    """The run cannot be rebuilt: its archive lacks a version. Said in the user's language."""

    def __init__(self, run: int, file: str, sha: str) -> None:
        self.run, self.file, self.sha = run, file, sha
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "da") -> str:
        return NOT_ARCHIVED(lang, run=self.run, file=self.file, sha=self.sha)


def _run_row(ledger: Ledger, run_id: int | None) -> dict:
    """The run (the last when None); `store.UnknownRun` when it did not finish or is not there."""
    with ledger.begin() as conn:
        return store.finished_run(conn, run_id, with_context=True)


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
                raise RebuildError(run["id"], row["path"], version["sha256"][:12])
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
