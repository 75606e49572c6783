"""The foundation workbook guides the finance officer who fills it in (issue 16, section 1)."""
from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries

from roedtraad.scaffold import init_project
from roedtraad.workbook_templates.read import read_foundation
from roedtraad.workbook_templates.spec import FOUNDATION, workbook_specs


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return init_project(tmp_path_factory.mktemp("guide") / "kommune")


@pytest.fixture(scope="module")
def wb(project):
    return openpyxl.load_workbook(project.foundation_path)


def header_row(ws) -> int:
    """The row of headers: the first with text above a row of input (unlocked) cells."""
    return next(r for r in range(1, 11) if ws.cell(r, 1).value and ws.cell(r + 1, 1).protection.locked is False)


def headers(ws) -> dict[str, str]:
    row = header_row(ws)
    return {ws.cell(row, c).value: ws.cell(row, c).column_letter for c in range(1, ws.max_column + 1)
            if ws.cell(row, c).value}


def validation_of(ws, letter: str, row: int):
    found = [dv for dv in ws.data_validations.dataValidation if f"{letter}{row}" in dv.sqref]
    assert len(found) == 1, (ws.title, letter, [str(d.sqref) for d in found])
    return found[0]


def list_values(wb, formula: str) -> tuple[str, str]:
    """(sheet, column range) a dropdown's defined name points at."""
    ref = wb.defined_names[formula.lstrip("=")].attr_text
    sheet, cells = ref.split("!")
    return sheet.strip("'"), cells.replace("$", "")


def test_every_input_column_has_an_input_message(project, wb):
    spec = workbook_specs(project.settings)[FOUNDATION]
    for table in spec.tables:
        ws = wb[table.name("da")]
        columns = headers(ws)
        first = header_row(ws) + 1
        for column in table.input_columns:
            dv = validation_of(ws, columns[column.header("da")], first)
            assert dv.showInputMessage and dv.prompt and dv.promptTitle, (ws.title, column.field)
            assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32, (ws.title, column.field, len(dv.prompt))


@pytest.mark.parametrize("sheet, column, target_sheet, target_header", [
    ("Organisation", "Hører under", "Organisation", "Id"),
    ("Bevillinger", "Udvalg", "Organisation", "Id"),
    ("Rammer", "Bevilling", "Bevillinger", "Bevilling"),
    ("Politikker og mål", "Målsætninger", "Målsætninger", "Id"),
    ("Politikker og mål", "Udvalg", "Organisation", "Id"),
])
def test_dropdowns_list_the_ids_typed_in_the_foundation_itself(wb, sheet, column, target_sheet, target_header):
    ws = wb[sheet]
    dv = validation_of(ws, headers(ws)[column], header_row(ws) + 1)
    assert dv.type == "list" and dv.errorStyle != "stop"  # several ids, comma-separated, are allowed
    target_ws = wb[target_sheet]
    listed_sheet, cells = list_values(wb, dv.formula1)
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    assert listed_sheet == target_sheet
    assert min_col == max_col == column_index_from_string(headers(target_ws)[target_header])
    assert min_row == header_row(target_ws) + 1 and max_row - min_row >= 200


def test_years_of_the_frames_come_from_a_list_of_the_council_term(project, wb):
    ws = wb["Rammer"]
    dv = validation_of(ws, headers(ws)["År"], header_row(ws) + 1)
    sheet, cells = list_values(wb, dv.formula1)
    years = [c.value for row in wb[sheet][cells] for c in row]
    assert set(project.settings.years()) <= set(years)


def test_the_sheets_say_how_to_fill_them_in(wb):
    def text(sheet: str) -> str:
        ws = wb[sheet]
        cells = [ws.cell(r, c) for r in range(1, header_row(ws) + 1) for c in range(1, ws.max_column + 1)]
        notes = [dv.prompt for dv in ws.data_validations.dataValidation if dv.prompt]
        return " ".join(str(c.value) for c in cells if c.value) + " " + " ".join(notes)

    politics = text("Politikker og mål")
    assert "adskil" in politics.lower() and "komma" in politics and "M2, M3" in politics
    organisation = text("Organisation")
    assert "id'et" in organisation and "ikke navnet" in organisation
    assert "ikke navnet" in text("Bevillinger")
    objectives = text("Målsætninger")
    assert "Udvikling:" in objectives and "Drift:" in objectives
    assert "Tværgående" in politics and "alle" in politics
    assert "budgetåret 2027" in text("Rammer") and "2028-2030" in text("Rammer")


def test_every_sheet_shows_an_example_row_that_is_not_read(project, wb):
    for ws in (wb[name] for name in ("Organisation", "Bevillinger", "Rammer", "Målsætninger", "Politikker og mål")):
        labels = [ws.cell(r, 1).value for r in range(1, header_row(ws))]
        assert any(str(v).startswith("Eksempel") for v in labels if v), ws.title
    foundation, findings = read_foundation(project.foundation_path, project.settings)
    assert findings == [] and foundation.parties == [] and foundation.goals == []


def test_forty_institutions_fit_without_unprotecting(project, tmp_path):
    path = tmp_path / "Styringsgrundlag.xlsx"
    path.write_bytes(project.foundation_path.read_bytes())
    wb = openpyxl.load_workbook(path)
    ws = wb["Organisation"]
    first = header_row(ws) + 1
    table = ws.tables["tbl_organisation"]
    _, _, _, last_table_row = range_boundaries(table.ref)
    rows = [("Udvalg", "BUU", "Børne- og Ungeudvalget", None, None),
            *[("Afdeling", f"AFD{n}", f"Afdeling {n}", "BUU", f"Chef {n}") for n in range(1, 9)],
            *[("Institution", f"INST{n:02}", f"Institution {n}", f"AFD{n % 8 + 1}", f"Leder {n}")
              for n in range(1, 191)]]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            cell = ws.cell(first + offset, column)
            assert cell.protection.locked is False, cell.coordinate
            cell.value = value
    assert first + len(rows) - 1 <= last_table_row
    wb.save(path)
    foundation, findings = read_foundation(path, project.settings)
    assert findings == [] and len(foundation.parties) == len(rows)


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_input_messages_fit_excels_limits_in_every_language(project, lang):
    """Excel cuts an input message at 255 characters and its title at 32: every note must fit whole."""
    for spec in workbook_specs(project.settings).values():
        for table in spec.tables:
            for column in table.columns:
                if column.note is not None:
                    assert len(column.note(lang)) <= 255 and len(column.header(lang)) <= 32, (table.key, column.field)
