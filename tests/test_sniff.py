"""sniff() must name what a department really sent, whatever the file extension says."""
from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from roedtraad.workbook_templates import sniff as sniff_module
from roedtraad.workbook_templates.sniff import FileKind, excel_lock_file, sniff

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def cfb_with_stream(stream_name: str, payload: bytes = b"\x00" * 4096) -> bytes:
    """A minimal valid OLE2/CFB (v3) container holding one stream.

    The payload is at least 4096 bytes so it lives in regular sectors and the
    container needs no mini stream: header, one FAT sector, one directory
    sector, then the data.
    """
    payload = payload.ljust(4096, b"\x00")
    payload += b"\x00" * (-len(payload) % 512)
    n_data = len(payload) // 512
    header = bytearray(512)
    header[0:8] = sniff_module.OLE2_SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    struct.pack_into("<109I", header, 76, 0, *[FREESECT] * 108)
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(n_data - 1)] + [ENDOFCHAIN]
    fat_sector = struct.pack("<128I", *(fat + [FREESECT] * (128 - len(fat))))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1 if name else 0)
        struct.pack_into("<III", raw, 68, NOSTREAM, NOSTREAM, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = (entry("Root Entry", 5, 1, ENDOFCHAIN, 0) + entry(stream_name, 2, NOSTREAM, 2, len(payload))
                 + entry("", 0, NOSTREAM, 0, 0) * 2)
    return bytes(header) + fat_sector + directory + payload


def xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Mål"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_empty_file(tmp_path):
    assert sniff(write(tmp_path, "tom.xlsx", b"")) is FileKind.EMPTY


def test_normal_xlsx_from_openpyxl_and_xlsxwriter(tmp_path):
    assert sniff(write(tmp_path, "a.xlsx", xlsx_bytes())) is FileKind.XLSX
    path = tmp_path / "b.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet().write("A1", 1)
    assert sniff(path) is FileKind.XLSX


def test_xlsm(tmp_path):
    vba = write(tmp_path, "vbaProject.bin", cfb_with_stream("PROJECT"))
    path = tmp_path / "makro.xlsm"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet().write("A1", 1)
        wb.add_vba_project(str(vba))
    assert sniff(path) is FileKind.XLSM


def test_encrypted_xlsx(tmp_path):
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes())).encrypt("hemmelig", out)
    assert sniff(write(tmp_path, "laast.xlsx", out.getvalue())) is FileKind.ENCRYPTED


def test_hand_built_ole_containers(tmp_path):
    assert sniff(write(tmp_path, "gammel.xlsx", cfb_with_stream("Workbook"))) is FileKind.XLS
    assert sniff(write(tmp_path, "excel5.xls", cfb_with_stream("Book"))) is FileKind.XLS
    assert sniff(write(tmp_path, "krypt.xlsx", cfb_with_stream("EncryptedPackage"))) is FileKind.ENCRYPTED
    assert sniff(write(tmp_path, "brev.xlsx", cfb_with_stream("WordDocument"))) is FileKind.NOT_SPREADSHEET
    # Only the signature survives: still reported as a legacy Office file.
    damaged = sniff_module.OLE2_SIGNATURE + b"\x00" * 504
    assert sniff(write(tmp_path, "skadet.xls", damaged)) is FileKind.XLS


def test_real_xls_and_ods_from_libreoffice(tmp_path, convert_with_soffice):
    source = write(tmp_path, "kilde.xlsx", xlsx_bytes())
    assert sniff(convert_with_soffice(source, "xls")) is FileKind.XLS
    assert sniff(convert_with_soffice(source, "ods")) is FileKind.ODS


def test_ods_by_mimetype_member(tmp_path):
    data = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                      "content.xml": b"<office:document-content/>"})
    assert sniff(write(tmp_path, "regneark.xlsx", data)) is FileKind.ODS
    text_doc = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"})
    assert sniff(write(tmp_path, "brev.xlsx", text_doc)) is FileKind.NOT_SPREADSHEET


@pytest.mark.parametrize("text, encoding", [
    ("kommune;beløp\nBærum;12,5\nÅlesund;3\n", "utf-8"),
    ("kommune;beløp\nBærum;12,5\n", "cp1252"),
    ("\ufeffkommune\tbeløp\r\nBærum\t12\r\n", "utf-16"),
    ("x;" * 3000 + "æ", "utf-8"),  # multi-byte character cut by the 4 KiB probe
])
def test_csv_renamed_to_xlsx(tmp_path, text, encoding):
    assert sniff(write(tmp_path, "eksport.xlsx", text.encode(encoding))) is FileKind.TEXT


def test_random_bytes(tmp_path):
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(10_000))
    assert sniff(write(tmp_path, "støy.xlsx", data)) is FileKind.NOT_SPREADSHEET
    no_nul = bytes(rng.randrange(1, 256) for _ in range(10_000))
    assert sniff(write(tmp_path, "støy2.xlsx", no_nul)) is FileKind.NOT_SPREADSHEET


def test_truncated_and_incomplete_zips(tmp_path):
    data = xlsx_bytes()
    assert sniff(write(tmp_path, "halv.xlsx", data[: len(data) // 2])) is FileKind.CORRUPT_ZIP
    no_types = zip_bytes({"xl/workbook.xml": b"<workbook/>"})
    assert sniff(write(tmp_path, "uten_typer.xlsx", no_types)) is FileKind.CORRUPT_ZIP
    no_workbook = zip_bytes({"[Content_Types].xml": b"<Types>spreadsheetml.sheet.main+xml</Types>"})
    assert sniff(write(tmp_path, "uten_bok.xlsx", no_workbook)) is FileKind.CORRUPT_ZIP
    docx_like = zip_bytes({"[Content_Types].xml": b"<Types>wordprocessingml</Types>",
                           "word/document.xml": b"<document/>"})
    assert sniff(write(tmp_path, "notat.xlsx", docx_like)) is FileKind.NOT_SPREADSHEET


def test_damaged_member_data(tmp_path):
    data = bytearray(xlsx_bytes())
    start = data.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    data[start:start + 40] = b"\xff" * 40  # compressed content types become garbage
    assert sniff(write(tmp_path, "skadet.xlsx", bytes(data))) is FileKind.CORRUPT_ZIP


def test_unreadable(tmp_path, monkeypatch):
    assert sniff(tmp_path / "finnes_ikke.xlsx") is FileKind.UNREADABLE
    assert sniff(tmp_path) is FileKind.UNREADABLE  # a directory
    path = write(tmp_path, "delt.xlsx", xlsx_bytes())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(sniff_module, "open", refuse, raising=False)
    assert sniff(path) is FileKind.UNREADABLE


def test_excel_lock_file(tmp_path):
    book = write(tmp_path, "Budsjett2025.xlsx", b"")
    assert excel_lock_file(book) is None
    lock = write(tmp_path, "~$Budsjett2025.xlsx", b"owner")
    assert excel_lock_file(book) == lock
    lock.unlink()
    short = write(tmp_path, "~$dsjett2025.xlsx", b"owner")  # Excel drops two characters
    assert excel_lock_file(book) == short
    short.unlink()
    office = write(tmp_path, ".~lock.Budsjett2025.xlsx#", b"owner")
    assert excel_lock_file(book) == office
