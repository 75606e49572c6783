"""Write the computed traceability columns back into every workbook.

For each agreement that was read without structure errors, the goals sheet's
computed columns (the red thread, the objective's title, the parent's text,
how many goals realise this one, the row's status) are found by their header,
as the reader finds input columns, so a user may have moved them. The
foundation's objectives sheet gets its `count_<level>` columns the same way.

Only those cells change (`xlsx_patch`), and only in a file whose bytes still
equal those validated: a file saved since, or open in Excel, is skipped with
a warning and written on the next run. Unchanged input changes no file.
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from ..config import Settings
from ..i18n import Lang, Text
from ..model import Foundation, Goal, Location, Submission, Workbook
from ..validators.context import file_label
from ..validators.findings import Finding, FindingKind, Severity
from ..workbook_templates.read import HEADER_SEARCH_ROWS, _header_row
from ..workbook_templates.spec import FOUNDATION, TableSheet, workbook_specs
from .trace import CellValue, TraceTable
from .xlsx_patch import PatchError, WriteBackOutcome, write_back

_NEXT_RUN = Text("De beregnede kolonner skrives ved næste kørsel.",
                 "De beräknade kolumnerna skrivs vid nästa körning.",
                 "The computed columns will be written on the next run.")


class SyncFinding(FindingKind):
    family = "sync"
    severity = Severity.WARNING


class FileLockedForWriteBack(SyncFinding):
    code = "sync.file-locked"
    title = Text("Filen er åben", "Filen är öppen", "File is open")
    message = Text("Filen er åben i Excel (eller et andet program), så den blev ikke opdateret. " + _NEXT_RUN.da,
                   "Filen är öppen i Excel (eller ett annat program), så den uppdaterades inte. " + _NEXT_RUN.sv,
                   "The file is open in Excel (or another program), so it was not updated. " + _NEXT_RUN.en)
    hint = Text("Luk filen; roedtraad prøver igen ved næste kørsel.", "Stäng filen; roedtraad försöker igen vid nästa "
                "körning.", "Close the file; roedtraad tries again on the next run.")


class ChangedSinceRead(SyncFinding):
    code = "sync.changed-since-read"
    title = Text("Filen er ændret", "Filen har ändrats", "File changed")
    message = Text("Filen er gemt igen, efter at den blev valideret, så den blev ikke opdateret. " + _NEXT_RUN.da,
                   "Filen har sparats igen efter valideringen, så den uppdaterades inte. " + _NEXT_RUN.sv,
                   "The file was saved again after it was validated, so it was not updated. " + _NEXT_RUN.en)
    hint = Text("Intet at gøre: den nye version valideres og opdateres ved næste kørsel.",
                "Inget att göra: den nya versionen valideras och uppdateras vid nästa körning.",
                "Nothing to do: the new version is validated and updated on the next run.")


class RefusedByOs(SyncFinding):
    code = "sync.refused-by-os"
    title = Text("Skrivning nægtet", "Skrivning nekad", "Write refused")
    message = Text("Styresystemet nægtede at skrive filen (adgang nægtet, eller filen er i brug). " + _NEXT_RUN.da,
                   "Operativsystemet vägrade skriva filen (åtkomst nekad, eller filen används). " + _NEXT_RUN.sv,
                   "The operating system refused to write the file (access denied, or in use). " + _NEXT_RUN.en)
    hint = Text("Luk filen, eller giv roedtraad skriveadgang til mappen.",
                "Stäng filen, eller ge roedtraad skrivbehörighet till mappen.",
                "Close the file, or give roedtraad write access to the folder.")


class SheetGone(SyncFinding):
    code = "sync.sheet-missing"
    title = Text("Ark mangler", "Flik saknas", "Sheet missing")
    message = Text("Arket '{sheet_name}' findes ikke længere i filen. " + _NEXT_RUN.da,
                   "Fliken '{sheet_name}' finns inte längre i filen. " + _NEXT_RUN.sv,
                   "The sheet '{sheet_name}' is no longer in the file. " + _NEXT_RUN.en)
    hint = Text("Omdøb arket tilbage, eller brug en ny skabelon.", "Byt tillbaka namnet på fliken, eller använd en ny "
                "mall.", "Rename the sheet back, or use a new template.")


class WriteFailed(SyncFinding):
    code = "sync.write-failed"
    title = Text("Filen kunne ikke opdateres", "Filen kunde inte uppdateras", "File could not be updated")
    message = Text("De beregnede kolonner kunne ikke skrives i filen ({detail}). " + _NEXT_RUN.da,
                   "De beräknade kolumnerna kunde inte skrivas i filen ({detail}). " + _NEXT_RUN.sv,
                   "The computed columns could not be written into the file ({detail}). " + _NEXT_RUN.en)
    hint = Text("Gem filen igen fra Excel som .xlsx.", "Spara filen igen från Excel som .xlsx.",
                "Save the file again from Excel as .xlsx.")


class ComputedColumnMissing(SyncFinding):
    code = "sync.computed-column-missing"
    severity = Severity.INFO
    title = Text("Beregnet kolonne mangler", "Beräknad kolumn saknas", "Computed column missing")
    message = Text("Kolonnen '{column}' findes ikke på arket '{sheet_name}', så den udfyldes ikke i denne fil.",
                   "Kolumnen '{column}' finns inte på fliken '{sheet_name}', så den fylls inte i i denna fil.",
                   "The column '{column}' is not on the sheet '{sheet_name}', so it is not filled in this file.")
    hint = Text("Sæt kolonnen ind igen med overskriften fra en ny skabelon, hvis du vil se den.",
                "Lägg tillbaka kolumnen med rubriken från en ny mall om du vill se den.",
                "Insert the column again with the header from a new template if you want to see it.")


OUTCOME_FINDINGS: dict[WriteBackOutcome, type[SyncFinding]] = {
    WriteBackOutcome.LOCKED: FileLockedForWriteBack,
    WriteBackOutcome.CHANGED_SINCE_READ: ChangedSinceRead,
    WriteBackOutcome.REFUSED_BY_OS: RefusedByOs,
    WriteBackOutcome.SHEET_MISSING: SheetGone,
}


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    sheet: str
    outcome: WriteBackOutcome | None  # None: not attempted (see the findings)
    cells: int = 0


@dataclass
class WriteBackReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, outcome: WriteBackOutcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)


def _structure_errors(findings: Iterable[Finding]) -> set[str]:
    return {f.file for f in findings if f.severity is Severity.ERROR and f.code.startswith("structure.")}


def _goals_sheet(goals: Iterable[Goal]) -> str:
    return next((g.location.sheet for g in goals if g.location is not None and g.location.sheet), "")


def _computed_columns(data: bytes, sheet: str, table: TableSheet) -> tuple[int, dict[str, str]]:
    """(header row, field -> column letter) of the computed columns, matched by header like the reader does."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
    header_index, columns = _header_row(grid, table)
    letters = {c.field: get_column_letter(columns[c.field] + 1) for c in table.computed_columns if c.field in columns}
    return header_index + 1, letters


