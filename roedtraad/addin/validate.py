"""One "Valider" from the task pane: payload in, xlwings actions and findings out.

The web router and the tests call `answer_payload`; it never raises for a
user's workbook (a Book xlwings cannot make becomes a finding), only
`XlwingsUnavailable` when the server cannot run the add-in at all.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..findings import Finding, Severity
from ..i18n import Lang, Text
from .actions import FINDINGS_SHEET, record_actions
from .book import LiveBookError, open_book
from .check import Basis, LiveCheck, check_workbook, unreadable

ALL_WELL = Text("Ingen fejl eller advarsler. Arket med valideringsfund er fjernet.",
                "Inga fel eller varningar. Fliken med valideringsfynd har tagits bort.",
                "No errors or warnings. The findings sheet has been removed.")
SOME = Text("{errors} fejl og {warnings} advarsler. Cellerne er farvet, og fundene står på arket '{sheet}'.",
            "{errors} fel och {warnings} varningar. Cellerna är färgade och fynden står på fliken '{sheet}'.",
            "{errors} errors and {warnings} warnings. The cells are coloured and the findings are on the sheet "
            "'{sheet}'.")
NOT_APPLIED = Text("Projektmappen kunne ikke læses, så intet er ændret i den.",
                   "Arbetsboken kunde inte läsas, så inget har ändrats i den.",
                   "The workbook could not be read, so nothing in it was changed.")


class PaneFinding(BaseModel):
    severity: Severity
    code: str
    title: str
    message: str
    hint: str
    sheet: str = ""
    cell: str = ""
    row_id: str = ""


class ValidateAnswer(BaseModel):
    """xlwings' answer format (`actions`, run by the client's runActions) plus what the pane shows."""

    actions: list[dict[str, Any]] = Field(default_factory=list)
    findings: list[PaneFinding] = Field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    message: str = ""


def pane_findings(findings: list[Finding], lang: Lang) -> list[PaneFinding]:
    return [PaneFinding(severity=f.severity, code=f.code, title=f.kind.title(lang), message=f.message(lang),
                        hint=f.hint(lang), sheet=f.sheet, cell=f.cell, row_id=f.row_id) for f in findings]


def _answer(check: LiveCheck, actions: list[dict[str, Any]], lang: Lang, message: str) -> ValidateAnswer:
    counts = {s: sum(1 for f in check.findings if f.severity is s) for s in Severity}
    return ValidateAnswer(actions=actions, findings=pane_findings(check.findings, lang),
                          errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING],
                          infos=counts[Severity.INFO], message=message)


def answer_payload(payload: Any, basis: Basis, lang: Lang) -> ValidateAnswer:
    """Check the workbook in an Office.js payload; answer with the actions that show the result in it."""
    name = str((payload.get("book") or {}).get("name") or "Excel") if isinstance(payload, dict) else "Excel"
    try:
        xl_book, grid = open_book(payload)
    except LiveBookError as exc:
        check = unreadable(name, str(exc))
        return _answer(check, [], lang, NOT_APPLIED(lang))
    check = check_workbook(grid, basis)
    record_actions(xl_book, grid, check, basis.settings, lang)
    counts = _answer(check, [], lang, "")
    message = ALL_WELL(lang) if not check.findings else SOME(lang, errors=counts.errors, warnings=counts.warnings,
                                                              sheet=FINDINGS_SHEET(lang))
    return _answer(check, xl_book.json()["actions"], lang, message)
