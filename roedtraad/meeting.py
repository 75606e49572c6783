"""The main job, one call before a committee meeting.

Validate everything (or what goes on one committee's agenda), write the
report to attach to the agenda (HTML for reading, xlsx for filtering),
consolidate the master workbook and write the trace columns back. With a
ledger (as `roedtraad run` does) the master and write-back are a sync run's,
and the verdict is that run's validation, from the ledger. The verdict and
reports cover what was asked for; master and write-back the whole municipality
(see `meeting_summary`).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomically
from .i18n import Lang, Text
from .project import Project
from .model import Foundation
from .sync.consolidate import ConsolidationResult, consolidate
from .sync.ledger import Ledger
from .sync.rebuild import ledger_validation
from .sync.run import SyncSummary, sync_project
from .validators.context import PartyRegister
from .validators.engine import ScopeError, ValidationResult, validate_project
from .workbook_templates.read import read_foundation
from .validators.report import render
from .validators.report_common import data_time

REPORT_FILE = Text("Valideringsrapport", "Valideringsrapport", "ValidationReport")


@dataclass(frozen=True)
class MeetingPack:
    validation: ValidationResult  # what the verdict is about (the committee's agenda, or everything)
    consolidation: ConsolidationResult | None  # the whole municipality, without a ledger
    reports: list[Path]
    sync: SyncSummary | None = None  # the whole municipality, with a ledger


def report_paths(project: Project, lang: Lang, committee: str | None) -> dict[str, Path]:
    stem = REPORT_FILE(lang) + (f"_{committee}" if committee else "")
    return {fmt: project.output_dir / f"{stem}.{fmt}" for fmt in ("html", "xlsx")}


def prepare_meeting(project: Project, lang: Lang | None = None, committee: str | None = None,
                    strict: bool = False, ledger: Ledger | None = None, wait: float = 0.0) -> MeetingPack:
    """Run the whole job; raises `engine.ScopeError` for an unknown committee before writing anything
    (and `sync.lock.LockHeld` when another writer holds the ledger)."""
    lang = lang or project.settings.language
    consolidation = summary = None
    if ledger is not None:
        _check_committee(project, committee)
        summary = sync_project(project, ledger, wait=wait, lang=lang)
        validation, _ = ledger_validation(project, ledger, summary.run, committee=committee)
    else:
        scoped = validate_project(project, committee=committee) if committee else None
        consolidation = consolidate(project, lang, write_back=True)
        validation = scoped or consolidation.validation
    written = []
    # Stamped with the time of the data, not of the run: a second run with nothing new writes nothing.
    as_of = data_time(validation, project.settings)
    for fmt, path in report_paths(project, lang, committee).items():
        report = render(validation, fmt, lang, strict=strict, settings=project.settings, as_of=as_of)
        data = report if isinstance(report, bytes) else report.encode("utf-8")
        _write_if_changed(path, data)
        written.append(path)
    return MeetingPack(validation, consolidation, written, summary)


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write atomically, unless the file already says the same: a second run with nothing new changes
    no byte and no mtime (issue 11). The xlsx report differs only in its save time then."""
    try:
        old = path.read_bytes()
    except OSError:
        old = None
    if old is not None and (old == data or _same_but_saved_again(old, data)):
        return
    write_atomically(path, data)


def _same_but_saved_again(old: bytes, new: bytes) -> bool:
    """Two workbooks whose parts are equal but for the document's dates (docProps/core.xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            names = sorted(a.namelist())
            if names != sorted(b.namelist()):
                return False
            return all(a.read(n) == b.read(n) for n in names if n != "docProps/core.xml")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return False


def _check_committee(project: Project, committee: str | None) -> None:
    if committee is None or not project.foundation_path.is_file():
        return
    foundation, _ = read_foundation(project.foundation_path, project.settings)
    register = PartyRegister(foundation.parties if isinstance(foundation, Foundation) else [])
    if register.resolve(committee, "committee") is None:
        known = ", ".join(p.id for p in register.of_kind("committee")) or "-"
        raise ScopeError(committee, known)
