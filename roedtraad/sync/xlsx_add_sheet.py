"""Add a whole worksheet to a department's workbook without disturbing anything else.

Used to hand the follow-up sheet to a party that sent its agreement before follow-up began.
The new sheet is one new part (its XML, written here), and three parts get one element each:
a <sheet> in the workbook, a relationship in the workbook's rels and an <Override> in
[Content_Types].xml, each inserted as text so the rest of those parts stays byte for byte.
Every other part is copied with its compressed bytes (ziputil); styles.xml is not touched:
the new cells borrow style indices the workbook already has (see `cell_styles`).
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils.cell import get_column_letter

from ..workbook_templates import ziputil
from ..workbook_templates.normalize import excel_text
from .xlsx_patch import Parts, PatchError, _local, _relationships, _sheet_part, _workbook_part

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

Cell = str | int | float | None


@dataclass
class NewSheet:
    """A plain sheet: rows of values (text stays text), each cell with an optional style index."""

    rows: list[list[Cell]] = field(default_factory=list)
    styles: list[list[int | None]] = field(default_factory=list)  # parallel to rows; None: default style
    widths: Sequence[int] = ()
    frozen_rows: int = 0
    lists: Sequence[tuple[str, Sequence[str]]] = ()  # (A1 range, options): in-cell dropdowns
    protect: bool = False  # protect the sheet (unlocked input cells come from their style)


def sheet_names(data: bytes) -> list[str]:
    parts = Parts(data)
    try:
        root = ET.fromstring(parts.read(_workbook_part(parts)))
    finally:
        parts.close()
    return [el.get("name", "") for el in root.iter() if _local(el.tag) == "sheet"]


def has_sheet(data: bytes, names: Sequence[str]) -> bool:
    fold = lambda s: unicodedata.normalize("NFC", s).casefold()  # noqa: E731 - as Excel compares names
    present = {fold(n) for n in sheet_names(data)}
    return any(fold(n) in present for n in names)


def cell_styles(data: bytes, sheet: str, refs: Sequence[str]) -> dict[str, int]:
    """The style index (s=) of some cells of an existing sheet, to dress new cells the same way."""
    parts = Parts(data)
    try:
        xml = parts.read(_sheet_part(parts, sheet)[1])
    finally:
        parts.close()
    found = {}
    for ref in refs:
        match = re.search(rb'<(?:\w+:)?c r="%s"[^>]*?\ss="(\d+)"' % ref.encode(), xml)
        if match:
            found[ref] = int(match[1])
    return found


def _cell_xml(ref: str, value: Cell, style: int | None) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = escape(excel_text(str(value)))
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value!r}</v></c>'


def sheet_xml(sheet: NewSheet) -> bytes:
    width = max((len(r) for r in sheet.rows), default=1)
    last = max(len(sheet.rows), 1)
    parts = [f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{RELATIONSHIPS_NS}">',
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
             f'<dimension ref="A1:{get_column_letter(width)}{last}"/>', '<sheetViews><sheetView workbookViewId="0">']
    if sheet.frozen_rows:
        top = sheet.frozen_rows + 1
        parts.append(f'<pane ySplit="{sheet.frozen_rows}" topLeftCell="A{top}" activePane="bottomLeft" '
                     f'state="frozen"/><selection pane="bottomLeft" activeCell="A{top}" sqref="A{top}"/>')
    parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        parts.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                        for i, w in enumerate(sheet.widths, start=1)) + "</cols>")
    parts.append("<sheetData>")
    for r, values in enumerate(sheet.rows, start=1):
        styles = sheet.styles[r - 1] if r - 1 < len(sheet.styles) else []
        cells = "".join(_cell_xml(f"{get_column_letter(c)}{r}", v, styles[c - 1] if c - 1 < len(styles) else None)
                        for c, v in enumerate(values, start=1))
        if cells:
            parts.append(f'<row r="{r}">{cells}</row>')
    parts.append("</sheetData>")
    if sheet.protect:
        parts.append('<sheetProtection sheet="1" formatCells="0" formatColumns="0" formatRows="0" insertRows="0" '
                     'deleteRows="0" sort="0" autoFilter="0"/>')
    if sheet.lists:
        parts.append(f'<dataValidations count="{len(sheet.lists)}">')
        for ref, options in sheet.lists:
            listed = escape('"' + ",".join(o.replace(",", " ").replace('"', "") for o in options) + '"')
            parts.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="{ref}">'
                         f"<formula1>{listed}</formula1></dataValidation>")
        parts.append("</dataValidations>")
    parts.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                 '<pageSetup orientation="landscape" paperSize="9" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return "".join(parts).encode("utf-8")


def _insert_before(xml: bytes, closing: bytes, element: bytes) -> bytes:
    """`element` just before the last `closing` tag (with or without a namespace prefix)."""
    match = None
    for match in re.finditer(rb"</(?:\w+:)?" + closing + rb"\s*>", xml):
        pass
    if match is None:
        raise PatchError(f"no </{closing.decode()}> to insert into")
    return xml[:match.start()] + element + xml[match.start():]


def add_sheet(data: bytes, name: str, content: bytes) -> bytes:
    """The package with one more worksheet, appended after the others (so no sheet index moves,
    and no defined name's localSheetId or the active tab changes meaning)."""
    if len(name) > 31 or re.search(r"[\\/?*\[\]:]", name):
        raise PatchError(f"not a valid sheet name: {name!r}")
    if has_sheet(data, [name]):
        raise PatchError(f"the workbook already has a sheet {name!r}")
    parts = Parts(data)
    try:
        names = set(parts.names())
        workbook = _workbook_part(parts)
        folder, base = posixpath.split(workbook)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        workbook_xml, rels_xml = parts.read(workbook), parts.read(rels_part)
        types_xml = parts.read("[Content_Types].xml")
        ids = {rid for rid, _, _ in _relationships(parts, workbook)}
    finally:
        parts.close()
    number = 1
    while f"{folder}/worksheets/sheet{number}.xml" in names:
        number += 1
    part = posixpath.join(folder, "worksheets", f"sheet{number}.xml")
    rid, counter = "", len(ids) + 1
    while not rid or rid in ids:
        rid, counter = f"rId{counter}", counter + 1
    sheet_ids = [int(v) for v in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\bsheetId="(\d+)"', workbook_xml)]
    prefix = re.search(rb'xmlns:(\w+)="' + re.escape(RELATIONSHIPS_NS.encode()) + rb'"', workbook_xml)
    id_attr = (prefix[1] + b":id=" if prefix else b'xmlns:rr="' + RELATIONSHIPS_NS.encode() + b'" rr:id=')
    element_prefix = re.search(rb"<(\w+:)?sheets\b", workbook_xml)
    tag = (element_prefix[1] or b"") if element_prefix else b""
    sheet_element = (b"<" + tag + b"sheet name=" + quoteattr(name).encode("utf-8")
                     + b' sheetId="' + str(max(sheet_ids, default=0) + 1).encode() + b'" ' + id_attr
                     + b'"' + rid.encode() + b'"/>')
    relationship = (f'<Relationship Id="{rid}" Type="{WORKSHEET_TYPE}" '
                    f'Target="{posixpath.relpath(part, folder)}"/>').encode()
    override = f'<Override PartName="/{part}" ContentType="{WORKSHEET_CONTENT}"/>'.encode()
    replace = {workbook: _insert_before(workbook_xml, b"sheets", sheet_element),
               rels_part: _insert_before(rels_xml, b"Relationships", relationship),
               "[Content_Types].xml": _insert_before(types_xml, b"Types", override)}
    rebuilt = ziputil.rebuild(data, replace)
    if rebuilt is None:  # an unusual package: let zipfile copy it (contents stay the same)
        rebuilt = _rebuild(data, replace)
    out = BytesIO(rebuilt)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:  # appends; earlier members keep their bytes
        info = zipfile.ZipInfo(part, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, content)
    return out.getvalue()


def _rebuild(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, replace.get(info.filename, zin.read(info)))
    return out.getvalue()
