"""Red thread rules: each breaks one thing in the clean municipality and expects one finding at its cell."""
from __future__ import annotations

from rule_records import codes, foundation, only, replace, submissions, table, validate

from roedtraad.model import Action, Goal, Indicator

DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
SKO = "indsendelser/Udvalgsaftale-SKO.xlsx"
SUN = "indsendelser/Udvalgsaftale-SUN.xlsx"
BH1 = "indsendelser/KUA-BH1.xlsx"
SK1 = "indsendelser/KUA-SK1.xlsx"


def with_goals(index: int, *rows: tuple):
    """Replace the goals of submission `index` (keeping indicators and actions for their ids)."""
    subs = submissions()
    original = subs[index]
    file = original.header.cells["department"].file
    goals = table(Goal, file, "Mål", ("id", "text", "parents", "goal_type", "own_goal"), *rows,
                  level=original.goals[0].level, owners=original.goals[0].owners)
    indicators = table(Indicator, file, "Indikatorer", ("goal_id", "name"), *[(r[0], "i") for r in rows])
    actions = table(Action, file, "Handlinger", ("id", "goal_id", "text"), *[(f"H{n}", r[0], "a")
                                                                             for n, r in enumerate(rows)])
    return replace(subs, index, goals=goals, indicators=indicators, actions=actions)


def test_clean_municipality_has_no_findings():
    result = validate(foundation(), submissions())
    assert result.findings == []
    assert result.passed(strict=True)


def test_unknown_parent_points_at_the_parent_cell():
    finding = only(validate(foundation(), with_goals(0, ("DAG-1", "t", "P9", "effect", False))),
                   "thread.unknown-parent")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Mål", "C4", "DAG-1")
    assert "'P9'" in finding.message("en")
    assert "thread.unknown-parent" not in codes(validate(foundation(), submissions()))


def test_parent_at_a_level_that_may_not_parent_it():
    finding = only(validate(foundation(), with_goals(3, ("BH1-1", "t", "P1", "effect", False))),
                   "thread.parent-wrong-level")
    assert (finding.file, finding.cell, finding.row_id) == (BH1, "C4", "BH1-1")
    assert "Udvalgsmål" in finding.message("da") and "Committee goal" in finding.message("en")


def test_committee_goal_may_realise_an_objective_directly():
    result = validate(foundation(), with_goals(0, ("DAG-1", "t", "M1", "effect", False)))
    assert "thread.parent-wrong-level" not in codes(result)


def test_parent_policy_goal_of_another_committee():
    finding = only(validate(foundation(), with_goals(2, ("SUN-1", "t", "P1", "effect", False))),
                   "thread.parent-other-owner")
    assert (finding.file, finding.cell, finding.row_id) == (SUN, "C4", "SUN-1")
    assert finding.params["parent_owner"] == "BUU" and finding.params["owner"] == "SOU"


def test_shared_policy_goal_may_be_realised_by_each_owner():
    result = validate(foundation(), with_goals(2, ("SUN-1", "t", "PX", "effect", False)))
    assert "thread.parent-other-owner" not in codes(result)


def test_institution_goal_under_another_departments_goal():
    finding = only(validate(foundation(), with_goals(3, ("BH1-1", "t", "SKO-1", "effect", False))),
                   "thread.parent-other-owner")
    assert (finding.file, finding.cell) == (BH1, "C4")
    assert (finding.params["parent_owner"], finding.params["owner"]) == ("SKO", "DAG")


def test_committee_goal_without_parent():
    finding = only(validate(foundation(), with_goals(0, ("DAG-1", "t", "", "effect", False))), "thread.missing-parent")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "C4", "DAG-1")


def test_own_goal_flag_does_not_help_where_own_goals_are_not_allowed():
    result = validate(foundation(), with_goals(0, ("DAG-1", "t", "", "effect", True)))
    assert only(result, "thread.missing-parent").cell == "C4"


def test_institution_goal_without_parent_must_be_marked_own_goal():
    subs = submissions()
    sk1 = subs[4]
    goals = [sk1.goals[0], sk1.goals[1].model_copy(update={"own_goal": False})]
    finding = only(validate(foundation(), replace(subs, 4, goals=goals)), "thread.unmarked-own-goal")
    assert (finding.file, finding.cell, finding.row_id) == (SK1, "C5", "SK1-2")
    # The clean SK1-2 is marked as own goal: nothing to say.
    assert "thread.unmarked-own-goal" not in codes(validate(foundation(), submissions()))


