"""Last round as the ledger keeps it: the accepted agreements (and the foundation) of run N, for
`roedtraad templates --from-run N` to start next round from."""
from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from ..model import Foundation, Submission
from ..project import Project
from ..workbook_templates.read import read_foundation, read_submission
from . import archive, store
from .ledger import Ledger
from .ledger_schema import run_members, versions


def run_records(project: Project, ledger: Ledger, run_id: int) -> tuple[list[Submission], Foundation | None]:
    """The accepted agreements that went into run `run_id`'s master, and that run's foundation.

    Records come from the ledger's parsed cache; a version whose records are not cached is read
    again from the archive's copy of its bytes as received."""
    with ledger.begin() as conn:
        store.finished_run(conn, run_id)  # UnknownRun when there is none
        rows = [dict(r) for r in conn.execute(
            select(versions).join(run_members, run_members.c.version_id == versions.c.id)
            .where(run_members.c.run_id == run_id).order_by(versions.c.id)).mappings()]
        blobs = store.get_parsed(conn, [(r["sha256"], r["source"]) for r in rows],
                                 store.reading_key(project.settings), exact=False)
    submissions: list[Submission] = []
    foundation: Foundation | None = None
    for row in rows:
        if row["status"] != "accepted" or not row["kind"]:
            continue
        blob = blobs.get((row["sha256"], row["source"]))
        record = store.unpack(blob)[0] if blob is not None else _from_archive(project, row)
        if isinstance(record, Foundation):
            foundation = record
        elif isinstance(record, Submission):
            submissions.append(record)
    return submissions, foundation


def _from_archive(project: Project, row: dict) -> Submission | Foundation | None:
    root = project.root / project.settings.paths.archive
    try:
        data = archive.load(root, row["sha256"])
    except FileNotFoundError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "version.xlsx"
        path.write_bytes(data)
        reader = read_foundation if row["kind"] == "foundation" else read_submission
        record, _ = reader(path, project.settings, name=row["source"])
    return record
