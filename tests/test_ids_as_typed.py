"""Ids are matched normalised ("EGE 01" is EGE01) but shown as the user typed them, and the change is said."""
from __future__ import annotations

import openpyxl
from factories import committee_agreement, committee_header, foundation, settings

from roedtraad.findings import Severity
from roedtraad.model import shown
from roedtraad.validators.engine import validate_records
from roedtraad.workbook_templates.generate import write_agreement
from roedtraad.workbook_templates.read import read_submission

S = settings()


def test_an_id_typed_with_spaces_is_read_normalised_shown_as_typed_and_reported_as_info(tmp_path):
    path = write_agreement(tmp_path / "ua.xlsx", S, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    wb = openpyxl.load_workbook(path)
    wb["Mål"]["A4"] = "SKO 01"
    wb["Mål"]["C4"] = "P 17"
    for sheet in ("Indikatorer", "Handlinger"):
        ws = wb[sheet]
        column = "A" if sheet == "Indikatorer" else "B"
        ws[f"{column}4"] = "sko-01 "  # case and outer spaces only: read quietly
    wb.save(path)
    submission, findings = read_submission(path, S)
    assert [(f.code, f.severity, f.cell) for f in findings] == [
        ("cell.id-normalised", Severity.INFO, "A4"), ("cell.id-normalised", Severity.INFO, "C4")]
    assert findings[0].message("da") == "'SKO 01' læses som id'et 'SKO01'."
    goal = submission.goals[0]
    assert (goal.id, goal.parents) == ("SKO01", ["P17"])
    assert (shown(goal, goal.id), shown(goal, "P17")) == ("SKO 01", "P 17")
    result = validate_records(S, foundation(), [submission], findings)
    unknown = next(f for f in result.findings if f.code == "thread.unknown-parent")
    assert unknown.message("da") == "Målet SKO 01 peger på det overordnede mål 'P 17', som ikke findes."


def test_a_front_sheet_party_is_named_as_typed(tmp_path):
    path = write_agreement(tmp_path / "ua.xlsx", S, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    wb = openpyxl.load_workbook(path)
    wb["Forside"]["B4"] = "Skoler og Fritid"  # the department, by a name the register does not know
    wb.save(path)
    submission, findings = read_submission(path, S)
    assert findings == []  # a name is welcome on the front sheet: no word about spaces
    result = validate_records(S, foundation(), [submission], findings)
    unknown = next(f for f in result.findings if f.code == "party.unknown")
    assert unknown.message("da") == "'Skoler og Fritid' findes ikke som afdeling i organisationen."
