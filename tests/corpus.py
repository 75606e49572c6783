"""Hostile and broken workbooks, generated from a valid submission (issue 15).

Each maker takes the bytes of a valid agreement made by the template generator
and returns the bytes of a bad one. The zip writer here writes parts exactly as
given (compressed bytes, checksum and sizes), so a test can build a zip bomb in a
few milliseconds: a deflate stream of one block repeated, with the checksum of
the whole computed by crc32_combine instead of over gigabytes.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping

GOALS_PART = "xl/worksheets/sheet2.xml"  # "Mål" in every agreement the generator writes
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


# ---------------------------------------------------------------------------------------------- zip writing
def raw_parts(data: bytes) -> list[tuple[str, int, bytes, int, int]]:
    """(name, method, compressed bytes, crc, size) of each part, as stored."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
            begin = info.header_offset + 30 + name_length + extra_length
            parts.append((info.filename, info.compress_type, data[begin:begin + info.compress_size], info.CRC,
                          info.file_size))
    return parts


def write_zip(parts: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip of the parts exactly as given: nothing is compressed or checked here."""
    body, central = bytearray(), bytearray()
    for name, method, packed, crc, size in parts:
        raw = name.encode()
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, method, 0, 0x21, crc, len(packed), size,
                            len(raw), 0) + raw + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21, crc,
                               len(packed), size, len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(body), 0)
    return bytes(body + central + end)


def deflated(content: bytes) -> tuple[int, bytes, int, int]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zipfile.ZIP_DEFLATED, compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content)


def with_parts(data: bytes, replace: Mapping[str, bytes] = {}, drop: tuple[str, ...] = (),  # noqa: B006
               add: Mapping[str, bytes] = {}) -> bytes:  # noqa: B006
    parts = [(name, *deflated(replace[name])) if name in replace else (name, method, packed, crc, size)
             for name, method, packed, crc, size in raw_parts(data) if name not in drop]
    parts += [(name, *deflated(content)) for name, content in add.items()]
    return write_zip(parts)


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


# -------------------------------------------------------------------------------------------- crc32_combine
def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The crc32 of A+B from crc32(A), crc32(B) and len(B) (zlib's crc32_combine)."""
    if length2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _repeated_crc(chunk: bytes, times: int) -> int:
    crc, block, length = 0, zlib.crc32(chunk), len(chunk)
    while times:
        if times & 1:
            crc = crc32_combine(crc, block, length)
        block, length, times = crc32_combine(block, block, length), length * 2, times >> 1
    return crc


def bomb_part(head: bytes, chunk: bytes, times: int, tail: bytes) -> tuple[int, bytes, int, int]:
    """(method, packed, crc, size) of head + chunk * times + tail, deflated without ever building it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)  # no back references: repeatable
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == block
    packed_tail = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    crc = crc32_combine(crc, _repeated_crc(chunk, times), len(chunk) * times)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    return zipfile.ZIP_DEFLATED, packed_head + block * times + packed_tail, crc, len(head) + len(chunk) * times + len(tail)


def with_raw_part(data: bytes, name: str, raw: tuple[int, bytes, int, int], declared_size: int | None = None) -> bytes:
    method, packed, crc, size = raw
    parts = [(n, method, packed, crc, size if declared_size is None else declared_size) if n == name
             else (n, m, p, c, s) for n, m, p, c, s in raw_parts(data)]
    return write_zip(parts)


# ---------------------------------------------------------------------------------------------- the makers
def zero_bytes(valid: bytes) -> bytes:
    return b""


def random_bytes(valid: bytes) -> bytes:
    return bytes((n * 7919 + 13) % 251 for n in range(50_000))  # deterministic, no text, no signature


def truncated(valid: bytes) -> bytes:
    return valid[: len(valid) * 2 // 3]


def missing_sheet_part(valid: bytes) -> bytes:
    return with_parts(valid, drop=(GOALS_PART,))


def broken_relationship(valid: bytes) -> bytes:
    rels = part(valid, "xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet2.xml", b"worksheets/nowhere.xml")
    return with_parts(valid, {"xl/_rels/workbook.xml.rels": rels})


def zip_bomb(valid: bytes, gigabytes: int = 2) -> bytes:
    """The goals sheet inflates to `gigabytes` GB of one text cell; the file is about 2 MB per GB."""
    head = _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + _SHEET_TAIL
    return with_raw_part(valid, GOALS_PART, bomb_part(head, b"a" * (1 << 20), gigabytes * 1024, tail))


def zip_bomb_lying(valid: bytes) -> bytes:
    """The same bomb, its central directory claiming 8 KB: only a reader that trusts it inflates it all."""
    head = _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + _SHEET_TAIL
    return with_raw_part(valid, GOALS_PART, bomb_part(head, b"a" * (1 << 20), 2048, tail), declared_size=8192)


def dense_bomb(valid: bytes) -> bytes:
    """40 MB of sheet from 40 KB: under the size limit, far over the ratio."""
    head = _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + _SHEET_TAIL
    return with_raw_part(valid, GOALS_PART, bomb_part(head, b" " * (1 << 20), 40, tail))


_LAUGHS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                      for n in range(1, 10)) + b"]>\n")


def billion_laughs(valid: bytes) -> bytes:
    sheet = part(valid, GOALS_PART)
    body = sheet[sheet.index(b"<worksheet"):].replace(b"<t>", b"<t>&lol9;", 1)
    return with_parts(valid, {GOALS_PART: _LAUGHS + body})


def external_entity(valid: bytes) -> bytes:
    workbook = part(valid, "xl/workbook.xml")
    doctype = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    body = workbook[workbook.index(b"<workbook"):].replace(b'name="Forside"', b'name="&xxe;"', 1)
    return with_parts(valid, {"xl/workbook.xml": doctype + body})


def million_rows(valid: bytes) -> bytes:
    """The goals sheet with a million rows of goal ids (41 MB of XML in a 4 MB file), compressing
    about as well as real rows do: a thousand different rows, repeated a thousand times."""
    block = b"".join(b'<row><c t="inlineStr"><is><t>DAG-%d</t></is></c></row>' % (n * 7919 % 100003)
                     for n in range(1000))
    return with_raw_part(valid, GOALS_PART, bomb_part(_SHEET_HEAD, block, 1000, _SHEET_TAIL))


def far_cell(valid: bytes) -> bytes:
    """20 KB, and one cell in XFD1048576: a parser that allocates the grid asks for 550 GB."""
    sheet = part(valid, GOALS_PART)
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    return with_parts(valid, {GOALS_PART: sheet.replace(b"</sheetData>", far, 1)})


def csv_renamed(valid: bytes) -> bytes:
    return "Mål-id;Måltekst;Overordnet mål\nDAG-1;Læselyst;P1\n".encode("cp1252")


def ods_renamed(valid: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", b"<office:document-content/>")
    return out.getvalue()


def stamp_removed(valid: bytes) -> bytes:
    workbook = part(valid, "xl/workbook.xml")
    start = workbook.index(b'<sheet name="_roedtraad"')
    workbook = workbook[:start] + workbook[workbook.index(b"/>", start) + 2:]
    return with_parts(valid, {"xl/workbook.xml": workbook})


def still_being_written(valid: bytes) -> bytes:
    """What a reader sees of a file while Excel or a copy writes it: the first part of the zip, no directory."""
    return valid[: len(valid) // 3]


Maker = Callable[[bytes], bytes]

# Files that cannot be read whole: (name in the submissions folder, maker, the one finding's code).
UNREADABLE: list[tuple[str, Maker, str]] = [
    ("nul.xlsx", zero_bytes, "structure.empty-file"),
    ("tilfaeldig.xlsx", random_bytes, "structure.not-xlsx"),
    ("afkortet.xlsx", truncated, "structure.corrupt"),
    ("uden-maalark.xlsx", missing_sheet_part, "structure.corrupt"),
    ("brudt-relation.xlsx", broken_relationship, "structure.corrupt"),
    ("zipbombe.xlsx", zip_bomb, "structure.part-too-large"),
    ("zipbombe-loegn.xlsx", zip_bomb_lying, "structure.corrupt"),
    ("taet-bombe.xlsx", dense_bomb, "structure.inflation-ratio"),
    ("latter.xlsx", billion_laughs, "structure.unsafe-xml"),
    ("xxe.xlsx", external_entity, "structure.unsafe-xml"),
    ("million.xlsx", million_rows, "structure.sheet-too-large"),
    ("fjern-celle.xlsx", far_cell, "structure.sheet-too-large"),
    ("eksport.xlsx", csv_renamed, "structure.not-xlsx"),
    ("regneark.xlsx", ods_renamed, "structure.not-xlsx"),
    ("uden-stempel.xlsx", stamp_removed, "structure.not-a-template"),
    ("halvt-skrevet.xlsx", still_being_written, "structure.corrupt"),
]


def write_unreadable(folder: os.PathLike, valid: bytes) -> dict[str, str]:
    """Write every unreadable file into `folder`; name -> expected finding code."""
    expected = {}
    for name, make, code in UNREADABLE:
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(make(valid))
        expected[name] = code
    return expected
