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
from pathlib import Path

from pydantic import BaseModel, Field

from ..i18n import Lang
from ..project import Project
from ..sync.ledger import Ledger
from ..sync.tokens import Actor, actor_for
from ..tables import FindingRow, ProjectTables
from ..validators.engine import ValidationResult, validate_project

log = logging.getLogger("roedtraad.web")

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


class UploadRefused(Exception):
    """An upload the door turns away: the HTTP status, a short reason key and the detail for the user."""

    def __init__(self, status_code: int, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.status_code, self.reason, self.detail = status_code, reason, detail or reason


class UploadAnswer(BaseModel):
    """What an upload answers: the version recorded and its findings (201)."""

    filename: str  # as the client named it: text, never a path
    party: str = ""
    version: int | None = None
    sha256: str = ""
    status: str = ""
    errors: int = 0
    warnings: int = 0
    findings: list[FindingRow] = Field(default_factory=list)


class VersionRow(BaseModel):
    """One recorded version of a party's submission."""

    version: int
    filename: str
    sha256: str
    received: float
    status: str = ""
    current: bool = False


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

    # --- access --------------------------------------------------------------------------------------------------

    def actor(self, token: str) -> Actor | None:
        return actor_for(self.ledger, token)

    # --- the validated project -----------------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """A digest of every input file's name, size and modification time (cheap: no file is read)."""
        digest = hashlib.sha256()
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
