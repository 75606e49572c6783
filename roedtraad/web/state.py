"""What the service knows between requests: the project, its ledger and the current validation.

Each worker keeps one validated snapshot of the project and validates again
when the files under it change (a sync, an upload through any worker, a file
dropped on the share). The change check is a walk of file sizes and times, so
every worker of a service sees the same fingerprint, and the dashboard polls
it to know when to reload.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from ..followup.report import FollowUpReport, follow_up_report
from ..i18n import Lang
from ..project import Project
from ..findings import Finding
from ..sync.background import BackgroundSync
from ..sync.ledger import Ledger
from ..sync.history import PartyHistory, party_history
from ..sync.ledger_schema import versions as versions_table
from ..sync.lock import LockHeld
from ..sync.master import default_master_path
from ..sync.status import ProjectStatus, project_status
from ..sync.store import current_versions
from ..sync.tokens import Actor, actor_for
from ..sync.upload import UploadOutcome, accept_upload
from ..tables import FindingRow, ProjectTables
from ..validators.engine import ValidationResult, validate_project
from ..workbook_templates.followup_sheet import checkpoints
from ..workbook_templates.projects import PROJECT_REGISTER

log = logging.getLogger("roedtraad.web")

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
MAX_NAME = 255  # the client's file name is echoed as text, bounded


class UploadAnswer(BaseModel):
    """What an upload answers: the version the ledger recorded and its findings."""

    filename: str  # as the client named it: kept as text, never a path
    file: str = ""  # where the sync path put it on the share ("upload:<name>" when it never got there)
    status: str = ""  # accepted / conflict / rejected / incomplete
    kind: str = ""
    party: str = ""
    version: int | None = None
    sha256: str = ""
    reason: str = ""
    errors: int = 0
    warnings: int = 0
    findings: list[FindingRow] = Field(default_factory=list)


class UploadRefused(Exception):
    """An upload the door turns away: the HTTP status, a short reason and, when recorded, the ledger's answer."""

    def __init__(self, status_code: int, reason: str, detail: str = "", answer: UploadAnswer | None = None) -> None:
        super().__init__(detail or reason)
        self.status_code, self.reason, self.detail, self.answer = status_code, reason, detail or reason, answer


def _finding_row(finding: Finding, party: str, lang: Lang) -> FindingRow:
    return FindingRow(code=finding.code, severity=finding.severity, title=finding.kind.title(lang),
                      message=finding.message(lang), hint=finding.hint(lang), file=finding.file, sheet=finding.sheet,
                      cell=finding.cell, row_id=finding.row_id, parties=[p for p in party.split(",") if p])


@dataclass(frozen=True)
class Snapshot:
    fingerprint: str
    result: ValidationResult
    tables: ProjectTables


