"""Write a few cells into a department's workbook without disturbing anything else.

openpyxl load+save drops charts, images, sparklines, form controls and VBA, so
we edit the one worksheet part inside the zip package as text: only the
touched <c> elements change, plus the bookkeeping that must agree with them
(the row's `spans` hint and the sheet's <dimension>, which openpyxl's
read-only mode uses to cut rows short). Every other byte of the sheet and
every other zip member is copied as is. The only exception: replacing a
formula makes xl/calcChain.xml stale, which Excel reports as corruption, so
then the calc chain is dropped (Excel rebuilds it silently).
"""
from __future__ import annotations

import hashlib
import html
import math
import os
import posixpath
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from roedtraad.files import write_atomically
from roedtraad.workbook_templates import ziputil
from roedtraad.workbook_templates.sniff import excel_lock_file

CellValue = str | int | float | None

_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_CALC_CHAIN_TYPE = "/calcChain"


class SheetNotFound(KeyError):
    """The workbook has no worksheet of that name."""


class PatchError(ValueError):
    """The sheet cannot be patched safely as text (odd encoding, shared-formula master, ...)."""


# --------------------------------------------------------------------------- refs
def _parse_ref(ref: str) -> tuple[int, int]:
    """"K5" -> (5, 11), within Excel's limits."""
    m = _REF.fullmatch(ref.strip().upper())
    if not m or column_index_from_string(m[1]) > 16384 or int(m[2]) > 1048576:
        raise ValueError(f"not a single-cell A1 reference: {ref!r}")
    return int(m[2]), column_index_from_string(m[1])


# ------------------------------------------------------------------ package parts
def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


Parts = ziputil.Package  # a package's parts, read from its bytes (zipfile only for unusual packages)


def _relationships(parts: Parts, part: str) -> list[tuple[str, str, str]]:
    """(id, type, resolved part name) for each internal relationship of `part`."""
    folder, name = posixpath.split(part)
    try:
        root = ET.fromstring(parts.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return []
    rels = []
    for el in root:
        if _local(el.tag) != "Relationship" or el.get("TargetMode") == "External":
            continue
        target = el.get("Target", "")
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        rels.append((el.get("Id", ""), el.get("Type", ""), path))
    return rels


def _workbook_part(parts: Parts) -> str:
    for _, rtype, path in _relationships(parts, ""):
        if rtype.endswith("/officeDocument"):
            return path
    return "xl/workbook.xml"


def _sheet_part(parts: Parts, sheet_name: str) -> tuple[str, str]:
    """Return (workbook part, worksheet part) for the sheet called `sheet_name`."""
    workbook, sheets, targets = _sheets(parts)
    rid = sheets.get(sheet_name)
    if rid is None:  # Excel sheet names are case-insensitive; macOS may hand us NFD text
        fold = lambda s: unicodedata.normalize("NFC", s).casefold()  # noqa: E731
        rid = next((r for n, r in sheets.items() if fold(n) == fold(sheet_name)), None)
    part = targets.get(rid) if rid is not None else None
    if rid is None or part is None or part not in parts.names():
        raise SheetNotFound(f"no sheet {sheet_name!r} in workbook (sheets: {', '.join(sheets)})")
    return workbook, part


def _sheets(parts: Parts) -> tuple[str, dict[str, str], dict[str, str]]:
    """(workbook part, sheet name -> relationship id, relationship id -> part), read once per package."""
    found = parts.derived.get("sheets")
    if found is None:
        workbook = _workbook_part(parts)
        sheets: dict[str, str] = {}
        for el in ET.fromstring(parts.read(workbook)).iter():
            if _local(el.tag) == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
                sheets[el.get("name", "")] = rid
        targets: dict[str, str] = {}
        for i, _, p in _relationships(parts, workbook):
            targets.setdefault(i, p)
        found = parts.derived["sheets"] = (workbook, sheets, targets)
    return found  # type: ignore[return-value]


def read_sheet_xml(data: bytes, sheet_name: str) -> bytes:
    """The raw XML of a worksheet part, e.g. for byte-level comparisons in tests."""
    parts = Parts(data)
    try:
        return parts.read(_sheet_part(parts, sheet_name)[1])
    finally:
        parts.close()


def _shared_strings_loader(parts: Parts, workbook: str) -> Callable[[], list[str]]:
    """Lazily read the shared string table, only needed to see whether a cell already holds a value."""
    cache: list[list[str]] = []

    def load() -> list[str]:
        if not cache:
            part = next((p for _, t, p in _relationships(parts, workbook) if t.endswith("/sharedStrings")), None)
            strings = []
            if part and part in parts.names():
                for si in ET.fromstring(parts.read(part)):
                    texts = [t.text or "" for t in si if _local(t.tag) == "t"]
                    texts += [t.text or "" for r in si if _local(r.tag) == "r" for t in r if _local(t.tag) == "t"]
                    strings.append(_decode_ooxml_escapes("".join(texts)))
            cache.append(strings)
        return cache[0]

    return load


# -------------------------------------------------------------------- sheet XML text
def _decode_ooxml_escapes(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), text)


