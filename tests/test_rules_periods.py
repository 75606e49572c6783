"""Periods and parties: the agreement's years and the front sheet's parties against the register."""
from __future__ import annotations

from datetime import date

from rule_records import codes, foundation, header, only, replace, submissions, table, validate

from roedtraad.model import Action, Goal, Indicator

DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
SUN = "indsendelser/Udvalgsaftale-SUN.xlsx"
BH1 = "indsendelser/KUA-BH1.xlsx"

# Front sheet cells in rule_records.header: committee B4, department B5, head B6, institutions B7,
# leaders B8, first_year B9, last_year B10.


def dag_header(**changes):
    values = dict(committee="BUU", department="DAG", head="Anna Holm")
    values.update(changes)
    return replace(submissions(), 0, header=header(DAG, **values))


def bh1_header(**changes):
    values = dict(department="DAG", head="Anna Holm", institutions=["BH1"], leaders=["Dorte Eriksen"])
    values.update(changes)
    return replace(submissions(), 3, header=header(BH1, **values))


def test_period_that_ends_before_it_starts():
    finding = only(validate(foundation(), dag_header(first_year=2028, last_year=2027)), "period.reversed")
    assert (finding.file, finding.sheet, finding.cell) == (DAG, "Forside", "B10")


def test_agreement_longer_than_allowed():
    finding = only(validate(foundation(), dag_header(first_year=2027, last_year=2029)), "period.too-long")
    assert (finding.file, finding.cell) == (DAG, "B10")
    assert finding.params["max_years"] == 2
    assert "period.too-long" not in codes(validate(foundation(), dag_header(first_year=2027, last_year=2028)))


def test_agreement_outside_the_council_term():
    finding = only(validate(foundation(), dag_header(first_year=2025, last_year=2026)), "period.outside-council-term")
    assert (finding.cell, finding.params["year"]) == ("B9", 2025)


def test_budget_year_outside_the_agreement():
    subs = submissions()
    budget = [subs[0].budget[0].model_copy(update={"year": 2028})]
    finding = only(validate(foundation(), replace(subs, 0, budget=budget)), "period.budget-year-outside")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Budget", "C4", "DAG:BUU-1:2028")


def test_target_for_year_two_of_a_one_year_agreement():
    indicators = table(Indicator, DAG, "Indikatorer", ("goal_id", "name", "target_1", "target_2"),
                       ("DAG-1", "Læsescore", 10.0, 12.0))
    finding = only(validate(foundation(), replace(submissions(), 0, indicators=indicators)),
                   "period.target-year-outside")
    assert (finding.sheet, finding.cell, finding.params["year"]) == ("Indikatorer", "D4", 2028)
    # The same indicator in a two-year agreement is fine.
    subs = replace(dag_header(last_year=2028), 0, indicators=indicators)
    assert "period.target-year-outside" not in codes(validate(foundation(), subs))


def test_sub_goal_for_year_two_of_a_one_year_agreement():
    goals = table(Goal, BH1, "Mål", ("id", "text", "parents", "sub_goal_1", "sub_goal_2"),
                  ("BH1-1", "t", "DAG-1", "Første skridt", "Andet skridt"), level="institution_goal",
                  goal_type="effect", owners=["BH1"])
    finding = only(validate(foundation(), replace(submissions(), 3, goals=goals)), "period.sub-goal-year-outside")
    assert (finding.file, finding.cell, finding.row_id) == (BH1, "E4", "BH1-1")


def test_action_dated_outside_the_agreement():
    actions = table(Action, DAG, "Handlinger", ("id", "goal_id", "text", "start", "end"),
                    ("H1", "DAG-1", "a", date(2027, 1, 1), date(2028, 3, 1)))
    finding = only(validate(foundation(), replace(submissions(), 0, actions=actions)), "period.action-outside")
    assert (finding.cell, finding.row_id) == ("E4", "H1")
    inside = [actions[0].model_copy(update={"end": date(2027, 12, 31)})]
    assert "period.action-outside" not in codes(validate(foundation(), replace(submissions(), 0, actions=inside)))


def test_unknown_committee_on_the_front_sheet():
    finding = only(validate(foundation(), dag_header(committee="Teknikudvalget")), "party.unknown")
    assert (finding.file, finding.sheet, finding.cell) == (DAG, "Forside", "B4")
    assert "udvalg" in finding.message("da") and "committee" in finding.message("en")


def test_parties_by_exact_name_in_any_case():
    result = validate(foundation(), dag_header(committee="børne- og ungeUDVALGET", department="  Dagtilbud"))
    assert result.findings == []


def test_institution_given_by_its_name_in_an_id_list():
    # Id lists are read without spaces, so "Børnehuset Solsikken" arrives as BØRNEHUSETSOLSIKKEN.
    assert validate(foundation(), bh1_header(institutions=["BØRNEHUSETSOLSIKKEN"])).findings == []


def test_unknown_department_and_institution():
    result = validate(foundation(), bh1_header(department="DAX", institutions=["BH1", "BH9"]))
    cells = sorted((f.cell, f.params["value"]) for f in result.findings if f.code == "party.unknown")
    assert cells == [("B5", "DAX"), ("B7", "BH9")]


def test_wrong_head_of_department():
    finding = only(validate(foundation(), dag_header(head="Ole Olsen")), "party.wrong-head")
    assert (finding.file, finding.cell) == (DAG, "B6")
    assert "Anna Holm" in finding.message("en")
    finding = only(validate(foundation(), bh1_header(head="Ole Olsen")), "party.wrong-head")
    assert (finding.file, finding.cell) == (BH1, "B6")
    assert "party.wrong-head" not in codes(validate(foundation(), dag_header(head="  anna  HOLM ")))


def test_institution_leader_not_among_the_leaders():
    finding = only(validate(foundation(), bh1_header(leaders=["Ole Olsen"])), "party.wrong-leader")
    assert (finding.file, finding.cell) == (BH1, "B8")


def test_department_that_does_not_report_to_the_named_committee():
    subs = replace(submissions(), 2, header=header(SUN, committee="BUU", department="SUN", head="Carl Dahl"))
    finding = only(validate(foundation(), subs), "party.department-not-under-committee")
    assert (finding.file, finding.cell) == (SUN, "B5")
    assert (finding.params["actual"], finding.params["committee"]) == ("SOU", "BUU")


def test_institution_not_under_the_named_department():
    finding = only(validate(foundation(), bh1_header(department="SKO", head="Bo Berg")),
                   "party.institution-not-under-department")
    assert (finding.file, finding.cell) == (BH1, "B7")
    assert (finding.params["actual"], finding.params["department"]) == ("DAG", "SKO")