class WebState:
    """One per worker process: the project, the ledger, limits, and the cached snapshot."""

    def __init__(self, project: Project, ledger: Ledger, *, max_upload: int = DEFAULT_MAX_UPLOAD,
                 lang: Lang | None = None) -> None:
        self.project = project
        self.ledger = ledger
        self.max_upload = max_upload
        self.lang: Lang = lang or project.settings.language
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        # Uploads are answered once taken in; write-back and the master follow in the background.
        self.background = BackgroundSync(project, ledger)

    # --- access --------------------------------------------------------------------------------------------------

    def actor(self, token: str) -> Actor | None:
        return actor_for(self.ledger, token)

    def parties_of(self, party_id: str) -> set[str]:
        """A party and the one above it (an institution's department): who may see a row about `party_id`."""
        party = self.snapshot().tables.ctx.register.get(party_id)
        return {party_id} | ({party.parent} if party is not None and party.parent else set())

    # --- what the ledger says ------------------------------------------------------------------------------------

    def status_for(self, actor: Actor, committee: str | None = None) -> ProjectStatus:
        """`roedtraad status --format json`, narrowed to the rows a party's token may see."""
        status = project_status(self.project, self.ledger, committee)
        if actor.role == "finance":
            return status
        rows = [row for row in status.parties if actor.party in self.parties_of(row.party)]
        counts = {state: sum(1 for row in rows if row.state == state) for state in status.counts}
        counts["rejected"] = 0
        return status.model_copy(update={"parties": rows, "rejected": [], "counts": counts})

    def history(self, party: str) -> PartyHistory:
        """Every version of the party's agreements with what changed (as `roedtraad history --format json`)."""
        return party_history(self.project, self.ledger, party)

    def latest_workbook(self, party: str, kind: str | None = None) -> tuple[Path, str] | None:
        """The party's current file on the share (with its computed columns), and a download name: of
        `kind` when given, else its newest agreement (a department's project register only when it
        has no agreement on the share)."""
        with self.ledger.begin() as conn:
            rows = [row for row in current_versions(conn) if party in row["party"].split(",")
                    and row["status"] != "rejected" and kind in (None, row["kind"])]
        for row in sorted(rows, key=lambda r: (r["kind"] != PROJECT_REGISTER, r["id"]), reverse=True):
            path = project_file(self.project, row["path"])
            if path is not None:
                return path, f"{row['kind'] or 'workbook'}_{party}.xlsx"
        return None

    def master_path(self) -> Path:
        return default_master_path(self.project.output_dir, self.project.settings.language)

    # --- follow-up -----------------------------------------------------------------------------------------------

    def checkpoint_names(self) -> list[str]:
        """The årshjul's follow-up checkpoints, by date."""
        return [point.phase for point in checkpoints(self.snapshot().result.foundation)]

    def default_checkpoint(self, today: date | None = None) -> str | None:
        """The latest checkpoint whose date has passed, else the first one (None without any)."""
        points = checkpoints(self.snapshot().result.foundation)
        passed = [p for p in points if p.deadline <= (today or date.today())]
        return (passed[-1] if passed else points[0]).phase if points else None

    def follow_up(self, checkpoint: str, committee: str | None = None) -> FollowUpReport:
        """`roedtraad report --checkpoint` as a model. Raises UnknownCheckpointError, ScopeError."""
        result = self.snapshot().result if not committee else validate_project(self.project, committee=committee)
        return follow_up_report(self.project.settings, result.foundation, result.submissions, checkpoint,
                                committee=committee, findings=result.findings)

    # --- uploads -------------------------------------------------------------------------------------------------

    def accept(self, data: bytes, filename: str, actor: Actor, lang: Lang) -> UploadAnswer:
        """Hand the bytes to the sync path; raise UploadRefused for what it turned away."""
        try:
            outcome = accept_upload(self.project, self.ledger, data, filename, actor=actor, publish=False)
        except LockHeld as busy:
            raise UploadRefused(503, "busy", f"the ledger is busy ({busy}); try again in a minute") from None
        if outcome.run is not None:  # it reached the share: write back and rebuild the master after answering
            self.background.request()
        answer = self._answer(outcome, filename, lang)
        if outcome.status == "rejected":
            codes = {f.code for f in outcome.findings}
            status_code = 403 if "sync.not-your-party" in codes else 413 if "sync.upload-too-large" in codes else 422
            raise UploadRefused(status_code, outcome.reason or "rejected", outcome.reason, answer)
        return answer

    def _answer(self, outcome: UploadOutcome, filename: str, lang: Lang) -> UploadAnswer:
        return UploadAnswer(filename=filename[:MAX_NAME], file=outcome.file, status=outcome.status, kind=outcome.kind,
                            party=outcome.party, version=outcome.version, sha256=outcome.sha256,
                            reason=outcome.reason, errors=outcome.errors, warnings=outcome.warnings,
                            findings=[_finding_row(f, outcome.party, lang) for f in outcome.findings])

    # --- the validated project -----------------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """A digest of every input file's name, size and modification time and of the ledger's newest
        version and run (cheap: no file is read), so a sync or an upload by any worker changes it."""
        from sqlalchemy import func, select

        from ..sync.ledger_schema import runs

        digest = hashlib.sha256()
        with self.ledger.begin() as conn:
            newest = conn.execute(select(func.max(versions_table.c.id), select(func.max(runs.c.finished))
                                         .scalar_subquery())).one()
        digest.update(f"{newest[0]}\0{newest[1]}\n".encode())
        paths = [self.project.foundation_path, *self.project.submission_files()]
        for path in paths:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()[:16]

    def snapshot(self) -> Snapshot:
        fingerprint = self.fingerprint()
        current = self._snapshot
        if current is not None and current.fingerprint == fingerprint:
            return current
        with self._lock:  # one validation at a time; the others wait for it and share its result
            current = self._snapshot
            fingerprint = self.fingerprint()
            if current is None or current.fingerprint != fingerprint:
                result = validate_project(self.project)
                current = Snapshot(fingerprint, result, ProjectTables(result, self.project.settings))
                self._snapshot = current
        return current


def project_file(project: Project, relative: str) -> Path | None:
    """A file named relative to the project folder, only if it really lies inside it (never a path from outside)."""
    root = project.root.resolve()
    candidate = (root / relative).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate
