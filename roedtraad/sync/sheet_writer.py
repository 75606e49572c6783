"""Stream rows into Excel tables fast, with openpyxl building everything around them.

The master can hold a hundred thousand goals and as many actions and
indicators. openpyxl's write-only mode keeps memory flat, but serialises
about 50,000 cells a second, which made the cells alone take minutes. So a
`StreamedWorkbook` lets openpyxl (write-only) build the package: sheets,
column widths, frozen headers, header rows, styles, tables, charts; while the
data rows of each table are serialised here straight to a temporary file and
spliced into the sheet's XML when the zip is written. Rows are never kept in
memory, and never twice.

Text is always written as an inline string, so text from a submission that
starts with "=", "+", "-" or "@" stays text. Characters XML cannot carry are
dropped and over-long text is cut at Excel's 32,767 characters, so odd input
never breaks the master. Links are HYPERLINK formulas with the label as
cached value, so viewers that do not recalculate still show it.

Every zip member carries one fixed timestamp and the document properties are
the caller's, so equal content gives equal bytes.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from ..files import write_atomically
from ..workbook_templates.normalize import MAX_CELL_TEXT
from ..workbook_templates.printing import print_landscape_fit_width
from ..workbook_templates.normalize import excel_text as clean_text

AMOUNT_FORMAT = "#,##0"  # 1.000 kr.: Excel shows the user's own thousands separator
AMOUNT_DECIMALS_FORMAT = "#,##0.0##"  # an amount with decimals keeps them: 152.300,5, not 152.301
PERCENT_FORMAT = "0%"
FORMULA_PREFIXES = ("=", "+", "-", "@")
# Excel's HYPERLINK takes at most 255 characters as its link; longer paths are shown as text.
MAX_LINK_LENGTH = 255
DATE_FORMATS = {"da": "dd-mm-yyyy", "sv": "yyyy-mm-dd", "en": "yyyy-mm-dd"}
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's epoch
# zlib level 1, not 6: a third of the time for a master some 30 % larger (1.3 MB at 1,000 submissions);
# the master is rewritten on every change, and compressing was a fifth of that.
COMPRESS_LEVEL = 1
_SHEET_DATA_END = b"</sheetData>"


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


# What XML 1.0 cannot carry: control characters (but tab and newlines), U+FFFE/U+FFFF, lone surrogates.
def text_cell(ws: Any, value: Any) -> Any:
    """For cells written by openpyxl: a plain str, or a cell forced to string type."""
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
    try:  # abspath, not resolve(): no file system look-ups, a link stays as the user named it
        return Path(os.path.relpath(os.path.abspath(source), os.path.abspath(master_dir))).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(os.path.abspath(source)).as_uri()


def link_formula(link: Link) -> str | None:
    """`HYPERLINK("file#'Sheet'!A5","label")` without the leading "=", or None when Excel would refuse it."""
    sheet = link.sheet.replace("'", "''")
    location = f"{link.target}#'{sheet}'!{link.cell}" if link.sheet else link.target
    if len(location) > MAX_LINK_LENGTH or len(link.label) > MAX_LINK_LENGTH:
        return None
    quote = lambda s: '"' + s.replace('"', '""') + '"'  # noqa: E731
    return f"HYPERLINK({quote(location)},{quote(link.label)})"


_NEEDS_CLEANING = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_CELL_TEXT or _NEEDS_CLEANING.search(text):
        text = escape(clean_text(text))
    return text


def _string(ref: str, value: Any) -> str:
    text = _xml_text(value)
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number(ref: str, value: float, style: int) -> str:
    number = repr(float(value)) if isinstance(value, float) else str(int(value))
    if number in ("nan", "inf", "-inf"):
        return ""
    return f'<c r="{ref}" s="{style}"><v>{number}</v></c>' if style else f'<c r="{ref}"><v>{number}</v></c>'


def _link(ref: str, value: Any) -> str:
    if not isinstance(value, Link):
        return _string(ref, value)
    formula = link_formula(value)
    if formula is None:
        return _string(ref, value.target)
    return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{_xml_text(value.label)}</v></c>'


# A long-running process (watch mode, the service) rewrites the master after every change, and
# most of its rows are as they were: each row's XML is kept with a placeholder for its number,
# keyed by the row's values, per table, from one write of that table to the next (so rows that
# are gone are forgotten). Bounded, so that a master of 10,000 parties costs a few tens of MB.
ROW_PLACEHOLDER = "\x00"  # cleaned out of every text we write, so it cannot come from a value
ROW_CACHE_LIMIT = 10_000  # rows kept per table
_last_rows: dict[tuple, dict[tuple, str]] = {}
# Rows that follow from one key alone (a submission's actions: its content hash, name and the
# run's settings) are kept as a block, from one write of the table to the next: a one-file sync
# computes and renders only the changed file's rows. Bounded like the rows (a block is kept
# whole or not at all); a 10,000-party master's actions and indicators take about 50 MB.
BLOCK_ROWS_LIMIT = 120_000  # rows kept in blocks per table
_last_blocks: dict[tuple, dict[Hashable, tuple[str, ...]]] = {}


def _typed(value: Any) -> Any:
    """A value as a cache key that tells apart what renders differently: 1, 1.0 and True; 0.0 and -0.0."""
    kind = type(value)
    if kind is float:
        return kind, value.hex()
    return kind, value


def amount_format(value: float) -> str:
    """Whole amounts without decimals, others with theirs (up to three: 1.000 kr. to the krone)."""
    return AMOUNT_FORMAT if float(value).is_integer() else AMOUNT_DECIMALS_FORMAT


def _amount(style: int, decimals_style: int):
    """A cell writer for amounts: whole ones as #,##0, others keep their decimals."""

    def write(ref: str, value: Any) -> str:
        if isinstance(value, float) and not value.is_integer():
            return _number(ref, value, decimals_style)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number(ref, value, style)
        return _string(ref, value)

    return write


