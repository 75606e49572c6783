"""Read workbooks back into records, by the same spec that generated them.

Columns are matched by header in any language (users insert and reorder
columns) and every record remembers its file, sheet, row and cells. Problems
become findings, never exceptions: a broken file yields (None, findings) and
the caller goes on with the next one.

Two sources feed the one row and cell pipeline: an xlsx file (values from
python-calamine, fast) and sheet grids (`GridWorkbook`: the values of a live
workbook, as the Excel add-in sends them). python-calamine is imported only
when a file is read, so the grid source works where it cannot be installed
(xlwings Lite runs in Pyodide).

This module is the file's side (sniffing, limits, the template stamp, which
sheets are there); `read_sheets` reads the sheets themselves (front sheet,
tables, cells). Import the reader from here.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from ..config import Settings
from ..findings import Finding
from ..i18n import Text
from ..model import Foundation, Location, Submission, TemplateStamp
from . import limits, structure, ziputil
from .formula_check import _sheet_parts, uncached_formulas
from .read_sheets import (HEADER_SEARCH_ROWS, NotRead, SheetContext, find_header_row, find_sheet, get_column_letter,
                          plan_for, read_front, read_table, sheet_index)
from .records import RawWorkbook, foundation_from, submission_from
from .sniff import FileKind, excel_lock_file, sniff_bytes
from .sources import CalamineSource, GridWorkbook, Source
from .spec import FOUNDATION, STAMP_SHEET, WorkbookSpec, header_key

# Read by other modules from here: the reader's public face stays in one place.
__all__ = ["GridWorkbook", "HEADER_SEARCH_ROWS", "find_header_row", "get_column_letter", "read_foundation",
           "read_grid_submission", "read_grid_workbook", "read_submission", "read_workbook"]

DETECTED = {
    FileKind.XLS: Text("en gammel Excel 97-2003-fil (.xls)", "en gammal Excel 97-2003-fil (.xls)",
                       "an old Excel 97-2003 file (.xls)"),
    FileKind.ODS: Text("et OpenDocument-regneark (.ods)", "ett OpenDocument-kalkylblad (.ods)",
                       "an OpenDocument spreadsheet (.ods)"),
    FileKind.TEXT: Text("en tekstfil (fx CSV)", "en textfil (t.ex. CSV)", "a text file (e.g. CSV)"),
    FileKind.NOT_SPREADSHEET: Text("ukendte data", "okända data", "unknown data"),
}



def _structure_finding(data: bytes, package: ziputil.Package, name: str) -> Finding | None:
    """Sniff the file's bytes; a finding when they are not a readable xlsx."""
    where = Location(file=name)
    kind = sniff_bytes(data, package)
    if kind in (FileKind.XLSX, FileKind.XLSM):
        return None
    if kind is FileKind.EMPTY:
        return structure.EmptyFile.at(where)
    if kind is FileKind.ENCRYPTED:
        return structure.PasswordProtected.at(where)
    if kind is FileKind.CORRUPT_ZIP:
        return structure.CorruptWorkbook.at(where, detail="zip")
    if kind is FileKind.UNREADABLE:
        return structure.UnreadableFile.at(where, detail="permission denied")
    text = DETECTED[kind]
    return structure.NotXlsx.at(where, detected_da=text.da, detected_sv=text.sv, detected_en=text.en)


def _limits_problem(package: ziputil.Package, settings: Settings, name: str) -> Finding | None:
    """A part too large or too compressed, or a sheet too large, before calamine parses anything."""
    problem = limits.size_problem(package, settings.limits, name)
    if problem is not None:
        return problem
    try:
        # Unverified (and so kept for the formula check): calamine checks these parts' checksums itself.
        sheets = _sheet_parts(package.read("xl/workbook.xml", verify=False),
                              package.read("xl/_rels/workbook.xml.rels", verify=False))
    except (KeyError, zipfile.BadZipFile, ValueError, EOFError):
        return None  # calamine reports the damage
    parsed = plan_for(settings).parsed_sheets  # the sheets calamine will be asked for; a lookup sheet is not
    return limits.grid_problem(package, settings.limits, name, [(s, p) for s, p in sheets if header_key(s) in parsed])


