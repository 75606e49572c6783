"""What the add-in asks Excel to do after a check, recorded as xlwings actions on the remote Book.

- every cell with an error or a warning gets a colour (the worst finding's);
- a cell coloured by the previous run and now fine gets its template fill back
  (the findings sheet says which cells the previous run coloured: the payload
  carries values, not colours);
- the computed columns of the goals sheet get exactly the values write-back
  would write (`goal_sheet_rows`), where they differ from what is there;
- the findings sheet is added, refreshed, or removed when all is well.

Only actions the served Office.js client implements are used (setRangeColor,
setValues, setFontProperty, addSheet, sheetClearContents, sheetDelete; a test
reads the client's source), and never a colour of None: older clients throw on it.
Text from a workbook is written as text, never as a formula.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..config import Settings
from ..findings import SEVERITY_LABELS, Finding, Severity
from ..i18n import LANGUAGES, Lang, Text
from ..sync.trace import TRACE_FIELDS, TraceTable, goal_sheet_rows
from ..workbook_templates.read import GridWorkbook, find_header_row, get_column_letter
from ..workbook_templates.spec import (COMPUTED_COLOUR, FRONT_SHEET, INPUT_COLOUR, TableSheet, header_key,
                                       workbook_specs)
from .check import LiveCheck

ERROR_COLOUR = "#FFC7CE"  # Excel's own "bad" red
WARNING_COLOUR = "#FFEB9C"  # Excel's own "neutral" yellow
PLAIN_COLOUR = "#FFFFFF"
SEVERITY_COLOURS = {Severity.ERROR: ERROR_COLOUR, Severity.WARNING: WARNING_COLOUR}

FINDINGS_SHEET = Text("Valideringsfund", "Valideringsfynd", "Validation findings")
FINDINGS_HEADER = (Text("Alvor", "Allvar", "Severity"), Text("Ark", "Flik", "Sheet"), Text("Celle", "Cell", "Cell"),
                   Text("Række-id", "Rad-id", "Row id"), Text("Kode", "Kod", "Code"),
                   Text("Besked", "Meddelande", "Message"), Text("Hjælp", "Hjälp", "Hint"))
_COLOURED_LABELS = {SEVERITY_LABELS[s](lang) for s in SEVERITY_COLOURS for lang in LANGUAGES}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """A value as Excel should show it: text that Excel would take for a formula gets the
    apostrophe prefix, which Excel stores as "this is text" and does not show."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _split(cell: str) -> tuple[str, int]:
    letters = cell.replace("$", "").rstrip("0123456789")
    return letters.upper(), int(cell.replace("$", "")[len(letters):] or 0)


def coloured_cells(findings: Iterable[Finding], sheets: Iterable[str]) -> dict[tuple[str, str], Severity]:
    """(sheet, cell) -> the worst severity of the errors and warnings found there."""
    present = set(sheets)
    worst: dict[tuple[str, str], Severity] = {}
    for finding in findings:
        if finding.severity in SEVERITY_COLOURS and finding.cell and finding.sheet in present:
            key = (finding.sheet, finding.cell.replace("$", "").upper())
            if worst.get(key) is not Severity.ERROR:
                worst[key] = finding.severity
    return worst


def findings_sheet_name(book: GridWorkbook) -> str | None:
    """The findings sheet of an earlier run, whatever language it was written in."""
    names = {header_key(n) for n in FINDINGS_SHEET}
    return next((s for s in book.sheet_names if header_key(s) in names), None)


def previously_coloured(book: GridWorkbook) -> set[tuple[str, str]]:
    sheet = findings_sheet_name(book)
    if sheet is None:
        return set()
    cells = set()
    for row in book.sheets[sheet][1:]:
        if len(row) >= 3 and row[0] in _COLOURED_LABELS and isinstance(row[1], str) and isinstance(row[2], str):
            cells.add((row[1], row[2].upper()))
    return cells