def test_duplicate_id_within_one_file_names_both_places():
    result = validate(foundation(), with_goals(0, ("DAG-1", "a", "P1", "effect", False),
                                               ("DAG-1", "b", "P1", "effect", False)))
    finding = only(result, "thread.duplicate-id")
    assert (finding.file, finding.cell) == (DAG, "A5")
    assert f"{DAG}, Mål!A4" in finding.message("da")


def test_duplicate_id_across_files_names_the_other_file():
    finding = only(validate(foundation(), with_goals(1, ("DAG-1", "t", "P1", "effect", False))),
                   "thread.duplicate-id-across-files")
    assert (finding.file, finding.cell, finding.row_id) == (SKO, "A4", "DAG-1")
    assert f"{DAG}, Mål!A4" in finding.message("sv")


def test_submission_goal_reusing_a_foundation_id():
    finding = only(validate(foundation(), with_goals(1, ("P2", "t", "P1", "effect", False))),
                   "thread.duplicate-id-across-files")
    assert "Styringsgrundlag.xlsx, Politikker og mål!B5" in finding.message("en")


def test_distinct_ids_are_not_duplicates():
    result = validate(foundation(), with_goals(0, ("DAG-1", "a", "P1", "effect", False),
                                               ("DAG-2", "b", "P1", "effect", False)))
    assert not {"thread.duplicate-id", "thread.duplicate-id-across-files"} & set(codes(result))


def test_duplicate_action_id():
    subs = submissions()
    dag = subs[0]
    actions = table(Action, DAG, "Handlinger", ("id", "goal_id", "text"), ("H1", "DAG-1", "a"), ("H1", "DAG-1", "b"))
    finding = only(validate(foundation(), replace(subs, 0, actions=actions)), "thread.duplicate-action-id")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Handlinger", "A5", "H1")
    assert dag.actions  # the clean file has one action per goal


def test_cycle_is_reported_once_with_its_path():
    result = validate(foundation(), with_goals(0, ("DAG-1", "a", "DAG-2", "effect", False),
                                               ("DAG-2", "b", "DAG-1", "effect", False)))
    finding = only(result, "thread.cycle")
    assert (finding.file, finding.cell, finding.row_id) == (DAG, "C4", "DAG-1")
    assert finding.params["cycle"] == "DAG-1 -> DAG-2 -> DAG-1"


def test_goal_without_indicator_and_without_action():
    subs = replace(submissions(), 0, indicators=[], actions=[])
    result = validate(foundation(), subs)
    for code, sheet in (("thread.goal-without-indicator", "Indikatorer"), ("thread.goal-without-action", "Handlinger")):
        finding = only(result, code)
        assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Mål", "A4", "DAG-1")
        assert finding.params["sheet_name"] == sheet


def test_action_and_indicator_pointing_at_no_goal_in_their_file():
    subs = submissions()
    actions = table(Action, DAG, "Handlinger", ("id", "goal_id", "text"), ("H1", "DAG-1", "a"), ("H2", "SKO-1", "b"))
    indicators = table(Indicator, DAG, "Indikatorer", ("goal_id", "name"), ("DAG-1", "i"), ("DAG-9", "j"))
    result = validate(foundation(), replace(subs, 0, actions=actions, indicators=indicators))
    action = only(result, "thread.action-without-goal")
    assert (action.sheet, action.cell, action.row_id) == ("Handlinger", "B5", "H2")
    indicator = only(result, "thread.indicator-without-goal")
    assert (indicator.sheet, indicator.cell, indicator.row_id) == ("Indikatorer", "A5", "DAG-9")


def test_foundation_policy_goal_with_unknown_objective():
    found = foundation()
    goals = [g.model_copy(update={"parents": ["M9"]}) if g.id == "P1" else g for g in found.goals]
    finding = only(validate(found.model_copy(update={"goals": goals}), submissions()), "thread.unknown-parent")
    assert (finding.file, finding.sheet, finding.cell) == ("Styringsgrundlag.xlsx", "Politikker og mål", "D4")