# Given the header row found in the file, yield (Excel row, field -> value) to write.
RowSource = Callable[[int], Iterator[tuple[int, dict[str, CellValue]]]]


class _Writer:
    """Writes one workbook's computed cells and records what happened."""

    def __init__(self, report: WriteBackReport, archive_dir: Path, lang: Lang):
        self.report, self.archive_dir, self.lang = report, archive_dir, lang

    def write(self, workbook: Workbook, sheet: str, table: TableSheet, rows: RowSource) -> None:
        key, path = file_label(workbook), Path(workbook.path)
        where = Location(file=key, sheet=sheet)
        try:
            received = path.stat()
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != workbook.sha256:
                return self._done(path, sheet, WriteBackOutcome.CHANGED_SINCE_READ, where)
            header_row, letters = _computed_columns(data, sheet, table)
        except OSError:
            return self._done(path, sheet, WriteBackOutcome.REFUSED_BY_OS, where)
        except (CalamineError, zipfile.BadZipFile, ValueError) as exc:
            self.report.findings.append(WriteFailed.at(where, detail=type(exc).__name__))
            return self._done(path, sheet, None, where)
        for column in table.computed_columns:
            if column.field not in letters:
                self.report.findings.append(ComputedColumnMissing.at(
                    where, cell=f"A{header_row}", column=column.header(self.lang), sheet_name=sheet))
        cells = {f"{letters[name]}{row}": value for row, values in rows(header_row) if row > header_row
                 for name, value in values.items() if name in letters}
        if not cells:
            return self._done(path, sheet, WriteBackOutcome.UNCHANGED, where)
        try:
            outcome = write_back(path, sheet, cells, expected_sha256=workbook.sha256, archive_dir=self.archive_dir)
        except (PatchError, zipfile.BadZipFile, ValueError, KeyError) as exc:
            self.report.findings.append(WriteFailed.at(where, detail=type(exc).__name__))
            return self._done(path, sheet, None, where)
        if outcome is WriteBackOutcome.WRITTEN:
            _keep_received_time(path, received)
        self._done(path, sheet, outcome, where, len(cells))

    def _done(self, path: Path, sheet: str, outcome: WriteBackOutcome | None, where: Location, cells: int = 0) -> None:
        self.report.outcomes.append(FileOutcome(path, sheet, outcome, cells))
        if outcome in OUTCOME_FINDINGS:
            self.report.findings.append(OUTCOME_FINDINGS[outcome].at(where, sheet_name=sheet))


