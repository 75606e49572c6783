"""The limits checked before parsing: sheet extent from the XML, sizes from the zip directory."""
from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

import corpus
from roedtraad.config import Limits
from roedtraad.workbook_templates import ziputil
from roedtraad.workbook_templates.limits import extent, size_problem

LIMITS = Limits(max_rows_per_sheet=1000, max_columns_per_sheet=50)


def sheet(rows: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    rows = rows.replace("<row", f"<{p}row").replace("</row", f"</{p}row").replace("<c", f"<{p}c").replace(
        "</c", f"</{p}c")
    return f'<{p}worksheet xmlns{":" + prefix if prefix else ""}="x"><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'.encode()


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@pytest.mark.parametrize("prefix", ["", "x"])
def test_extent_counts_rows_and_places_cells_without_a_reference(prefix):
    assert extent(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', prefix), LIMITS)[0] == 1
    assert extent(sheet("<row><c/></row>" * 1001, prefix), LIMITS)[0] == 1001
    assert extent(sheet('<row r="5"><c r="C5"/>' + "<c/>" * 60 + "</row>", prefix), LIMITS) == (5, 63)
    assert extent(sheet('<row r="9999"><c r="B9999"><v>1</v></c></row>', prefix), LIMITS)[0] == 9999
    assert extent(sheet('<row r="2"><c r="ZZ2"><v>1</v></c></row>', prefix), LIMITS)[1] == 702


@hsettings(max_examples=60, deadline=None)
@given(row=st.integers(1, 1_048_576), column=st.integers(1, 16_384),
       max_rows=st.integers(1, 2_000_000), max_columns=st.integers(1, 20_000))
def test_a_cell_beyond_the_limits_is_always_seen(row, column, max_rows, max_columns):
    limits = Limits(max_rows_per_sheet=max_rows, max_columns_per_sheet=max_columns)
    ref = f"{column_letters(column)}{row}"
    far = f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'
    first = '<c r="A1"><v>1</v></c>' if ref != "A1" else ""
    xml = sheet(f'<row r="1">{first}{far}</row>' if row == 1 else
                f'<row r="1">{first}</row><row r="{row}">{far}</row>')
    rows, columns = extent(xml, limits)
    beyond = row > max_rows or column > max_columns or (row > 1 and max_rows < 2)
    assert (rows > max_rows or columns > max_columns) == beyond


def test_declared_sizes_decide_before_anything_is_inflated(tmp_path):
    valid = corpus.write_zip([("a.xml", *corpus.deflated(b"<a/>"))])
    assert size_problem(ziputil.Package(valid), LIMITS, "f.xlsx") is None
    bomb = corpus.write_zip([("a.xml", *corpus.bomb_part(b"<a>", b"x" * 65536, 2048, b"</a>"))])
    assert size_problem(ziputil.Package(bomb), LIMITS, "f.xlsx").code == "structure.part-too-large"
    dense = corpus.write_zip([("a.xml", *corpus.bomb_part(b"<a>", b"x" * 65536, 100, b"</a>"))])
    assert size_problem(ziputil.Package(dense), LIMITS, "f.xlsx").code == "structure.inflation-ratio"


def test_a_part_that_inflates_past_its_declared_size_is_refused_without_inflating_it():
    method, packed, crc, size = corpus.bomb_part(b"<a>", b"x" * (1 << 20), 1024, b"</a>")
    lying = corpus.write_zip([("a.xml", method, packed, crc, 100)])
    package = ziputil.Package(lying)
    import zipfile

    with pytest.raises(zipfile.BadZipFile):
        package.read("a.xml")
    package.members = None  # the zipfile path refuses it as well, reading no more than it declares
    with pytest.raises(zipfile.BadZipFile):
        package.read("a.xml")