def _numeric(style: int, date_style: int):
    """A cell writer for a number column: numbers styled, dates as serials, anything typed by a user as text."""

    def write(ref: str, value: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _number(ref, value, style)
        if isinstance(value, date):
            return _number(ref, to_excel(value), date_style)
        return _string(ref, value)

    return write


class TableWriter:
    """One sheet holding one Excel table; header by openpyxl, data rows streamed to a temp file."""

    def __init__(self, book: "StreamedWorkbook", title: str, table_name: str, columns: Sequence[OutColumn],
                 lang: str, *, preamble: Sequence[Sequence[Any]] = ()):
        if len({c.header for c in columns}) != len(columns):
            raise ValueError(f"table {table_name}: column headers must be unique")
        self.ws = ws = book.wb.create_sheet(title)
        self.table_name = table_name
        self.columns = tuple(columns)
        self.letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        for letter, column in zip(self.letters, self.columns):
            ws.column_dimensions[letter].width = column.width
        self.header_row = len(preamble) + 1
        ws.freeze_panes = f"A{self.header_row + 1}"
        print_landscape_fit_width(ws, self.header_row)
        bold = Font(bold=True)
        for line in preamble:
            ws.append([_bold(ws, v, bold) if i == 0 else text_cell(ws, v) for i, v in enumerate(line)])
        ws.append([clean_text(c.header) for c in self.columns])
        date_format = DATE_FORMATS.get(lang, "yyyy-mm-dd")
        formats = {Kind.AMOUNT: AMOUNT_FORMAT, Kind.PERCENT: PERCENT_FORMAT, Kind.DATE: date_format,
                   Kind.DATETIME: date_format + " hh:mm"}
        self.styles = {kind: _style_id(ws, fmt) for kind, fmt in formats.items()}
        self.amount_decimals_style = _style_id(ws, AMOUNT_DECIMALS_FORMAT)
        self.writers = [self._writer(c.kind) for c in self.columns]
        self.cache_key = (table_name, tuple(c.kind for c in self.columns), tuple(sorted(self.styles.items())),
                          self.amount_decimals_style)
        self._previous = _last_rows.pop(self.cache_key, {})  # this table's rows as last written
        self._current: dict[tuple, str] = {}
        self._previous_blocks = _last_blocks.pop(self.cache_key, {})
        self._current_blocks: dict[Hashable, tuple[str, ...]] = {}
        self._block_rows = 0
        self.rows = 0
        self._pending: list[str] = []
        self.out: IO[bytes] = tempfile.TemporaryFile("w+b")
        book.streams.append((ws, self.out))

    def _writer(self, kind: Kind) -> Callable[[str, Any], str]:
        if kind is Kind.TEXT:
            return _string
        if kind is Kind.LINK:
            return _link
        if kind is Kind.AMOUNT:
            return _amount(self.styles[Kind.AMOUNT], self.amount_decimals_style)
        return _numeric(self.styles.get(kind, 0), self.styles.get(kind, self.styles[Kind.DATE]))

    def block(self, key: Hashable | None, rows: Callable[[], Iterable[Sequence[Any]]]) -> None:
        """Append `rows()`, which must follow from `key` alone: as written under that key last time
        when there was one, without calling `rows` (None: no such key, always computed)."""
        templates = self._previous_blocks.get(key) if key is not None else None
        if templates is None:
            made = [self.append(values) for values in rows()]
            if key is not None and None not in made and self._block_rows + len(made) <= BLOCK_ROWS_LIMIT:
                self._current_blocks[key] = tuple(made)  # type: ignore[arg-type]
                self._block_rows += len(made)
            return
        for template in templates:
            self.rows += 1
            self._write(template.replace(ROW_PLACEHOLDER, str(self.header_row + self.rows)))
        if self._block_rows + len(templates) <= BLOCK_ROWS_LIMIT:
            self._current_blocks[key] = templates
            self._block_rows += len(templates)

    def append(self, values: Sequence[Any]) -> str | None:
        """Write one row; returns its XML with a placeholder for its number (None: not reusable)."""
        self.rows += 1
        row = str(self.header_row + self.rows)
        try:
            values = tuple(values)
            kinds = tuple(map(type, values))  # 1, 1.0 and True render apart, and are equal
            key = (values, kinds) if float not in kinds else tuple(map(_typed, values))  # and 0.0, -0.0
            template = self._previous.get(key)
        except TypeError:  # an unhashable value: render it every time
            key, template = None, None
        if template is None:
            template, cells = self._render(values, ROW_PLACEHOLDER)
            if template.count(ROW_PLACEHOLDER) != cells + 1:  # the placeholder in a value: never cache that
                self._write(self._render(values, row)[0])
                return None
        if key is not None and len(self._current) < ROW_CACHE_LIMIT:
            self._current[key] = template
        self._write(template.replace(ROW_PLACEHOLDER, row))
        return template

    def _write(self, xml: str) -> None:
        """Rows go to the temp file a few hundred at a time, not one write call each."""
        self._pending.append(xml)
        if len(self._pending) >= 512:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.out.write("".join(self._pending).encode())
            self._pending.clear()

    def _render(self, values: Sequence[Any], row: str) -> tuple[str, int]:
        parts = [f'<row r="{row}">']
        for write, letter, value in zip(self.writers, self.letters, values):
            if value is not None and value != "":
                parts.append(write(letter + row, value))
        parts.append("</row>")
        return "".join(parts), len(parts) - 2

    def close(self) -> None:
        """Add the table over header and rows; an empty table gets one blank row (Excel needs one)."""
        self._flush()
        _last_rows[self.cache_key], self._previous = self._current, {}
        _last_blocks[self.cache_key], self._previous_blocks = self._current_blocks, {}
        if self.rows == 0:
            self.out.write(f'<row r="{self.header_row + 1}"/>'.encode())
        last = self.header_row + max(self.rows, 1)
        ref = f"A{self.header_row}:{self.letters[-1]}{last}"
        table = Table(displayName=self.table_name, name=self.table_name, ref=ref,
                      tableColumns=[TableColumn(id=i, name=clean_text(c.header))
                                    for i, c in enumerate(self.columns, start=1)],
                      autoFilter=AutoFilter(ref=ref),
                      tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True))
        with warnings.catch_warnings():
            # openpyxl warns that write-only tables need their columns added by hand; done above.
            warnings.filterwarnings("ignore", message="In write-only mode", category=UserWarning)
            self.ws.add_table(table)


