"""The master's rows are rendered once per process and reused while their values stay the same.

A reused row must be byte for byte what rendering it again would give, in its new place; values
that Python holds equal but Excel shows differently (1, 1.0, True; 0.0, -0.0) are never mixed up.
"""
from __future__ import annotations

import zipfile
from datetime import date

from roedtraad.sync import sheet_writer
from roedtraad.sync.sheet_writer import Kind, Link, OutColumn, StreamedWorkbook

COLUMNS = [OutColumn("Tekst"), OutColumn("Tal", Kind.NUMBER), OutColumn("Beløb", Kind.AMOUNT),
           OutColumn("Dato", Kind.DATE), OutColumn("Link", Kind.LINK)]
ROWS = [["=1+1", 1, 1.0, date(2026, 1, 2), Link("a.xlsx", "Mål", "A5", "Mål!A5")],
        ["tekst", 1.0, 1, None, None], ["", True, 0.0, None, "ren tekst"], ["x", -0.0, -0.0, None, None],
        ["<script>&", 2.5, 152300.5, date(2026, 12, 4), Link("b/c.xlsx", "", "A1", "c.xlsx")]]


def _sheet_xml(tmp_path, name: str, rows: list[list]) -> bytes:
    book = StreamedWorkbook()
    table = book.table("Data", "Data", COLUMNS, "da")
    for row in rows:
        table.append(row)
    table.close()
    book.save(tmp_path / name)
    with zipfile.ZipFile(tmp_path / name) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_reused_rows_equal_rows_rendered_afresh_in_their_new_places(tmp_path, monkeypatch):
    fresh = {}
    for order in ("first", "shifted"):
        rows = ROWS if order == "first" else [["ny række", 7, 7, None, None], *ROWS[::-1]]
        monkeypatch.setattr(sheet_writer, "_last_rows", {})  # nothing kept: rendered afresh
        fresh[order] = _sheet_xml(tmp_path, f"fresh-{order}.xlsx", rows)
    monkeypatch.setattr(sheet_writer, "_last_rows", {})
    assert _sheet_xml(tmp_path, "first.xlsx", ROWS) == fresh["first"]
    assert sheet_writer._last_rows, "the rows are kept for the next write of the table"
    assert _sheet_xml(tmp_path, "shifted.xlsx", [["ny række", 7, 7, None, None], *ROWS[::-1]]) == fresh["shifted"]


def test_values_python_holds_equal_are_rendered_as_excel_shows_them(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_writer, "_last_rows", {})
    xml = _sheet_xml(tmp_path, "a.xlsx", [["a", 1, 1, None, None], ["a", 1.0, 1.0, None, None],
                                          ["a", True, 0.0, None, None], ["a", 0.0, -0.0, None, None]])
    assert b"<v>1</v>" in xml and b"<v>1.0</v>" in xml and b"<v>-0.0</v>" in xml
    assert len(sheet_writer._last_rows[next(iter(sheet_writer._last_rows))]) == 4


def test_only_a_bounded_number_of_rows_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_writer, "_last_rows", {})
    monkeypatch.setattr(sheet_writer, "ROW_CACHE_LIMIT", 3)
    _sheet_xml(tmp_path, "a.xlsx", [[f"række {n}", n, n, None, None] for n in range(10)])
    assert [len(rows) for rows in sheet_writer._last_rows.values()] == [3]


def _blocks_xml(tmp_path, name: str, blocks: list[tuple[str, list[list]]], calls: list[str]) -> bytes:
    book = StreamedWorkbook()
    table = book.table("Data", "Data", COLUMNS, "da")
    for key, rows in blocks:
        table.block(key, lambda key=key, rows=rows: calls.append(key) or rows)
    table.close()
    book.save(tmp_path / name)
    with zipfile.ZipFile(tmp_path / name) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_a_kept_block_is_written_without_computing_its_rows_and_as_if_it_had_been(tmp_path, monkeypatch):
    first = [("a", ROWS[:2]), ("b", ROWS[2:])]
    later = [("ny", [["ny række", 7, 7, None, None]]), ("b", ROWS[2:]), ("a", ROWS[:2])]
    monkeypatch.setattr(sheet_writer, "_last_rows", {})
    monkeypatch.setattr(sheet_writer, "_last_blocks", {})
    fresh = _sheet_xml(tmp_path, "fresh.xlsx", [row for _, rows in later for row in rows])
    calls: list[str] = []
    _blocks_xml(tmp_path, "first.xlsx", first, calls)
    assert calls == ["a", "b"]
    monkeypatch.setattr(sheet_writer, "_last_rows", {})  # only the blocks are kept
    calls.clear()
    assert _blocks_xml(tmp_path, "later.xlsx", later, calls) == fresh
    assert calls == ["ny"], "kept blocks are not computed again"


def test_only_a_bounded_number_of_rows_is_kept_in_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_writer, "_last_blocks", {})
    monkeypatch.setattr(sheet_writer, "BLOCK_ROWS_LIMIT", 3)
    _blocks_xml(tmp_path, "a.xlsx", [("a", ROWS[:2]), ("b", ROWS[2:]), ("c", ROWS[:1])], [])
    assert [sorted(blocks) for blocks in sheet_writer._last_blocks.values()] == [["a", "c"]]