def _encode_text(text: str) -> bytes:
    """XML-escape, and use OOXML's _xHHHH_ escapes for characters XML 1.0 cannot carry."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m[0]):04X}_", text)
    return escape(text).encode("utf-8")


def _attr(attrs: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\s" + name + rb"""\s*=\s*(["'])(.*?)\1""", attrs)
    return m[2] if m else None


def _drop_attrs(attrs: bytes, *names: bytes) -> bytes:
    for name in names:
        attrs = re.sub(rb"\s+" + name + rb"""\s*=\s*(["']).*?\1""", b"", attrs)
    return attrs


def _set_attr(attrs: bytes, name: bytes, value: bytes) -> bytes:
    if _attr(attrs, name) is None:
        return attrs + b" " + name + b'="' + value + b'"'
    return re.sub(rb"(\s" + name + rb"""\s*=\s*)(["']).*?\2""", lambda m: m[1] + b'"' + value + b'"', attrs, count=1)


class _Sheet:
    """Textual view of one worksheet part: finds rows and cells without re-serialising."""

    def __init__(self, xml: bytes, shared_strings: Callable[[], list[str]]):
        decl = re.match(rb"<\?xml[^>]*encoding=[\"']([^\"']+)", xml)
        if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or (decl and decl[1].lower() not in (b"utf-8", b"utf8")):
            raise PatchError("worksheet XML is not UTF-8")
        m = re.search(rb"<([A-Za-z_][\w.-]*:)?sheetData\b[^>]*?(/?)>", xml)
        if not m:
            raise PatchError("part has no <sheetData>: not a worksheet")
        self.xml, self.p, self.shared_strings = xml, m[1] or b"", shared_strings
        self.data_open = m
        self.formula_removed = False
        self._col_styles: dict[int, bytes] | None = None  # read when a new cell needs one
        self._cell_tag = re.compile(rb"<" + re.escape(self.p) + rb"c(?=[\s/>])([^>]*?)(/?)>")
        self._cell_close = b"</" + self.p + b"c>"

    def _elements(self, name: bytes, pos: int, end: int):
        """Yield (start, stop, attrs, inner_start, inner_end) of sibling `name` elements."""
        tag = re.compile(rb"<" + re.escape(self.p + name) + rb"(?=[\s/>])([^>]*?)(/?)>")
        close = b"</" + self.p + name + b">"
        while (m := tag.search(self.xml, pos, end)) is not None:
            if m[2]:
                yield m.start(), m.end(), m[1].rstrip(), m.end(), m.end()
                pos = m.end()
                continue
            stop = self.xml.find(close, m.end(), end)
            if stop < 0:
                raise PatchError(f"unclosed <{name.decode()}> element")
            yield m.start(), stop + len(close), m[1], m.end(), stop
            pos = stop + len(close)

    def _column_styles(self) -> dict[int, bytes]:
        """Column-level styles from <cols>, so a new cell looks like its empty neighbours."""
        styles: dict[int, bytes] = {}
        for _, _, attrs, _, _ in self._elements(b"col", 0, self.data_open.start()):
            style, lo, hi = _attr(attrs, b"style"), _attr(attrs, b"min"), _attr(attrs, b"max")
            if style and lo and hi and style != b"0":
                for col in range(int(lo), min(int(hi), 16384) + 1):
                    styles[col] = style
        return styles

    def holds(self, attrs: bytes, inner: bytes, value: CellValue) -> bool:
        """True when the cell already shows `value` as a constant (no formula)."""
        p = re.escape(self.p)
        if re.search(rb"<" + p + rb"f[\s/>]", inner):
            return False
        t = (_attr(attrs, b"t") or b"n").decode()
        v = re.search(rb"<" + p + rb"v(?:\s[^>]*)?>(.*?)</" + p + rb"v>", inner, re.S)
        raw = html.unescape(v[1].decode("utf-8")) if v else None
        if value is None:
            return raw is None and not re.search(rb"<" + p + rb"is[\s/>]", inner)
        if isinstance(value, bool):
            return t == "b" and raw == ("1" if value else "0")
        if isinstance(value, (int, float)):
            try:
                return t == "n" and raw is not None and float(raw) == float(value)
            except ValueError:
                return False
        if t == "inlineStr":
            body = re.sub(rb"<" + p + rb"rPh\b.*?</" + p + rb"rPh>", b"", inner, flags=re.S)
            parts = re.findall(rb"<" + p + rb"t(?:\s[^>]*)?>(.*?)</" + p + rb"t>", body, re.S)
            return _decode_ooxml_escapes(html.unescape(b"".join(parts).decode("utf-8"))) == value
        if t == "s" and raw is not None and raw.strip().isdigit():
            strings = self.shared_strings()
            return int(raw) < len(strings) and strings[int(raw)] == value
        return t == "str" and raw is not None and _decode_ooxml_escapes(raw) == value

    def render(self, attrs: bytes, value: CellValue, tail: bytes = b"") -> bytes:
        """A <c> element with `attrs` (type-free) holding `value`; `tail` keeps an <extLst>."""
        p = self.p
        if value is None:
            return b"<%sc%s>%s</%sc>" % (p, attrs, tail, p) if tail else b"<%sc%s/>" % (p, attrs)
        if isinstance(value, bool):
            attrs, body = attrs + b' t="b"', b"<%sv>%d</%sv>" % (p, value, p)
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"Excel cannot store {value!r}")
            body = b"<%sv>%s</%sv>" % (p, repr(value).encode() if isinstance(value, float) else b"%d" % value, p)
        elif isinstance(value, str):
            if len(value) > 32767:
                raise ValueError("Excel cells hold at most 32767 characters")
            attrs += b' t="inlineStr"'
            body = b'<%sis><%st xml:space="preserve">%s</%st></%sis>' % (p, p, _encode_text(value), p, p)
        else:
            raise TypeError(f"unsupported cell value type {type(value).__name__}")
        return b"<%sc%s>%s%s</%sc>" % (p, attrs, body, tail, p)

    def rewrite_cell(self, attrs: bytes, inner: bytes, value: CellValue) -> bytes:
        p = re.escape(self.p)
        f = re.search(rb"<" + p + rb"f\b([^>]*)", inner)
        if f:
            ref = _attr(f[1], b"ref")
            if _attr(f[1], b"t") == b"shared" and ref and b":" in ref:
                raise PatchError("cell is the master of a shared formula used by other cells")
            self.formula_removed = True
        ext = re.search(rb"<" + p + rb"extLst\b.*</" + p + rb"extLst>", inner, re.S)
        return self.render(_drop_attrs(attrs, b"t", b"cm", b"vm"), value, ext[0] if ext else b"")

    def new_cell(self, row_attrs: bytes, row: int, col: int, value: CellValue) -> bytes:
        attrs = b' r="%s%d"' % (get_column_letter(col).encode(), row)
        style = _attr(row_attrs, b"s") if _attr(row_attrs, b"customFormat") in (b"1", b"true") else None
        if self._col_styles is None:
            self._col_styles = self._column_styles()
        style = style or self._col_styles.get(col)
        return self.render(attrs + (b' s="%s"' % style if style else b""), value)

    def patch_row(self, start: int, stop: int, attrs: bytes, inner: tuple[int, int], row: int,
                  wanted: dict[int, CellValue]) -> tuple[bytes | None, list[int]]:
        """Return (new row element or None if unchanged, columns of newly created cells).

        A cell without `r` sits right after its predecessor, so a new cell can
        never have to go before one; every new cell carries an explicit `r`.
        """
        xml, (lo, hi) = self.xml, inner
        ext = xml.find(b"<" + self.p + b"extLst", lo, hi)
        fast = self._patch_existing(start, stop, (lo, ext if ext >= 0 else hi), row, wanted)
        if fast is not False:
            return fast, []
        pending, out, cursor, prev, created = sorted(wanted.items()), [], lo, 0, []
        insert_at = lo
        for c_start, c_stop, c_attrs, c_lo, c_hi in self._elements(b"c", lo, ext if ext >= 0 else hi):
            if not pending:
                break
            ref = _attr(c_attrs, b"r")
            col = _parse_ref(ref.decode())[1] if ref else prev + 1
            while pending and pending[0][0] < col:
                new_col, value = pending.pop(0)
                if value is None:
                    continue
                out += [xml[cursor:c_start], self.new_cell(attrs, row, new_col, value)]
                cursor = c_start
                created.append(new_col)
            if pending and pending[0][0] == col:
                value = pending.pop(0)[1]
                if not self.holds(c_attrs, xml[c_lo:c_hi], value):
                    out += [xml[cursor:c_start], self.rewrite_cell(c_attrs, xml[c_lo:c_hi], value)]
                    cursor = c_stop
            prev, insert_at = col, c_stop
        tail_cells = [self.new_cell(attrs, row, c, v) for c, v in pending if v is not None]
        if tail_cells:
            out += [xml[cursor:insert_at], *tail_cells]
            cursor = insert_at
            created += [c for c, v in pending if v is not None]
        if not out:
            return None, []
        content = b"".join(out) + xml[cursor:hi]
        new_attrs = _widen_spans(attrs, created)
        if xml[stop - 2:stop] == b"/>":  # self-closed row grows content
            return b"<%srow%s>%s</%srow>" % (self.p, new_attrs, content, self.p), created
        start_tag = xml[start:lo] if new_attrs == attrs else xml[start:lo].replace(attrs, new_attrs, 1)
        return start_tag + content + xml[hi:stop], created

    def _patch_existing(self, start: int, stop: int, inner: tuple[int, int], row: int,
                        wanted: dict[int, CellValue]) -> bytes | None | Literal[False]:
        """The common case fast: every wanted cell is there with its `r` (Excel, LibreOffice and
        our templates always write it), so each is found by its reference instead of walking
        the row cell by cell. The new row, None when no cell changes; False: take the slow path."""
        xml, (lo, hi) = self.xml, inner
        found = []
        for col, value in wanted.items():
            ref = b"%s%d" % (get_column_letter(col).encode(), row)
            at, cell = lo, None
            while cell is None:
                at = xml.find(b' r="' + ref + b'"', at, hi)
                if at < 0:
                    return False
                # inside a start tag of a cell (text nodes cannot hold "<", and ">" ends a tag)
                opened = xml.rfind(b"<", lo, at)
                if opened >= 0 and xml.find(b">", opened, at) < 0:
                    cell = self._cell_tag.match(xml, opened, hi)
                at += 1
            if cell is None:
                return False
            if cell[2]:
                c_stop = c_lo = c_hi = cell.end()
                c_attrs = cell[1].rstrip()
            else:
                c_hi = xml.find(self._cell_close, cell.end(), hi)
                if c_hi < 0:
                    raise PatchError("unclosed <c> element")
                c_lo, c_stop, c_attrs = cell.end(), c_hi + len(self._cell_close), cell[1]
            found.append((cell.start(), c_stop, c_attrs, c_lo, c_hi, value))
        out, cursor = [], start
        for c_start, c_stop, c_attrs, c_lo, c_hi, value in sorted(found, key=lambda f: f[0]):
            if c_start < cursor:
                return False  # two references in one cell: leave it to the careful path
            if not self.holds(c_attrs, xml[c_lo:c_hi], value):
                out += [xml[cursor:c_start], self.rewrite_cell(c_attrs, xml[c_lo:c_hi], value)]
                cursor = c_stop
        return b"".join(out) + xml[cursor:stop] if out else None

    def patch(self, targets: dict[int, dict[int, CellValue]]) -> bytes:
        xml, p, m = self.xml, self.p, self.data_open
        if m[2]:  # <sheetData/>: nothing to merge with
            lo = hi = m.end()
        else:
            lo = m.end()
            hi = xml.find(b"</" + p + b"sheetData>", lo)
        out, cursor, prev, bbox = [], lo, 0, []
        pending = sorted(targets.items())
        for r_start, r_stop, r_attrs, r_lo, r_hi in self._elements(b"row", lo, hi):
            if not pending:
                break
            r = _attr(r_attrs, b"r")
            row = int(r) if r else prev + 1
            while pending and pending[0][0] < row:
                new_row = self._new_row(*pending.pop(0), bbox)
                if new_row:
                    out += [xml[cursor:r_start], new_row]
                    cursor = r_start
            if pending and pending[0][0] == row:
                new, created = self.patch_row(r_start, r_stop, r_attrs, (r_lo, r_hi), row, pending.pop(0)[1])
                if new is not None:
                    out += [xml[cursor:r_start], new]
                    cursor = r_stop
                    bbox += [(row, c) for c in created]
            prev = row
        tail = b"".join(filter(None, (self._new_row(r, cells, bbox) for r, cells in pending)))
        if not out and not tail:
            return xml
        if tail and m[2]:
            head = xml[: m.start()] + b"<%ssheetData>" % p
            return self._grow_dimension(head + tail + b"</%ssheetData>" % p + xml[m.end():], bbox)
        body = b"".join(out) + xml[cursor:hi] + tail
        return self._grow_dimension(xml[:lo] + body + xml[hi:], bbox)

    def _new_row(self, row: int, cells: dict[int, CellValue], bbox: list) -> bytes | None:
        cols = [c for c, v in sorted(cells.items()) if v is not None]
        if not cols:
            return None
        bbox += [(row, c) for c in cols]
        body = b"".join(self.new_cell(b"", row, c, cells[c]) for c in cols)
        return b'<%srow r="%d">%s</%srow>' % (self.p, row, body, self.p)

    def _grow_dimension(self, xml: bytes, bbox: list[tuple[int, int]]) -> bytes:
        """Readers such as openpyxl's read-only mode stop at <dimension>: include new cells."""
        m = re.search(rb"<" + re.escape(self.p) + rb"dimension\b([^>]*?)/?>", xml[: xml.find(b"sheetData")])
        ref = _attr(m[1], b"ref") if m else None
        if not bbox or ref is None:
            return xml
        try:
            corners = [_parse_ref(part) for part in ref.decode().split(":")]
        except ValueError:  # a nonsense hint: leave it as the producer wrote it
            return xml
        rows = [r for r, _ in corners + bbox]
        cols = [c for _, c in corners + bbox]
        first, last = f"{get_column_letter(min(cols))}{min(rows)}", f"{get_column_letter(max(cols))}{max(rows)}"
        new_ref = first if first == last else f"{first}:{last}"
        if new_ref == ref.decode():
            return xml
        new_tag = m[0].replace(m[1], _set_attr(m[1], b"ref", new_ref.encode()), 1)
        return xml[: m.start()] + new_tag + xml[m.end():]


