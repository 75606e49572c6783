"""Where the reader's values come from: an xlsx file (python-calamine) or sheet grids of a live workbook.

Both give sheet names and one sheet at a time as rows of cell values from A1;
everything after that (header matching, cell conversion) is the reader's one
pipeline. python-calamine is only named here for type checking: `read_workbook`
imports it when a file is read, so the grid source works where it cannot be
installed (xlwings Lite runs in Pyodide).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Mapping, Protocol

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook


class Source(Protocol):
    """Where a workbook's values come from: its sheet names, and one sheet as rows of cell values."""

    sheet_names: list[str]

    def grid(self, sheet: str) -> list[list[Any]]: ...


class CalamineSource:
    def __init__(self, book: "CalamineWorkbook") -> None:
        self.book = book
        self.sheet_names = list(book.sheet_names)

    def grid(self, sheet: str) -> list[list[Any]]:
        return self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


# A date-time as Office.js sends a date-formatted cell: Date.toISOString(), always in UTC ("Z").
_ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")


def _grid_value(value: Any) -> Any:
    if value.__class__ is str and value.endswith("Z") and _ISO_UTC.match(value):
        return datetime.fromisoformat(value[:-1])
    return value


@dataclass
class GridWorkbook:
    """A workbook as sheet grids: sheet name -> rows of cell values from A1, in sheet order.

    This is what the Excel add-in has of a live workbook. Values are what
    Office.js (or xlwings' remote Book) gives: numbers, text, booleans, None or
    "" for empty cells, dates as ISO strings ending in "Z" (or datetimes), and a
    formula without a computed result as "". `sha256` identifies the content
    (the add-in hashes the values it received); `name` is the file's name in
    findings.
    """

    name: str
    sheets: Mapping[str, list[list[Any]]]
    sha256: str = ""
    received: float = 0.0  # not received: a live workbook is judged late or not when it is handed in

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def grid(self, sheet: str) -> list[list[Any]]:
        return [[_grid_value(v) for v in row] for row in self.sheets[sheet]]
