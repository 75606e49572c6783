"""Patching cells in place must keep everything else in a department's workbook intact."""
from __future__ import annotations

import csv
import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter

from roedtraad.sync import xlsx_patch
from roedtraad.sync.xlsx_patch import (
    PatchError, SheetNotFound, WriteBackOutcome, patch_sheet_cells, read_sheet_xml,
    sha256_file, write_back)

SHEET_PART = "xl/worksheets/sheet1.xml"
UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76"  # 76 = UTF-8; the default follows the locale

PATCH = {
    "B2": "Andel fysisk aktive",  # shared-string cell becomes an inline string
    "D3": 0.61,                   # number replaced
    "H2": "KOMMUNE-2025-001",     # empty cell in an existing row
    "H3": "=SUM(A1)",             # text that looks like a formula stays text
    "G4": None,                   # value cleared, cell and style kept
    "D6": 0.58,                   # formula replaced by a constant
    "K12": 3,                     # new row, in a column with a column style
    "A30": "Ny rad æøå <&>",      # new row far below, needs escaping
}


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    pixels = b"".join(b"\x00" + b"\xcc\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def enriched_workbook(path: Path) -> bytes:
    """Everything openpyxl would lose or mangle on a load+save round trip."""
    wb = xlsxwriter.Workbook(path)
    ws, data = wb.add_worksheet("Mål"), wb.add_worksheet("Data")
    bold = wb.add_format({"bold": True})
    yellow = wb.add_format({"bg_color": "#FFFF00"})
    ws.write_row(0, 0, ["Mål", "Indikator", "Mål 2025", "Resultat", "Ansvar", "Status", "Merknad", "Sporbarhet"], bold)
    rows = [["Folkehelse", "Andel aktive", 0.6, 0.55, "Helse", "Gul", "ok"],
            ["Skole", "Gjennomføring", 0.8, 0.82, "Oppvekst", "Grønn", "fint"],
            ["Klima", "Utslipp", 100, 120, "Teknisk", "Rød", "tiltak"],
            ["Økonomi", "Netto driftsresultat", 0.02, 0.01, "Økonomi", "Gul", ""]]
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    ws.write_formula("D6", "=AVERAGE(D2:D5)", None, 0.5)
    ws.set_column("K:K", 14, yellow)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": "='Mål'!$A$2:$A$5", "values": "='Mål'!$D$2:$D$5"})
    ws.insert_chart("M8", chart)
    ws.insert_image("M2", "pixel.png", {"image_data": io.BytesIO(tiny_png())})
    ws.write_comment("A2", "Skrevet av etaten")
    ws.add_sparkline("I2", {"range": "'Mål'!C2:D2"})
    ws.insert_button("J2", {"macro": "Oppdater", "caption": "Oppdater"})
    ws.conditional_format("D2:D5", {"type": "cell", "criteria": "<", "value": 0.5, "format": yellow})
    ws.data_validation("F2:F5", {"validate": "list", "source": ["Grønn", "Gul", "Rød"]})
    wb.define_name("Resultater", "='Mål'!$D$2:$D$5")
    data.write_row(0, 0, ["Kommune", "Innbyggere"])
    data.write_row(1, 0, ["Bærum", 130000])
    wb.close()
    return path.read_bytes()


def values(data: bytes) -> dict[str, dict[str, object]]:
    """Every non-empty cell of every sheet, as openpyxl's read-only reader sees it."""
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out = {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                      if getattr(c, "value", None) not in (None, "")} for ws in wb.worksheets}
    wb.close()
    return out


def expected_after(before: dict, sheet: str, cells: dict) -> dict:
    after = {name: dict(cells_) for name, cells_ in before.items()}
    for ref, value in cells.items():
        if value is None:
            after[sheet].pop(ref, None)
        else:
            after[sheet][ref] = value
    return after


def members(data: bytes) -> list[tuple[str, bytes, int, tuple, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i), i.compress_type, i.date_time, i.external_attr) for i in zf.infolist()]


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, content if info.filename == name else zin.read(info))
    return out.getvalue()


