"""The payload xlwings' Office.js client (`getBookData`) sends for a workbook, built from an xlsx file.

What the client sends, per its source (xlwings-server 1.20, static/js/custom-scripts):
`client`, `version`, `book` {name, active_sheet_index, selection, calculation},
`names` (book- and sheet-scoped, each with refers_to, type, sheet_index, address),
and per sheet its name, visibility, used range, and `values` from A1 to the last
used cell (values-only used range), where a date-formatted number becomes
`new Date(...).toISOString()` ("2027-01-01T00:00:00.000Z"), an empty cell "",
and a formula Excel never computed "" as well.
"""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

CLIENT_VERSION = "1.20.0"


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    if isinstance(value, date):
        return datetime.combine(value, time()).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """A1 to the last cell holding a value (Office.js' values-only used range)."""
    last_row = max((r for r, row in enumerate(rows) if any(v != "" for v in row)), default=-1)
    rows = rows[:last_row + 1]
    last_col = max((c for row in rows for c, v in enumerate(row) if v != ""), default=-1)
    return [row[:last_col + 1] for row in rows] or [[""]]


def payload_from_xlsx(path: Path, *, name: str | None = None) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path, data_only=True)  # cached values: a formula never computed is None
    sheets = []
    for ws in wb.worksheets:
        rows = [[_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
        values = _trimmed(rows) if rows else [[""]]
        width = max(len(r) for r in values)
        values = [r + [""] * (width - len(r)) for r in values]
        used = f"A1:{get_column_letter(width)}{len(values)}" if values != [[""]] else None
        sheets.append({
            "name": ws.title, "visibility": {"visible": "Visible", "hidden": "Hidden"}.get(ws.sheet_state,
                                                                                          "VeryHidden"),
            "show_gridlines": True, "print_area": None, "notes": [], "notes_supported": True,
            "used_range_address": used, "used_range_row_count": len(values) if used else 0,
            "used_range_column_count": width if used else 0, "values": values,
            "pictures": [], "shapes": [], "charts": [], "tables": [], "pivot_tables": [],
        })
    names = []
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    for defined in wb.defined_names.values():
        destinations = list(defined.destinations)
        single = len(destinations) == 1
        sheet, address = destinations[0] if single else (None, None)
        names.append({"name": defined.name, "refers_to": f"={defined.attr_text}", "type": "Range",
                      "sheet_index": index.get(sheet) if single else None,
                      "address": address.replace("$", "") if single else None,
                      "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True})
    return {"client": "Office.js", "version": CLIENT_VERSION,
            "book": {"name": name or path.name, "active_sheet_index": 0, "selection": "A1",
                     "calculation": "Automatic"},
            "names": names, "sheets": sheets}