def _widen_spans(attrs: bytes, cols: list[int]) -> bytes:
    """Keep the row's optional `spans` hint ("1:6", "1:3 5:8") covering every cell.

    The hint may over-cover, so an uncovered new column simply widens it to
    one range from the first to the last column.
    """
    spans = _attr(attrs, b"spans")
    if not cols or spans is None:
        return attrs
    try:
        ranges = [(int(lo), int(hi)) for lo, hi in (part.split(b":") for part in spans.split())]
    except ValueError:
        return _drop_attrs(attrs, b"spans")  # unreadable hint: better none than a wrong one
    if ranges and all(any(lo <= col <= hi for lo, hi in ranges) for col in cols):
        return attrs
    bounds = [c for rng in ranges for c in rng] + cols
    return _set_attr(attrs, b"spans", b"%d:%d" % (min(bounds), max(bounds)))


# ---------------------------------------------------------------------- public API
def patch_sheet_cells(data: bytes, sheet_name: str, cells: Mapping[str, CellValue]) -> bytes | None:
    """Return new .xlsx/.xlsm bytes with `cells` ({"K5": value}) written, or None if nothing changes.

    str is written as an inline string (text, even when it starts with "="),
    int/float as a number, bool as a boolean, None clears the value but keeps
    the cell and its style. A cell that already shows the value as a constant
    is left byte-identical, so repeated syncs (even after Excel re-saved the
    file with shared strings) return None and leave the file alone.
    """
    return patch_sheets(data, {sheet_name: cells})


