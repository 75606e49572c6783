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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from ..config import Settings
from ..i18n import Lang, Text
from ..model import Foundation, Goal, Location
from ..validators.context import file_label
from ..findings import Finding, FindingKind, Severity
from ..workbook_templates.read import HEADER_SEARCH_ROWS, find_header_row
from ..workbook_templates.spec import FOUNDATION, TableSheet, workbook_specs
from ..progress import step
from ..workers import map_in_workers
from .trace import CellValue, TraceTable, goal_sheet_rows
from .xlsx_patch import (PatchError, Staged, WriteBackOutcome, sha256_file,
                         write_back)

WRITING_BACK = Text("Skriver beregnede kolonner tilbage", "Skriver tillbaka beräknade kolumner",
                    "Writing the computed columns back")
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
    key: str = ""  # the file's name as findings give it
    sha256: str = ""  # the bytes on disk after a write (WRITTEN only)
    size: int = 0
    mtime_ns: int = 0
    staged: Staged | None = None  # written beside the original, to be flushed and renamed (the ledger's way)


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


def open_book(data: bytes) -> CalamineWorkbook:
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _computed_columns(book: CalamineWorkbook, sheet: str, table: TableSheet) -> tuple[int, dict[str, str]]:
    """(header row, field -> column letter) of the computed columns, matched by header like the reader does."""
    grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
    header_index, columns = find_header_row(grid, table)
    letters = {c.field: get_column_letter(columns[c.field] + 1) for c in table.computed_columns if c.field in columns}
    return header_index + 1, letters


Rows = tuple[tuple[int, dict[str, CellValue]], ...]  # (Excel row, field -> value)


@dataclass(frozen=True)
class _Task:
    """One workbook to update: everything a worker process needs, nothing it must look up."""

    path: str
    key: str  # the file's name as findings give it
    kind: str  # "foundation" or an agreement key: which spec's table
    table: str
    sheet: str
    sha256: str  # as validated: a file saved since is left alone
    rows: Rows
    archive_dir: str

    def rows_digest(self) -> str:
        """A hash of the computed cells to write: equal to last time's means nothing to do."""
        return hashlib.sha256(repr((self.table, self.sheet, self.rows)).encode("utf-8")).hexdigest()


WRITERS_PER_CPU = 2
_worker_specs: dict[str, Any] = {}
_worker_lang: Lang = "da"


def _init_worker(settings: Settings) -> None:
    global _worker_specs, _worker_lang
    _worker_specs, _worker_lang = specs_of(settings), settings.language


_specs_of: tuple[Settings | None, dict[str, Any]] = (None, {})


def specs_of(settings: Settings) -> dict[str, Any]:
    """The workbook specs of these settings, built once per process rather than once per file."""
    global _specs_of
    if _specs_of[0] is not settings:
        _specs_of = (settings, workbook_specs(settings))
    return _specs_of[1]


