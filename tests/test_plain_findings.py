"""Findings that catch what they should and say it plainly (issue 16, section 2)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from factories import (committee_agreement, committee_header, foundation, quality_agreement, quality_header,
                       settings)
from rule_records import only, table, validate, write_project
from rule_records import foundation as rule_foundation
from rule_records import submissions as rule_submissions

from roedtraad.cascade import CascadeGraph
from roedtraad.cli import main
from roedtraad.findings import Finding, Severity
from roedtraad.i18n import count_text
from roedtraad.model import BudgetLine, Goal, Location
from roedtraad.sync.trace import TraceTable, status_text
from roedtraad.workbook_templates.generate import write_agreement
from roedtraad.workbook_templates.read import read_submission

S = settings()


def edit(path: Path, sheet: str, **cells: object) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


# --- a number typed as text ------------------------------------------------------------------------------------


def test_a_number_typed_as_text_is_a_warning_with_the_fix(tmp_path):
    path = write_agreement(tmp_path / "ua.xlsx", S, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    submission, findings = read_submission(edit(path, "Indikatorer", D4="1.200,5 kr."), S)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in findings] == [
        ("cell.number-as-text", Severity.WARNING, "Indikatorer", "D4")]
    assert submission.indicators[0].baseline == 1200.5  # still read: the master shows the number
    assert "'1.200,5 kr.'" in findings[0].message("da")
    assert "uden enhed og tusindtalsseparator" in findings[0].hint("da") and "1200,5" in findings[0].hint("da")


def test_a_typed_number_is_silent(tmp_path):
    path = write_agreement(tmp_path / "ua.xlsx", S, "committee_agreement", foundation(), committee_header(),
                           committee_agreement())
    _, findings = read_submission(edit(path, "Indikatorer", D4=1200.5), S)
    assert findings == []


# --- budget messages ---------------------------------------------------------------------------------------------


def test_above_frame_without_other_contributions_leaves_the_clause_out():
    subs = rule_submissions()
    sun = subs[2]
    lines = table(BudgetLine, str(sun.path), "Budget", ("party", "appropriation", "year", "amount"),
                  ("SUN", "SOU-1", 2027, 600.0))
    subs[2] = sun.model_copy(update={"budget": lines})
    finding = only(validate(rule_foundation(), subs), "budget.above-frame")
    for lang in ("da", "sv", "en"):
        message = finding.message(lang)
        assert "-." not in message and "Øvrige" not in message and "Other" not in message, message
    assert finding.message("da").startswith("Udvalget SOU's aftaler fordeler")
    assert finding.message("sv").startswith("Nämnden SOU:s planer fördelar")


def test_above_frame_with_other_contributions_names_them():
    subs = rule_submissions()
    dag = subs[0]
    lines = table(BudgetLine, str(dag.path), "Budget", ("party", "appropriation", "year", "amount"),
                  ("DAG", "BUU-1", 2027, 700.0))
    subs[0] = dag.model_copy(update={"budget": lines})
    finding = only(validate(rule_foundation(), subs), "budget.above-frame")
    assert "Øvrige bidrag: indsendelser/Udvalgsaftale-SKO.xlsx, Budget!D4 (400)." in finding.message("da")


@pytest.mark.parametrize("count, da, sv, en", [
    (0, "0 advarsler", "0 varningar", "0 warnings"),
    (1, "1 advarsel", "1 varning", "1 warning"),
    (2, "2 advarsler", "2 varningar", "2 warnings"),
])
def test_counts_agree_with_their_noun(count, da, sv, en):
    assert (count_text(count, "warning", "da"), count_text(count, "warning", "sv"),
            count_text(count, "warning", "en")) == (da, sv, en)


def test_the_consolidation_summary_says_1_advarsel(tmp_path):
    subs = rule_submissions()
    goals = [subs[3].goals[0].model_copy(update={"goal_type": "output"})]  # one agreement with only output goals
    project = write_project(tmp_path / "kommune", subs=[*subs[:3], subs[3].model_copy(update={"goals": goals}),
                                                        *subs[4:]])
    result = CliRunner().invoke(main, ["consolidate", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "6 indsendelser, 0 fejl, 1 advarsel, 0 info" in result.output, result.output


# --- the written-back status ------------------------------------------------------------------------------------


def test_status_names_the_finding_in_the_users_language_not_its_code():
    found = [Finding(code="thread.unknown-parent", severity=Severity.ERROR, file="a.xlsx", sheet="Mål", cell="C4"),
             Finding(code="thread.goal-without-indicator", severity=Severity.WARNING, file="a.xlsx", sheet="Mål",
                     cell="A4")]
    assert status_text(found, "da") == "Fejl: Ukendt overordnet mål; Mål uden indikator"
    assert status_text(found, "en") == "Error: Unknown parent goal; Goal without indicator"
    assert "thread." not in status_text(found, "sv")


# --- usage errors in the user's language -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("usage") / "kommune")


def test_usage_errors_follow_the_projects_language(project):
    runner = CliRunner()
    xlsx = runner.invoke(main, ["validate", "-p", str(project.root), "--format", "xlsx"])
    assert xlsx.exit_code == 2
    assert xlsx.output == "Fejl: --format xlsx skriver en projektmappe: angiv --output FIL\n"
    unknown = runner.invoke(main, ["validate", "-p", str(project.root), "--committee", "XYZ"])
    assert unknown.exit_code == 2
    assert unknown.output == "Fejl: ukendt udvalg 'XYZ'; kendte udvalg: BUU, SOU\n"
    run = runner.invoke(main, ["run", "-p", str(project.root), "--committee", "XYZ"])
    assert run.exit_code == 2 and run.output == "Fejl: ukendt udvalg 'XYZ'; kendte udvalg: BUU, SOU\n"


def test_usage_errors_follow_lang(project):
    result = CliRunner().invoke(main, ["validate", "-p", str(project.root), "--committee", "XYZ", "--lang", "en"])
    assert result.output == "Error: unknown committee 'XYZ'; known committees: BUU, SOU\n"


# --- a deleted sheet is always a finding ------------------------------------------------------------------------


def test_a_deleted_optional_sheet_is_a_finding(tmp_path):
    path = write_agreement(tmp_path / "kua.xlsx", S, "quality_agreement", foundation(), quality_header(),
                           quality_agreement())
    wb = openpyxl.load_workbook(path)
    del wb["Budget"]
    wb.save(path)
    submission, findings = read_submission(path, S)
    assert [(f.code, f.severity, f.params["sheet_name"]) for f in findings] == [
        ("structure.missing-optional-sheet", Severity.WARNING, "Budget")]
    assert "indgår ikke" in findings[0].message("da")
    assert submission.budget == []


# --- a goal realising several goals is traced to each ------------------------------------------------------------


def test_a_goal_with_two_parents_is_traced_to_both():
    f = foundation()
    f.goals.append(Goal(id="M2", text="Et sundt liv", level="objective"))
    f.goals.append(Goal(id="P2", text="Flere børn bevæger sig", level="policy_goal", parents=["M1", "M2"],
                        owners=["BUU"]))
    ua = committee_agreement()
    goal = ua.goals[0].model_copy(update={"parents": ["P1", "P2"],
                                          "location": Location(file="ua.xlsx", sheet="Mål", cell="A4", row=4)})
    ua.goals[0] = goal
    trace = TraceTable(CascadeGraph.build(S, f, [ua]), [], "da")
    values = trace.for_goal(goal)
    assert values.trace_path == "M1 › P1 › SKO-01; M1 › P2 › SKO-01; M2 › P2 › SKO-01"
    assert values.objective_title == "Alle børn skal trives og lære mest muligt; Et sundt liv"
    assert values.parent_text == "Flere unge skal have en ungdomsuddannelse; Flere børn bevæger sig"
    p2 = trace.for_goal(f.goals[-1])
    assert p2.trace_path == "M1 › P2; M2 › P2"