def patch_sheets(data: bytes, edits: Mapping[str, Mapping[str, CellValue]]) -> bytes | None:
    """`patch_sheet_cells` for several sheets ({sheet name: cells}) in one pass over the package."""
    parts = Parts(data)
    try:
        replace: dict[str, bytes] = {}
        drop: set[str] = set()
        formula_removed = False
        for sheet_name, cells in edits.items():
            targets: dict[int, dict[int, CellValue]] = {}
            for ref, value in cells.items():
                row, col = _parse_ref(ref)
                targets.setdefault(row, {})[col] = value
            workbook, part = _sheet_part(parts, sheet_name)
            original = replace.get(part) or parts.read(part)
            sheet = _Sheet(original, _shared_strings_loader(parts, workbook))
            patched = sheet.patch(targets)
            if patched != original:
                replace[part] = patched
            formula_removed = formula_removed or sheet.formula_removed
        if not replace:
            return None
        if formula_removed:
            _drop_calc_chain(parts, _workbook_part(parts), replace, drop)
        # Copying the untouched parts' compressed bytes as they are (ziputil) is several
        # times cheaper than inflating and deflating all of them again (zipfile).
        return ziputil.rebuild(data, replace, drop) or _rebuild_zip(data, replace, drop)
    finally:
        parts.close()