def strip_cells(xml: bytes, refs, rows=()) -> bytes:
    """Remove the given cells/rows and the dimension, to compare the rest byte for byte."""
    for ref in refs:
        xml = re.sub(rb'<c r="%s"(?:[^>]*/>|[^>]*>.*?</c>)' % ref.encode(), b"", xml, flags=re.S)
    for row in rows:
        xml = re.sub(rb'<row r="%d"[^>]*>.*?</row>' % row, b"", xml, flags=re.S)
    return re.sub(rb"<dimension [^>]*/>", b"", xml)


@pytest.fixture
def enriched(tmp_path) -> bytes:
    return enriched_workbook(tmp_path / "enriched.xlsx")


def assert_only_sheet_changed(original: bytes, patched: bytes) -> None:
    old, new = members(original), members(patched)
    assert [m[0] for m in new] == [m[0] for m in old]
    for before, after in zip(old, new):
        if before[0] != SHEET_PART:
            assert after == before, before[0]
        else:
            assert after[2:] == before[2:]  # compression, timestamp, attributes


def test_enriched_workbook_keeps_every_other_part(enriched):
    patched = patch_sheet_cells(enriched, "Mål", PATCH)
    assert patched is not None
    assert_only_sheet_changed(enriched, patched)
    new = members(patched)
    for part in ("xl/drawings/drawing1.xml", "xl/charts/chart1.xml", "xl/media/image1.png",
                 "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/sharedStrings.xml"):
        assert part in [m[0] for m in new]


def test_enriched_workbook_values(enriched):
    patched = patch_sheet_cells(enriched, "Mål", PATCH)
    assert values(patched) == expected_after(values(enriched), "Mål", PATCH)
    full = openpyxl.load_workbook(io.BytesIO(patched))  # the non-streaming parser accepts it too
    text_cell = full["Mål"]["H3"]
    assert (text_cell.value, text_cell.data_type) == ("=SUM(A1)", "s")
    assert full["Mål"]["K12"].fill.fgColor.rgb.endswith("FFFF00")  # new cell took the column style
    assert full["Mål"]["G4"].value is None
    assert full.defined_names["Resultater"].attr_text == "'Mål'!$D$2:$D$5"
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(patched)).get_sheet_by_name("Mål")
    rows = sheet.to_python()
    assert rows[2][7] == "=SUM(A1)" and rows[29][0] == "Ny rad æøå <&>" and rows[11][10] == 3


def test_enriched_sheet_xml_changes_only_touched_cells(enriched):
    old_xml = read_sheet_xml(enriched, "Mål")
    new_xml = read_sheet_xml(patch_sheet_cells(enriched, "Mål", PATCH), "Mål")
    assert strip_cells(new_xml, PATCH, rows=(12, 30)) == strip_cells(old_xml, PATCH)
    assert b'<dimension ref="A1:K30"/>' in new_xml
    assert b"AVERAGE" not in new_xml
    g4_old = re.search(rb'<c r="G4"([^>]*?)/?>', old_xml)[1]
    assert re.search(rb'<c r="G4"([^>]*?)/>', new_xml)[1] == g4_old.replace(b' t="s"', b"")


def test_second_patch_is_a_no_op(enriched):
    patched = patch_sheet_cells(enriched, "Mål", PATCH)
    assert patch_sheet_cells(patched, "Mål", PATCH) is None
    assert patch_sheet_cells(enriched, "Mål", {"A2": "Folkehelse", "C4": 100, "Z99": None}) is None


