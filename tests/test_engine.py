"""The cascade graph, the engine (records and real files) and the committee scope."""
from __future__ import annotations

import shutil

import pytest
from rule_records import (SETTINGS, codes, foundation, only, replace, submissions, validate, write_project)

from roedtraad.cascade import CascadeGraph
from roedtraad import workers
from roedtraad.validators.engine import ScopeError, validate_project, validate_records
from roedtraad.findings import Severity


def broken(*changes: tuple[int, str]):
    """Submissions where goal 0 of each listed submission names an unknown parent."""
    subs = submissions()
    for index, parent in changes:
        goals = [subs[index].goals[0].model_copy(update={"parents": [parent]})] + subs[index].goals[1:]
        subs = replace(subs, index, goals=goals)
    return subs


# --- cascade graph -------------------------------------------------------------------------------------------


@pytest.fixture
def graph() -> CascadeGraph:
    return CascadeGraph.build(SETTINGS, foundation(), submissions())


def test_graph_links_parents_and_children(graph):
    assert [g.id for g in graph.parents("BH1-1")] == ["DAG-1"]
    assert [g.id for g in graph.children("P1")] == ["DAG-1", "SKO-1"]
    assert graph.realised_by("P1") == 2 and graph.realised_by("BH1-1") == 0
    assert graph.parents("NOPE") == [] and graph.children("NOPE") == []


def test_graph_traces_the_thread_to_the_objective(graph):
    assert graph.trace_path("BH1-1") == ["M1", "P1", "DAG-1", "BH1-1"]
    assert graph.objective_of("BH1-1").id == "M1"
    assert graph.objective_of("SK1-2") is None  # an own goal reaches no objective
    assert graph.trace_path("NOPE") == []


def test_graph_counts_goals_below(graph):
    assert graph.count_below("M1", "committee_goal") == 2
    assert graph.count_below("M1", "institution_goal") == 2
    assert graph.count_below("M2", "institution_goal") == 1
    assert graph.count_below("BH1-1", "institution_goal") == 0


def test_graph_knows_where_a_goal_comes_from(graph):
    assert graph.submission_of("DAG-1").header.department == "DAG"
    assert graph.submission_of("P1") is None


def test_first_occurrence_wins():
    subs = submissions()
    copy = subs[1].goals[0].model_copy(update={"id": "DAG-1", "text": "copy"})
    subs = replace(subs, 1, goals=[copy])
    graph = CascadeGraph.build(SETTINGS, foundation(), subs)
    assert graph.goals["DAG-1"].text == "Læselyst"


def test_graph_is_cycle_safe():
    subs = submissions()
    dag = subs[0].goals[0]
    goals = [dag.model_copy(update={"parents": ["DAG-2"]}), dag.model_copy(update={"id": "DAG-2", "parents": ["DAG-1"]})]
    graph = CascadeGraph.build(SETTINGS, foundation(), replace(subs, 0, goals=goals))
    assert graph.trace_path("DAG-1") == ["DAG-2", "DAG-1"]
    assert graph.cycles() == [["DAG-1", "DAG-2"]]
    assert graph.count_below("DAG-1", "committee_goal") == 1


# --- engine on records ---------------------------------------------------------------------------------------


def test_findings_are_sorted_and_files_summarised():
    result = validate(foundation(), broken((0, "X1"), (2, "X2")))
    assert result.findings == sorted(result.findings, key=lambda f: f.sort_key())
    summaries = {f.path: f for f in result.files}
    assert summaries["indsendelser/Udvalgsaftale-DAG.xlsx"].status == "errors"
    assert summaries["indsendelser/Udvalgsaftale-DAG.xlsx"].errors == 1
    assert summaries["Styringsgrundlag.xlsx"].kind == "foundation"
    assert result.counts()["errors"] == 2 and not result.passed()


def test_severities_from_the_settings_are_applied():
    settings = SETTINGS.model_copy(update={"severities": {"thread.unknown-parent": "info"}})
    result = validate_records(settings, foundation(), broken((0, "X1")), [])
    assert only(result, "thread.unknown-parent").severity is Severity.INFO
    assert result.passed(strict=True)


def test_read_findings_without_a_record_get_a_summary():
    from roedtraad.model import Location
    from roedtraad.workbook_templates.structure import CorruptWorkbook

    problem = CorruptWorkbook.at(Location(file="indsendelser/kaput.xlsx"), detail="zip")
    result = validate_records(SETTINGS, foundation(), submissions(), [problem])
    assert result.files[-1].path == "indsendelser/kaput.xlsx" and result.files[-1].kind == ""
    assert result.files[-1].status == "errors"


def test_without_a_foundation_only_file_rules_run():
    result = validate(None, submissions())
    assert set(codes(result)) <= {"thread.unknown-parent"}