def _drop_calc_chain(parts: Parts, workbook: str, replace: dict[str, bytes], drop: set[str]) -> None:
    """Excel flags a calc chain entry for a cell without a formula as corrupt; it rebuilds a missing one."""
    rels = _relationships(parts, workbook)
    chain = next((p for _, t, p in rels if t.endswith(_CALC_CHAIN_TYPE)), None)
    if chain is None or chain not in parts.names():
        return
    drop.add(chain)
    folder, name = posixpath.split(workbook)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    relationship = rb"""<Relationship\b[^>]*?Type=["'][^"']*/calcChain["'][^>]*?/>"""
    replace[rels_part] = re.sub(relationship, b"", parts.read(rels_part))
    override = rb"""<Override\b[^>]*?PartName=["']/""" + re.escape(chain.encode()) + rb"""["'][^>]*?/>"""
    replace["[Content_Types].xml"] = re.sub(override, b"", parts.read("[Content_Types].xml"))


def _rebuild_zip(data: bytes, replace: Mapping[str, bytes], drop: set[str]) -> bytes:
    """Copy every member in order with its name, timestamp, attributes and compression type."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        zout.comment = zin.comment
        for info in zin.infolist():
            if info.filename in drop:
                continue
            clone = zipfile.ZipInfo(info.filename, info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            clone.create_system = info.create_system
            clone.comment = info.comment
            content = replace[info.filename] if info.filename in replace else zin.read(info)
            zout.writestr(clone, content)
    return out.getvalue()


class WriteBackOutcome(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    LOCKED = "locked"
    CHANGED_SINCE_READ = "changed_since_read"
    REFUSED_BY_OS = "refused_by_os"
    SHEET_MISSING = "sheet_missing"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_back(path: Path, sheet_name: str, cells: Mapping[str, CellValue], *,
               expected_sha256: str | None, archive_dir: Path) -> WriteBackOutcome:
    """Patch `cells` into the workbook at `path` in place, safely.

    Never writes while the file is open in Excel, nor over edits made after
    the caller validated it (`expected_sha256`). The original is archived
    first and replaced atomically, so a crash leaves either the old or the
    new file, never a mix. Malformed workbooks raise (zipfile.BadZipFile,
    PatchError): sniff and validate before writing back. (The ledger's sync
    stages its files instead, and flushes and journals them all together:
    `stage_rewrite`, `flush_staged`, `commit_staged`.)
    """
    return rewrite_package(path, lambda data: patch_sheet_cells(data, sheet_name, cells),
                           expected_sha256=expected_sha256, archive_dir=archive_dir)


def rewrite_package(path: Path, transform: Callable[[bytes], bytes | None], *, expected_sha256: str | None,
                    archive_dir: Path) -> WriteBackOutcome:
    """Replace the workbook at `path` by `transform(its bytes)` with write_back's safety: not while
    open in Excel, not over a newer save, the original archived, the swap atomic. A transform
    returning None means nothing to change; one raising SheetNotFound means the sheet is gone."""
    path = Path(path)
    if excel_lock_file(path) is not None:
        return WriteBackOutcome.LOCKED
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS
    digest = hashlib.sha256(data).hexdigest()
    if expected_sha256 is not None and digest != expected_sha256.lower():
        return WriteBackOutcome.CHANGED_SINCE_READ
    try:
        patched = transform(data)
    except SheetNotFound:
        return WriteBackOutcome.SHEET_MISSING
    if patched is None:
        return WriteBackOutcome.UNCHANGED
    try:
        # Opening for update (without writing) is what fails on Windows while
        # another program holds the file: find out before archiving anything.
        with open(path, "r+b"):
            pass
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS
    _archive(path, data, digest, Path(archive_dir))
    return _replace_atomically(path, patched, mode, digest)


@dataclass(frozen=True)
class Staged:
    """A patched workbook written beside its original, not yet flushed to disk nor renamed over it."""

    path: Path
    tmp: Path
    sha256: str  # the original's, as validated
    new_sha256: str


def stage_rewrite(path: Path, transform: Callable[[bytes], bytes | None], *,
                  expected_sha256: str) -> WriteBackOutcome | Staged:
    """`rewrite_package`'s first half for many files at once (the ledger's sync): the same checks,
    then the new bytes in a temporary file beside the original, with the original's times. The
    caller flushes all staged files together, journals them, then `commit_staged` renames each:
    one wait for the disk instead of one per file."""
    path = Path(path)
    if excel_lock_file(path) is not None:
        return WriteBackOutcome.LOCKED
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        before = os.stat(path)
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected_sha256.lower():
        return WriteBackOutcome.CHANGED_SINCE_READ
    try:
        patched = transform(data)
    except SheetNotFound:
        return WriteBackOutcome.SHEET_MISSING
    if patched is None:
        return WriteBackOutcome.UNCHANGED
    try:
        with open(path, "r+b"):  # fails on Windows while another program holds the file
            pass
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return WriteBackOutcome.REFUSED_BY_OS
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(patched)
        os.chmod(tmp, before.st_mode & 0o7777)
        # The delivery time stays the department's: filling in computed cells is no delivery.
        os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
    except OSError:
        tmp.unlink(missing_ok=True)
        return WriteBackOutcome.REFUSED_BY_OS
    return Staged(path, tmp, digest, hashlib.sha256(patched).hexdigest())


def flush_staged(staged: list[Staged]) -> None:
    """Flush the staged files side by side: the file system commits the flushes together."""
    def flush(item: Staged) -> None:
        fd = os.open(item.tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(flush, staged))


def commit_staged(item: Staged) -> WriteBackOutcome:
    """Rename a flushed staged file over its original, after a last look (open? saved meanwhile?)."""
    try:
        if excel_lock_file(item.path) is not None:
            return WriteBackOutcome.LOCKED
        try:
            if sha256_file(item.path) != item.sha256:
                return WriteBackOutcome.CHANGED_SINCE_READ
            os.replace(item.tmp, item.path)
        except PermissionError:
            return WriteBackOutcome.REFUSED_BY_OS
        except FileNotFoundError:
            return WriteBackOutcome.CHANGED_SINCE_READ
        return WriteBackOutcome.WRITTEN
    finally:
        item.tmp.unlink(missing_ok=True)


def _archive(path: Path, data: bytes, digest: str, archive_dir: Path) -> Path:
    archive_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = archive_dir / f"{path.stem}.{stamp}.{digest[:12]}{path.suffix}"
    write_atomically(target, data)
    return target


def _replace_atomically(path: Path, data: bytes, mode: int, digest: str) -> WriteBackOutcome:
    """Temp file in the same folder (same file system), fsync, then one atomic rename."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:  # read-only share or folder
        return WriteBackOutcome.REFUSED_BY_OS
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        # Last look before the swap: someone may have opened or saved the file meanwhile.
        if excel_lock_file(path) is not None:
            return WriteBackOutcome.LOCKED
        try:
            if sha256_file(path) != digest:
                return WriteBackOutcome.CHANGED_SINCE_READ
            os.replace(tmp, path)
        except PermissionError:  # Windows: another program holds the file now
            return WriteBackOutcome.REFUSED_BY_OS
        _fsync_dir(path.parent)
        return WriteBackOutcome.WRITTEN
    finally:
        tmp.unlink(missing_ok=True)


def fsync_dirs(folders: set[Path]) -> None:
    """Make renames durable: one flush per folder, not per file."""
    for folder in sorted(folders):
        _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable on POSIX; Windows cannot open directories."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