def inline_to_shared(data: bytes) -> bytes:
    """What an Excel re-save does to our cells: inline strings move into sharedStrings.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        table = re.findall(rb"<si>.*?</si>", zf.read("xl/sharedStrings.xml"), re.S)

    def to_shared(m: re.Match) -> bytes:
        table.append(b"<si><t>%s</t></si>" % m[2])
        return m[1] + b' t="s"><v>%d</v></c>' % (len(table) - 1)

    xml = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
                 to_shared, read_sheet_xml(data, "Mål"))
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (len(table), len(table)) + b"".join(table) + b"</sst>")
    return replace_member(replace_member(data, SHEET_PART, xml), "xl/sharedStrings.xml", sst)


def test_values_already_present_after_excel_style_resave(enriched):
    """After Excel re-saves, our strings sit in sharedStrings.xml: still no rewrite."""
    resaved = inline_to_shared(patch_sheet_cells(enriched, "Mål", PATCH))
    assert b"inlineStr" not in read_sheet_xml(resaved, "Mål")
    assert values(resaved)["Mål"]["H3"] == "=SUM(A1)"
    assert patch_sheet_cells(resaved, "Mål", PATCH) is None


def test_openpyxl_saved_workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mål"
    ws.append(["Enhet", "Mål", "Status"])
    ws.append(["Helse", 0.5, "Gul"])
    ws.append(["Skole", 0.7, "Grønn"])
    wb.create_sheet("Andre")["B2"] = "uberørt"
    buf = io.BytesIO()
    wb.save(buf)
    original = buf.getvalue()
    cells = {"C2": "Rød", "B3": 0.75, "D2": "=A1", "A5": 12, "C3": None}
    patched = patch_sheet_cells(original, "Mål", cells)
    assert values(patched) == expected_after(values(original), "Mål", cells)
    assert_only_sheet_changed(original, patched)
    assert b"spans" not in read_sheet_xml(original, "Mål")  # openpyxl writes its own XML style
    assert patch_sheet_cells(patched, "Mål", cells) is None


def test_self_closing_styled_and_formula_cells(tmp_path):
    path = tmp_path / "formler.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Mål")
        pct = wb.add_format({"num_format": "0%", "bold": True})
        ws.write_row(0, 0, ["a", "b", "c"])
        ws.write_blank("B2", None, pct)          # <c r="B2" s="1"/>
        ws.write_formula("C2", "=A1&B1", pct, "ab")
        ws.write_formula("D2", "=1+1", None, 2)
        ws.write_formula("E2", "=2+2", None, 4)
        ws.set_row(2, 30)                        # an empty self-closed row with a height
        ws.set_row(4, None, pct)                 # an empty row with a row style
    original = path.read_bytes()
    xml = read_sheet_xml(original, "Mål")
    assert re.search(rb'<c r="B2" s="(\d+)"/>', xml) and re.search(rb'<row r="3"[^>]*/>', xml)
    style = re.search(rb'<c r="B2" s="(\d+)"/>', xml)[1]
    cells = {"B2": 0.25, "C2": "tekst", "D2": None, "C3": "i tom rad", "B5": 7}
    new = read_sheet_xml(patched := patch_sheet_cells(original, "Mål", cells), "Mål")
    assert b'<c r="B2" s="%s"><v>0.25</v></c>' % style in new
    assert b'<c r="C2" s="%s" t="inlineStr">' % style in new
    assert re.search(rb'<c r="D2"/>', new)
    assert b"<f>2+2</f>" in new and b"A1&amp;B1" not in new and b"1+1" not in new
    assert re.search(rb'<row r="3"[^>]*ht="30"[^>]*><c r="C3" t="inlineStr">', new)
    assert re.search(rb'<row r="5"[^>]*><c r="B5" s="%s"><v>7</v></c></row>' % style, new)
    assert values(patched) == expected_after(values(original), "Mål", cells)


def test_empty_sheet_data_and_prefixed_elements(tmp_path):
    path = tmp_path / "tom.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        wb.add_worksheet("Mål")
        wb.add_worksheet("Data").write("A1", 1)
    original = path.read_bytes()
    assert b"<sheetData/>" in read_sheet_xml(original, "Mål")
    patched = patch_sheet_cells(original, "Mål", {"C3": "x", "A1": 1, "B1": None})
    assert values(patched)["Mål"] == {"A1": 1, "C3": "x"}
    assert b'<dimension ref="A1:C3"/>' in read_sheet_xml(patched, "Mål")

    # The same sheet written with an "x:" prefix, as some non-Excel producers do.
    xml = read_sheet_xml(patched, "Mål")
    prefixed = re.sub(rb"<(/?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", xml)
    prefixed = prefixed.replace(b'xmlns="http://schemas', b'xmlns:x="http://schemas', 1)
    source = replace_member(patched, SHEET_PART, prefixed)
    assert values(source)["Mål"] == {"A1": 1, "C3": "x"}
    result = patch_sheet_cells(source, "Mål", {"B3": "y", "A1": 2, "D5": 4.5})
    new_xml = read_sheet_xml(result, "Mål")
    assert b'<x:c r="B3" t="inlineStr"><x:is><x:t xml:space="preserve">y</x:t></x:is></x:c>' in new_xml
    assert b"<c " not in new_xml and b"<row" not in new_xml
    assert values(result)["Mål"] == {"A1": 2, "B3": "y", "C3": "x", "D5": 4.5}


def test_rows_and_cells_without_r_attributes(enriched):
    """r is optional: positions then follow from document order."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>')
    source = replace_member(enriched, SHEET_PART, sheet)
    patched = patch_sheet_cells(source, "Mål", {"B1": 20, "A2": None, "C2": None})
    assert read_sheet_xml(patched, "Mål") == sheet.replace(b"<v>2</v>", b"<v>20</v>").replace(
        b"<c><v>3</v></c>", b"<c/>")
    assert values(patched)["Mål"] == {"A1": 1, "B1": 20}
    cells = {"B2": 5, "A4": "ny", "D1": 7, "A1": 0.5}
    assert values(patch_sheet_cells(source, "Mål", cells))["Mål"] == {"A1": 0.5, "B1": 2, "D1": 7, "A2": 3,
                                                                      "B2": 5, "A4": "ny"}