def _write_one(task: _Task) -> tuple[FileOutcome, list[Finding]]:
    """Find the computed columns by header, patch their cells, keep the file's time; report what happened."""
    path, sheet = Path(task.path), task.sheet
    where = Location(file=task.key, sheet=sheet)
    findings: list[Finding] = []

    def done(outcome: WriteBackOutcome | None, cells: int = 0) -> tuple[FileOutcome, list[Finding]]:
        if outcome in OUTCOME_FINDINGS:
            findings.append(OUTCOME_FINDINGS[outcome].at(where, sheet_name=sheet))
        digest, size, mtime_ns = "", 0, 0
        if outcome is WriteBackOutcome.WRITTEN:
            try:
                digest, after = sha256_file(path), path.stat()
                size, mtime_ns = after.st_size, after.st_mtime_ns
            except OSError:
                pass
        return FileOutcome(path, sheet, outcome, cells, task.key, digest, size, mtime_ns), findings

    try:
        received = path.stat()
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != task.sha256:
            return done(WriteBackOutcome.CHANGED_SINCE_READ)
        cells, missing = trace_edit(task, open_book(data))
    except OSError:
        return done(WriteBackOutcome.REFUSED_BY_OS)
    except (CalamineError, zipfile.BadZipFile, ValueError) as exc:
        findings.append(WriteFailed.at(where, detail=type(exc).__name__))
        return done(None)
    findings += missing
    if not cells:
        return done(WriteBackOutcome.UNCHANGED)
    try:
        outcome = write_back(path, sheet, cells, expected_sha256=task.sha256, archive_dir=Path(task.archive_dir))
    except (PatchError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        findings.append(WriteFailed.at(where, detail=type(exc).__name__))
        return done(None)
    if outcome is WriteBackOutcome.WRITTEN:
        _keep_received_time(path, received)
    return done(outcome, len(cells))


def trace_edit(task: _Task, book: CalamineWorkbook) -> tuple[dict[str, CellValue], list[Finding]]:
    """The computed cells to write for `task` ({"K5": value}), found by header in the workbook,
    and a finding for each computed column the user deleted. In a worker (see `_init_worker`)."""
    table = _worker_specs[task.kind].table(task.table)
    header_row, letters = _computed_columns(book, task.sheet, table)
    where = Location(file=task.key, sheet=task.sheet)
    missing = [ComputedColumnMissing.at(where, cell=f"A{header_row}", column=column.header(_worker_lang),
                                        sheet_name=task.sheet)
               for column in table.computed_columns if column.field not in letters]
    cells = {f"{letters[name]}{row}": value for row, values in task.rows if row > header_row
             for name, value in values.items() if name in letters}
    return cells, missing


def _writer_crashed(task: _Task) -> tuple[FileOutcome, list[Finding]]:
    """The process patching this file died: the file is as it was (it is replaced atomically, or not)."""
    where = Location(file=task.key, sheet=task.sheet)
    return FileOutcome(Path(task.path), task.sheet, None), [WriteFailed.at(where, detail="crash")]


def _keep_received_time(path: Path, before: os.stat_result) -> None:
    """Give the file back its modification time: it tells when the department delivered it
    (deadline checks, the master's inventory), and filling in computed cells is no delivery."""
    try:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    except OSError:  # e.g. a share that refuses utime: the file is written, only its time moved
        pass


def _objective_rows(foundation: Foundation, sheet: str, trace: TraceTable, settings: Settings) -> Rows:
    top = settings.ordered_levels()[0].key
    return tuple((goal.location.row, dict(trace.objective_counts(goal.id, settings))) for goal in foundation.goals
                 if goal.level == top and goal.location is not None and goal.location.row
                 and goal.location.sheet == sheet)


def _tasks(result: Any, settings: Settings, trace: TraceTable, archive_dir: Path) -> Iterator[_Task]:
    broken = _structure_errors(result.findings)
    specs = workbook_specs(settings)
    foundation = result.foundation
    if foundation is not None and file_label(foundation) not in broken:
        top = settings.ordered_levels()[0].key
        sheet = _goals_sheet(g for g in foundation.goals if g.level == top)
        if sheet:
            yield _Task(str(foundation.path), file_label(foundation), FOUNDATION, "objectives", sheet,
                        foundation.sha256, _objective_rows(foundation, sheet, trace, settings), str(archive_dir))
    for submission in result.submissions:
        sheet = _goals_sheet(submission.goals)
        key = file_label(submission)
        if sheet and submission.kind in specs and key not in broken:
            yield _Task(str(submission.path), key, submission.kind, "goals", sheet, submission.sha256,
                        goal_sheet_rows(submission, sheet, trace), str(archive_dir))


def plan_write_back(result: Any, settings: Settings, archive_dir: Path, trace: TraceTable | None = None
                    ) -> list[_Task]:
    """One task per workbook to update, with the computed values (they need the whole cascade)."""
    trace = trace or TraceTable(result.graph, result.findings, settings.language)
    return list(_tasks(result, settings, trace, Path(archive_dir)))


def run_write_back(tasks: list[_Task], settings: Settings) -> WriteBackReport:
    """Finding the columns and patching each file runs in worker processes when there are
    enough files, as reading does."""
    # Each write waits for its own flushes, so a few processes per CPU overlap the waits.
    # (The ledger's sync stages its files and flushes them all together: `rewrite`.)
    with step(WRITING_BACK, len(tasks)) as progress:
        done = map_in_workers(_write_one, tasks, _init_worker, (settings,), per_cpu=WRITERS_PER_CPU,
                              on_result=progress.advance, on_crash=_writer_crashed)
    report = WriteBackReport()
    for outcome, findings in done:
        report.outcomes.append(outcome)
        report.findings.extend(findings)
    return report


def write_back_trace(result: Any, settings: Settings, archive_dir: Path, trace: TraceTable | None = None
                     ) -> WriteBackReport:
    """Write the computed columns into the foundation and every readable agreement; report per file."""
    return run_write_back(plan_write_back(result, settings, archive_dir, trace), settings)


def hashes_after(report: WriteBackReport) -> dict[str, str]:
    """File name -> the hash on disk after write-back, for the files it wrote."""
    return {o.key: o.sha256 for o in report.outcomes if o.outcome is WriteBackOutcome.WRITTEN and o.sha256}


def write_trace_columns(result: Any, settings: Settings, project: Any) -> list[Finding]:
    """Write-back for a project; returns the findings (files skipped, columns missing)."""
    return write_back_trace(result, settings, project.archive_dir).findings
