"""Coverage rules: objectives and policy goals worked towards, cross-cutting goals decided, a sound goal mix."""
from __future__ import annotations

from rule_records import codes, foundation, only, replace, submissions, table, validate

from roedtraad.model import Action, CrossCuttingDecision, Goal, Indicator

FOUNDATION = "Styringsgrundlag.xlsx"
DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
SKO = "indsendelser/Udvalgsaftale-SKO.xlsx"


def sun_realises_px_instead_of_p2():
    subs = submissions()
    sun = subs[2]
    goals = [sun.goals[0].model_copy(update={"parents": ["PX"]})]
    return replace(subs, 2, goals=goals)


def test_objective_realised_by_nothing():
    finding = only(validate(foundation(), sun_realises_px_instead_of_p2()), "coverage.objective-unrealised")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (FOUNDATION, "Målsætninger", "A5", "M2")
    assert finding.params["children"] == 1  # P2 names it, but no agreement goal reaches it


def test_objective_rule_needs_the_whole_set_and_some_submission():
    assert "coverage.objective-unrealised" not in codes(
        validate(foundation(), sun_realises_px_instead_of_p2(), whole_set=False))
    assert "coverage.objective-unrealised" not in codes(validate(foundation(), []))


def test_policy_goal_not_taken_up_by_its_committee():
    finding = only(validate(foundation(), sun_realises_px_instead_of_p2()), "coverage.policy-goal-not-taken-up")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (FOUNDATION, "Politikker og mål", "B5", "P2")
    assert finding.params["committee"] == "SOU"


def test_committee_without_agreements_is_left_to_completeness():
    subs = [s for s in submissions() if "SUN" not in s.header.department]
    result = validate(foundation(), subs)
    assert "coverage.policy-goal-not-taken-up" not in codes(result)
    assert "completeness.missing-submission" in codes(result)


def decisions(index: int, *rows: tuple):
    subs = submissions()
    file = subs[index].header.cells["department"].file
    rows_ = table(CrossCuttingDecision, file, "Tværgående mål", ("goal_id", "relevant", "carried_by", "reason"), *rows)
    return replace(subs, index, cross_cutting=rows_)


def test_cross_cutting_goal_without_a_row_points_at_the_next_free_row():
    finding = only(validate(foundation(), decisions(0)), "coverage.cross-cutting-undecided")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Tværgående mål", "A4", "PX")


def test_cross_cutting_goal_with_blank_relevance():
    finding = only(validate(foundation(), decisions(0, ("PX", None, "", ""))), "coverage.cross-cutting-undecided")
    assert (finding.cell, finding.row_id) == ("B4", "PX")


def test_relevant_cross_cutting_goal_carried_by_an_unknown_goal():
    finding = only(validate(foundation(), decisions(1, ("PX", True, "SKO-9", ""))), "coverage.cross-cutting-unlinked")
    assert (finding.file, finding.cell, finding.row_id) == (SKO, "C4", "PX")
    assert "SKO-9" in finding.message("en")


def test_relevant_cross_cutting_goal_carried_by_nobody():
    finding = only(validate(foundation(), decisions(1, ("PX", True, "", ""))), "coverage.cross-cutting-unlinked")
    assert finding.cell == "C4"


def test_a_goal_carrying_the_cross_cutting_goal_links_it():
    subs = decisions(1, ("PX", None, "", ""))
    sko = subs[1]
    subs = replace(subs, 1, goals=[sko.goals[0].model_copy(update={"carries": ["PX"]})])
    assert not [c for c in codes(validate(foundation(), subs)) if c.startswith("coverage.cross-cutting")]


def test_not_relevant_without_a_reason():
    finding = only(validate(foundation(), decisions(0, ("PX", False, "", " "))), "coverage.cross-cutting-no-reason")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "D4", "PX")


def test_unknown_cross_cutting_goal_in_decisions_and_goals():
    subs = decisions(0, ("PX", False, "", "Ikke relevant"), ("P1", True, "DAG-1", ""))
    finding = only(validate(foundation(), subs), "coverage.unknown-cross-cutting-goal")
    assert (finding.cell, finding.row_id, finding.params["goal"]) == ("A5", "P1", "P1")
    dag = submissions()[0]
    goals = [dag.goals[0].model_copy(update={"carries": ["XX"]})]
    finding = only(validate(foundation(), replace(submissions(), 0, goals=goals)),
                   "coverage.unknown-cross-cutting-goal")
    assert finding.row_id == "DAG-1" and finding.params["goal"] == "XX"


def test_agreement_with_only_output_goals():
    dag = submissions()[0]
    goals = [dag.goals[0].model_copy(update={"goal_type": "output"})]
    finding = only(validate(foundation(), replace(submissions(), 0, goals=goals)), "coverage.only-output-goals")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "D4", "DAG-1")
    # SK1 mixes an output goal with an effect goal: fine.
    assert "coverage.only-output-goals" not in codes(validate(foundation(), submissions()))


def many_goals(count: int):
    rows = [(f"DAG-{n}", "t", "P1", "effect", False) for n in range(1, count + 1)]
    goals = table(Goal, DAG, "Mål", ("id", "text", "parents", "goal_type", "own_goal"), *rows,
                  level="committee_goal", owners=["DAG"])
    indicators = table(Indicator, DAG, "Indikatorer", ("goal_id", "name"), *[(r[0], "i") for r in rows])
    actions = table(Action, DAG, "Handlinger", ("id", "goal_id", "text"), *[(f"H{r[0]}", r[0], "a") for r in rows])
    return replace(submissions(), 0, goals=goals, indicators=indicators, actions=actions)


def test_too_many_goals_points_at_the_first_goal_over_the_limit():
    finding = only(validate(foundation(), many_goals(11)), "coverage.too-many-goals")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "A14", "DAG-11")
    assert (finding.params["count"], finding.params["limit"]) == (11, 10)
    assert "coverage.too-many-goals" not in codes(validate(foundation(), many_goals(10)))


def test_agreement_without_goals():
    subs = replace(submissions(), 0, goals=[], indicators=[], actions=[])
    finding = only(validate(foundation(), subs), "coverage.agreement-without-goals")
    assert (finding.file, finding.sheet, finding.cell) == (DAG, "Mål", "A4")