def test_special_strings_round_trip(enriched):
    cells = {"H2": "linje1\nlinje2\ttab", "H3": "_x0041_ bokstavelig", "H4": "ctrl\x01char", "H5": "  mellomrom  "}
    patched = patch_sheet_cells(enriched, "Mål", cells)
    assert patch_sheet_cells(patched, "Mål", cells) is None  # our own escaping reads back equal
    got = values(patched)["Mål"]
    assert got["H2"] == "linje1\nlinje2\ttab" and got["H5"] == "  mellomrom  "
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(patched)).get_sheet_by_name("Mål")
    assert sheet.to_python()[2][7] == "_x0041_ bokstavelig"


def test_booleans_and_bad_values(enriched):
    patched = patch_sheet_cells(enriched, "Mål", {"H2": True})
    assert values(patched)["Mål"]["H2"] is True
    with pytest.raises(ValueError):
        patch_sheet_cells(enriched, "Mål", {"H2": float("nan")})
    with pytest.raises(ValueError):
        patch_sheet_cells(enriched, "Mål", {"H2:H3": 1})
    with pytest.raises(TypeError):
        patch_sheet_cells(enriched, "Mål", {"H2": object()})


def test_sheet_lookup(enriched):
    with pytest.raises(SheetNotFound) as info:
        patch_sheet_cells(enriched, "Finnes ikke", {"A1": 1})
    assert isinstance(info.value, KeyError) and "Mål" in str(info.value)
    nfd = unicodedata.normalize("NFD", "mål")
    assert patch_sheet_cells(enriched, nfd, {"H2": "x"}) is not None


def test_shared_formula_master_is_refused(enriched):
    rows = (b'<row r="7"><c r="D7"><f t="shared" ref="D7:D8" si="0">D2*2</f><v>1</v></c></row>'
            b'<row r="8"><c r="D8"><f t="shared" si="0"/><v>1</v></c></row></sheetData>')
    source = replace_member(enriched, SHEET_PART, read_sheet_xml(enriched, "Mål").replace(b"</sheetData>", rows))
    with pytest.raises(PatchError):
        patch_sheet_cells(source, "Mål", {"D7": 1})
    assert patch_sheet_cells(source, "Mål", {"D8": 1}) is not None  # a dependent may be replaced


