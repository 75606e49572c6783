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

    def merged_ranges(self, sheet: str) -> Any:
        """((top, left), (bottom, right)) of each merged range, 0-based; empty when none or unknown."""
        ...

    def visibility(self) -> dict[str, str]:
        """Sheet name -> its visibility as calamine names it (e.g. 'SheetVisibleEnum.VeryHidden')."""
        ...


class CalamineSource:
    def __init__(self, book: "CalamineWorkbook") -> None:
        self.book = book
        self.sheet_names = list(book.sheet_names)
        self._last: tuple[str, Any] | None = None  # the sheet just parsed: its merges come with it

    def _sheet(self, sheet: str) -> Any:
        if self._last is None or self._last[0] != sheet:
            self._last = (sheet, self.book.get_sheet_by_name(sheet))
        return self._last[1]

    def grid(self, sheet: str) -> list[list[Any]]:
        return self._sheet(sheet).to_python(skip_empty_area=False)

    def merged_ranges(self, sheet: str) -> Any:
        return self._sheet(sheet).merged_cell_ranges or ()

    def visibility(self) -> dict[str, str]:
        return {m.name: str(m.visible) for m in self.book.sheets_metadata}


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

    def merged_ranges(self, sheet: str) -> Any:
        return ()  # the add-in's payload carries no merges

    def visibility(self) -> dict[str, str]:
        return {}