def test_committee_scope_keeps_the_committees_files_and_foundation_rows():
    subs = broken((0, "X1"), (2, "X2"))
    sun = submissions()[2]
    subs = replace(subs, 2, goals=[subs[2].goals[0].model_copy(update={"parents": ["PX"]})])
    full = validate(foundation(), subs)
    assert {"coverage.objective-unrealised", "thread.unknown-parent"} <= set(codes(full))
    sou = validate(foundation(), subs, committee="Social- og Sundhedsudvalget")
    assert sorted({f.file for f in sou.findings}) == ["Styringsgrundlag.xlsx"]
    assert {f.row_id for f in sou.findings} == {"M2", "P2"}
    assert [s.header.department for s in sou.submissions] == ["SUN", "SUN"]
    assert [f.path for f in sou.files] == ["Styringsgrundlag.xlsx", str(sun.path), "indsendelser/KUA-PL1.xlsx"]
    buu = validate(foundation(), subs, committee="buu")
    assert {f.file for f in buu.findings} == {"indsendelser/Udvalgsaftale-DAG.xlsx"}


def test_unknown_committee_is_a_usage_problem():
    with pytest.raises(ScopeError, match="BUU, SOU"):
        validate(foundation(), submissions(), committee="Teknik")


# --- engine on real files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("kommune") / "kommune")


def test_generated_project_validates_clean(clean_project):
    result = validate_project(clean_project)
    assert result.findings == []
    assert len(result.files) == 7 and all(f.sha256 for f in result.files)
    assert result.graph.trace_path("BH1-1") == ["M1", "P1", "DAG-1", "BH1-1"]


def test_real_files_point_at_real_cells(tmp_path):
    project = write_project(tmp_path / "k", subs=broken((0, "P9")))
    finding = only(validate_project(project), "thread.unknown-parent")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (
        "indsendelser/Udvalgsaftale-DAG.xlsx", "Mål", "C4", "DAG-1")


def test_broken_files_do_not_stop_the_run(tmp_path, clean_project):
    root = tmp_path / "k"
    shutil.copytree(clean_project.root, root)
    (root / "indsendelser" / "noter.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (root / "indsendelser" / "kaput.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = validate_project(type(clean_project).open(root))
    assert {f.file for f in result.findings} == {"indsendelser/noter.csv", "indsendelser/kaput.xlsx"}
    assert len(result.submissions) == 6


def test_explicit_paths_are_a_partial_set(clean_project):
    folder = clean_project.root / "indsendelser"
    result = validate_project(clean_project, [folder / "Udvalgsaftale-DAG.xlsx"])
    assert [s.header.department for s in result.submissions] == ["DAG"]
    assert result.findings == []  # no "missing submission" for the files not asked about
    whole = validate_project(clean_project, [folder])
    assert len(whole.submissions) == 6


def test_a_checked_file_leans_on_the_other_submissions(clean_project):
    result = validate_project(clean_project, [clean_project.root / "indsendelser" / "KUA-BH1.xlsx"])
    assert result.findings == []  # its parent DAG-1 comes from the department's agreement in the folder
    assert [f.path for f in result.files] == ["Styringsgrundlag.xlsx", "indsendelser/KUA-BH1.xlsx"]


def test_a_new_version_outside_the_folder_replaces_the_submitted_one(tmp_path, clean_project):
    from roedtraad.workbook_templates.generate import write_agreement

    dag = submissions()[0]
    new = tmp_path / "DAG-ny.xlsx"
    goals = [dag.goals[0].model_copy(update={"parents": ["P9"]})]
    write_agreement(new, SETTINGS, dag.kind, foundation(), dag.header, dag.model_copy(update={"goals": goals}))
    result = validate_project(clean_project, [new])
    assert codes(result) == ["thread.unknown-parent"]  # no duplicate id or duplicate submission with the old one
    assert result.findings[0].file == new.as_posix()


def test_missing_foundation_is_a_finding(tmp_path, clean_project):
    root = tmp_path / "k"
    shutil.copytree(clean_project.root, root)
    (root / "Styringsgrundlag.xlsx").unlink()
    result = validate_project(type(clean_project).open(root))
    finding = only(result, "completeness.foundation-missing")
    assert finding.file == "Styringsgrundlag.xlsx"


def test_many_files_are_read_in_worker_processes_with_the_same_result(tmp_path, clean_project, monkeypatch):
    root = tmp_path / "k"
    shutil.copytree(clean_project.root, root)
    for n in range(6):
        shutil.copytree(root / "indsendelser", root / "indsendelser" / f"kopi{n}", ignore=shutil.ignore_patterns("kopi*"))
    project = type(clean_project).open(root)
    assert len(project.submission_files()) > workers.PARALLEL_THRESHOLD
    parallel = validate_project(project)
    monkeypatch.setattr(workers, "PARALLEL_THRESHOLD", 10_000)
    sequential = validate_project(project)
    assert parallel.findings == sequential.findings and parallel.files == sequential.files
    assert "completeness.duplicate-submission" in codes(parallel)