def test_replacing_a_formula_drops_the_stale_calc_chain(enriched):
    chain = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
             b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="D6" i="1"/></calcChain>')
    with zipfile.ZipFile(io.BytesIO(enriched)) as zf:
        types, rels = zf.read("[Content_Types].xml"), zf.read("xl/_rels/workbook.xml.rels")
    types = types.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                          b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    source = replace_member(replace_member(enriched, "[Content_Types].xml", types), "xl/_rels/workbook.xml.rels", rels)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "a") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/calcChain.xml", chain)
    source = out.getvalue()
    # Plain values leave the calc chain alone...
    kept = dict((m[0], m[1]) for m in members(patch_sheet_cells(source, "Mål", {"H2": "x"})))
    assert kept["xl/calcChain.xml"] == chain
    # ...replacing the formula in D6 removes it and both references to it.
    dropped = dict((m[0], m[1]) for m in members(patch_sheet_cells(source, "Mål", {"D6": 1})))
    assert "xl/calcChain.xml" not in dropped
    assert b"calcChain" not in dropped["[Content_Types].xml"]
    assert b"calcChain" not in dropped["xl/_rels/workbook.xml.rels"]
    assert dropped["[Content_Types].xml"] == types.replace(re.search(rb"<Override[^>]*calcChain[^>]*/>", types)[0], b"")


def test_spans_hint_is_widened():
    widen = xlsx_patch._widen_spans
    assert widen(b' r="2" spans="1:3 5:8" ht="20"', [4]) == b' r="2" spans="1:8" ht="20"'
    assert widen(b' r="2" spans="2:3 5:8"', [10, 1]) == b' r="2" spans="1:10"'
    assert widen(b' r="2" spans="1:3 5:8"', [7]) == b' r="2" spans="1:3 5:8"'
    assert widen(b' r="2"', [3]) == b' r="2"'
    assert widen(b' r="2" spans="1"', [3]) == b' r="2"'  # malformed hint is dropped


def test_new_cell_outside_the_row_spans(enriched):
    patched = patch_sheet_cells(enriched, "Mål", {"Z3": "langt ute", "A3": "først"})
    assert re.search(rb'<row r="3" spans="1:26"', read_sheet_xml(patched, "Mål"))
    assert values(patched) == expected_after(values(enriched), "Mål", {"Z3": "langt ute", "A3": "først"})


@pytest.fixture
def patched_enriched_file(tmp_path, enriched) -> Path:
    path = tmp_path / "patched.xlsx"
    path.write_bytes(patch_sheet_cells(enriched, "Mål", PATCH))
    return path


def test_patched_workbook_opens_in_libreoffice(patched_enriched_file, convert_with_soffice):
    csv_path = convert_with_soffice(patched_enriched_file, UTF8_CSV)
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8", errors="replace"))))
    assert rows[1][1] == "Andel fysisk aktive" and rows[1][7] == "KOMMUNE-2025-001"
    assert rows[2][7] == "=SUM(A1)" and rows[2][3].replace(",", ".") == "0.61"
    assert rows[5][3].replace(",", ".") == "0.58" and rows[11][10] == "3"
    assert rows[29][0] == "Ny rad æøå <&>" and rows[3][6] == ""


def test_prefixed_and_self_closing_variants_open_in_libreoffice(tmp_path, convert_with_soffice):
    path = tmp_path / "variant.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Mål")
        ws.write_blank("B2", None, wb.add_format({"bold": True}))
        ws.write_formula("C2", "=1+1", None, 2)
        ws.set_row(2, 30)
    data = path.read_bytes()
    xml = read_sheet_xml(data, "Mål")
    prefixed = re.sub(rb"<(/?)([A-Za-z]+)([\s/>])", rb"<\1x:\2\3", xml)
    data = replace_member(data, SHEET_PART, prefixed.replace(b'xmlns="', b'xmlns:x="', 1))
    path.write_bytes(patch_sheet_cells(data, "Mål", {"B2": "fet", "C2": 5, "A3": "rad3", "D9": "ny"}))
    rows = list(csv.reader(io.StringIO(convert_with_soffice(path, UTF8_CSV).read_text(encoding="utf-8"))))
    assert rows[1][1:3] == ["fet", "5"] and rows[2][0] == "rad3" and rows[8][3] == "ny"


