"""`roedtraad status`: per party and agreement, what arrived when, against the årshjul.

Everything comes from the ledger (the last run's view of the share, and
uploads), so the answer is quick and the same on every finance machine and
in the service. "Received" is when the ledger first saw the version (or the
upload time), never a file's modification time.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import func, select

from ..config import Settings
from ..model import Foundation, Party
from ..project import Project
from ..validators.context import PartyRegister
from ..validators.engine import ScopeError
from ..validators.report_common import kind_label
from ..workbook_templates.projects import PROJECT_REGISTER, delivered_by
from . import store
from .ledger import Ledger
from .ledger_schema import versions

State = Literal["received", "late", "missing", "conflict", "rejected"]
STATES: tuple[State, ...] = ("received", "late", "missing", "conflict", "rejected")


class StatusError(ScopeError):
    """The question cannot be answered as asked (an unknown committee): a usage problem, in the user's language."""


class PartyStatus(BaseModel):
    party: str
    name: str
    committee: str
    kind: str  # the agreement key, or "project_register"
    agreement: str  # its name in the project's language
    state: State
    received: str | None = None  # ISO time the ledger first saw the current version
    deadline: str | None = None  # ISO date of the årshjul's deadline for this agreement
    version: int | None = None
    file: str | None = None
    sha256: str | None = None
    sender: str | None = None
    errors: int = 0
    warnings: int = 0
    change: Literal["", "new", "changed"] = ""  # since the previous run
    reason: str = ""


class RejectedFile(BaseModel):
    file: str
    received: str
    reason: str


class ProjectStatus(BaseModel):
    """`model_dump(mode="json")` is `roedtraad status --format json`."""

    municipality: str
    committee: str | None = None
    run: int | None = None  # the last completed run
    run_finished: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    parties: list[PartyStatus] = Field(default_factory=list)
    rejected: list[RejectedFile] = Field(default_factory=list)


def _iso(settings: Settings, epoch: float | None) -> str | None:
    return settings.local_time(epoch).isoformat() if epoch else None


def _deadlines(foundation: Foundation | None) -> dict[str, date]:
    latest: dict[str, date] = {}
    for deadline in foundation.deadlines if foundation else []:
        if deadline.agreement and (deadline.agreement not in latest or deadline.deadline > latest[deadline.agreement]):
            latest[deadline.agreement] = deadline.deadline
    return latest


def _committee_of(register: PartyRegister, party: Party | None) -> str:
    seen: set[str] = set()
    while party is not None and party.id not in seen:
        if party.kind == "committee":
            return party.id
        seen.add(party.id)
        party = register.get(party.parent)
    return ""


def project_status(project: Project, ledger: Ledger, committee: str | None = None) -> ProjectStatus:
    """Who has delivered what, who is missing, late, in conflict or rejected; from the ledger alone."""
    settings, lang = project.settings, project.settings.language
    with ledger.begin() as conn:
        foundation = store.current_foundation(conn, settings)
        current = store.current_versions(conn)
        last = store.last_finished_run(conn)
    register = PartyRegister(foundation.parties if isinstance(foundation, Foundation) else [])
    scope = None
    if committee is not None:
        party = register.resolve(committee, "committee")
        if party is None:
            known = ", ".join(p.id for p in register.of_kind("committee")) or "-"
            raise StatusError(committee, known)
        scope = party.id
    counts = json.loads(last["counts"]) if last else {}
    in_conflict = {(c["kind"], c["party"]): c["files"] for c in counts.get("conflicts", [])}
    last_changed = set() if counts.get("noop") else set(counts.get("new", []) + counts.get("changed", []))
    deadlines = _deadlines(foundation if isinstance(foundation, Foundation) else None)
    by_party: dict[tuple[str, str], dict] = {}
    for row in current:
        for party in filter(None, row["party"].split(",")):
            if row["status"] != "rejected":
                by_party.setdefault((row["kind"], party), row)
    parties = []
    for kind in [*sorted(settings.agreements), PROJECT_REGISTER]:  # every workbook the parties deliver
        due = deadlines.get(kind)
        for party in register.of_kind(delivered_by(kind, settings)):
            home = _committee_of(register, party)
            if scope is not None and home != scope:
                continue
            entry = PartyStatus(party=party.id, name=party.name, committee=home, kind=kind,
                                agreement=kind_label(kind, lang, settings), state="missing",
                                deadline=due.isoformat() if due else None)
            row = by_party.get((kind, party.id))
            if (kind, party.id) in in_conflict:
                entry.state, entry.reason = "conflict", ", ".join(in_conflict[(kind, party.id)])
            if row is not None:
                entry.received, entry.version, entry.file = _iso(settings, row["first_seen"]), row["id"], row["path"]
                entry.sha256, entry.sender = row["sha256"], row["sender"]
                entry.errors, entry.warnings = row["errors"], row["warnings"]
                if entry.state != "conflict":
                    late = due is not None and settings.local_day(row["first_seen"]) > due
                    entry.state = "late" if late else "received"
                if row["path"] in last_changed:
                    entry.change = "changed" if _had_earlier(ledger, row) else "new"
            parties.append(entry)
    rejected = [RejectedFile(file=row["path"], received=_iso(settings, row["first_seen"]) or "", reason=row["reason"])
                for row in current if row["status"] == "rejected"]
    tally = {state: sum(1 for p in parties if p.state == state) for state in STATES}
    tally["rejected"] = len(rejected)
    return ProjectStatus(municipality=settings.municipality, committee=scope, run=last["id"] if last else None,
                         run_finished=_iso(settings, last["finished"]) if last else None, counts=tally, parties=parties,
                         rejected=rejected)


def _had_earlier(ledger: Ledger, row: dict) -> bool:
    with ledger.begin() as conn:
        return conn.execute(select(func.count()).select_from(versions).where(
            versions.c.kind == row["kind"], versions.c.party == row["party"], versions.c.id < row["id"])).scalar_one() > 0
