"""What one workbook may ask of the machine, checked before any part of it is parsed.

A submission is a zip package of XML parts, and nothing about its size tells
what parsing it costs: a 4 MB part can inflate to gigabytes (a zip bomb), and
a 20 KB sheet with one cell in A1 and one in XFD1048576 makes python-calamine
allocate a grid of 17 billion cells, which aborts the process outright. So,
from the zip central directory and the sheet XML alone:

- every part's inflated size, and its ratio to its compressed size;
- every worksheet's extent (rows, and columns) as the cells in it span it.

The declared sizes can be trusted: `ziputil.read` and python-calamine's zip
reader both refuse a part that inflates past its declared size. Each limit is
in `[limits]` of roedtraad.toml and has its own finding, which says what to do.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable

from ..config import Limits
from ..findings import Finding
from ..i18n import Text
from ..model import Location
from . import ziputil
from .structure import StructureFinding

MEGABYTE = 1 << 20
RATIO_FLOOR = MEGABYTE  # below this inflated size a high ratio (an empty sheet) costs nothing
EXACT_SCAN_BYTES = 256 * 1024  # sheets above this have every cell reference read

_RESAVE = Text("Åbn filen i Excel, slet tomme rækker og kolonner, og gem den som Excel-projektmappe (.xlsx). "
               "Kommer filen ikke fra jeres egen skabelon, så udfyld skabelonen og send den i stedet.",
               "Öppna filen i Excel, ta bort tomma rader och kolumner och spara den som Excel-arbetsbok (.xlsx). "
               "Kommer filen inte från er egen mall, fyll i mallen och skicka den i stället.",
               "Open the file in Excel, delete empty rows and columns and save it as an Excel workbook (.xlsx). "
               "If the file did not come from your own template, fill in the template and send that instead.")


class PartTooLarge(StructureFinding):
    code = "structure.part-too-large"
    title = Text("Fil for stor udpakket", "Fil för stor uppackad", "File too large unpacked")
    message = Text("Delen '{part}' af filen fylder {size} MB udpakket; roedtraad læser højst {limit} MB pr. del, "
                   "så filen er ikke læst.",
                   "Delen '{part}' av filen är {size} MB uppackad; roedtraad läser högst {limit} MB per del, "
                   "så filen har inte lästs.",
                   "The part '{part}' of the file is {size} MB unpacked; roedtraad reads at most {limit} MB per "
                   "part, so the file was not read.")
    hint = _RESAVE


class InflationRatio(StructureFinding):
    code = "structure.inflation-ratio"
    title = Text("Mistænkelig komprimering", "Misstänkt komprimering", "Suspicious compression")
    message = Text("Delen '{part}' af filen pakker sig ud til {ratio} gange sin størrelse (højst {limit} gange "
                   "tilladt); sådan ser en 'zip-bombe' ud, så filen er ikke læst.",
                   "Delen '{part}' av filen packas upp till {ratio} gånger sin storlek (högst {limit} gånger "
                   "tillåtet); så ser en 'zip-bomb' ut, så filen har inte lästs.",
                   "The part '{part}' of the file unpacks to {ratio} times its size (at most {limit} times "
                   "allowed); that is what a 'zip bomb' looks like, so the file was not read.")
    hint = _RESAVE


class SheetTooLarge(StructureFinding):
    code = "structure.sheet-too-large"
    title = Text("Ark for stort", "Flik för stor", "Sheet too large")
    message = Text("Arket '{sheet_name}' fylder {rows} rækker og {columns} kolonner; roedtraad læser højst "
                   "{max_rows} rækker og {max_columns} kolonner pr. ark, så filen er ikke læst.",
                   "Fliken '{sheet_name}' har {rows} rader och {columns} kolumner; roedtraad läser högst "
                   "{max_rows} rader och {max_columns} kolumner per flik, så filen har inte lästs.",
                   "The sheet '{sheet_name}' spans {rows} rows and {columns} columns; roedtraad reads at most "
                   "{max_rows} rows and {max_columns} columns per sheet, so the file was not read.")
    hint = Text("Slet alt under og til højre for tabellen på arket '{sheet_name}' (også tomme rækker med "
                "formatering), og gem igen.",
                "Ta bort allt under och till höger om tabellen på fliken '{sheet_name}' (även tomma rader med "
                "formatering) och spara igen.",
                "Delete everything below and to the right of the table on the sheet '{sheet_name}' (formatted "
                "empty rows too) and save again.")


class UnsafeXml(StructureFinding):
    code = "structure.unsafe-xml"
    title = Text("Utilladt XML i filen", "Otillåten XML i filen", "Disallowed XML in the file")
    message = Text("Delen '{part}' af filen indeholder en DTD eller entiteter, som Excel aldrig skriver; "
                   "filen er ikke læst af sikkerhedshensyn.",
                   "Delen '{part}' av filen innehåller en DTD eller entiteter, som Excel aldrig skriver; "
                   "filen har inte lästs av säkerhetsskäl.",
                   "The part '{part}' of the file holds a DTD or entities, which Excel never writes; "
                   "the file was not read, for safety.")
    hint = Text("Gem filen igen fra Excel som .xlsx. Ved I ikke, hvor filen kommer fra, så send den ikke videre.",
                "Spara filen igen från Excel som .xlsx. Vet ni inte var filen kommer ifrån, skicka den inte vidare.",
                "Save the file again from Excel as .xlsx. If you do not know where the file came from, do not "
                "pass it on.")


def _sizes(package: ziputil.Package) -> Iterable[tuple[str, int, int]]:
    """(part, compressed size, inflated size) from the central directory."""
    if package.members is not None:
        return ((name, m.packed_size, m.size) for name, m in package.members.items())
    return ((i.filename, i.compress_size, i.file_size) for i in package._zipfile().infolist())


def size_problem(package: ziputil.Package, limits: Limits, name: str) -> Finding | None:
    """A part that inflates beyond the limits, by its declared sizes (nothing is inflated)."""
    where = Location(file=name)
    max_bytes = limits.max_part_megabytes * MEGABYTE
    for part, packed, size in _sizes(package):
        if size > max_bytes:
            return PartTooLarge.at(where, part=part, size=-(-size // MEGABYTE), limit=limits.max_part_megabytes)
        if size > RATIO_FLOOR and size > limits.max_inflation_ratio * max(packed, 1):
            return InflationRatio.at(where, part=part, ratio=size // max(packed, 1), limit=limits.max_inflation_ratio)
    return None


def grid_problem(package: ziputil.Package, limits: Limits, name: str,
                 sheets: Iterable[tuple[str, str]]) -> Finding | None:
    """A worksheet (sheet name, zip part) whose cells span more rows or columns than the limits."""
    for sheet, part in sheets:
        try:
            xml = package.read(part, verify=False)  # within max_part_megabytes: size_problem came first
        except (KeyError, zipfile.BadZipFile, ValueError, EOFError):
            continue  # calamine says what is wrong with a missing or broken part
        rows, columns = extent(xml, limits)
        if rows > limits.max_rows_per_sheet or columns > limits.max_columns_per_sheet:
            return SheetTooLarge.at(Location(file=name, sheet=sheet), sheet_name=sheet, rows=rows, columns=columns,
                                    max_rows=limits.max_rows_per_sheet, max_columns=limits.max_columns_per_sheet)
    return None


_REF = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\br="([A-Z]{0,3})([0-9]+)"')
_TRIGGERS: dict[tuple[int, int], re.Pattern[bytes]] = {}


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _letters(number: int) -> int:
    count = 0
    while number > 0:
        number, count = (number - 1) // 26, count + 1
    return count


def _count(xml: bytes, tag: bytes) -> int:
    return xml.count(tag + b" ") + xml.count(tag + b">") + xml.count(tag + b"/")


def extent(xml: bytes, limits: Limits) -> tuple[int, int]:
    """(rows, columns) the sheet's cells span, as far as the limits care.

    Rows are counted first (bytes.count: cheap even for a million rows). Then a
    sheet of modest size whose cells all carry a reference is only searched for a
    reference long enough to pass a limit (the common case: one pattern search).
    Otherwise every reference is read, and cells without one are placed after
    their predecessor, row by row.
    """
    prefix = None if b"<sheetData" in xml else re.search(rb"<(\w+:)sheetData\b", xml)
    tag = b"<" + (prefix[1] if prefix else b"")
    row_tag, cell_tag = tag + b"row", tag + b"c"
    rows = xml.count(row_tag)  # <rowBreaks> counts too: one row more is on the safe side
    if rows > limits.max_rows_per_sheet:
        return rows, 0
    # Fewer "<c" in the whole sheet (<col> and friends included) than the column limit: no row can
    # reach past it by cells without a reference. That is one count, where placing them is six.
    few_cells = xml.count(cell_tag) <= limits.max_columns_per_sheet
    implied = 0 if few_cells else _count(xml, cell_tag) - xml.count(cell_tag + b' r="')
    if implied <= 0 and len(xml) < EXACT_SCAN_BYTES:
        key = (_letters(limits.max_columns_per_sheet), len(str(limits.max_rows_per_sheet)))
        trigger = _TRIGGERS.get(key)
        if trigger is None:
            # Starts with a literal, so the search skips from one r=" to the next (a hot path: every sheet).
            trigger = _TRIGGERS[key] = re.compile(rb'r="(?:[A-Z]{%d}|[A-Z]{0,3}[0-9]{%d})' % key)
        if trigger.search(xml) is None:
            return rows, 0
    max_row = max_column = 0
    for match in _REF.finditer(xml):
        letters, digits = match.groups()
        max_row = max(max_row, int(digits))
        if letters:
            max_column = max(max_column, _column_number(letters))
    if implied > 0:
        for segment in xml.split(row_tag)[1:]:
            in_row = _count(segment, cell_tag) - segment.count(cell_tag + b' r="')
            if in_row > 0:
                explicit = [_column_number(c) for c in re.findall(rb'<(?:\w+:)?c r="([A-Z]{1,3})', segment)]
                max_column = max(max_column, max(explicit, default=0) + in_row)
    return max(rows, max_row), max_column


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
PROLOG_BYTES = 64 * 1024


def unsafe_xml(package: ziputil.Package, name: str) -> Finding | None:
    """A part with a DTD (entity expansion, external entities). Asked only when parsing failed:
    python-calamine refuses such parts, and good files should not pay for the look."""
    for part, _, _ in _sizes(package):
        if not part.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            head = package.read_head(part, PROLOG_BYTES)
        except (KeyError, zipfile.BadZipFile, ValueError, EOFError):
            continue
        if _DTD.search(head):
            return UnsafeXml.at(Location(file=name), part=part)
    return None
