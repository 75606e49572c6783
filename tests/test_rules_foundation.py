"""The foundation's own links, checked at the foundation's cells (issue 16, section 1).

Foundation rows follow rule_records: Organisation columns kind A, id B, name C, parent D, leader E (rows 4-11:
BUU, SOU, DAG, SKO, SUN, BH1, SK1, PL1); Bevillinger number A, name B, committee C (BUU-1 row 4, SOU-1 row 5);
Rammer appropriation A, year B, amount C.
"""
from __future__ import annotations

from rule_records import codes, foundation, only, parties, replace, submissions, table, validate

from roedtraad.model import Appropriation, BudgetLine, Frame, Goal, Party

F = "Styringsgrundlag.xlsx"
DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
BH1 = "indsendelser/KUA-BH1.xlsx"


def org(*changes: tuple[int, str, object]) -> list[Party]:
    """The register with some rows changed: (row index, field, value)."""
    rows = [[p.kind, p.id, p.name, p.parent, p.leader] for p in parties()]
    fields = ("kind", "id", "name", "parent", "leader")
    for index, field, value in changes:
        rows[index][fields.index(field)] = value
    return table(Party, F, "Organisation", fields, *map(tuple, rows))


def where(finding) -> tuple[str, str, str]:
    return finding.file, finding.sheet, finding.cell


def test_a_clean_foundation_has_no_foundation_findings():
    assert not [c for c in codes(validate(foundation(), submissions())) if c.startswith("foundation.")]


def test_appropriation_under_a_committee_that_does_not_exist():
    appropriations = table(Appropriation, F, "Bevillinger", ("number", "name", "committee"),
                           ("BUU-1", "Børn og unge", "BUU"), ("SOU-1", "Sundhed", "KUU"))
    result = validate(foundation(appropriations=appropriations), submissions())
    finding = only(result, "foundation.unknown-party")
    assert where(finding) == (F, "Bevillinger", "C5")
    assert finding.message("da") == "'KUU' findes ikke som udvalg på arket Organisation."
    assert [f.code for f in result.findings if f.file != F] == []  # SUN's budget on SOU-1 is not blamed


def test_frame_for_an_appropriation_that_does_not_exist():
    frames = table(Frame, F, "Rammer", ("appropriation", "year", "amount"),
                   ("BUU-1", 2027, 1000.0), ("SOU-1", 2027, 500.0), ("BUU-1", 2028, 1000.0), ("BUU-9", 2027, 50.0))
    finding = only(validate(foundation(frames=frames), submissions()), "foundation.frame-unknown-appropriation")
    assert where(finding) == (F, "Rammer", "A7")


def test_institution_under_an_unknown_department_is_the_foundations_error_not_the_submissions():
    result = validate(foundation(parties=org((5, "parent", "DAGTILBUDOGSKOLE"))), submissions())
    finding = only(result, "foundation.unknown-party")
    assert where(finding) == (F, "Organisation", "D9")
    assert "DAGTILBUDOGSKOLE" in finding.message("da") and "afdeling" in finding.message("da")
    assert not [f for f in result.findings if f.file == BH1 and f.code.startswith("party.")]


def test_department_under_an_unknown_committee():
    finding = only(validate(foundation(parties=org((2, "parent", "BØRN"))), submissions()), "foundation.unknown-party")
    assert where(finding) == (F, "Organisation", "D6")
    assert not [f for f in validate(foundation(parties=org((2, "parent", "BØRN"))), submissions()).findings
                if f.file == DAG and f.code.startswith("party.")]


def test_a_name_where_the_id_belongs_is_understood_and_pointed_out_at_the_foundation():
    named = org((5, "parent", "DAGTILBUD"))  # the department's name (read as an id: spaces and case folded)
    result = validate(foundation(parties=named), submissions())
    finding = only(result, "foundation.name-instead-of-id")
    assert where(finding) == (F, "Organisation", "D9") and finding.params["party"] == "DAG"
    assert not [f for f in result.findings if f.file == BH1 and f.code.startswith("party.")]


def test_policy_goal_for_a_committee_that_does_not_exist():
    goals = [g for g in foundation().goals if g.id != "P2"]
    goals += table(Goal, F, "Politikker og mål", ("policy", "id", "text", "parents", "owners"),
                   ("Sundhedspolitik", "P2", "Færre fald", "M2", "SOU, ÆLD"), level="policy_goal")
    finding = only(validate(foundation(goals=goals), submissions()), "foundation.unknown-party")
    assert where(finding) == (F, "Politikker og mål", "E4") and finding.params["value"] == "ÆLD"


def test_a_policy_goal_only_for_an_unknown_committee_does_not_blame_the_agreement_realising_it():
    goals = [g for g in foundation().goals if g.id != "P2"]
    goals += table(Goal, F, "Politikker og mål", ("policy", "id", "text", "parents", "owners"),
                   ("Sundhedspolitik", "P2", "Færre fald", "M2", "ÆLD"), level="policy_goal")
    result = validate(foundation(goals=goals), submissions())
    assert [f.code for f in result.findings if f.file != F] == []


def test_ids_used_twice_in_the_organisation_and_the_appropriations():
    twice = org((7, "id", "SK1"))  # PL1 renamed to SK1
    finding = only(validate(foundation(parties=twice), submissions()), "foundation.duplicate-id")
    assert where(finding) == (F, "Organisation", "B11") and "Organisation!B10" in finding.message("da")
    appropriations = table(Appropriation, F, "Bevillinger", ("number", "name", "committee"),
                           ("BUU-1", "Børn og unge", "BUU"), ("SOU-1", "Sundhed", "SOU"), ("BUU-1", "Igen", "BUU"))
    finding = only(validate(foundation(appropriations=appropriations), submissions()), "foundation.duplicate-id")
    assert where(finding) == (F, "Bevillinger", "A6")


def test_a_frame_given_twice():
    frames = table(Frame, F, "Rammer", ("appropriation", "year", "amount"),
                   ("BUU-1", 2027, 1000.0), ("SOU-1", 2027, 500.0), ("BUU-1", 2028, 1000.0), ("BUU-1", 2027, 10.0))
    finding = only(validate(foundation(frames=frames), submissions()), "foundation.duplicate-frame")
    assert where(finding) == (F, "Rammer", "A7")


def test_duplicate_budget_rows_in_an_agreement():
    subs = submissions()
    lines = table(BudgetLine, DAG, "Budget", ("party", "appropriation", "year", "amount"),
                  ("DAG", "BUU-1", 2027, 300.0), ("DAG", "BUU-1", 2027, 300.0))
    finding = only(validate(foundation(), replace(subs, 0, budget=lines)), "budget.duplicate-line")
    assert where(finding) == (DAG, "Budget", "A5") and "Budget!A4" in finding.message("da")
