"""Structure and cell findings, raised while reading: each at its exact cell, and silent when all is well."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from factories import committee_agreement, committee_header, foundation, settings

from roedtraad.workbook_templates.generate import write_agreement, write_foundation
from roedtraad.workbook_templates.read import read_submission
from roedtraad.workbook_templates.spec import STAMP_SHEET

S = settings()


@pytest.fixture
def agreement(tmp_path) -> Path:
    return write_agreement(tmp_path / "ua.xlsx", S, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())


def edit(path: Path, sheet: str, **cells: object) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def found(path: Path) -> list[tuple[str, str, str]]:
    _, findings = read_submission(path, S)
    return [(f.code, f.sheet, f.cell) for f in findings]


def test_a_clean_agreement_has_no_findings(agreement):
    assert found(agreement) == []


@pytest.mark.parametrize("sheet, ref, value, expected", [
    ("Mål", "B4", None, ("cell.required-empty", "Mål", "B4")),
    ("Indikatorer", "D4", "mange", ("cell.wrong-type", "Indikatorer", "D4")),
    ("Handlinger", "E4", "snart", ("cell.wrong-type", "Handlinger", "E4")),
    ("Budget", "B4", "2027,5", ("cell.wrong-type", "Budget", "B4")),
    ("Mål", "D4", "Superflot mål", ("cell.outside-list", "Mål", "D4")),
    ("Tværgående mål", "C4", "måske", ("cell.wrong-type", "Tværgående mål", "C4")),
    ("Mål", "A4", "SKO 01!", ("cell.malformed-id", "Mål", "A4")),
    ("Indikatorer", "D4", "1.234,5", ("cell.number-as-text", "Indikatorer", "D4")),  # read, but Excel won't sum it
    ("Mål", "B4", "x" * 1001, ("cell.text-too-long", "Mål", "B4")),
])
def test_cell_findings_point_at_their_cell(agreement, sheet, ref, value, expected):
    assert expected in found(edit(agreement, sheet, **{ref: value}))


@pytest.mark.parametrize("sheet, ref, value", [
    ("Mål", "B4", "x" * 1000),  # exactly at the limit
    ("Handlinger", "E4", "01-02-2027"),  # Danish date typed as text
    ("Mål", "D4", "produktionsmål"),  # a label in lower case
    ("Mål", "D4", "Effektmål"),
    ("Tværgående mål", "C4", "JA"),
    ("Mål", "F4", "=SUM(A1:A2)"),  # typed as text in a text column: read as text, never a formula finding
])
def test_cells_that_must_not_give_findings(agreement, sheet, ref, value):
    path = edit(agreement, sheet, **{ref: value})
    if value == "=SUM(A1:A2)":
        wb = openpyxl.load_workbook(path)
        wb[sheet][ref].data_type = "s"
        wb.save(path)
    assert found(path) == []


def test_formula_without_cached_value(agreement):
    # openpyxl writes formulas without a computed value, as a generated file would arrive.
    path = edit(agreement, "Budget", C4="=500+500")
    assert found(path) == [("cell.formula-without-value", "Budget", "C4")]


def test_formula_with_cached_value_is_read_as_its_value(agreement, convert_with_soffice):
    path = edit(agreement, "Budget", C4="=500+500")
    resaved = convert_with_soffice(path, "xlsx:Calc MS Excel 2007 XML")  # LibreOffice computes and stores it
    submission, findings = read_submission(resaved, S)
    assert findings == [] and submission.budget[0].amount == 1000.0


def test_not_a_template(tmp_path):
    plain = tmp_path / "egen.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Mål"
    wb.save(plain)
    assert found(plain) == [("structure.not-a-template", "", "")]


def test_the_foundation_is_not_a_submission(tmp_path):
    path = write_foundation(tmp_path / "Styringsgrundlag.xlsx", S, foundation())
    assert found(path) == [("structure.not-a-template", "", "")]


def test_outdated_template_version(agreement):
    path = edit(agreement, STAMP_SHEET, B3=0)
    assert found(path) == [("structure.outdated-template", "", "")]


def test_missing_sheet_but_a_swedish_name_is_fine(agreement):
    wb = openpyxl.load_workbook(agreement)
    del wb["Handlinger"]
    wb["Indikatorer"].title = "Nyckeltal"
    wb.save(agreement)
    _, findings = read_submission(agreement, S)
    assert [(f.code, f.params["sheet_name"]) for f in findings] == [("structure.missing-sheet", "Handlinger")]


def test_renamed_required_and_optional_columns(agreement):
    path = edit(agreement, "Mål", B3="Tekst", F3="Hvem")
    assert found(path) == [("structure.missing-column", "Mål", "A3"),
                           ("structure.missing-optional-column", "Mål", "A3")]


def test_missing_front_field(agreement):
    path = edit(agreement, "Forside", A4="Noget andet")
    assert found(path) == [("structure.missing-front-field", "Forside", "")]


def test_required_front_value_empty(agreement):
    path = edit(agreement, "Forside", B5=None)
    assert found(path) == [("cell.required-empty", "Forside", "B5")]


def test_file_open_in_excel_is_read_with_a_warning(agreement):
    (agreement.parent / f"~${agreement.name}").write_bytes(b"\x00" * 165)
    submission, findings = read_submission(agreement, S)
    assert [(f.code, f.severity.value) for f in findings] == [("structure.file-locked", "warning")]
    assert submission is not None and submission.goals


def test_read_refused_by_the_os(agreement, monkeypatch):
    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    submission, findings = read_submission(agreement, S)
    assert submission is None and [f.code for f in findings] == ["structure.unreadable"]


def test_corrupt_zip(tmp_path, agreement):
    broken = tmp_path / "halv.xlsx"
    broken.write_bytes(agreement.read_bytes()[:2000])
    assert [code for code, *_ in found(broken)] == ["structure.corrupt"]
