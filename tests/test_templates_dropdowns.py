"""Dropdowns show each entry with its text, the reader takes the entry or a bare id, and a template
without a parent dropdown yet says so (the first institution templates, before the committee agreements)."""
from __future__ import annotations

import openpyxl
import pytest
from factories import committee_agreement, foundation, quality_agreement, quality_header, settings

from roedtraad.validators.thread import UnknownParent
from roedtraad.workbook_templates.generate import write_agreement
from roedtraad.workbook_templates.normalize import parse_id, parse_id_list
from roedtraad.workbook_templates.read import read_submission


def _validation_lists(ws) -> dict[str, str]:
    """Column letter of each dropdown's first cell -> its list formula."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation}


def _list_entries(wb, formula: str) -> list[str]:
    name = wb.defined_names[formula.lstrip("=")]
    (sheet, ref), = name.destinations
    return [row[0].value for row in wb[sheet][ref.replace("$", "")]]


def test_parent_dropdown_entries_carry_their_text(tmp_path):
    s = settings()
    path = write_agreement(tmp_path / "kua.xlsx", s, "quality_agreement", foundation(), quality_header(),
                           parent_goals=committee_agreement().goals)
    wb = openpyxl.load_workbook(path)
    goals = wb["Mål"]
    parents_column = next(c.column_letter for c in goals[3] if c.value == "Overordnet mål")
    entries = _list_entries(wb, _validation_lists(goals)[parents_column])
    assert entries == ["SKO-01 – Flere elever læser sikkert"]
    # The appropriation dropdown of the budget sheet reads the same way.
    budget = wb["Budget"]
    appropriation_column = next(c.column_letter for c in budget[3] if c.value == "Bevilling")
    assert _list_entries(wb, _validation_lists(budget)[appropriation_column]) == ["41 – Skoler"]


def test_long_texts_are_shortened_in_the_entry():
    from roedtraad.workbook_templates.normalize import dropdown_entry

    entry = dropdown_entry("P2", "Flere børn skal lære at læse, skrive og regne, før de begynder i skole, og alle skal trives")
    assert entry.startswith("P2 – Flere børn skal lære") and entry.endswith("…") and len(entry) <= 70
    assert dropdown_entry("P2", "") == "P2"


@pytest.mark.parametrize("typed, expected", [
    ("P2 – Flere børn, bedre trivsel", ["P2"]),  # picked from the dropdown, text with a comma
    ("P2", ["P2"]),  # typed bare
    (" sko - 01 ", ["SKO-01"]),  # spaces and case as before
    ("M2, M3", ["M2", "M3"]),
    ("M2 – Tryghed\nM3 – Sundhed, også for ældre", ["M2", "M3"]),  # two picks on two lines
    ("M2, M3 – Sundhed", ["M2", "M3"]),  # a bare id, then a picked entry
])
def test_id_lists_accept_dropdown_entries_and_bare_ids(typed, expected):
    assert parse_id_list(typed) == expected


def test_an_id_cell_accepts_a_dropdown_entry():
    assert parse_id("41 – Skoler og fritid") == "41"
    assert parse_id("5.01 – Dagtilbud – 0-6 år") == "5.01"
    with pytest.raises(ValueError):
        parse_id("? – Skoler")  # the part before the text must itself be an id


def test_entry_and_bare_id_round_trip_through_a_filled_template(tmp_path):
    s = settings()
    path = write_agreement(tmp_path / "kua.xlsx", s, "quality_agreement", foundation(), quality_header(),
                           quality_agreement(), parent_goals=committee_agreement().goals)
    wb = openpyxl.load_workbook(path)
    goals, budget = wb["Mål"], wb["Budget"]
    goals["C4"] = "SKO-01 – Flere elever læser sikkert"  # as the dropdown puts it
    budget["B4"] = "41 – Skoler"
    wb.save(path)
    read, findings = read_submission(path, s)
    assert findings == []
    assert [g.parents for g in read.goals] == [["SKO-01"], []]
    assert read.budget[0].appropriation == "41"
    goals["C4"] = "SKO-01"  # typed bare
    budget["B4"] = "41"
    wb.save(path)
    again, findings = read_submission(path, s)
    assert findings == [] and [g.parents for g in again.goals] == [["SKO-01"], []]


NO_LIST = "Der er ingen rulleliste endnu"


def test_a_template_without_parents_yet_says_so(tmp_path):
    s = settings()
    path = write_agreement(tmp_path / "kua.xlsx", s, "quality_agreement", foundation(), quality_header())
    goals = openpyxl.load_workbook(path)["Mål"]
    header = next(c for c in goals[3] if c.value == "Overordnet mål")
    assert NO_LIST in header.comment.text and "Vælg det mål" not in header.comment.text
    assert NO_LIST in goals["A2"].value  # also visible without hovering
    assert "roedtraad templates" in header.comment.text
    with_parents = write_agreement(tmp_path / "kua2.xlsx", s, "quality_agreement", foundation(), quality_header(),
                                   parent_goals=committee_agreement().goals)
    goals = openpyxl.load_workbook(with_parents)["Mål"]
    assert NO_LIST not in goals["A2"].value
    assert "Vælg det mål" in next(c for c in goals[3] if c.value == "Overordnet mål").comment.text


def test_unknown_parent_hint_does_not_assume_a_dropdown():
    hint = UnknownParent.hint("da")
    assert "hvis skabelonen har en" in hint


@pytest.mark.parametrize("kind", ["committee_agreement", "quality_agreement"])
def test_computed_columns_do_not_wrap(tmp_path, kind):
    """LibreOffice keeps a row's height when opening a file, so wrapped text written back into a
    computed cell spilled over the next row; computed cells stay on one line."""
    from factories import committee_header

    s = settings()
    header = committee_header() if kind == "committee_agreement" else quality_header()
    path = write_agreement(tmp_path / f"{kind}.xlsx", s, kind, foundation(), header)
    goals = openpyxl.load_workbook(path)["Mål"]
    computed = [c.column for c in goals[3] if c.value and "(beregnes)" in c.value]
    assert computed
    assert not any(goals.cell(row, column).alignment.wrap_text for column in computed for row in range(4, 10))
    text_column = next(c.column for c in goals[3] if c.value == "Måltekst")
    assert goals.cell(4, text_column).alignment.wrap_text  # what users type still wraps