def _bold(ws: Any, value: Any, font: Font) -> Any:
    cell = WriteOnlyCell(ws, clean_text(value))
    cell.data_type = "s"
    cell.font = font
    return cell


def _style_id(ws: Any, number_format: str) -> int:
    """The workbook's style index for a number format (openpyxl registers it on first use)."""
    probe = WriteOnlyCell(ws)
    probe.number_format = number_format
    return probe.style_id


class _StableZip(zipfile.ZipFile):
    """A zip whose members carry one fixed timestamp, with streamed rows spliced into their sheets.

    openpyxl stamps each part with the current time (write-only sheets with
    their temp file's mtime); a fixed stamp keeps a re-run from changing bytes.
    """

    def __init__(self, file: Any, streams: list[tuple[Any, IO[bytes]]]):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.streams = streams  # (worksheet, its rows)

    def _info(self, name: str, size: int = 0) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
        info.compress_type = self.compression
        info._compresslevel = COMPRESS_LEVEL  # zipfile's own field (3.11+) for a member given as a ZipInfo
        info.external_attr = 0o600 << 16
        info.file_size = size
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None):
        arcname = arcname or os.path.basename(filename)
        # openpyxl numbers the sheets while saving; by now each knows its part name.
        rows = next((r for ws, r in self.streams if ws.path.lstrip("/") == arcname), None)
        size = os.path.getsize(filename) + (rows.seek(0, os.SEEK_END) if rows else 0)  # decides zip64
        with open(filename, "rb") as src, self.open(self._info(arcname, size), "w") as dst:
            if rows is None:
                shutil.copyfileobj(src, dst, 1 << 20)
                return
            xml = src.read()  # openpyxl's part holds the header rows only: small
            end = xml.rindex(_SHEET_DATA_END)
            dst.write(xml[:end])
            rows.seek(0)
            shutil.copyfileobj(rows, dst, 1 << 20)
            dst.write(xml[end:])


