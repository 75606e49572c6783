"""The xlsx report: a summary sheet and the findings as an Excel table finance can filter.

Every text is written as a string cell, so a message starting with '=' never
becomes a formula.
"""
from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..config import Settings
from ..i18n import Lang, Text
from ..workbook_templates.printing import print_landscape_fit_width
from ..findings import SEVERITY_LABELS
from .report_common import (COLUMNS, FILE_COLUMNS, STATUS, SUMMARY, clean, covers, kind_label, made_text, summary,
                            verdict)

if TYPE_CHECKING:
    from .engine import ValidationResult

SUMMARY_SHEET = Text("Oversigt", "Översikt", "Summary")
FINDINGS_SHEET = Text("Fund", "Fynd", "Findings")
FIELDS = ("severity", "code", "file", "sheet", "cell", "row_id", "message", "hint")
WIDTHS = {"severity": 11, "code": 34, "file": 40, "sheet": 16, "cell": 8, "row_id": 16, "message": 80, "hint": 60}


def _put(ws, row: int, column: int, value: object, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
    else:
        cell.value = clean("" if value is None else value)
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)


def _table(ws, name: str, columns: int, rows: int) -> None:
    last = ws.cell(row=max(rows, 2), column=columns).coordinate
    table = Table(displayName=name, ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"


def render_xlsx(result: "ValidationResult", lang: Lang, *, strict: bool = False,
                settings: Settings | None = None, made_at: datetime | None = None,
                as_of: datetime | None = None) -> bytes:
    wb = Workbook()
    overview = wb.active
    overview.title = SUMMARY_SHEET(lang)
    counts = summary(result)
    _put(overview, 1, 1, covers(result, lang, settings), bold=True)
    _put(overview, 2, 1, made_text(made_at, lang, as_of))
    _put(overview, 3, 1, verdict(result, lang, strict), bold=True)
    _put(overview, 4, 1, SUMMARY(lang, **counts))
    header_row = 6
    for column, text in enumerate(FILE_COLUMNS.values(), start=1):
        _put(overview, header_row, column, text(lang), bold=True)
    for offset, file in enumerate(result.files, start=1):
        values = (file.path, kind_label(file.kind, lang, settings), file.party, STATUS[file.status](lang),
                  file.errors, file.warnings, file.infos)
        for column, value in enumerate(values, start=1):
            _put(overview, header_row + offset, column, value)
    overview.column_dimensions["A"].width = 48
    overview.column_dimensions["B"].width = 30
    print_landscape_fit_width(overview, header_row)

    sheet = wb.create_sheet(FINDINGS_SHEET(lang))
    for column, key in enumerate(FIELDS, start=1):
        _put(sheet, 1, column, COLUMNS[key](lang), bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = WIDTHS[key]
    for row, finding in enumerate(result.findings, start=2):
        values = finding.as_row(lang)
        values["severity"] = SEVERITY_LABELS[finding.severity](lang)
        for column, key in enumerate(FIELDS, start=1):
            _put(sheet, row, column, values[key])
    _table(sheet, "Findings", len(FIELDS), len(result.findings) + 1)
    print_landscape_fit_width(sheet, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