def _keep_received_time(path: Path, before: os.stat_result) -> None:
    """Give the file back its modification time: it tells when the department delivered it
    (deadline checks, the master's inventory), and filling in computed cells is no delivery."""
    try:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    except OSError:  # e.g. a share that refuses utime: the file is written, only its time moved
        pass


def _submission_rows(submission: Submission, sheet: str, trace: TraceTable) -> RowSource:
    """Rows to write: each goal's trace values, and for rows that hold no goal record but
    have findings (e.g. a malformed id), just the status, so the error shows on its row."""
    key = file_label(submission)

    def rows(header_row: int) -> Iterator[tuple[int, dict[str, CellValue]]]:
        goal_rows = set()
        for goal in submission.goals:
            if goal.location is not None and goal.location.row is not None and goal.location.sheet == sheet:
                goal_rows.add(goal.location.row)
                yield goal.location.row, trace.for_goal(goal).cells()
        for row in trace.row_findings.rows(key, sheet):
            if row > header_row and row not in goal_rows:
                yield row, {"trace_path": None, "objective_title": None, "parent_text": None,
                            "realised_by": None, "status": trace.status(key, sheet, row)}

    return rows


def _objective_rows(foundation: Foundation, sheet: str, trace: TraceTable, settings: Settings) -> RowSource:
    top = settings.ordered_levels()[0].key

    def rows(header_row: int) -> Iterator[tuple[int, dict[str, CellValue]]]:
        for goal in foundation.goals:
            if goal.level == top and goal.location is not None and goal.location.row and goal.location.sheet == sheet:
                yield goal.location.row, dict(trace.objective_counts(goal.id, settings))

    return rows


def write_back_trace(result: Any, settings: Settings, archive_dir: Path, trace: TraceTable | None = None
                     ) -> WriteBackReport:
    """Write the computed columns into the foundation and every readable agreement; report per file."""
    lang = settings.language
    trace = trace or TraceTable(result.graph, result.findings, lang)
    report = WriteBackReport()
    writer = _Writer(report, Path(archive_dir), lang)
    broken = _structure_errors(result.findings)
    specs = workbook_specs(settings)
    foundation = result.foundation
    if foundation is not None and file_label(foundation) not in broken:
        top = settings.ordered_levels()[0].key
        sheet = _goals_sheet(g for g in foundation.goals if g.level == top)
        if sheet:
            writer.write(foundation, sheet, specs[FOUNDATION].table("objectives"),
                         _objective_rows(foundation, sheet, trace, settings))
    for submission in result.submissions:
        sheet = _goals_sheet(submission.goals)
        if not sheet or submission.kind not in specs or file_label(submission) in broken:
            continue
        writer.write(submission, sheet, specs[submission.kind].table("goals"),
                     _submission_rows(submission, sheet, trace))
    return report


def write_trace_columns(result: Any, settings: Settings, project: Any) -> list[Finding]:
    """Write-back for a project; returns the findings (files skipped, columns missing)."""
    return write_back_trace(result, settings, project.archive_dir).findings
