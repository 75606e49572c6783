"""Which cells hold a formula without a cached value: calamine shows those as empty, only the sheet XML
tells the difference. Files only: a live workbook's formulas are computed by Excel."""
from __future__ import annotations

import re
from functools import lru_cache

from . import ziputil

_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
# An open <v> (Excel writes <v></v> for a formula that computed ""), or an inline string.
# openpyxl writes a self-closed <v /> for a formula it never computed.
_CACHED_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?(?<!/)>|<(?:\w+:)?is[ >]")
_RELATIONSHIP_ID_FIRST = re.compile(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_RELATIONSHIP_TARGET_FIRST = re.compile(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_WORKBOOK_SHEET = re.compile(r'<(?:\w+:)?sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')


def _has_formula(xml: bytes) -> bool:
    """Whether the sheet's cells hold a formula element (<f>, <f ...> or <f/>). Only <sheetData>
    can, so a dropdown's <formula1> after it is not looked at. The letter f is rare in cell
    markup (texts live in the shared strings), so the scan jumps from f to f (memchr) rather than
    matching at every byte: pattern searches here were a large share of reading."""
    begin = xml.find(b"<sheetData")
    end = xml.rfind(b"</sheetData>")
    if begin < 0 or end < begin:
        return _FORMULA.search(xml) is not None  # a prefixed namespace (<x:sheetData>) or no cells
    at = xml.find(b"f", begin, end)
    while at >= 0:
        if xml[at - 1] == 0x3C and xml[at + 1] in b"> /":  # "<f" then ">", " " or "/"
            return True
        at = xml.find(b"f", at + 1, end)
    return False


def uncached_formulas(package: ziputil.Package, data_sheet_names: list[str]) -> dict[str, set[str]]:
    """Cells holding a formula without a cached value, per sheet name.

    Calamine shows such a cell as empty; only the sheet XML tells the difference,
    so we look there, and only in sheets that contain a formula element at all
    (a dropdown's <formula1> is not one: templates have those on every sheet).
    """
    result: dict[str, set[str]] = {}
    try:
        parts = _sheet_parts(package.read("xl/workbook.xml", verify=False),
                             package.read("xl/_rels/workbook.xml.rels", verify=False))
        for sheet_name, part in parts:
            if sheet_name not in data_sheet_names:
                continue
            xml = package.read(part, verify=False)  # calamine reads the same part, checksum and all
            if not _has_formula(xml):
                continue
            cells = set()
            for ref, body in re.findall(rb'<(?:\w+:)?c r="([A-Z]+[0-9]+)"[^>]*(?<!/)>(.*?)</(?:\w+:)?c>', xml, re.S):
                if _FORMULA.search(body) and not _CACHED_VALUE.search(body):
                    cells.add(ref.decode())
            if cells:
                result[sheet_name] = cells
    finally:
        package.close()
    return result


@lru_cache(maxsize=64)
def _sheet_parts(workbook: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, zip part) of each sheet. Cached by content: the files made from one
    template share these two parts, and parsing them was a fifth of the formula check."""
    workbook_text, rels_text = workbook.decode("utf-8", "replace"), rels.decode("utf-8", "replace")
    targets = dict(_RELATIONSHIP_ID_FIRST.findall(rels_text))
    targets.update({rid: t for t, rid in _RELATIONSHIP_TARGET_FIRST.findall(rels_text)})
    parts = []
    for sheet_name, rid in _WORKBOOK_SHEET.findall(workbook_text):
        if rid in targets:
            target = targets[rid].lstrip("/")
            parts.append((_xml_unescape(sheet_name), target if target.startswith("xl/") else f"xl/{target}"))
    return tuple(parts)


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))