class StreamedWorkbook:
    """An openpyxl write-only workbook whose tables' rows are streamed (see the module docstring)."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)
        self.streams: list[tuple[Any, IO[bytes]]] = []

    def table(self, title: str, table_name: str, columns: Sequence[OutColumn], lang: str,
              **kwargs: Any) -> TableWriter:
        return TableWriter(self, title, table_name, columns, lang, **kwargs)

    def save(self, path: Path) -> bool:
        """Write beside `path` and swap atomically; keep the old file (and its mtime) when the bytes are
        equal. Returns True when the file was replaced; PermissionError when the target is held open."""
        def write(tmp: Path) -> None:
            with _StableZip(tmp, self.streams) as archive:
                # ExcelWriter directly: openpyxl's save_workbook() would reset `modified` to now.
                ExcelWriter(self.wb, archive).write_data()

        try:
            return write_atomically(path, write, only_if_changed=True)
        except BaseException:
            _abandon(self.wb)
            raise
        finally:
            for _, rows in self.streams:
                rows.close()


def _abandon(wb: Workbook) -> None:
    """A save that failed (a full disk, issue 15 §4): end each unsaved write-only sheet's row writer now,
    while its temporary file is still open. Left to the interpreter's exit, each would print an "Exception
    ignored" traceback onto the user's terminal, under the one line that says what happened."""
    for ws in wb.worksheets:
        rows = getattr(ws, "_rows", None)
        if rows is not None and not getattr(ws, "closed", True):
            try:
                rows.close()
            except Exception:  # noqa: BLE001 - the save has failed already; this only keeps the exit quiet
                pass
