"""Generate every template kind, fill it in like a user would, read it back."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from factories import (committee_agreement, committee_header, foundation, quality_agreement, quality_header,
                       settings)

from roedtraad.workbook_templates.generate import write_agreement, write_foundation
from roedtraad.workbook_templates.read import read_foundation, read_submission
from roedtraad.workbook_templates.spec import STAMP_SHEET

VOLATILE = {"path", "sha256", "received"}


def fill(path: Path, sheet: str, rows: list[dict[str, object]]) -> None:
    """Type rows into a generated table under its headers, as a user would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    for offset, row in enumerate(rows):
        for header, value in row.items():
            ws.cell(4 + offset, headers[header]).value = value
    wb.save(path)


def dump(record) -> dict:
    return record.model_dump(exclude=VOLATILE)


@pytest.fixture
def s():
    return settings()


def test_foundation_round_trips(tmp_path, s):
    path = write_foundation(tmp_path / "Styringsgrundlag.xlsx", s, foundation())
    read, findings = read_foundation(path, s)
    assert findings == []
    expected = foundation()
    assert [p.model_dump(exclude={"location", "cells"}) for p in read.parties] == [
        p.model_dump(exclude={"location", "cells"}) for p in expected.parties]
    assert [(g.id, g.level, g.parents, g.owners, g.cross_cutting) for g in read.goals] == [
        (g.id, g.level, g.parents, g.owners, g.cross_cutting) for g in expected.goals]
    assert read.frames[0].amount == 1000.0 and read.frames[0].location.cell == "C6"  # below the example row and the headers
    assert read.deadlines[0].agreement == "committee_agreement"
    assert read.value_markers == expected.value_markers


@pytest.mark.parametrize("kind, header, content", [
    ("committee_agreement", committee_header, committee_agreement),
    ("quality_agreement", quality_header, quality_agreement),
])
def test_prefilled_agreement_round_trips(tmp_path, s, kind, header, content):
    path = write_agreement(tmp_path / f"{kind}.xlsx", s, kind, foundation(), header(), content())
    read, findings = read_submission(path, s)
    assert findings == []
    expected = content()
    assert read.kind == kind
    assert read.header.model_dump(exclude={"cells"}) == expected.header.model_dump(exclude={"cells"})
    for name in ("goals", "indicators", "actions", "budget", "cross_cutting", "follow_up"):
        got = [r.model_dump(exclude={"location", "cells"}) for r in getattr(read, name)]
        want = [r.model_dump(exclude={"location", "cells"}) for r in getattr(expected, name)]
        assert got == want, name


def test_template_has_stamp_dropdowns_protection_and_tables(tmp_path, s):
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header())
    wb = openpyxl.load_workbook(path)
    assert wb[STAMP_SHEET].sheet_state == "veryHidden"
    goals = wb["Mål"]
    assert goals.freeze_panes == "A4"
    assert goals.protection.sheet is True
    assert "tbl_goals" in goals.tables
    assert goals["A4"].protection.locked is False  # input cell
    assert goals["A3"].protection.locked is True  # header
    computed = [c.value for c in goals[3] if c.value and "(beregnes)" in c.value]
    assert computed and all(goals.cell(4, c.column).protection.locked for c in goals[3] if c.value in computed)
    formulas = {dv.formula1 for dv in goals.data_validations.dataValidation}
    assert "=rt_parents" in formulas and "=rt_goal_types" in formulas
    parents = wb.defined_names["rt_parents"].attr_text
    lookup = wb[parents.split("!")[0].strip("'")]
    listed = [lookup[f"A{r}"].value for r in range(2, 10) if lookup[f"A{r}"].value]
    # Only the goals this committee may realise: its policy goals and the council objectives.
    assert sorted(listed) == ["M1", "P1", "P9"]
    cross = wb["Tværgående mål"]
    assert cross["A4"].value == "P9"  # every cross-cutting goal listed, awaiting a decision


FILLED_GOALS = [{"Mål-id": " sko-01 ", "Måltekst": "Flere elever\u00a0læser sikkert", "Overordnet mål": "p1",
                 "Måltype": "effektmål", "Tværgående mål": "P9", "Ansvarlig": "Skolechefen"}]
FILLED_INDICATORS = [{"Mål-id": "SKO-01", "Indikator": "Andel sikre læsere", "Enhed": "%", "Baseline": "80",
                      "Målværdi år 1": "82", "Målværdi år 2": "85,5", "Datakilde": "Nationale test",
                      "Opfølgningsfrekvens": "Årligt"}]
FILLED_ACTIONS = [{"Handlings-id": "SKO-H01", "Mål-id": "SKO-01", "Beskrivelse": "Læseløft i 1.-3. klasse",
                   "Ansvarlig": "Skolerne", "Start": "01-01-2027", "Slut": datetime(2027, 12, 31)}]
FILLED_BUDGET = [{"Bevilling": "41", "År": 2027, "Beløb (1.000 kr.)": "1.000,0"},
                 {"Bevilling": " 41 ", "År": "2028", "Beløb (1.000 kr.)": 1010}]
FILLED_CROSS = [{"Relevant": "Ja", "Bæres af mål-id": "sko-01"}]


def assert_numbers_typed_as_text(findings) -> None:
    """The filled rows type four numbers as text ("80", "82", "85,5", "1.000,0"): read right, and each a warning."""
    assert sorted((f.code, f.sheet, f.cell) for f in findings) == [
        ("cell.number-as-text", "Budget", "C4"), ("cell.number-as-text", "Indikatorer", "D4"),
        ("cell.number-as-text", "Indikatorer", "E4"), ("cell.number-as-text", "Indikatorer", "F4")]


