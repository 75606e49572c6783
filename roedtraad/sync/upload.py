"""An upload through the service: the same path as a file dropped on the share.

The bytes are read once in a private temporary folder to learn what they are
and whose they are; a party may only deliver its own agreements. An upload
that can be taken in is written (atomically) over that party's current file
for the agreement, or as a new file under `indsendelser/uploads/` named from
the party and agreement (never from the uploaded file name), and a sync run
takes it in under the writer lock, with the token's name as sender (the
service leaves that run's write-back and master to a background sync). An upload
that cannot be taken in is recorded in the ledger as rejected, with findings,
and never reaches the share.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ..files import write_atomically
from ..findings import Finding, FindingKind, Severity
from ..i18n import Text
from ..model import Location, Submission
from ..project import Project
from ..validators.context import PartyRegister
from ..workbook_templates.projects import kind_file_label
from ..workbook_templates.read import read_foundation, read_submission
from ..workbook_templates.sniff import excel_lock_file
from . import archive, store
from .conflicts import claimed_parties, party_key
from .ledger import Ledger
from .lock import describe_self, writer_lock
from .run import sync_locked
from .scan import SETTLE_SECONDS
from .tokens import Actor

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_FOLDER = "uploads"


class NotYourParty(FindingKind):
    family = "sync"
    code = "sync.not-your-party"
    severity = Severity.ERROR
    title = Text("Aftale for en anden part", "Plan för en annan part", "Agreement of another party")
    message = Text("Filen er en aftale for {parties}; din adgang gælder kun {party}.",
                   "Filen är en plan för {parties}; din behörighet gäller bara {party}.",
                   "The file is an agreement for {parties}; your access is for {party} only.")
    hint = Text("Send filen fra den rigtige parts adgang, eller bed økonomi om at lægge den ind.",
                "Skicka filen med rätt parts behörighet, eller be ekonomi att lägga in den.",
                "Send the file with the right party's access, or ask finance to add it.")


class UploadTooLarge(FindingKind):
    family = "sync"
    code = "sync.upload-too-large"
    severity = Severity.ERROR
    title = Text("Filen er for stor", "Filen är för stor", "File too large")
    message = Text("Filen fylder {size} MB; grænsen er {limit} MB.", "Filen är {size} MB; gränsen är {limit} MB.",
                   "The file is {size} MB; the limit is {limit} MB.")
    hint = Text("Fjern billeder eller store ark, og send igen.", "Ta bort bilder eller stora flikar och skicka igen.",
                "Remove pictures or large sheets and send again.")


class UploadTargetOpen(FindingKind):
    family = "sync"
    code = "sync.upload-target-open"
    severity = Severity.ERROR
    title = Text("Aftalen er åben", "Planen är öppen", "Agreement is open")
    message = Text("Jeres aftale '{file}' er åben i Excel på drevet, så den kan ikke erstattes nu.",
                   "Er plan '{file}' är öppen i Excel på enheten, så den kan inte ersättas nu.",
                   "Your agreement '{file}' is open in Excel on the shared drive, so it cannot be replaced now.")
    hint = Text("Luk filen på drevet, og send igen.", "Stäng filen på enheten och skicka igen.",
                "Close the file on the drive and send again.")


class UploadOutcome(BaseModel):
    status: Literal["accepted", "conflict", "rejected", "incomplete"]
    file: str  # where it is on the share, or "upload:<name>" when it never got there
    kind: str = ""
    party: str = ""
    version: int | None = None
    run: int | None = None
    sha256: str = ""
    reason: str = ""
    errors: int = 0
    warnings: int = 0
    findings: list[Finding] = Field(default_factory=list)


def _label(filename: str) -> str:
    """The uploaded name, only as a label: no folders, no control characters, bounded."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "upload"
    return "upload:" + base[:120]


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", part).strip("-")[:60] or "x"


