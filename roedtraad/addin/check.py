"""Validate a live workbook (sheet grids) the way `roedtraad validate FILE` validates a file.

The workbook is read by the one reader (`read_grid_submission`) and checked by
`validate_records` together with the foundation and the other parties' current
submissions as context, so cross-file rules (a quality agreement's parent is a
committee goal in another file, duplicate ids across files) work in Excel too.
Where those come from is the caller's business: a `Basis` is plain records, made
today from the project's files and, with the ledger, from its current versions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..config import Settings
from ..findings import Finding
from ..model import Foundation, Location, Submission
from ..validators.engine import ValidationResult, validate_records
from ..workbook_templates.read import GridWorkbook, read_grid_submission
from ..workbook_templates.structure import LiveWorkbookUnreadable


@dataclass(frozen=True)
class Basis:
    """What a live workbook is checked against: the settings, the foundation, and every other
    party's current submission (the checked workbook replaces its own party's)."""

    settings: Settings
    foundation: Foundation | None
    others: tuple[Submission, ...] = ()


BasisSource = Callable[[], Basis]


def basis_from_result(result: ValidationResult, settings: Settings) -> Basis:
    """A Basis from a validation of the project (what the service keeps between requests)."""
    return Basis(settings, result.foundation, tuple(result.submissions))


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
