"""Trace values: the thread, the objective, the parent, the count below, the row's status."""
from __future__ import annotations

import pytest
from factories import committee_agreement, foundation, quality_agreement, settings

from roedtraad.cascade import CascadeGraph
from roedtraad.model import Goal, Location
from roedtraad.sync.trace import STATUS_OK, TraceTable, status_text
from roedtraad.findings import Finding, Severity


def finding(code: str, severity: Severity, cell: str = "", row_id: str = "", file: str = "ua.xlsx",
            sheet: str = "Mål") -> Finding:
    return Finding(code=code, severity=severity, file=file, sheet=sheet, cell=cell, row_id=row_id)


@pytest.fixture
def records():
    f, ua, kua = foundation(), committee_agreement(), quality_agreement()
    ua.goals[0].location = Location(file="ua.xlsx", sheet="Mål", cell="A4", row=4)
    return f, ua, kua


def table(records, findings=(), lang="da") -> TraceTable:
    f, ua, kua = records
    return TraceTable(CascadeGraph.build(settings(), f, [ua, kua]), findings, lang)


def by_id(records) -> dict[str, Goal]:
    f, ua, kua = records
    return {g.id: g for g in [*f.goals, *ua.goals, *kua.goals]}


@pytest.mark.parametrize("goal_id, path, objective, parent, realised_by", [
    ("M1", "M1", "Alle børn skal trives og lære mest muligt", "", 2),
    ("P1", "M1 › P1", "Alle børn skal trives og lære mest muligt", "Alle børn skal trives og lære mest muligt", 1),
    ("SKO-01", "M1 › P1 › SKO-01", "Alle børn skal trives og lære mest muligt",
     "Flere unge skal have en ungdomsuddannelse", 1),
    ("ALL-01", "M1 › P1 › SKO-01 › ALL-01", "Alle børn skal trives og lære mest muligt",
     "Flere elever læser sikkert", 0),
    ("ALL-02", "ALL-02", "", "", 0),  # the institution's own goal: no thread above it
])
def test_trace_values_at_every_level(records, goal_id, path, objective, parent, realised_by):
    values = table(records).for_goal(by_id(records)[goal_id])
    assert (values.trace_path, values.objective_title, values.parent_text, values.realised_by, values.status) == (
        path, objective, parent, realised_by, STATUS_OK)


def test_unknown_parent_leaves_the_thread_at_the_goal(records):
    goal = by_id(records)["SKO-01"].model_copy(update={"parents": ["P404"]})
    values = table(records).for_goal(goal)
    assert (values.trace_path, values.objective_title, values.parent_text) == ("SKO-01", "", "")
    assert values.cells()["objective_title"] is None  # empty text is an empty cell


def test_a_duplicate_id_follows_its_own_parents(records):
    twin = Goal(id="SKO-01", text="Samme id, andet mål", level="committee_goal", parents=["P9"])
    assert table(records).for_goal(twin).trace_path == "M1 › P9 › SKO-01"


def test_status_names_the_rows_errors_then_warnings_by_title(records):
    findings = [finding("thread.unknown-parent", Severity.ERROR, cell="C4", row_id="SKO-01"),
                finding("thread.goal-without-indicator", Severity.WARNING, cell="A4", row_id="SKO-01"),
                finding("thread.unknown-parent", Severity.ERROR, cell="C4", row_id="SKO-01"),
                finding("cells.some-info", Severity.INFO, cell="B4"),
                finding("thread.unknown-parent", Severity.ERROR, cell="C5"),  # another row
                finding("thread.cycle", Severity.ERROR, cell="C4", file="kua.xlsx")]  # another file
    goal = by_id(records)["SKO-01"]
    assert table(records, findings).for_goal(goal).status == (
        "Fejl: Ukendt overordnet mål; Mål uden indikator")
    assert table(records, findings, "sv").for_goal(goal).status.startswith("Fel: ")


def test_a_finding_without_cell_belongs_to_its_row_id(records):
    findings = [finding("thread.goal-without-action", Severity.WARNING, row_id="SKO-01")]
    assert table(records, findings, "en").for_goal(by_id(records)["SKO-01"]).status == (
        "Warning: Goal without action")


@pytest.mark.parametrize("severities, expected", [
    ([], "OK"), ([Severity.INFO], "OK"), ([Severity.WARNING, Severity.INFO], "Advarsel: w"),
    ([Severity.WARNING, Severity.ERROR], "Fejl: e; w"),
])
def test_status_text(severities, expected):
    codes = {Severity.ERROR: "e", Severity.WARNING: "w", Severity.INFO: "i"}
    assert status_text([finding(codes[s], s, cell="A4") for s in severities], "da") == expected


def test_objective_counts_per_lower_level(records):
    counts = table(records).objective_counts("M1", settings())
    assert counts == {"count_policy_goal": 2, "count_committee_goal": 1, "count_institution_goal": 1}