def accept_upload(project: Project, ledger: Ledger, data: bytes, filename: str, *, actor: Actor,
                  wait: float = 30.0, publish: bool = True) -> UploadOutcome:
    """Take in an uploaded workbook for `actor`; returns what became of it (never raises for bad bytes).

    `publish=False` answers as soon as the version is archived, validated and recorded; the
    write-back and the master are then left to the caller's next sync (the service runs one
    in the background). Raises `lock.LockHeld` when another writer keeps the ledger longer
    than `wait` seconds.
    """
    label = _label(filename)
    settings = project.settings
    with writer_lock(ledger, wait, describe_self(f"roedtraad upload by {actor.name}")):
        if len(data) > MAX_UPLOAD_BYTES:
            finding = UploadTooLarge.at(Location(file=label), size=len(data) // 2**20, limit=MAX_UPLOAD_BYTES // 2**20)
            return _reject(project, ledger, label, data, actor, [finding], settings.language)
        record, findings, foundation = _read_private(project, ledger, data, label)
        if not isinstance(record, Submission):
            return _reject(project, ledger, label, data, actor, findings, settings.language)
        register = PartyRegister(foundation.parties if foundation is not None else [])
        parties = claimed_parties(record, settings, register)
        if actor.role != "finance" and not _own(actor, record, parties, register):
            finding = NotYourParty.at(Location(file=label), parties=", ".join(parties) or "-", party=actor.party or "-")
            return _reject(project, ledger, label, data, actor, findings + [finding], settings.language)
        target = _target(project, ledger, record.kind, party_key(parties))
        name = target.relative_to(project.root.resolve()).as_posix()
        try:
            if excel_lock_file(target) is not None:
                raise PermissionError(name)
            _place(target, data)
        except PermissionError:  # open in Excel: never replace a workbook under someone's hands
            finding = UploadTargetOpen.at(Location(file=label), file=name)
            return _reject(project, ledger, label, data, actor, findings + [finding], settings.language)
        summary = sync_locked(project, ledger, settle=SETTLE_SECONDS, senders={name: actor.name}, publish=publish)
    return _outcome(ledger, name, summary.run, name in summary.incomplete)


def _read_private(project: Project, ledger: Ledger, data: bytes, label: str):  # noqa: ANN202
    """Read the bytes in a private folder (not the share); the foundation as the ledger last took it in."""
    with tempfile.TemporaryDirectory(prefix="roedtraad-upload-") as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        record, findings = read_submission(path, project.settings, name=label)
    with ledger.begin() as conn:
        foundation = store.current_foundation(conn, project.settings)
    if foundation is None and project.foundation_path.is_file():  # before the first sync
        foundation, _ = read_foundation(project.foundation_path, project.settings)
    return record, findings, foundation


def _own(actor: Actor, record: Submission, parties: list[str], register: PartyRegister) -> bool:
    if actor.party in parties:
        return True
    department = register.resolve(record.header.department, "department")
    return department is not None and department.id == actor.party


def _target(project: Project, ledger: Ledger, kind: str, party: str) -> Path:
    """The party's current file for this agreement if there is one, else a new name under uploads/.
    A workbook naming no party never takes the place of a file (it would be any other file naming none)."""
    root = project.root.resolve()
    with ledger.begin() as conn:
        for row in store.current_versions(conn) if party else ():
            if row["kind"] == kind and row["party"] == party and row["status"] != "rejected":
                return root / row["path"]
    label = kind_file_label(kind, project.settings, project.settings.language)
    return project.submissions_dir.resolve() / UPLOAD_FOLDER / f"{_safe(label)}_{_safe(party)}.xlsx"


def _place(target: Path, data: bytes) -> None:
    write_atomically(target, data, mode=0o644)


def _reject(project: Project, ledger: Ledger, label: str, data: bytes, actor: Actor, findings: list[Finding],
            lang: str) -> UploadOutcome:
    digest = hashlib.sha256(data).hexdigest()
    counts = store.severity_counts(findings)
    errors = [f for f in findings if f.severity is Severity.ERROR] or findings
    reason = f"{errors[0].code}: {errors[0].message(lang)}" if errors else ""
    if data and len(data) <= MAX_UPLOAD_BYTES:
        archive.store(project.archive_dir.resolve(), data, digest)  # no submission is ever lost
    with ledger.begin() as conn:
        version = store.add_version(conn, kind="", party=actor.party or "", source=label, sha256=digest,
                                    written_sha256=None, size=len(data), first_seen=time.time(), sender=actor.name,
                                    findings=store.findings_json(findings), status="rejected", reason=reason,
                                    merged=False, run_id=None, **counts)
    return UploadOutcome(status="rejected", file=label, party=actor.party or "", version=version, sha256=digest,
                         reason=reason, findings=findings, **counts)


def _outcome(ledger: Ledger, name: str, run: int, incomplete: bool) -> UploadOutcome:
    with ledger.begin() as conn:
        row = next((r for r in store.current_versions(conn) if r["path"] == name), None)
    if row is None or incomplete:
        return UploadOutcome(status="incomplete", file=name, run=run)
    findings = store.findings_from_json(row["findings"])
    return UploadOutcome(status=row["status"], file=name, kind=row["kind"], party=row["party"], version=row["id"],
                         run=run, sha256=row["sha256"], reason=row["reason"], errors=row["errors"],
                         warnings=row["warnings"], findings=findings)