def _fill_committee_template(path: Path) -> None:
    fill(path, "Mål", FILLED_GOALS)
    fill(path, "Indikatorer", FILLED_INDICATORS)
    fill(path, "Handlinger", FILLED_ACTIONS)
    fill(path, "Budget", FILLED_BUDGET)
    fill(path, "Tværgående mål", FILLED_CROSS)


def test_blank_template_filled_with_openpyxl_reads_into_records(tmp_path, s):
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header())
    _fill_committee_template(path)
    read, findings = read_submission(path, s)
    assert_numbers_typed_as_text(findings)
    expected = committee_agreement()
    for name in ("goals", "indicators", "actions", "budget", "cross_cutting"):
        got = [r.model_dump(exclude={"location", "cells"}) for r in getattr(read, name)]
        want = [r.model_dump(exclude={"location", "cells"}) for r in getattr(expected, name)]
        assert got == want, name
    assert read.goals[0].cells["parents"] == "C4"
    assert read.budget[1].location.sheet == "Budget" and read.budget[1].cells["amount"] == "C5"


def test_libreoffice_resave_reads_identically(tmp_path, s, soffice, convert_with_soffice):
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header())
    _fill_committee_template(path)
    resaved = convert_with_soffice(path, "xlsx:Calc MS Excel 2007 XML")
    original, findings = read_submission(path, s, name="ua.xlsx")
    again, findings_again = read_submission(resaved, s, name="ua.xlsx")
    assert findings == findings_again
    assert_numbers_typed_as_text(findings)
    assert dump(original) == dump(again)


def test_reordered_and_inserted_columns_are_read_by_header(tmp_path, s):
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    wb = openpyxl.load_workbook(path)
    ws = wb["Mål"]
    for table in list(ws.tables):
        del ws.tables[table]  # Excel would resize the table; openpyxl cannot, so drop it for this edit
    ws.insert_cols(1)  # a user's own column in front
    ws["A3"] = "Min egen note"
    ws["A4"] = "husk at tale med Bo"
    ws.move_range("C3:C4", cols=10)  # move "Måltekst" to the far right, past the computed columns
    wb.save(path)
    read, findings = read_submission(path, s)
    assert findings == []
    goal = read.goals[0]
    assert (goal.id, goal.text, goal.parents) == ("SKO-01", "Flere elever læser sikkert", ["P1"])
    assert goal.cells["id"] == "B4" and goal.cells["text"] == "M4"


def test_swedish_headers_and_sheet_names_are_understood(tmp_path, s):
    path = write_agreement(tmp_path / "np.xlsx", s, "committee_agreement", foundation(), committee_header(),
                           committee_agreement(), lang="sv")
    read, findings = read_submission(path, s)
    assert findings == []
    assert read.goals[0].goal_type == "effect" and read.budget[0].amount == 1000.0


def test_empty_rows_between_data_are_skipped(tmp_path, s):
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    wb = openpyxl.load_workbook(path)
    wb["Mål"].insert_rows(4, amount=2)
    wb["Mål"]["A5"] = "   "  # stray spaces only
    wb["Mål"]["B5"] = "\u00a0"
    wb.save(path)
    read, findings = read_submission(path, s)
    assert findings == [] and [g.id for g in read.goals] == ["SKO-01"]
    assert read.goals[0].location.row == 6


def test_every_template_kind_opens_in_libreoffice(tmp_path, s, soffice, convert_with_soffice):
    paths = [write_foundation(tmp_path / "Styringsgrundlag.xlsx", s, foundation()),
             write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", foundation(), committee_header()),
             write_agreement(tmp_path / "kua.xlsx", s, "quality_agreement", foundation(), quality_header(),
                             quality_agreement())]
    for path in paths:
        assert convert_with_soffice(path).stat().st_size > 0


@pytest.mark.parametrize("kind", ["foundation", "committee_agreement", "quality_agreement"])
def test_every_kind_reads_identically_after_a_libreoffice_resave(tmp_path, s, soffice, convert_with_soffice, kind):
    if kind == "foundation":
        path = write_foundation(tmp_path / f"{kind}.xlsx", s, foundation())
        read = read_foundation
    else:
        header, content = ((committee_header, committee_agreement) if kind == "committee_agreement"
                           else (quality_header, quality_agreement))
        path = write_agreement(tmp_path / f"{kind}.xlsx", s, kind, foundation(), header(), content())
        read = read_submission
    resaved = convert_with_soffice(path, "xlsx:Calc MS Excel 2007 XML")
    original, findings = read(path, s, name="x.xlsx")
    again, findings_again = read(resaved, s, name="x.xlsx")
    assert findings == findings_again == []
    assert dump(original) == dump(again)


def test_pasted_control_characters_do_not_break_a_template(tmp_path, s):
    pasted = foundation()
    pasted.goals[1] = pasted.goals[1].model_copy(update={"text": "Flere unge\x0b i uddannelse\x07"})
    path = write_agreement(tmp_path / "ua.xlsx", s, "committee_agreement", pasted, committee_header())
    lookup = openpyxl.load_workbook(path)["Opslag"]
    texts = [cell.value for row in lookup.iter_rows() for cell in row if cell.value]
    assert "Flere unge i uddannelse" in texts