# ------------------------------------------------------------------------ write_back
@pytest.fixture
def book(tmp_path, enriched) -> Path:
    folder = tmp_path / "etat"
    folder.mkdir()
    path = folder / "Helse og omsorg.xlsx"
    path.write_bytes(enriched)
    path.chmod(0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part")))


def test_write_back_written_archives_and_replaces(book, tmp_path):
    original = book.read_bytes()
    archive = tmp_path / "arkiv" / "helse"
    outcome = write_back(book, "Mål", PATCH, expected_sha256=sha256_file(book), archive_dir=archive)
    assert outcome is WriteBackOutcome.WRITTEN
    archived = list(archive.iterdir())
    assert len(archived) == 1 and archived[0].read_bytes() == original
    assert re.fullmatch(r"Helse og omsorg\.\d{8}T\d{12}Z\.[0-9a-f]{12}\.xlsx", archived[0].name)
    assert book.read_bytes() == patch_sheet_cells(original, "Mål", PATCH)
    assert book.stat().st_mode & 0o777 == 0o640
    assert leftovers(book.parent) == [] and leftovers(archive) == []


def test_write_back_unchanged_touches_nothing(book, tmp_path):
    os.utime(book, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = (book.read_bytes(), book.stat().st_mtime_ns)
    outcome = write_back(book, "Mål", {"A2": "Folkehelse"}, expected_sha256=None, archive_dir=tmp_path / "arkiv")
    assert outcome is WriteBackOutcome.UNCHANGED
    assert (book.read_bytes(), book.stat().st_mtime_ns) == before
    assert not (tmp_path / "arkiv").exists()


@pytest.mark.parametrize("lock_name", ["~$Helse og omsorg.xlsx", "~$lse og omsorg.xlsx"])
def test_write_back_locked(book, tmp_path, lock_name):
    (book.parent / lock_name).write_bytes(b"owner")
    before = book.read_bytes()
    assert write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a") is WriteBackOutcome.LOCKED
    assert book.read_bytes() == before


def test_write_back_changed_since_read(book, tmp_path):
    stale = "0" * 64
    outcome = write_back(book, "Mål", PATCH, expected_sha256=stale, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.CHANGED_SINCE_READ


def test_write_back_notices_a_save_during_the_patch(book, tmp_path, monkeypatch):
    real_patch = xlsx_patch.patch_sheet_cells

    def patch_while_user_saves(*args):
        result = real_patch(*args)
        book.write_bytes(b"saved by the department meanwhile")
        return result

    monkeypatch.setattr(xlsx_patch, "patch_sheet_cells", patch_while_user_saves)
    outcome = write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.CHANGED_SINCE_READ
    assert book.read_bytes() == b"saved by the department meanwhile" and leftovers(book.parent) == []


def test_write_back_notices_excel_opening_the_file_during_the_patch(book, tmp_path, monkeypatch):
    real_patch = xlsx_patch.patch_sheet_cells

    def patch_while_user_opens(*args):
        (book.parent / f"~${book.name}").write_bytes(b"owner")
        return real_patch(*args)

    monkeypatch.setattr(xlsx_patch, "patch_sheet_cells", patch_while_user_opens)
    before = book.read_bytes()
    outcome = write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.LOCKED
    assert book.read_bytes() == before and leftovers(book.parent) == []


def test_write_back_sheet_missing(book, tmp_path):
    outcome = write_back(book, "Budsjett", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.SHEET_MISSING


@pytest.mark.parametrize("refused_mode", ["rb", "r+b"])
def test_write_back_refused_by_os(book, tmp_path, monkeypatch, refused_mode):
    """chmod 000 does not stop root, so simulate a Windows sharing violation."""
    real_open = open

    def sharing_violation(file, mode="r", *args, **kwargs):
        if Path(file) == book and mode == refused_mode:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(xlsx_patch, "open", sharing_violation, raising=False)
    before = book.read_bytes()
    outcome = write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.REFUSED_BY_OS
    assert book.read_bytes() == before and not (tmp_path / "a").exists()


def test_write_back_refused_at_the_final_rename(book, tmp_path, monkeypatch):
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == book:
            raise PermissionError(13, "in use")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    before = book.read_bytes()
    outcome = write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert outcome is WriteBackOutcome.REFUSED_BY_OS
    assert book.read_bytes() == before and leftovers(book.parent) == []


def test_write_back_failure_leaves_original_and_no_temp_file(book, tmp_path, monkeypatch):
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the archive copy succeeds, the new workbook's fsync fails
            raise OSError(5, "I/O error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    before = book.read_bytes()
    with pytest.raises(OSError):
        write_back(book, "Mål", PATCH, expected_sha256=None, archive_dir=tmp_path / "a")
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == [book.name]