class _Layout:
    """Which template fill a cell has: found from the sheets' headers, as the reader finds columns."""

    def __init__(self, book: GridWorkbook, settings: Settings, kind: str | None) -> None:
        spec = workbook_specs(settings).get(kind or "")
        self.front = {header_key(n) for n in FRONT_SHEET}
        self.tables: dict[str, tuple[int, dict[str, bool]]] = {}  # sheet -> (header row, letter -> computed)
        by_name = {header_key(n): t for t in (spec.tables if spec else ()) for n in t.name}
        for sheet in book.sheet_names:
            table: TableSheet | None = by_name.get(header_key(sheet))
            if table is not None:
                index, columns = find_header_row(book.sheets[sheet], table)
                computed = {c.field for c in table.computed_columns}
                self.tables[sheet] = (index + 1, {get_column_letter(i + 1): f in computed for f, i in columns.items()})

    def colour(self, sheet: str, cell: str) -> str:
        letters, row = _split(cell)
        if header_key(sheet) in self.front:
            return f"#{INPUT_COLOUR}" if letters == "B" else PLAIN_COLOUR
        header_row, columns = self.tables.get(sheet, (0, {}))
        if row > header_row and letters in columns:
            return f"#{COMPUTED_COLOUR if columns[letters] else INPUT_COLOUR}"
        return PLAIN_COLOUR


def record_actions(xl_book: Any, book: GridWorkbook, check: LiveCheck, settings: Settings, lang: Lang) -> None:
    """Record every action of one check on the xlwings remote Book (`xl_book.json()` then holds them)."""
    sheets = [s for s in book.sheet_names if s != findings_sheet_name(book)]
    now = coloured_cells(check.findings, sheets)
    layout = _Layout(book, settings, check.submission.kind if check.submission else None)
    for (sheet, cell), severity in sorted(now.items()):
        xl_book.sheets[sheet].range(cell).color = SEVERITY_COLOURS[severity]
    for sheet, cell in sorted(previously_coloured(book) - set(now)):
        if sheet in sheets:
            xl_book.sheets[sheet].range(cell).color = layout.colour(sheet, cell)
    if check.submission is not None and check.result is not None:
        _fill_computed_columns(xl_book, book, check, settings, lang)
    _findings_sheet(xl_book, book, check.findings, lang)


def computed_cells(book: GridWorkbook, check: LiveCheck, settings: Settings, lang: Lang) -> dict[tuple[str, str], Any]:
    """(sheet, cell) -> the value write-back would write into the goals sheet's computed columns."""
    submission, result = check.submission, check.result
    spec = workbook_specs(settings).get(submission.kind) if submission else None
    if spec is None or result is None or not spec.has_table("goals"):
        return {}
    sheet = next((g.location.sheet for g in submission.goals if g.location and g.location.sheet), "")
    if sheet not in book.sheets:
        return {}
    table = spec.table("goals")
    index, columns = find_header_row(book.sheets[sheet], table)
    letters = {c.field: get_column_letter(columns[c.field] + 1) for c in table.computed_columns if c.field in columns}
    trace = TraceTable(result.graph, result.findings, lang)
    return {(sheet, f"{letters[name]}{row}"): value for row, values in goal_sheet_rows(submission, sheet, trace)
            if row > index + 1 for name, value in values.items() if name in letters and name in TRACE_FIELDS}


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and not isinstance(old, bool):
        return float(old) == float(new)
    return old == new


def _fill_computed_columns(xl_book: Any, book: GridWorkbook, check: LiveCheck, settings: Settings,
                           lang: Lang) -> None:
    for (sheet, cell), value in sorted(computed_cells(book, check, settings, lang).items()):
        letters, row = _split(cell)
        grid = book.sheets[sheet]
        column = _column_index(letters)
        old = grid[row - 1][column] if row - 1 < len(grid) and column < len(grid[row - 1]) else None
        if not _same(old, value):
            xl_book.sheets[sheet].range(cell).value = as_text(value)


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def findings_rows(findings: Iterable[Finding], lang: Lang) -> list[list[Any]]:
    rows = [[h(lang) for h in FINDINGS_HEADER]]
    for f in findings:
        rows.append([as_text(v) for v in (SEVERITY_LABELS[f.severity](lang), f.sheet, f.cell, f.row_id, f.code,
                                          f.message(lang), f.hint(lang))])
    return rows


def _findings_sheet(xl_book: Any, book: GridWorkbook, findings: list[Finding], lang: Lang) -> None:
    existing = findings_sheet_name(book)
    if not findings:
        if existing is not None:
            xl_book.sheets[existing].delete()
        return
    if existing is not None:
        sheet = xl_book.sheets[existing]
        sheet.clear_contents()
    else:
        sheet = xl_book.sheets.add(name=FINDINGS_SHEET(lang), after=xl_book.sheets[len(xl_book.sheets) - 1])
    rows = findings_rows(findings, lang)
    sheet.range("A1").value = rows
    sheet.range((1, 1), (1, len(rows[0]))).font.bold = True
