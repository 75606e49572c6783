"""Validate a live workbook (sheet grids) the way `roedtraad validate FILE` validates a file.

The workbook is read by the one reader (`read_grid_submission`) and checked by
`validate_records` together with the foundation and the other parties' current
submissions as context, so cross-file rules (a quality agreement's parent is a
committee goal in another file, duplicate ids across files) work in Excel too.
Where those come from is the caller's business: a `Basis` is plain records, from
the ledger's current versions (`ledger_basis`) or, before its first sync, from a
validation of the project's files (`basis_from_result`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..config import Settings
from ..findings import Finding
from ..model import Foundation, Location, Submission
from ..validators.engine import ValidationResult, validate_records
from ..workbook_templates.read import GridWorkbook, read_grid_submission
from ..project import Project
from ..workbook_templates.spec import FOUNDATION
from ..workbook_templates.structure import LiveWorkbookUnreadable

if TYPE_CHECKING:
    from ..sync.ledger import Ledger


@dataclass(frozen=True)
class Basis:
    """What a live workbook is checked against: the settings, the foundation, and every other
    party's current submission (the checked workbook replaces its own party's)."""

    settings: Settings
    foundation: Foundation | None
    others: tuple[Submission, ...] = ()


BasisSource = Callable[[], Basis]


def basis_from_result(result: ValidationResult, settings: Settings) -> Basis:
    """A Basis from a validation of the project's files (before the ledger has taken them in)."""
    return Basis(settings, result.foundation, tuple(result.submissions))


def ledger_basis(project: Project, ledger: Ledger) -> Basis | None:
    """The foundation and every party's current accepted version, as the ledger holds them (its parsed
    records: no file is read). None before the ledger's first sync."""
    from ..sync import store
    with ledger.begin() as conn:
        reading = store.reading_key(project.settings)
        foundation = store.current_foundation(conn, project.settings)
        if foundation is None:
            return None
        rows = [row for row in store.current_versions(conn)
                if row["status"] == "accepted" and row["kind"] not in ("", FOUNDATION)]
        blobs = store.get_parsed(conn, [(row["sha256"], row["path"]) for row in rows], reading, exact=False)
    others = [store.unpack(blobs[key])[0] for key in ((row["sha256"], row["path"]) for row in rows) if key in blobs]
    return Basis(project.settings, foundation, tuple(s for s in others if isinstance(s, Submission)))


@dataclass
class LiveCheck:
    """One check of a live workbook: its findings (only its own), and what the actions need."""

    name: str
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    result: ValidationResult | None = None


def check_workbook(book: GridWorkbook, basis: Basis) -> LiveCheck:
    submission, read_findings = read_grid_submission(book, basis.settings)
    if submission is None:
        return LiveCheck(book.name, sorted(read_findings, key=Finding.sort_key))
    result = validate_records(basis.settings, basis.foundation, [submission], read_findings, whole_set=False,
                              context=list(basis.others))
    own = [f for f in result.findings if f.file == book.name]
    return LiveCheck(book.name, own, submission, result)


def unreadable(name: str, detail: str) -> LiveCheck:
    """The answer for a workbook xlwings could not make a Book of: one finding that says so."""
    return LiveCheck(name, [LiveWorkbookUnreadable.at(Location(file=name), detail=detail[:200])])