_WHY = (("declared uncompressed size", "zip"), ("checksum", "zip"), ("crc", "zip"), ("xml", "XML"),
        ("zip", "zip"))


def _why(exc: Exception) -> str:
    """A word for the finding's '(...)': what broke (zip, XML), not the parser's class name."""
    text = f"{type(exc).__name__} {exc}".casefold()
    return next((word for needle, word in _WHY if needle in text), "zip" if isinstance(exc, zipfile.BadZipFile)
                else "xlsx")


def _read_stamp(source: Source) -> TemplateStamp | None:
    if STAMP_SHEET not in source.sheet_names:
        return None
    values = {str(r[0]).strip(): r[1] for r in source.grid(STAMP_SHEET) if len(r) >= 2 and r[0] is not None}
    try:
        return TemplateStamp(kind=str(values["kind"]), preset=str(values["preset"]),
                             template_version=int(float(values["template_version"])),
                             parties=[p.strip() for p in str(values.get("parties", "")).split(",") if p.strip()])
    except (KeyError, ValueError):
        return None



def read_workbook(path: Path, settings: Settings, expected: str | None = None,
                  name: str | None = None) -> tuple[RawWorkbook | None, list[Finding]]:
    """Read any roedtraad workbook into raw rows. `expected` is "foundation", "agreement" or None."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError  # files only: see the docstring

    name = name or str(path)
    try:
        data = path.read_bytes()  # once: sniffing, hashing, the formula check and calamine share it
        received = path.stat().st_mtime
    except OSError as exc:
        return None, [structure.UnreadableFile.at(Location(file=name), detail=exc.strerror or str(exc))]
    package = ziputil.Package(data)
    problem = _structure_finding(data, package, name) or _limits_problem(package, settings, name)
    if problem is not None:
        package.close()
        return None, [problem]
    findings: list[Finding] = []
    lock = excel_lock_file(path)
    if lock is not None:
        findings.append(structure.FileLocked.at(Location(file=name), lock_file=lock.name))
    try:
        source = CalamineSource(CalamineWorkbook.from_filelike(io.BytesIO(data)))
    except PasswordError:
        return None, findings + [structure.PasswordProtected.at(Location(file=name))]
    except (CalamineError, zipfile.BadZipFile, ValueError) as exc:
        problem = limits.unsafe_xml(package, name) or structure.CorruptWorkbook.at(Location(file=name),
                                                                                   detail=_why(exc))
        package.close()
        return None, findings + [problem]
    raw = RawWorkbook(sha256=hashlib.sha256(data).hexdigest(), received=received)

    def uncached(sheets: list[str]) -> dict[str, set[str]]:
        try:
            return uncached_formulas(package, sheets)
        except (KeyError, zipfile.BadZipFile):
            return {}

    try:
        return _read_source(source, raw, settings, expected, name, findings, uncached)
    except NotRead as exc:
        return None, [f for f in findings if f.code == structure.FileLocked.code] + [exc.finding]
    except (CalamineError, ValueError) as exc:  # a sheet calamine could not parse
        problem = limits.unsafe_xml(package, name) or structure.CorruptWorkbook.at(Location(file=name),
                                                                                   detail=_why(exc))
        return None, findings + [problem]
    finally:
        package.close()


def read_grid_workbook(book: GridWorkbook, settings: Settings, expected: str | None = None
                       ) -> tuple[RawWorkbook | None, list[Finding]]:
    """Read a workbook given as sheet grids (see `GridWorkbook`) into raw rows, exactly as a file is read.

    Office.js computes every formula, so a formula without a result is an empty cell here.
    """
    raw = RawWorkbook(sha256=book.sha256, received=book.received)
    try:
        return _read_source(book, raw, settings, expected, book.name, [], lambda sheets: {})
    except NotRead as exc:
        return None, [exc.finding]


def _read_source(source: Source, raw: RawWorkbook, settings: Settings, expected: str | None, name: str,
                 findings: list[Finding], find_uncached) -> tuple[RawWorkbook | None, list[Finding]]:
    """The reading both sources share: the stamp, the front sheet, then each table's rows."""
    lang = settings.language
    raw.stamp = _read_stamp(source)
    plan = plan_for(settings)
    specs = plan.specs
    problem = _stamp_problem(raw.stamp, settings, expected, specs, name)
    if problem is not None:
        return None, findings + [problem]
    if raw.stamp.template_version < settings.template_version:
        findings.append(structure.OutdatedTemplate.at(Location(file=name), found=raw.stamp.template_version,
                                                      current=settings.template_version))
    spec = specs[raw.stamp.kind]
    ctx = SheetContext(plan, source, name, lang, findings)
    index = sheet_index(source.sheet_names)
    if spec.front_fields:
        read_front(ctx, spec, index, raw)
    sheets = {t.key: find_sheet(index, t.name) for t in spec.tables}
    _check_visibility(source, name, [s for s in sheets.values() if s], findings)
    uncached = find_uncached([s for s in sheets.values() if s])
    for table in spec.tables:
        sheet = sheets[table.key]
        if sheet is None:
            # Optional or not, a sheet of the template that is gone takes its rows with it: say so.
            kind = structure.MissingSheet if table.required else structure.MissingOptionalSheet
            findings.append(kind.at(Location(file=name), sheet_name=table.name(lang)))
            continue
        raw.tables[table.key] = read_table(ctx, sheet, table, uncached.get(sheet, set()))
    return raw, findings


