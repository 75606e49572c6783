"""Budget rules: frames per (committee, appropriation, year), department allocations, lines."""
from __future__ import annotations

import pytest
from rule_records import codes, foundation, header, only, replace, submissions, table, validate

from roedtraad.model import Appropriation, BudgetLine, Frame
from roedtraad.validators.budget import amount

FOUNDATION = "Styringsgrundlag.xlsx"
DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
SKO = "indsendelser/Udvalgsaftale-SKO.xlsx"
SUN = "indsendelser/Udvalgsaftale-SUN.xlsx"
BH1 = "indsendelser/KUA-BH1.xlsx"


def budget(index: int, *rows: tuple, **changes):
    subs = submissions()
    file = subs[index].header.cells["department"].file
    lines = table(BudgetLine, file, "Budget", ("party", "appropriation", "year", "amount"), *rows)
    return replace(subs, index, budget=lines, **changes)


def test_amounts_are_written_the_way_each_language_writes_them():
    assert (amount(134500, "da"), amount(134500, "sv"), amount(134500, "en")) == ("134.500", "134 500", "134,500")
    assert amount(-1234.5, "da") == "-1.234,5"


def test_allocations_above_the_frame_point_at_the_first_line_and_name_the_others():
    finding = only(validate(foundation(), budget(0, ("DAG", "BUU-1", 2027, 700.0))), "budget.above-frame")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Budget", "D4", "BUU-1:2027")
    assert finding.params["committee"] == "BUU"
    message = finding.message("da")
    assert "1.100" in message and "1.000" in message and "100 for meget" in message
    assert f"{SKO}, Budget!D4 (400)" in message


def test_allocations_equal_to_the_frame_are_fine():
    result = validate(foundation(), budget(0, ("DAG", "BUU-1", 2027, 600.0)))
    assert not {"budget.above-frame", "budget.below-frame"} & set(codes(result))


def test_allocations_below_the_frame_beyond_the_tolerance():
    finding = only(validate(foundation(), budget(0, ("DAG", "BUU-1", 2027, 500.0))), "budget.below-frame")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "D4", "BUU-1:2027")
    assert "100" in finding.message("en")


def test_allocations_below_the_frame_within_the_tolerance_or_in_a_partial_set():
    assert "budget.below-frame" not in codes(validate(foundation(), budget(0, ("DAG", "BUU-1", 2027, 590.0))))
    assert "budget.below-frame" not in codes(validate(foundation(), budget(0, ("DAG", "BUU-1", 2027, 500.0)),
                                                      whole_set=False))


def test_frame_without_any_allocation_points_at_the_frame():
    result = validate(foundation(), budget(2))
    finding = only(result, "budget.below-frame")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (FOUNDATION, "Rammer", "A5", "SOU-1:2027")
    missing = only(result, "budget.missing")
    assert (missing.file, missing.sheet, missing.cell) == (SUN, "Budget", "A4")


def test_quality_agreement_without_budget_is_fine():
    assert "budget.missing" not in codes(validate(foundation(), submissions()))


def test_budget_for_a_year_without_frame():
    subs = budget(2, ("SUN", "SOU-1", 2027, 500.0), ("SUN", "SOU-1", 2028, 10.0),
                  header=header(SUN, committee="SOU", department="SUN", head="Carl Dahl", last_year=2028))
    finding = only(validate(foundation(), subs), "budget.no-frame")
    assert (finding.file, finding.cell, finding.row_id) == (SUN, "C5", "SOU-1:2028")


def test_unknown_appropriation():
    subs = budget(0, ("DAG", "BUU-1", 2027, 600.0), ("DAG", "XX-9", 2027, 1.0))
    finding = only(validate(foundation(), subs), "budget.unknown-appropriation")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "B5", "DAG:XX-9:2027")


def test_appropriation_of_another_committee():
    subs = budget(2, ("SUN", "SOU-1", 2027, 500.0), ("SUN", "BUU-1", 2027, 0.0))
    finding = only(validate(foundation(), subs), "budget.appropriation-other-committee")
    assert (finding.file, finding.cell) == (SUN, "B5")
    assert (finding.params["owner"], finding.params["committee"]) == ("BUU", "SOU")


def test_institution_budgets_above_the_departments_allocation():
    finding = only(validate(foundation(), budget(3, ("BH1", "BUU-1", 2027, 700.0))),
                   "budget.above-department-allocation")
    assert (finding.file, finding.cell, finding.row_id) == (BH1, "D4", "DAG:BUU-1:2027")
    assert "600" in finding.message("en") and "700" in finding.message("en")
    assert "budget.above-department-allocation" not in codes(
        validate(foundation(), budget(3, ("BH1", "BUU-1", 2027, 600.0))))


def test_institution_budgets_without_a_committee_agreement_to_compare_with():
    subs = [s for i, s in enumerate(budget(3, ("BH1", "BUU-1", 2027, 700.0))) if i != 0]
    assert "budget.above-department-allocation" not in codes(validate(foundation(), subs))


def test_negative_amount():
    subs = budget(0, ("DAG", "BUU-1", 2027, 605.0), ("DAG", "BUU-1", 2027, -5.0))
    finding = only(validate(foundation(), subs), "budget.negative-amount")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "D5", "DAG:BUU-1:2027")


def test_negative_amount_on_an_income_appropriation_is_fine():
    f = foundation()
    found = f.model_copy(update={
        "appropriations": f.appropriations + table(Appropriation, FOUNDATION, "Bevillinger",
                                                   ("number", "name", "committee"), ("BUU-9", "Indtægter", "BUU")),
        "frames": f.frames + table(Frame, FOUNDATION, "Rammer", ("appropriation", "year", "amount"),
                                   ("BUU-9", 2027, -100.0))})
    subs = budget(0, ("DAG", "BUU-1", 2027, 600.0), ("DAG", "BUU-9", 2027, -100.0))
    assert validate(found, subs).findings == []


def test_amount_typed_in_kroner():
    finding = only(validate(foundation(), budget(2, ("SUN", "SOU-1", 2027, 500000.0))), "budget.suspect-unit")
    assert (finding.file, finding.cell) == (SUN, "D4")
    assert "budget.above-frame" in codes(validate(foundation(), budget(2, ("SUN", "SOU-1", 2027, 500000.0))))


def test_institution_budget_line_for_an_institution_outside_the_agreement():
    finding = only(validate(foundation(), budget(3, ("SK1", "BUU-1", 2027, 100.0))), "budget.party-not-in-agreement")
    assert (finding.file, finding.cell, finding.params["party"]) == (BH1, "A4", "SK1")


@pytest.mark.parametrize("tolerance", [0.0, 0.2])
def test_below_frame_tolerance_comes_from_the_settings(tolerance):
    from rule_records import SETTINGS
    from roedtraad.validators.engine import validate_records

    settings = SETTINGS.model_copy(update={"limits": SETTINGS.limits.model_copy(
        update={"budget_below_frame_tolerance": tolerance})})
    result = validate_records(settings, foundation(), budget(0, ("DAG", "BUU-1", 2027, 590.0)), [])
    assert ("budget.below-frame" in codes(result)) == (tolerance == 0.0)
