"""The tables behind the dashboard, the API and the data frames: rows per goal, budget key and finding."""
from __future__ import annotations

from rule_records import SETTINGS, foundation, replace, submissions, table, validate

from roedtraad.findings import Severity
from roedtraad.frames import budget_frame, findings_frame, status_frame
from roedtraad.model import BudgetLine, Goal
from roedtraad.tables import FindingFilter, ProjectTables


def tables(found=None, subs=None) -> ProjectTables:
    return ProjectTables(validate(found or foundation(), submissions() if subs is None else subs), SETTINGS)


def test_goals_carry_parents_children_and_coverage():
    rows = {row.id: row for row in tables().goals()}
    assert rows["M1"].children == ["P1", "PX"] and rows["M1"].coverage == "full"
    assert rows["P1"].parents == ["M1"] and rows["P1"].children == ["DAG-1", "SKO-1"]
    assert rows["DAG-1"].lowest_below == 1 and rows["DAG-1"].committee == "BUU"
    assert rows["DAG-1"].parties == ["DAG"] and (rows["DAG-1"].sheet, rows["DAG-1"].cell) == ("Mål", "A4")
    assert rows["BH1-1"].coverage == "leaf" and rows["BH1-1"].level_label == "Institutionsmål"
    assert rows["PX"].coverage == "none"  # the cross-cutting goal is carried, never parented


def test_an_objective_nobody_works_towards_stands_out_as_uncovered():
    subs = [s for s in submissions() if s.header.department != "SUN"]
    rows = {row.id: row for row in tables(subs=subs).goals()}
    assert rows["M2"].coverage == "none" and rows["P2"].coverage == "none"
    # realised by a committee goal but not down to an institution goal
    subs = replace(submissions(), 5, goals=[])
    rows = {r.id: r for r in tables(subs=subs).goals()}
    assert (rows["P2"].coverage, rows["SUN-1"].coverage) == ("partial", "open")


def test_a_party_sees_the_foundation_and_its_own_goals_only():
    ids = {row.id for row in tables().goals(party="SK1")}
    assert {"M1", "P1", "SK1-1", "SK1-2"} <= ids and not ids & {"DAG-1", "BH1-1", "SUN-1"}


def test_goal_tree_runs_from_the_objectives_down_and_own_goals_sit_at_the_root():
    tree = tables().goal_tree()
    roots = [node.goal.id for node in tree]
    assert roots[:2] == ["M1", "M2"] and "SK1-2" in roots
    m1 = tree[0]
    p1 = next(n for n in m1.children if n.goal.id == "P1")
    assert [n.goal.id for n in p1.children] == ["DAG-1", "SKO-1"]
    assert [n.goal.id for n in p1.children[0].children] == ["BH1-1"]


def test_budget_rows_use_the_budget_rule_sums_and_its_verdicts():
    subs = replace(submissions(), 0, budget=table(BudgetLine, "indsendelser/Udvalgsaftale-DAG.xlsx", "Budget",
                                                  ("party", "appropriation", "year", "amount"),
                                                  ("DAG", "BUU-1", 2027, 700.0)))
    rows = {(r.appropriation, r.year): r for r in tables(subs=subs).budget()}
    above = rows[("BUU-1", 2027)]
    assert (above.committee, above.frame, above.allocated, above.difference, above.state) == (
        "BUU", 1000.0, 1100.0, 100.0, "above")
    assert rows[("SOU-1", 2027)].state == "within" and rows[("SOU-1", 2027)].allocated == 500.0
    assert [r.committee for r in tables(subs=subs).budget(committee="SOU")] == ["SOU"]


def test_findings_are_attributed_to_parties_and_committees_and_filter():
    subs = replace(submissions(), 3, goals=table(Goal, "indsendelser/KUA-BH1.xlsx", "Mål",
                                                 ("id", "text", "parents", "goal_type"),
                                                 ("BH1-1", "<script>alert(1)</script>", "NOPE", "effect"),
                                                 level="institution_goal", owners=["BH1"]))
    subs = [s for s in subs if s.header.department != "SUN" or s.kind != "committee_agreement"]
    t = tables(subs=subs)
    unknown = t.findings(where=FindingFilter(code="thread.unknown-parent", party="BH1"))
    assert len(unknown) == 1
    row = unknown[0]
    assert (row.parties, row.committee, row.file, row.sheet, row.cell) == (
        ["DAG", "BH1"], "BUU", "indsendelser/KUA-BH1.xlsx", "Mål", "C4")
    assert row.title and row.hint and "NOPE" in row.message
    missing = t.findings(where=FindingFilter(code="completeness.missing-submission"))
    assert [(r.parties, r.committee) for r in missing] == [(["SUN"], "SOU")]
    assert all("BH1" in r.parties for r in t.findings(where=FindingFilter(party="BH1")))
    assert {r.committee for r in t.findings(where=FindingFilter(committee="SOU"))} == {"SOU"}
    assert all(r.severity == Severity.WARNING for r in t.findings(where=FindingFilter(severity="warning")))
    assert t.findings("en", FindingFilter(party="SK1")) == []


def test_frames_have_fixed_columns_and_the_same_rows():
    result = validate(foundation(), submissions())
    findings = findings_frame(result, SETTINGS)
    assert list(findings.columns)[:3] == ["code", "severity", "title"] and len(findings) == len(result.findings)
    budget = budget_frame(result, SETTINGS)
    assert budget.set_index(["appropriation", "year"]).loc[("BUU-1", 2027), "allocated"] == 1000.0
    empty = findings_frame(result, SETTINGS, where=FindingFilter(party="nobody"))
    assert empty.empty and "committee" in empty.columns
    from roedtraad.sync.status import PartyStatus, ProjectStatus

    status = ProjectStatus(municipality="X", parties=[
        PartyStatus(party="DAG", name="Dagtilbud", committee="BUU", kind="committee_agreement", agreement="Udvalgsaftale",
                    state="late", errors=2)])
    frame = status_frame(status)
    assert (frame.loc[0, "party"], frame.loc[0, "state"], frame.loc[0, "errors"]) == ("DAG", "late", 2)
    assert list(status_frame(ProjectStatus(municipality="X")).columns) == list(PartyStatus.model_fields)
