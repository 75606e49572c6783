"""The master's budget sheet: only agreed years count as deviations, and amounts keep their decimals."""
from __future__ import annotations


import openpyxl
import pytest
from rule_records import FOUNDATION_FILE, SETTINGS, foundation, replace, submissions, validate
from rule_records import table

from roedtraad.model import Frame
from roedtraad.sync.master import write_master


def budget_rows(path):
    ws = openpyxl.load_workbook(path)["Budget"]
    header, *body = [list(r) for r in ws.iter_rows(values_only=True)]
    return ws, [dict(zip(header, r)) for r in body]


@pytest.fixture
def outline_years(tmp_path):
    """Frames for 2027-2030 (budget and outline years); every agreement covers 2027 only."""
    frames = table(Frame, FOUNDATION_FILE, "Rammer", ("appropriation", "year", "amount"),
                   ("BUU-1", 2027, 1000.0), ("SOU-1", 2027, 500.0), ("BUU-1", 2028, 1000.0),
                   ("BUU-1", 2029, 1020.0), ("SOU-1", 2030, 520.0))
    result = validate(foundation(frames=frames), submissions())
    return write_master(tmp_path / "Konsolideret.xlsx", result, SETTINGS, "da", root=tmp_path)


def test_years_no_agreement_covers_are_marked_not_agreed(outline_years):
    _, rows = budget_rows(outline_years)
    by_year = {(r["Bevilling"], r["År"]): r for r in rows}
    agreed = by_year[("BUU-1", 2027)]
    assert agreed["Afvigelse (1.000 kr.)"] == 0 and agreed["Fordelt (1.000 kr.)"] == 1000
    for key in (("BUU-1", 2028), ("BUU-1", 2029), ("SOU-1", 2030)):
        row = by_year[key]
        assert row["Afvigelse (1.000 kr.)"] == "ikke aftalt", row  # not a deviation of minus the frame
        assert row["Fordelt (1.000 kr.)"] == 0
        assert row["Ramme (1.000 kr.)"] > 0  # the frame itself is still shown


def test_a_year_with_a_budget_line_is_agreed_even_outside_the_period(tmp_path):
    subs = submissions()
    dag = subs[0]
    late = dag.budget[0].model_copy(update={"year": 2028, "amount": 900.0})
    result = validate(foundation(), replace(subs, 0, budget=[*dag.budget, late]))
    path = write_master(tmp_path / "Konsolideret.xlsx", result, SETTINGS, "da", root=tmp_path)
    _, rows = budget_rows(path)
    row = next(r for r in rows if (r["Bevilling"], r["År"]) == ("BUU-1", 2028))
    assert row["Afvigelse (1.000 kr.)"] == -100


def test_amounts_with_decimals_keep_them(tmp_path, convert_with_soffice):
    subs = submissions()
    dag = subs[0]
    result = validate(foundation(), replace(subs, 0, budget=[dag.budget[0].model_copy(update={"amount": 152300.5})]))
    path = write_master(tmp_path / "Konsolideret.xlsx", result, SETTINGS, "da", root=tmp_path)
    ws, rows = budget_rows(path)
    column = [c.value for c in ws[1]].index("Fordelt (1.000 kr.)") + 1
    cells = [ws.cell(r, column) for r in range(2, ws.max_row + 1)]
    assert "0.0" in next(c for c in cells if c.value == 152700.5).number_format  # with SKO: not 152.701
    whole = next(ws.cell(r, column) for r in range(2, ws.max_row + 1) if ws.cell(r, column).value == 500)
    assert whole.number_format == "#,##0"  # whole amounts stay without decimals
    shown = convert_with_soffice(path, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,5')
    text = shown.read_text(encoding="utf-8")
    assert "152,700.5" in text and "152,701" not in text
