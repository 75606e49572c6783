"""Stream rows into an Excel table on a write-only worksheet.

The master can hold a hundred thousand goals, so its sheets are written with
openpyxl's write-only mode: rows go to disk as they come and are never kept.
Column widths and the frozen header must be set before the first row, the
table (filters, banding) after the last; `TableWriter` keeps that order.

Text from submissions is always written as text. openpyxl turns any str
starting with "=" into a formula, so such values (and "+", "-", "@", which
other programs may evaluate on a re-save) go into a cell whose type is forced
to string. Characters XML cannot carry are dropped and over-long text is cut
at Excel's 32,767 characters, so odd input never breaks the master.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

AMOUNT_FORMAT = "#,##0"  # 1.000 kr.: Excel shows the user's own thousands separator
PERCENT_FORMAT = "0%"
MAX_CELL_TEXT = 32767
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Excel's HYPERLINK takes at most 255 characters as its link; longer paths are shown as text.
MAX_LINK_LENGTH = 255
DATE_FORMATS = {"da": "dd-mm-yyyy", "sv": "yyyy-mm-dd", "en": "yyyy-mm-dd"}


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    AMOUNT = "amount"  # 1.000 kr., shown with thousands separators
    NUMBER = "number"  # a number, or text if the user typed text
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    LINK = "link"  # a Link, written as a HYPERLINK formula


@dataclass(frozen=True)
class OutColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 18


@dataclass(frozen=True)
class Link:
    """A link to a cell of another workbook: target path (relative to the master) and A1 location."""

    target: str
    sheet: str
    cell: str
    label: str


def clean_text(value: Any) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def text_cell(ws: Any, value: Any) -> Any:
    """The value to append for text: a plain str, or a cell forced to string type."""
    if value is None:
        return None
    text = clean_text(value)
    if text == "":
        return None
    if text.startswith(FORMULA_PREFIXES):
        cell = WriteOnlyCell(ws, text)
        cell.data_type = "s"
        return cell
    return text


def link_target(source: Path, master_dir: Path) -> str:
    """A path from the master's folder to `source`, with "/" so Excel and LibreOffice both follow it."""
    try:
        return Path(os.path.relpath(Path(source).resolve(), Path(master_dir).resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(source).resolve().as_uri()


def link_formula(link: Link) -> str | None:
    sheet = link.sheet.replace("'", "''")
    location = f"{link.target}#'{sheet}'!{link.cell}" if link.sheet else link.target
    if len(location) > MAX_LINK_LENGTH or len(link.label) > MAX_LINK_LENGTH:
        return None
    quote = lambda s: '"' + s.replace('"', '""') + '"'  # noqa: E731
    return f"=HYPERLINK({quote(location)},{quote(link.label)})"


class TableWriter:
    """One sheet holding one Excel table, header in `header_row`, rows streamed below it."""

    def __init__(self, wb: Workbook, title: str, table_name: str, columns: Sequence[OutColumn], lang: str,
                 *, preamble: Sequence[Sequence[Any]] = ()):
        if len({c.header for c in columns}) != len(columns):
            raise ValueError(f"table {table_name}: column headers must be unique")
        self.ws = wb.create_sheet(title)
        self.table_name = table_name
        self.columns = tuple(columns)
        self.date_format = DATE_FORMATS.get(lang, "yyyy-mm-dd")
        self.header_row = len(preamble) + 1
        for index, column in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self.ws.freeze_panes = f"A{self.header_row + 1}"
        bold = Font(bold=True)
        for line in preamble:
            self.ws.append([self._styled(v, font=bold) if i == 0 else text_cell(self.ws, v)
                            for i, v in enumerate(line)])
        self.ws.append([clean_text(c.header) for c in self.columns])
        self.rows = 0

    def _styled(self, value: Any, number_format: str | None = None, font: Font | None = None) -> Any:
        cell = WriteOnlyCell(self.ws, value)
        if isinstance(value, str):
            cell.value = clean_text(value)
            cell.data_type = "s"
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        return cell

    def convert(self, kind: Kind, value: Any) -> Any:
        if value is None or value == "":
            return None
        if kind is Kind.TEXT:
            return text_cell(self.ws, value)
        if kind is Kind.LINK:
            formula = link_formula(value) if isinstance(value, Link) else None
            if formula is None:
                return text_cell(self.ws, value.target if isinstance(value, Link) else value)
            return formula
        if isinstance(value, bool) or not isinstance(value, (int, float, date)):
            return text_cell(self.ws, value)  # a number column holding what the user typed
        if kind is Kind.INT:
            return int(value)
        if kind is Kind.AMOUNT:
            return self._styled(value, AMOUNT_FORMAT)
        if kind is Kind.PERCENT:
            return self._styled(value, PERCENT_FORMAT)
        if kind in (Kind.DATE, Kind.DATETIME) and isinstance(value, date):
            fmt = self.date_format + (" hh:mm" if isinstance(value, datetime) else "")
            return self._styled(value, fmt)
        return value

    def append(self, values: Sequence[Any]) -> None:
        self.ws.append([self.convert(c.kind, v) for c, v in zip(self.columns, values)])
        self.rows += 1

    def close(self) -> None:
        """Add the table over header and rows; an empty table gets one blank row (Excel needs one)."""
        if self.rows == 0:
            self.ws.append([None] * len(self.columns))
        last = self.header_row + max(self.rows, 1)
        ref = f"A{self.header_row}:{get_column_letter(len(self.columns))}{last}"
        table = Table(displayName=self.table_name, name=self.table_name, ref=ref,
                      tableColumns=[TableColumn(id=i, name=clean_text(c.header))
                                    for i, c in enumerate(self.columns, start=1)],
                      autoFilter=AutoFilter(ref=ref),
                      tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True))
        self.ws.add_table(table)