def _check_visibility(source: Source, name: str, table_sheets: list[str], findings: list[Finding]) -> None:
    """A table sheet hidden from Excel's own menus is not read; a plainly hidden one is, with a warning."""
    hidden = source.visibility()
    for sheet in table_sheets:
        state = hidden.get(sheet, "")
        if state.endswith("VeryHidden"):
            raise NotRead(structure.SheetVeryHidden.at(Location(file=name, sheet=sheet), sheet_name=sheet))
        if state.endswith(".Hidden"):
            findings.append(structure.SheetHidden.at(Location(file=name, sheet=sheet), sheet_name=sheet))


def _stamp_problem(stamp: TemplateStamp | None, settings: Settings, expected: str | None,
                   specs: dict[str, WorkbookSpec], name: str) -> Finding | None:
    where = Location(file=name)
    if stamp is None:
        return structure.NotATemplate.at(where, detail=f"'{STAMP_SHEET}'")
    if stamp.preset != settings.name or stamp.kind not in specs:
        return structure.NotATemplate.at(where, detail=f"{stamp.preset}/{stamp.kind}")
    if expected == FOUNDATION and stamp.kind != FOUNDATION:
        return structure.NotATemplate.at(where, detail=stamp.kind)
    if expected == "agreement" and stamp.kind == FOUNDATION:
        return structure.NotATemplate.at(where, detail=FOUNDATION)
    return None


def read_foundation(path: Path, settings: Settings, name: str | None = None
                    ) -> tuple[Foundation | None, list[Finding]]:
    raw, findings = read_workbook(Path(path), settings, FOUNDATION, name)
    return (None if raw is None else foundation_from(raw, Path(path), settings)), findings


def read_submission(path: Path, settings: Settings, name: str | None = None
                    ) -> tuple[Submission | None, list[Finding]]:
    raw, findings = read_workbook(Path(path), settings, "agreement", name)
    return (None if raw is None else submission_from(raw, Path(path), settings)), findings


def read_grid_submission(book: GridWorkbook, settings: Settings) -> tuple[Submission | None, list[Finding]]:
    """A submission from sheet grids (the add-in's live workbook); None with findings when it is not one."""
    raw, findings = read_grid_workbook(book, settings, "agreement")
    return (None if raw is None else submission_from(raw, Path(book.name), settings)), findings
